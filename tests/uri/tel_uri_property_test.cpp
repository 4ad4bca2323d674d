// Properties of tel URI parsing and RFC 3966 §4 comparison on generated numbers.
#include <sipkit/uri/tel_uri.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck.h>
#include <rapidcheck/catch.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <deque>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace {

struct generated_tel {
    bool global = true;
    std::string digits;                                      // without separators or "+"
    std::string context;                                     // local only: domain or "+digits"
    std::optional<std::string> ext;                          // digits
    std::optional<std::string> isub;                         // raw octets
    std::vector<std::pair<std::string, std::string>> others; // name (alphanum / "-"), raw value
};

rc::Gen<generated_tel> tel_uris() {
    return rc::gen::exec([] {
        generated_tel g;
        g.global = *rc::gen::arbitrary<bool>();
        g.digits = *rc::gen::nonEmpty(rc::gen::container<std::string>(
            rc::gen::elementOf(std::string(g.global ? "0123456789" : "0123456789abcdefABCDEF*#"))));
        if (!g.global) {
            g.context = *rc::gen::elementOf(
                std::vector<std::string>{"example.com", "Example.COM.", "+1", "+49-30"});
        }
        if (*rc::gen::arbitrary<bool>())
            g.ext = *rc::gen::nonEmpty(
                rc::gen::container<std::string>(rc::gen::elementOf(std::string("0123456789"))));
        if (*rc::gen::arbitrary<bool>())
            g.isub = *rc::gen::nonEmpty(rc::gen::arbitrary<std::string>());
        const int others = *rc::gen::inRange(0, 3);
        for (int i = 0; i < others; ++i) {
            // Distinct names, none of them ext, isub or phone-context.
            std::string name =
                "x" + std::to_string(i) +
                *rc::gen::container<std::string>(rc::gen::elementOf(std::string("abz09-")));
            g.others.emplace_back(std::move(name),
                                  *rc::gen::nonEmpty(rc::gen::arbitrary<std::string>()));
        }
        return g;
    });
}

/// A spelling of g: visual separators sprinkled into the digits, letters in random case,
/// escapes with random hex case, parameters in random order. rng == nullptr: the plain form.
std::string spell(const generated_tel& g, std::mt19937* rng) {
    const auto coin = [&](unsigned n) { return rng != nullptr && (*rng)() % n == 0; };
    const auto with_separators = [&](const std::string& digits) {
        std::string out;
        for (const char c : digits) {
            if (coin(3))
                out += "-.()"[(*rng)() % 4];
            out += coin(2) ? static_cast<char>(std::islower(static_cast<unsigned char>(c))
                                                   ? std::toupper(c)
                                                   : std::tolower(c))
                           : c;
        }
        return out;
    };
    const auto escaped = [&](const std::string& raw) {
        std::string e = sipkit::escape(raw, sipkit::uri_component::parameter);
        if (rng)
            for (char& c : e)
                if (std::isalpha(static_cast<unsigned char>(c)) && coin(2))
                    c = static_cast<char>(std::isupper(static_cast<unsigned char>(c))
                                              ? std::tolower(c)
                                              : std::toupper(c));
        return e;
    };
    const auto name_case = [&](std::string n) {
        for (char& c : n)
            if (coin(2))
                c = static_cast<char>(std::toupper(c));
        return n;
    };
    std::vector<std::string> params;
    if (!g.global) {
        const bool digits = g.context.front() == '+';
        params.push_back(
            ";" + name_case("phone-context") + "=" +
            (digits ? "+" + with_separators(g.context.substr(1)) : name_case(g.context)));
    }
    if (g.ext)
        params.push_back(";" + name_case("ext") + "=" + with_separators(*g.ext));
    if (g.isub)
        params.push_back(";" + name_case("isub") + "=" + escaped(*g.isub));
    for (const auto& [name, value] : g.others)
        params.push_back(";" + name_case(name) + "=" + escaped(value));
    if (rng)
        std::shuffle(params.begin(), params.end(), *rng);
    std::string text =
        std::string(coin(2) ? "TEL:" : "tel:") + (g.global ? "+" : "") + with_separators(g.digits);
    for (const auto& p : params)
        text += p;
    return text;
}

/// Texts must outlive the tel_uri views into them: each property keeps its texts here.
using text_pool = std::deque<std::string>;

sipkit::tel_uri parse_or_fail(text_pool& pool, std::string text) {
    RC_LOG() << text << '\n';
    const auto u = sipkit::parse_tel_uri(pool.emplace_back(std::move(text)));
    if (!u)
        RC_FAIL(std::string("rejected: ") + u.error().name() + " at " +
                std::to_string(u.error().offset));
    return *u;
}

} // namespace

TEST_CASE("RFC 3966 §3 generated tel URIs parse back to their components") {
    rc::prop("serialize -> parse gives equal components; canonical text reparses equal", [] {
        text_pool pool;
        const generated_tel g = *tel_uris();
        const std::string text = spell(g, nullptr);
        const sipkit::tel_uri u = parse_or_fail(pool, text);
        RC_ASSERT(u.is_global() == g.global);
        RC_ASSERT(u.number() == (g.global ? "+" : "") + g.digits);
        RC_ASSERT(u.extension() == g.ext);
        if (g.isub) {
            std::string out;
            RC_ASSERT(static_cast<bool>(sipkit::unescape(*u.isdn_subaddress(), out)));
            RC_ASSERT(out == *g.isub);
        }
        if (!g.global)
            RC_ASSERT(u.phone_context() == g.context);
        const sipkit::tel_uri again = parse_or_fail(pool, sipkit::to_string(u));
        RC_ASSERT(again == u);
        RC_ASSERT(sipkit::to_string(again) == sipkit::to_string(u));
    });
}

TEST_CASE("RFC 3966 §4 separators, case, escapes and parameter order never change equality") {
    rc::prop("three spellings of one tel URI are pairwise equal", [] {
        text_pool pool;
        const generated_tel g = *tel_uris();
        std::mt19937 rng(*rc::gen::arbitrary<std::uint32_t>());
        const sipkit::tel_uri a = parse_or_fail(pool, spell(g, &rng));
        const sipkit::tel_uri b = parse_or_fail(pool, spell(g, &rng));
        const sipkit::tel_uri c = parse_or_fail(pool, spell(g, &rng));
        RC_ASSERT(a == a);
        RC_ASSERT(a == b);
        RC_ASSERT(b == a);
        RC_ASSERT(b == c);
        RC_ASSERT(a == c);
    });
}

TEST_CASE("RFC 3966 §4 a parameter present in only one URI makes them unequal") {
    rc::prop("dropping a parameter breaks equality", [] {
        text_pool pool;
        generated_tel g = *tel_uris();
        RC_PRE(g.ext.has_value() || g.isub.has_value() || !g.others.empty());
        const sipkit::tel_uri full = parse_or_fail(pool, spell(g, nullptr));
        if (g.ext)
            g.ext.reset();
        else if (g.isub)
            g.isub.reset();
        else
            g.others.pop_back();
        const sipkit::tel_uri fewer = parse_or_fail(pool, spell(g, nullptr));
        RC_ASSERT(!(full == fewer));
        RC_ASSERT(!(fewer == full));
    });
}
