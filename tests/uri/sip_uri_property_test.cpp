// Properties of SIP URI parsing, serialization and RFC 3261 §19.1.4 comparison, on generated
// URIs with random components (reserved characters, spaces, NULs and non-ASCII octets
// included, escaped as §19.1.2 requires).
#include <sipkit/uri/sip_uri.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck.h>
#include <rapidcheck/catch.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <deque>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace {

using sipkit::uri_component;

// ---- generated components (unescaped) --------------------------------------------------------

enum class host_form { hostname, ipv4, ipv6 };

struct generated_uri {
    bool secure = false;
    std::optional<std::string> user;
    std::optional<std::string> password;
    host_form form = host_form::hostname;
    std::string hostname;
    std::array<unsigned, 4> ipv4{};
    std::array<unsigned, 8> ipv6{};
    std::optional<std::uint16_t> port;
    std::vector<std::pair<std::string, std::optional<std::string>>> params;
    std::vector<std::pair<std::string, std::string>> headers;
};

const std::string& palette() {
    static const std::string p = [] {
        std::string s = "abcxyzABCXYZ0189-_.!~*'();/?:@&=+$,% []#\"<>{}|\\^`";
        s += std::string("\0\x01\x7f\xc3\xa9\xff", 6);
        return s;
    }();
    return p;
}

rc::Gen<std::string> raw_text(bool non_empty) {
    auto chars = rc::gen::container<std::string>(rc::gen::elementOf(palette()));
    return non_empty ? rc::gen::nonEmpty(chars) : chars;
}

rc::Gen<std::string> hostname() {
    return rc::gen::exec([] {
        const int labels = *rc::gen::inRange(1, 4);
        std::string h;
        for (int i = 0; i < labels; ++i) {
            const bool top = i == labels - 1;
            std::string label(1, *rc::gen::elementOf(std::string(top ? "abzAZ" : "abzAZ09")));
            const int more = *rc::gen::inRange(0, 5);
            for (int k = 0; k < more; ++k)
                label += *rc::gen::elementOf(std::string("az09-"));
            if (label.back() == '-')
                label += 'x';
            h += (h.empty() ? "" : ".") + label;
        }
        if (*rc::gen::inRange(0, 8) == 0)
            h += '.';
        return h;
    });
}

rc::Gen<generated_uri> sip_uris() {
    return rc::gen::exec([] {
        generated_uri g;
        g.secure = *rc::gen::arbitrary<bool>();
        if (*rc::gen::inRange(0, 4) != 0) {
            g.user = *raw_text(true);
            if (*rc::gen::inRange(0, 3) == 0)
                g.password = *raw_text(false);
        }
        g.form = static_cast<host_form>(*rc::gen::inRange(0, 3));
        g.hostname = *hostname();
        for (auto& b : g.ipv4)
            b = *rc::gen::inRange(0u, 256u);
        for (auto& w : g.ipv6)
            w = *rc::gen::inRange(0, 2) == 0 ? 0u : *rc::gen::inRange(0u, 65536u);
        if (*rc::gen::arbitrary<bool>())
            g.port = *rc::gen::arbitrary<std::uint16_t>();
        const int params = *rc::gen::inRange(0, 5);
        for (int i = 0; i < params; ++i) {
            std::string name =
                *rc::gen::oneOf(rc::gen::elementOf(std::vector<std::string>{
                                    "transport", "user", "ttl", "method", "maddr", "lr"}),
                                raw_text(true));
            std::optional<std::string> value;
            if (*rc::gen::inRange(0, 4) != 0)
                value = *raw_text(true);
            g.params.emplace_back(std::move(name), std::move(value));
        }
        const int headers = *rc::gen::inRange(0, 4);
        for (int i = 0; i < headers; ++i)
            g.headers.emplace_back(*raw_text(true), *raw_text(false));
        return g;
    });
}

// ---- escaped pieces and their textual variants -----------------------------------------------

struct pieces {
    std::string scheme;
    std::optional<std::string> user;
    std::optional<std::string> password;
    std::string host;
    std::string port;
    std::vector<std::pair<std::string, std::optional<std::string>>> params;
    std::vector<std::pair<std::string, std::string>> headers;
};

std::string hex4(unsigned w) {
    static const char digits[] = "0123456789abcdef";
    std::string s;
    for (int shift = 12; shift >= 0; shift -= 4)
        s += digits[(w >> shift) & 0xf];
    return s;
}

std::string host_text(const generated_uri& g, std::mt19937* rng) {
    const auto coin = [&](int n) {
        return rng != nullptr && (*rng)() % static_cast<unsigned>(n) == 0;
    };
    switch (g.form) {
        case host_form::hostname: {
            std::string h = g.hostname;
            if (rng)
                for (char& c : h)
                    if (coin(2))
                        c = static_cast<char>(std::isupper(static_cast<unsigned char>(c))
                                                  ? std::tolower(c)
                                                  : std::toupper(c));
            return h;
        }
        case host_form::ipv4: {
            std::string h;
            for (std::size_t i = 0; i < 4; ++i) {
                std::string part = std::to_string(g.ipv4[i]);
                while (part.size() < 3 && coin(3))
                    part = "0" + part;
                h += (i ? "." : "") + part;
            }
            return h;
        }
        case host_form::ipv6: {
            // Any textual form of the same address (RFC 5954 §4): leading zeros, hex case, "::".
            std::vector<std::string> groups;
            for (const unsigned w : g.ipv6) {
                std::string s = hex4(w);
                const std::size_t keep = rng ? (*rng)() % 4 : 0;
                while (s.size() > 1 && s.front() == '0' && s.size() > keep)
                    s.erase(0, 1);
                if (rng)
                    for (char& c : s)
                        if (coin(2))
                            c = static_cast<char>(std::toupper(c));
                groups.push_back(s);
            }
            std::size_t run_begin = 8;
            std::size_t run_end = 8;
            if (rng && coin(2)) {
                const std::size_t start = (*rng)() % 8;
                if (g.ipv6[start] == 0) {
                    run_begin = start;
                    run_end = start;
                    while (run_end < 8 && g.ipv6[run_end] == 0)
                        ++run_end;
                }
            }
            std::string h = "[";
            for (std::size_t i = 0; i < 8; ++i) {
                if (i == run_begin) {
                    h += "::";
                    i = run_end - 1;
                    continue;
                }
                if (i > 0 && i != run_end)
                    h += ':';
                h += groups[i];
            }
            return h + "]";
        }
    }
    return {};
}

pieces escaped_pieces(const generated_uri& g) {
    pieces p;
    p.scheme = g.secure ? "sips" : "sip";
    if (g.user)
        p.user = sipkit::escape(*g.user, uri_component::user);
    if (g.password)
        p.password = sipkit::escape(*g.password, uri_component::password);
    p.host = host_text(g, nullptr);
    if (g.port)
        p.port = std::to_string(*g.port);
    for (const auto& [name, value] : g.params)
        p.params.emplace_back(
            sipkit::escape(name, uri_component::parameter),
            value ? std::optional<std::string>(sipkit::escape(*value, uri_component::parameter))
                  : std::nullopt);
    for (const auto& [name, value] : g.headers)
        p.headers.emplace_back(sipkit::escape(name, uri_component::header),
                               sipkit::escape(value, uri_component::header));
    return p;
}

std::string assemble(const pieces& p) {
    std::string s = p.scheme + ":";
    if (p.user) {
        s += *p.user;
        if (p.password)
            s += ":" + *p.password;
        s += "@";
    }
    s += p.host;
    if (!p.port.empty())
        s += ":" + p.port;
    for (const auto& [name, value] : p.params)
        s += ";" + name + (value ? "=" + *value : "");
    char sep = '?';
    for (const auto& [name, value] : p.headers) {
        s += sep + name + "=" + value;
        sep = '&';
    }
    return s;
}

/// An equivalent spelling of escaped text (RFC 3261 §19.1.4): unreserved characters escaped or
/// decoded at random, hex digits in either case, and letters in either case when the component
/// compares case-insensitively.
std::string respell(const std::string& s, std::mt19937& rng, bool fold_case) {
    const auto coin = [&](int n) { return rng() % static_cast<unsigned>(n) == 0; };
    const auto flip = [&](char c) {
        if (!fold_case || !coin(2))
            return c;
        return static_cast<char>(std::isupper(static_cast<unsigned char>(c)) ? std::tolower(c)
                                                                             : std::toupper(c));
    };
    const auto escape_octet = [&](unsigned char v) {
        static const char lower[] = "0123456789abcdef";
        static const char upper[] = "0123456789ABCDEF";
        std::string e = "%";
        e += (coin(2) ? lower : upper)[v >> 4];
        e += (coin(2) ? lower : upper)[v & 0xf];
        return e;
    };
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        if (s[i] == '%' && sipkit::grammar::is_escaped_at(s, i)) {
            const auto v = static_cast<unsigned char>(sipkit::grammar::hex_value(s[i + 1]) * 16 +
                                                      sipkit::grammar::hex_value(s[i + 2]));
            if (v < 0x80 && sipkit::grammar::is_unreserved(static_cast<char>(v)) && coin(2))
                out += flip(static_cast<char>(v));
            else
                out += escape_octet(v);
            i += 3;
        } else {
            const char c = flip(s[i++]);
            if (sipkit::grammar::is_unreserved(c) && coin(4))
                out += escape_octet(static_cast<unsigned char>(c));
            else
                out += c;
        }
    }
    return out;
}

pieces variant(const generated_uri& g, std::mt19937& rng) {
    pieces p = escaped_pieces(g);
    for (char& c : p.scheme)
        if (rng() % 2)
            c = static_cast<char>(std::toupper(c));
    if (p.user)
        p.user = respell(*p.user, rng, false);
    if (p.password)
        p.password = respell(*p.password, rng, false);
    p.host = host_text(g, &rng);
    if (!p.port.empty() && rng() % 3 == 0)
        p.port = "0" + p.port;
    for (auto& [name, value] : p.params) {
        const bool method =
            sipkit::equivalent_escaped(name, "method", sipkit::letter_case::insensitive);
        name = respell(name, rng, true);
        if (value)
            value = respell(*value, rng, !method);
    }
    for (auto& [name, value] : p.headers) {
        name = respell(name, rng, true);
        value = respell(value, rng, false);
    }
    std::shuffle(p.params.begin(), p.params.end(), rng);
    std::shuffle(p.headers.begin(), p.headers.end(), rng);
    return p;
}

/// Texts must outlive the sip_uri views into them: each property keeps its texts here.
using text_pool = std::deque<std::string>;

sipkit::sip_uri parse_or_fail(text_pool& pool, std::string text) {
    RC_LOG() << text << '\n';
    const auto u = sipkit::parse_sip_uri(pool.emplace_back(std::move(text)));
    if (!u)
        RC_FAIL(std::string("rejected: ") + u.error().name() + " at " +
                std::to_string(u.error().offset));
    return *u;
}

std::string unescaped(std::string_view s) {
    std::string out;
    RC_ASSERT(static_cast<bool>(sipkit::unescape(s, out)));
    return out;
}

} // namespace

TEST_CASE("RFC 3261 §19.1.2 generated URIs parse back to the components they were written from") {
    rc::prop("serialize -> parse gives equal components", [] {
        text_pool pool;
        const generated_uri g = *sip_uris();
        const std::string text = assemble(escaped_pieces(g));
        const sipkit::sip_uri u = parse_or_fail(pool, text);
        RC_ASSERT(u.text() == text);
        RC_ASSERT(u.secure() == g.secure);
        RC_ASSERT(u.user().has_value() == g.user.has_value());
        if (g.user)
            RC_ASSERT(unescaped(*u.user()) == *g.user);
        RC_ASSERT(u.password().has_value() == g.password.has_value());
        if (g.password)
            RC_ASSERT(unescaped(*u.password()) == *g.password);
        RC_ASSERT(u.host() == host_text(g, nullptr));
        RC_ASSERT(u.port() == g.port);
        std::size_t i = 0;
        for (const auto p : u.parameters()) {
            RC_ASSERT(i < g.params.size());
            RC_ASSERT(unescaped(p.name) == g.params[i].first);
            RC_ASSERT(p.has_value == g.params[i].second.has_value());
            if (p.has_value)
                RC_ASSERT(unescaped(p.value) == *g.params[i].second);
            ++i;
        }
        RC_ASSERT(i == g.params.size());
        i = 0;
        for (const auto h : u.headers()) {
            RC_ASSERT(i < g.headers.size());
            RC_ASSERT(unescaped(h.name) == g.headers[i].first);
            RC_ASSERT(unescaped(h.value) == g.headers[i].second);
            ++i;
        }
        RC_ASSERT(i == g.headers.size());
    });
}

TEST_CASE("canonical text parses to an equal URI and is a fixed point") {
    rc::prop("parse(to_string(u)) == u and to_string is idempotent", [] {
        text_pool pool;
        const generated_uri g = *sip_uris();
        std::mt19937 rng(*rc::gen::arbitrary<std::uint32_t>());
        const sipkit::sip_uri u = parse_or_fail(pool, assemble(variant(g, rng)));
        const std::string canonical = sipkit::to_string(u);
        const sipkit::sip_uri again = parse_or_fail(pool, canonical);
        RC_ASSERT(again == u);
        RC_ASSERT(u == again);
        RC_ASSERT(sipkit::to_string(again) == canonical);
    });
}

TEST_CASE("RFC 3261 §19.1.4 equality is reflexive, symmetric and transitive on case and escape "
          "variants") {
    rc::prop("three spellings of one URI are pairwise equal", [] {
        text_pool pool;
        const generated_uri g = *sip_uris();
        std::mt19937 rng(*rc::gen::arbitrary<std::uint32_t>());
        const std::string ta = assemble(variant(g, rng));
        const std::string tb = assemble(variant(g, rng));
        const std::string tc = assemble(variant(g, rng));
        const sipkit::sip_uri a = parse_or_fail(pool, ta);
        const sipkit::sip_uri b = parse_or_fail(pool, tb);
        const sipkit::sip_uri c = parse_or_fail(pool, tc);
        RC_ASSERT(a == a);
        RC_ASSERT(a == b);
        RC_ASSERT(b == a);
        RC_ASSERT(b == c);
        RC_ASSERT(c == b);
        RC_ASSERT(a == c);
        RC_ASSERT(c == a);
    });
}

TEST_CASE("RFC 3261 §19.1.4 equality is symmetric, and transitive when only "
          "user/ttl/method/maddr/transport parameters occur") {
    // With no parameter that one side may ignore, §19.1.4 equality is an equivalence relation.
    // Components come from tiny domains so that equal and unequal triples are both common.
    const auto small_uri = [] {
        return rc::gen::exec([] {
            std::string s = *rc::gen::elementOf(std::vector<std::string>{"sip:", "SIP:", "sips:"});
            s += *rc::gen::elementOf(std::vector<std::string>{"", "a@", "%61@", "A@", "a:@"});
            s += *rc::gen::elementOf(
                std::vector<std::string>{"h", "H", "[::1]", "[0::01]", "1.2.3.4", "01.2.3.4"});
            s += *rc::gen::elementOf(std::vector<std::string>{"", ":5060", ":05060"});
            for (const char* name : {"transport", "ttl", "maddr"})
                s += *rc::gen::elementOf(std::vector<std::string>{
                    "", std::string(";") + name + "=x", std::string(";") + name + "=X"});
            s += *rc::gen::elementOf(std::vector<std::string>{"", "?a=b", "?A=b", "?a=B"});
            return s;
        });
    };
    rc::prop("a == b -> b == a; a == b && b == c -> a == c", [&] {
        text_pool pool;
        const sipkit::sip_uri a = parse_or_fail(pool, *small_uri());
        const sipkit::sip_uri b = parse_or_fail(pool, *small_uri());
        const sipkit::sip_uri c = parse_or_fail(pool, *small_uri());
        RC_ASSERT((a == b) == (b == a));
        if (a == b && b == c)
            RC_ASSERT(a == c);
    });
    rc::prop("symmetric on arbitrary generated URIs", [] {
        text_pool pool;
        std::mt19937 rng(*rc::gen::arbitrary<std::uint32_t>());
        const sipkit::sip_uri a = parse_or_fail(pool, assemble(variant(*sip_uris(), rng)));
        const sipkit::sip_uri b = parse_or_fail(pool, assemble(variant(*sip_uris(), rng)));
        RC_ASSERT((a == b) == (b == a));
    });
}

TEST_CASE("RFC 3261 §19.1.4 escaping an unreserved character never changes equality") {
    rc::prop("u with one unreserved character escaped compares like u", [] {
        text_pool pool;
        const generated_uri g = *sip_uris();
        const pieces p = escaped_pieces(g);
        // Positions of literal unreserved characters in user, password, parameters, headers.
        std::vector<std::pair<std::string*, std::size_t>> spots;
        pieces q = p;
        const auto collect = [&](std::string& s) {
            for (std::size_t i = 0; i < s.size(); ++i) {
                if (s[i] == '%') {
                    i += 2;
                    continue;
                }
                if (sipkit::grammar::is_unreserved(s[i]))
                    spots.emplace_back(&s, i);
            }
        };
        if (q.user)
            collect(*q.user);
        if (q.password)
            collect(*q.password);
        for (auto& [name, value] : q.params) {
            collect(name);
            if (value)
                collect(*value);
        }
        for (auto& [name, value] : q.headers) {
            collect(name);
            collect(value);
        }
        RC_PRE(!spots.empty());
        const auto [where, index] = *rc::gen::elementOf(spots);
        static const char hex[] = "0123456789ABCDEF";
        const auto v = static_cast<unsigned char>((*where)[index]);
        where->replace(index, 1, std::string{'%', hex[v >> 4], hex[v & 0xf]});

        const sipkit::sip_uri u = parse_or_fail(pool, assemble(p));
        const sipkit::sip_uri e = parse_or_fail(pool, assemble(q));
        RC_ASSERT(u == e);
        RC_ASSERT(e == u);
        std::mt19937 rng(*rc::gen::arbitrary<std::uint32_t>());
        const sipkit::sip_uri w = parse_or_fail(
            pool, assemble(variant(*rc::gen::oneOf(rc::gen::just(g), sip_uris()), rng)));
        RC_ASSERT((u == w) == (e == w));
        RC_ASSERT((w == u) == (w == e));
    });
}
