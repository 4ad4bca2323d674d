// warning (sipkit/message/warning.hpp) and typed access to the Warning list: RFC 3261 §20.43.
#include <sipkit/message/parse_message.hpp>
#include <sipkit/message/warning.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include "../grammar/grammar_generators.hpp"
#include "../support/corpus.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

using sipkit::errc;
using sipkit::warning;

TEST_CASE("§20.43 Warning examples: 307 and 301 from isi.edu") {
    const auto a = warning::parse(R"(307 isi.edu "Session parameter 'foo' not understood")");
    REQUIRE(a);
    CHECK(a->code == 307);
    CHECK(a->agent == "isi.edu");
    CHECK(a->text == R"("Session parameter 'foo' not understood")");
    CHECK(a->unquoted_text() == "Session parameter 'foo' not understood");
    CHECK(sipkit::to_string(*a) == R"(307 isi.edu "Session parameter 'foo' not understood")");

    const auto b = warning::parse(R"(301 isi.edu "Incompatible network address type 'E.164'")");
    REQUIRE(b);
    CHECK(b->code == 301);
    CHECK(b->unquoted_text() == "Incompatible network address type 'E.164'");
}

TEST_CASE("§20.43 warn-agent = hostport / pseudonym") {
    struct good_case {
        std::string_view text;
        std::string_view agent;
    };
    const good_case cases[] = {
        {R"(399 proxy.example.com:5060 "x")", "proxy.example.com:5060"},
        {R"(399 192.0.2.1 "x")", "192.0.2.1"},
        {R"(399 [2001:db8::1]:5070 "x")", "[2001:db8::1]:5070"},
        {R"(399 [::1] "x")", "[::1]"},
        {R"(399 - "x")", "-"}, // a pseudonym is any token
        {R"(399 my_proxy! "x")", "my_proxy!"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        const auto w = warning::parse(c.text);
        REQUIRE(w);
        CHECK(w->agent == c.agent);
        CHECK(sipkit::to_string(*w) == c.text);
    }
}

TEST_CASE("§25.1 warn-text is a quoted-string: quoted-pairs and folds inside") {
    const auto w = warning::parse("399 host \"a \\\"quoted\\\"\r\n  word \\\\ end\"");
    REQUIRE(w);
    CHECK(w->unquoted_text() == "a \"quoted\"\r\n  word \\ end");
    CHECK(sipkit::to_string(*w) == "399 host \"a \\\"quoted\\\" word \\\\ end\"");
    // A code below 100 keeps its three digits.
    const auto low = warning::parse("007 h \"\"");
    REQUIRE(low);
    CHECK(low->code == 7);
    CHECK(sipkit::to_string(*low) == "007 h \"\"");
}

TEST_CASE("§20.43 warn-code is 3DIGIT: RFC 4475 scalarlg's 1812 is an error") {
    const std::string text = sipkit_test::read_binary(sipkit_test::rfc4475_dir + "scalarlg.dat");
    REQUIRE_FALSE(text.empty());
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto w = m->get<warning>();
    REQUIRE_FALSE(w);
    CHECK(w.error().code == errc::warning_invalid);
    CHECK(w.error().offset == text.find("1812") + 3); // the fourth digit
}

TEST_CASE("§25.1 Warning rejects near-valid values with the offset (SP means one SP)") {
    struct bad_case {
        std::string_view text;
        std::size_t offset;
    };
    const bad_case cases[] = {
        {R"(30 isi.edu "x")", 2},          // two digits
        {R"(3a7 isi.edu "x")", 1},         // not a digit
        {R"(1812 overture "x")", 3},       // four digits
        {R"(307isi.edu "x")", 3},          // no SP
        {R"(307  isi.edu "x")", 4},        // two SPs: decision, SP is not LWS
        {"307\r\n isi.edu \"x\"", 3},      // nor a fold
        {"307 isi.edu\t\"x\"", 11},        // nor HTAB
        {"307 isi.edu", 11},               // no warn-text
        {"307 isi.edu x", 12},             // warn-text unquoted
        {"307 isi.edu \"x", 12},           // unterminated, at its quote
        {"307 isi.edu \"x\" y", 15},       // trailing text
        {"307 isi.edu \"a\\\r\n b\"", 14}, // "\" cannot escape CR
        {"307 host:99999 \"x\"", 9},       // port above 65535
        {"307 host: \"x\"", 9},            // no port
        {"307 a_b:5060 \"x\"", 4},         // a pseudonym takes no port
        {"307 [::1 \"x\"", 4},             // IPv6 reference unclosed
        {"307 @host \"x\"", 4},            // no agent
        {"", 0},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        const auto w = warning::parse(c.text);
        REQUIRE_FALSE(w);
        CHECK(w.error().code == errc::warning_invalid);
        CHECK(w.error().offset == c.offset);
    }
}

TEST_CASE("§20.43 Warning equality: agent case-insensitive, text LWS as SP") {
    const auto a = warning::parse("399 Proxy.Example.COM \"a\r\n b\"");
    const auto b = warning::parse("399 proxy.example.com \"a b\"");
    const auto c = warning::parse("399 proxy.example.com \"A b\"");
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(c);
    CHECK(*a == *b);
    CHECK_FALSE(*b == *c);
}

TEST_CASE("typed access: all<warning> splits the list outside quoted strings") {
    const std::string text = "SIP/2.0 488 Not Acceptable Here\r\nCSeq: 1 INVITE\r\n"
                             "Warning: 307 isi.edu \"a, b\" ,\r\n 399 [2001:db8::1]:5060 \"c\"\r\n"
                             "Warning: 370 x \"too much\"\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    std::vector<warning> all;
    for (const auto w : m->all<warning>()) {
        REQUIRE(w);
        all.push_back(*w);
    }
    REQUIRE(all.size() == 3);
    CHECK(all[0].unquoted_text() == "a, b");
    CHECK(all[1].agent == "[2001:db8::1]:5060");
    CHECK(all[2].code == 370);
    const auto first = m->get<warning>();
    REQUIRE(first);
    CHECK(first->code == 307);
}

TEST_CASE("round trip: serialize_to then parse gives the same Warning") {
    rc::prop("warning round trip", [] {
        const auto code = *rc::gen::inRange<std::uint16_t>(0, 1000);
        // warn-agent = hostport / pseudonym
        const std::string agent = *rc::gen::oneOf(
            sipkit_test::gen_token(), sipkit_test::gen_host(),
            rc::gen::map(rc::gen::pair(sipkit_test::gen_host(), rc::gen::inRange(0, 65536)),
                         [](const std::pair<std::string, int>& hp) {
                             return hp.first + ":" + std::to_string(hp.second);
                         }));
        const std::string quoted = sipkit_test::quote(*sipkit_test::gen_bytes(16));
        std::string digits = std::to_string(code);
        digits.insert(0, 3 - digits.size(), '0');
        const std::string text = digits + " " + agent + " " + quoted;

        const auto w = warning::parse(text);
        RC_ASSERT(w.has_value());
        RC_ASSERT(w->code == code);
        RC_ASSERT(w->agent == agent);
        RC_ASSERT(w->text == quoted);
        const std::string written = sipkit::to_string(*w);
        const auto back = warning::parse(written);
        RC_ASSERT(back.has_value());
        RC_ASSERT(*back == *w);
        RC_ASSERT(sipkit::to_string(*back) == written);
    });
}
