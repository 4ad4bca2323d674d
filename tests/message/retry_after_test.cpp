// retry_after (sipkit/message/retry_after.hpp): RFC 3261 §20.33.
#include <sipkit/message/parse_message.hpp>
#include <sipkit/message/retry_after.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include "../grammar/grammar_generators.hpp"
#include "../support/corpus.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

using sipkit::errc;
using sipkit::retry_after;

namespace {

/// A comment around free text: "(", ")" and "\" escaped as quoted-pairs, LWS folded now and then.
rc::Gen<std::string> gen_text_comment() {
    return rc::gen::map(sipkit_test::gen_text(16), [](const std::string& text) {
        std::string out = "(";
        for (const char c : text) {
            if (c == '(' || c == ')' || c == '\\')
                out += '\\';
            out += c == '\t' ? std::string("\r\n\t") : std::string(1, c);
        }
        return out + ")";
    });
}

/// *( SEMI retry-param ) with SWS around SEMI and EQUAL.
rc::Gen<std::string> gen_retry_params() {
    return rc::gen::exec([] {
        std::string out;
        const auto n = *rc::gen::inRange(0, 4);
        for (int i = 0; i < n; ++i) {
            out += *rc::gen::element<std::string>(";", " ; ", "\r\n ;", ";\r\n ");
            const auto kind = *rc::gen::inRange(0, 4);
            if (kind == 0) {
                out += *rc::gen::element<std::string>("duration", "Duration", "DURATION");
                out += *rc::gen::element<std::string>("=", " = ");
                out += std::to_string(*rc::gen::arbitrary<std::uint32_t>());
            } else {
                out += *rc::gen::suchThat(sipkit_test::gen_token(), [](const std::string& t) {
                    return !sipkit::iequals(t, "duration");
                });
                if (kind == 2)
                    out += "=" + *sipkit_test::gen_token();
                else if (kind == 3)
                    out += "=" + sipkit_test::quote(*sipkit_test::gen_text(8));
            }
        }
        return out;
    });
}

} // namespace

TEST_CASE("§20.33 Retry-After examples: 18000;duration=3600 and 120 (I'm in a meeting)") {
    const auto a = retry_after::parse("18000;duration=3600");
    REQUIRE(a);
    CHECK(a->seconds == 18000);
    CHECK(a->comment.empty());
    CHECK(a->duration() == std::optional<std::uint32_t>(3600));
    CHECK(sipkit::to_string(*a) == "18000;duration=3600");

    const auto b = retry_after::parse("120 (I'm in a meeting)");
    REQUIRE(b);
    CHECK(b->seconds == 120);
    CHECK(b->comment == "(I'm in a meeting)");
    CHECK_FALSE(b->duration());
    CHECK(b->params.empty());
    CHECK(sipkit::to_string(*b) == "120 (I'm in a meeting)");
}

TEST_CASE("§25.1 Retry-After: LPAREN and SEMI take SWS, folds included; leading zeros") {
    const auto r =
        retry_after::parse("00120\r\n (back\r\n  soon (really)) ; Duration = 60 ;x;y=\"q\"");
    REQUIRE(r);
    CHECK(r->seconds == 120);
    CHECK(r->comment == "(back\r\n  soon (really))");
    CHECK(r->duration() == std::optional<std::uint32_t>(60));
    CHECK(r->params.size() == 3);
    CHECK(sipkit::to_string(*r) == "120 (back soon (really));Duration=60;x;y=\"q\"");
    const auto tight = retry_after::parse("5(x)");
    REQUIRE(tight);
    CHECK(tight->comment == "(x)");
}

TEST_CASE("§20.33 delta-seconds is at most 2**32-1: RFC 4475 scalarlg's value is an error") {
    CHECK(retry_after::parse("4294967295"));
    const auto over = retry_after::parse("4294967296");
    REQUIRE_FALSE(over);
    CHECK(over.error().code == errc::retry_after_invalid);
    CHECK(over.error().offset == 0);

    const std::string text = sipkit_test::read_binary(sipkit_test::rfc4475_dir + "scalarlg.dat");
    REQUIRE_FALSE(text.empty());
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto r = m->get<retry_after>();
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::retry_after_invalid);
    CHECK(r.error().offset == text.find("949302838503028349304023988"));
}

TEST_CASE("§20.33 duration must be delta-seconds, not any generic-param (decision)") {
    struct bad_case {
        std::string_view text;
        std::size_t offset;
    };
    const bad_case cases[] = {
        {"120;duration=soon", 13},  {"120;duration=4294967296", 13},
        {"120;DURATION=\"5\"", 13}, {"120;duration", 4}, // no value: at the name
        {"120;x;duration=-1", 15},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        const auto r = retry_after::parse(c.text);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == errc::retry_after_invalid);
        CHECK(r.error().offset == c.offset);
    }
}

TEST_CASE("§25.1 Retry-After rejects near-valid values with the offset") {
    struct bad_case {
        std::string_view text;
        std::size_t offset;
    };
    const bad_case cases[] = {
        {"", 0},
        {"soon", 0},
        {"-1", 0},
        {"120x", 3},
        {"120 x", 4},
        {"120,130", 3}, // not a list
        {"120 (unclosed", 4},
        {"120 (a) (b)", 8}, // one comment only
        {"120 (a\x01)", 6},
        {"120;", 4}, // SEMI wants a parameter
        {"120;a=\"x", 6},
        {"120 ;duration=60 (late)", 17}, // the comment comes before the parameters
    };
    for (const auto& c : cases) {
        INFO(c.text);
        const auto r = sipkit::parse_header<retry_after>(c.text);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == errc::retry_after_invalid);
        CHECK(r.error().offset == c.offset);
    }
}

TEST_CASE("§20.33 Retry-After equality: comment LWS is SP, parameter names ignore case") {
    const auto a = retry_after::parse("60 (a\r\n b);Duration=5");
    const auto b = retry_after::parse("60 (a b) ; duration=5");
    const auto c = retry_after::parse("60 (a b);duration=6");
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(c);
    CHECK(*a == *b);
    CHECK_FALSE(*b == *c);
}

TEST_CASE("typed access: get<retry_after> from a 503 response") {
    const std::string text = "SIP/2.0 503 Service Unavailable\r\nCSeq: 1 INVITE\r\n"
                             "Retry-After: 300 (maintenance) ;duration=1800\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto r = m->get<retry_after>();
    REQUIRE(r);
    CHECK(r->seconds == 300);
    CHECK(r->comment == "(maintenance)");
    CHECK(r->duration() == std::optional<std::uint32_t>(1800));
}

TEST_CASE("round trip: serialize_to then parse gives the same Retry-After") {
    rc::prop("retry_after round trip", [] {
        std::string text = std::to_string(*rc::gen::arbitrary<std::uint32_t>());
        if (*rc::gen::inRange(0, 5) == 0)
            text.insert(0, "00");
        if (*rc::gen::inRange(0, 2) == 0)
            text += *rc::gen::element<std::string>("", " ", "\r\n ") + *gen_text_comment();
        text += *gen_retry_params();

        const auto r = retry_after::parse(text);
        RC_ASSERT(r.has_value());
        const std::string written = sipkit::to_string(*r);
        const auto back = retry_after::parse(written);
        RC_ASSERT(back.has_value());
        RC_ASSERT(*back == *r);
        RC_ASSERT(back->duration() == r->duration());
        RC_ASSERT(sipkit::to_string(*back) == written);
    });
}
