// Properties of URI escaping (RFC 3261 §19.1.2) and of escaped comparison (§19.1.4,
// RFC 3986 §6.2.2.2) on arbitrary octet strings.
#include <sipkit/uri/escape.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck.h>
#include <rapidcheck/catch.h>

#include <cstdint>
#include <random>
#include <string>

namespace {

using sipkit::escape_rule;
using sipkit::letter_case;
using sipkit::uri_component;

const auto components = {uri_component::user, uri_component::password, uri_component::parameter,
                         uri_component::header, uri_component::absolute};

std::string unescaped(const std::string& s) {
    std::string out;
    RC_ASSERT(static_cast<bool>(sipkit::unescape(s, out)));
    return out;
}

/// Escaped text built from octets: each octet written literally when `where` allows it, or
/// escaped with hex digits of random case.
std::string random_escaped(const std::string& raw, uri_component where, std::mt19937& rng) {
    std::string out;
    for (const char c : raw) {
        const bool literal_ok =
            c != '%' && sipkit::grammar::is_uri_char(c, sipkit::detail::literal_classes(where));
        if (literal_ok && rng() % 3 != 0) {
            out += c;
        } else {
            const auto v = static_cast<unsigned char>(c);
            out += '%';
            out += (rng() % 2 ? "0123456789abcdef" : "0123456789ABCDEF")[v >> 4];
            out += (rng() % 2 ? "0123456789abcdef" : "0123456789ABCDEF")[v & 0xf];
        }
    }
    return out;
}

} // namespace

TEST_CASE("RFC 3261 §19.1.2 unescape inverts escape for every component") {
    rc::prop("unescape(escape(s, c)) == s, and escape(s, c) is valid text for c",
             [](const std::string& s) {
                 for (const uri_component c : components) {
                     const std::string e = sipkit::escape(s, c);
                     const auto end = sipkit::grammar::scan_escaped_run(
                         e, 0, sipkit::detail::literal_classes(c));
                     RC_ASSERT(end.has_value());
                     RC_ASSERT(*end == e.size());
                     RC_ASSERT(unescaped(e) == s);
                 }
             });
}

TEST_CASE("RFC 3261 §19.1.4 escaped comparison agrees with the decoded octets") {
    rc::prop("equivalent texts decode to the same octets; transparent escapes are equivalent",
             [](const std::string& raw) {
                 std::mt19937 rng(*rc::gen::arbitrary<std::uint32_t>());
                 const uri_component where =
                     *rc::gen::elementOf(std::vector<uri_component>(components));
                 const std::string a = random_escaped(raw, where, rng);
                 const std::string b = random_escaped(raw, where, rng);
                 // Same octets, escaped differently: equivalent exactly when every octet
                 // escaped on one side only is outside the reserved set.
                 bool only_transparent = true;
                 std::size_t i = 0;
                 std::size_t j = 0;
                 while (i < a.size()) {
                     const auto x = sipkit::detail::read_uri_octet(a, i);
                     const auto y = sipkit::detail::read_uri_octet(b, j);
                     if (x.escaped != y.escaped &&
                         sipkit::grammar::is_reserved(static_cast<char>(x.value)))
                         only_transparent = false;
                 }
                 RC_ASSERT(sipkit::equivalent_escaped(a, b) == only_transparent);
                 RC_ASSERT(sipkit::equivalent_escaped(b, a) == only_transparent);
                 RC_ASSERT(sipkit::equivalent_escaped(a, a));
                 if (sipkit::equivalent_escaped(a, b))
                     RC_ASSERT(unescaped(a) == unescaped(b));
             });
}

TEST_CASE("RFC 3986 §6.2.2 normalize_escapes gives an equivalent fixed point") {
    rc::prop("normalize(s) is equivalent to s and normalize(normalize(s)) == normalize(s)",
             [](const std::string& raw) {
                 std::mt19937 rng(*rc::gen::arbitrary<std::uint32_t>());
                 const std::string s = random_escaped(raw, uri_component::absolute, rng);
                 for (const escape_rule rule : {escape_rule::rfc3261, escape_rule::rfc3986}) {
                     std::string once;
                     sipkit::normalize_escapes(s, rule, once);
                     std::string twice;
                     sipkit::normalize_escapes(once, rule, twice);
                     RC_ASSERT(sipkit::equivalent_escaped(s, once, letter_case::sensitive, rule));
                     RC_ASSERT(twice == once);
                     RC_ASSERT(unescaped(once) == raw);
                 }
             });
}

TEST_CASE("RFC 3261 §19.1.4 case-insensitive escaped comparison folds only ASCII letters") {
    rc::prop("equivalent_escaped(s, upper(s), insensitive) and symmetric",
             [](const std::string& raw) {
                 std::mt19937 rng(*rc::gen::arbitrary<std::uint32_t>());
                 const std::string a = random_escaped(raw, uri_component::parameter, rng);
                 std::string b = a;
                 for (std::size_t i = 0; i < b.size(); ++i) {
                     if (b[i] == '%') {
                         i += 2;
                         continue;
                     }
                     if (b[i] >= 'a' && b[i] <= 'z')
                         b[i] = static_cast<char>(b[i] - 'a' + 'A');
                 }
                 RC_ASSERT(sipkit::equivalent_escaped(a, b, letter_case::insensitive));
                 RC_ASSERT(sipkit::equivalent_escaped(b, a, letter_case::insensitive));
             });
}
