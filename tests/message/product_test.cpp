// server and user_agent (sipkit/message/product.hpp): RFC 3261 §20.35, §20.41.
#include <sipkit/message/parse_message.hpp>
#include <sipkit/message/product.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include "../grammar/grammar_generators.hpp"
#include "../support/corpus.hpp"

#include <iterator>
#include <string>
#include <string_view>
#include <vector>

using sipkit::errc;
using sipkit::server;
using sipkit::server_val;
using sipkit::user_agent;

namespace {

std::vector<server_val> collect(const sipkit::server_vals& values) {
    return {values.begin(), values.end()};
}

server_val product(std::string_view name, std::string_view version = {}) {
    return server_val{name, version, {}};
}

server_val comment(std::string_view text) {
    return server_val{{}, {}, text};
}

/// RFC 3261 §25.1 comment with ctext, quoted-pairs, LWS and one level of nesting.
rc::Gen<std::string> gen_product_comment() {
    return rc::gen::exec([] {
        std::string out = "(";
        const auto n = *rc::gen::inRange(0, 6);
        for (int i = 0; i < n; ++i) {
            out += *rc::gen::weightedOneOf<std::string>({
                {4, sipkit_test::gen_token(1, 6)},
                {2, rc::gen::element<std::string>(" ", "; ", "\r\n ", "\t", ",", "/")},
                {1, rc::gen::element<std::string>("\\(", "\\)", "\\\\", "\\\t", "(nested)", "()")},
                {1, sipkit_test::gen_utf8_nonascii()},
            });
        }
        return out + ")";
    });
}

/// server-val *(LWS server-val) with SWS around SLASH, and no LWS at all next to some comments.
rc::Gen<std::string> gen_server_vals() {
    return rc::gen::exec([] {
        const auto n = *rc::gen::inRange(1, 5);
        std::string out;
        bool last_was_comment = false;
        for (int i = 0; i < n; ++i) {
            const bool is_comment = *rc::gen::inRange(0, 3) == 0;
            if (i > 0) {
                const bool may_touch = is_comment || last_was_comment;
                out += may_touch ? *rc::gen::element<std::string>("", " ", "\r\n ")
                                 : *rc::gen::element<std::string>(" ", "  ", "\t", "\r\n\t");
            }
            if (is_comment) {
                out += *gen_product_comment();
            } else {
                out += *sipkit_test::gen_token(1, 10);
                if (*rc::gen::inRange(0, 3) != 0)
                    out += *rc::gen::element<std::string>("/", " / ", "\r\n /") +
                           *sipkit_test::gen_token(1, 8);
            }
            last_was_comment = is_comment;
        }
        return out;
    });
}

} // namespace

TEST_CASE("§20.35 Server example: HomeServer v2") {
    const auto s = server::parse("HomeServer v2");
    REQUIRE(s);
    CHECK(s->text == "HomeServer v2");
    CHECK(collect(s->values()) == std::vector{product("HomeServer"), product("v2")});
    CHECK(sipkit::to_string(*s) == "HomeServer v2");
}

TEST_CASE("§20.41 User-Agent example: Softphone Beta1.5") {
    const auto u = user_agent::parse("Softphone Beta1.5");
    REQUIRE(u);
    CHECK(u->values().size() == 2);
    CHECK(sipkit::to_string(*u) == "Softphone Beta1.5");
}

TEST_CASE("§20.41 User-Agent in RFC 4475 mpart01: SIPimp.org/0.2.5 (curses)") {
    const std::string text = sipkit_test::read_binary(sipkit_test::rfc4475_dir + "mpart01.dat");
    REQUIRE_FALSE(text.empty());
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto u = m->get<user_agent>();
    REQUIRE(u);
    CHECK(u->text == "SIPimp.org/0.2.5 (curses)");
    CHECK(collect(u->values()) == std::vector{product("SIPimp.org", "0.2.5"), comment("(curses)")});
    CHECK(m->get<server>().error().code == errc::header_missing);
}

TEST_CASE("§25.1 server-val: SLASH is SWS \"/\" SWS; comments nest and hold quoted-pairs") {
    const auto s = server::parse("Acme / 1.0\r\n (build (42) \\) x)\tlibsip/2");
    REQUIRE(s);
    CHECK(collect(s->values()) == std::vector{product("Acme", "1.0"), comment("(build (42) \\) x)"),
                                              product("libsip", "2")});
    CHECK(sipkit::to_string(*s) == "Acme/1.0 (build (42) \\) x) libsip/2");
    const auto v = *s->values().begin();
    CHECK_FALSE(v.is_comment());
    CHECK(std::next(s->values().begin())->is_comment());
}

TEST_CASE("§25.1 server-val: sipkit accepts no LWS next to a comment (decision)") {
    // The ABNF puts LWS between server-vals, but a comment's parentheses delimit it (LPAREN and
    // RPAREN allow SWS; HTTP/1.1 User-Agents are written this way).
    const auto u = user_agent::parse("Mozilla/5.0(X11; Linux)(x)Gecko/20100101");
    REQUIRE(u);
    CHECK(collect(u->values()) == std::vector{product("Mozilla", "5.0"), comment("(X11; Linux)"),
                                              comment("(x)"), product("Gecko", "20100101")});
    CHECK(sipkit::to_string(*u) == "Mozilla/5.0 (X11; Linux) (x) Gecko/20100101");
    // A comment alone is a server-val too.
    CHECK(user_agent::parse("(anonymous)"));
}

TEST_CASE("§25.1 Server and User-Agent reject near-valid values with the offset") {
    struct bad_case {
        std::string_view text;
        std::size_t offset;
    };
    const bad_case cases[] = {
        {"", 0},              // at least one server-val
        {"Foo/", 4},          // SLASH wants a product-version
        {"Foo/1.0/2", 7},     // two products must be apart
        {"Foo, Bar", 3},      // not a list
        {"Foo@host", 3},      // "@" is no token character
        {"Foo ", 3},          // trailing LWS (the value arrives trimmed)
        {"Foo (bar", 4},      // unterminated comment, at its "("
        {"Foo (b\x01r)", 6},  // CTL in a comment
        {"Foo (caf\xc3)", 8}, // malformed UTF-8 in a comment
        {"Foo\r\nBar", 3},    // a line break that is no fold
        {"Foo\xc3\xa9", 3},   // UTF-8 is no token character
    };
    for (const auto& c : cases) {
        INFO(c.text);
        const auto s = sipkit::parse_header<server>(c.text);
        REQUIRE_FALSE(s);
        CHECK(s.error().code == errc::server_invalid);
        CHECK(s.error().offset == c.offset);
        const auto u = sipkit::parse_header<user_agent>(c.text);
        REQUIRE_FALSE(u);
        CHECK(u.error().code == errc::user_agent_invalid);
        CHECK(u.error().offset == c.offset);
    }
}

TEST_CASE("§25.1 Server equality: same server-vals; LWS between and inside comments is SP") {
    const auto a = server::parse("A/1 (x\r\n y)  B");
    const auto b = server::parse("A / 1(x y)B");
    const auto c = server::parse("A/1 (x y) b");
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(c);
    CHECK(*a == *b);
    CHECK_FALSE(*a == *c); // product tokens compare exactly
}

TEST_CASE("typed access: get<server> names the header and the offset in the message") {
    const std::string text = "SIP/2.0 200 OK\r\nServer: sipkit/0.1 (test\r\nCSeq: 1 OPTIONS\r\n"
                             "User-Agent: a\r\n b/2\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto s = m->get<server>();
    REQUIRE_FALSE(s);
    CHECK(s.error().code == errc::server_invalid);
    CHECK(s.error().offset == text.find("(test"));
    const auto u = m->get<user_agent>();
    REQUIRE(u);
    CHECK(collect(u->values()) == std::vector{product("a"), product("b", "2")});
}

TEST_CASE("round trip: serialize_to then parse gives the same Server and User-Agent") {
    rc::prop("product round trip", [] {
        const std::string text = *gen_server_vals();
        const auto s = server::parse(text);
        RC_ASSERT(s.has_value());
        RC_ASSERT(s->values().size() > 0);
        const std::string written = sipkit::to_string(*s);
        const auto back = server::parse(written);
        RC_ASSERT(back.has_value());
        RC_ASSERT(*back == *s);
        RC_ASSERT(sipkit::to_string(*back) == written);

        const auto u = user_agent::parse(text);
        RC_ASSERT(u.has_value());
        const std::string u_written = sipkit::to_string(*u);
        const auto u_back = user_agent::parse(u_written);
        RC_ASSERT(u_back.has_value());
        RC_ASSERT(*u_back == *u);
    });
}
