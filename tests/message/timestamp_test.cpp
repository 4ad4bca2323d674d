// timestamp (sipkit/message/timestamp.hpp): RFC 3261 §20.38 and its echo in §8.2.6.1.
#include <sipkit/message/parse_message.hpp>
#include <sipkit/message/timestamp.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include "../grammar/grammar_generators.hpp"

#include <string>
#include <string_view>

using sipkit::errc;
using sipkit::timestamp;

TEST_CASE("§20.38 Timestamp example: 54") {
    const auto t = timestamp::parse("54");
    REQUIRE(t);
    CHECK(t->value == "54");
    CHECK_FALSE(t->has_delay());
    CHECK(t->seconds() == 54.0);
    CHECK(t->delay_seconds() == 0.0);
    CHECK(sipkit::to_string(*t) == "54");
}

TEST_CASE("§20.38 Timestamp with a fraction and a delay; LWS may be folded") {
    const auto t = timestamp::parse("1047.25\r\n 0.5");
    REQUIRE(t);
    CHECK(t->value == "1047.25");
    CHECK(t->delay == "0.5");
    CHECK(t->seconds() == 1047.25);
    CHECK(t->delay_seconds() == 0.5);
    CHECK(sipkit::to_string(*t) == "1047.25 0.5");
}

TEST_CASE("§25.1 Timestamp: the odd corners of 1*(DIGIT) [\".\" *(DIGIT)] and of delay") {
    struct good_case {
        std::string_view text;
        std::string_view value, delay;
        double seconds, delay_seconds;
    };
    const good_case cases[] = {
        {"54.", "54.", "", 54, 0},   // "." with no digits after
        {"007", "007", "", 7, 0},    // leading zeros, kept as written
        {"1 .5", "1", ".5", 1, 0.5}, // the delay needs no digit before "."
        {"1 .", "1", ".", 1, 0},     // ... nor any digit at all
        {"1  \t2.", "1", "2.", 1, 2},
        {"1 ", "1", "", 1, 0}, // LWS and an empty delay (parse() given untrimmed text)
    };
    for (const auto& c : cases) {
        INFO(c.text);
        const auto t = timestamp::parse(c.text);
        REQUIRE(t);
        CHECK(t->value == c.value);
        CHECK(t->delay == c.delay);
        CHECK(t->seconds() == c.seconds);
        CHECK(t->delay_seconds() == c.delay_seconds);
    }
}

TEST_CASE("§25.1 Timestamp rejects near-valid values with the offset") {
    struct bad_case {
        std::string_view text;
        std::size_t offset;
    };
    const bad_case cases[] = {
        {"", 0},       {".5", 0},       {"-54", 0},   {"54x", 2},     {"54..1", 3}, {"54 x", 3},
        {"54 1 2", 4}, {"54 1.2.3", 6}, {"54,55", 2}, {"54\r\n1", 2}, {"5e3", 1},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        const auto t = timestamp::parse(c.text);
        REQUIRE_FALSE(t);
        CHECK(t.error().code == errc::timestamp_invalid);
        CHECK(t.error().offset == c.offset);
    }
}

TEST_CASE("§8.2.6.1 Timestamp equality is textual: the UAS echoes the value as it came") {
    const auto a = timestamp::parse("54.0");
    const auto b = timestamp::parse("54");
    const auto c = timestamp::parse("54.0\r\n 1");
    const auto d = timestamp::parse("54.0 1");
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(c);
    REQUIRE(d);
    CHECK(a->seconds() == b->seconds());
    CHECK_FALSE(*a == *b);
    CHECK(*c == *d);
}

TEST_CASE("typed access: get<timestamp> from a request, and a bad one named with its offset") {
    const std::string text = "OPTIONS sip:a@b SIP/2.0\r\nCSeq: 1 OPTIONS\r\nTimestamp: 54 0.1\r\n"
                             "Call-ID: x\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto t = m->get<timestamp>();
    REQUIRE(t);
    CHECK(t->value == "54");
    CHECK(t->delay == "0.1");

    const std::string bad_text = "OPTIONS sip:a@b SIP/2.0\r\nTimestamp: 54 soon\r\n\r\n";
    const auto bad = sipkit::parse_message(bad_text);
    REQUIRE(bad);
    const auto e = bad->get<timestamp>();
    REQUIRE_FALSE(e);
    CHECK(e.error().code == errc::timestamp_invalid);
    CHECK(e.error().offset == bad_text.find("soon"));
}

TEST_CASE("round trip: serialize_to then parse gives the same Timestamp") {
    using sipkit_test::digit_chars;
    using sipkit_test::gen_string_of;
    rc::prop("timestamp round trip", [] {
        std::string text = *gen_string_of(digit_chars, 1, 25);
        if (*rc::gen::inRange(0, 2) == 0)
            text += "." + *gen_string_of(digit_chars, 0, 8);
        if (*rc::gen::inRange(0, 2) == 0) {
            text += *rc::gen::element<std::string>(" ", "\t", "  ", "\r\n ", " \r\n\t");
            text += *gen_string_of(digit_chars, 0, 6);
            if (*rc::gen::inRange(0, 2) == 0)
                text += "." + *gen_string_of(digit_chars, 0, 6);
        }
        const auto t = timestamp::parse(text);
        RC_ASSERT(t.has_value());
        const std::string written = sipkit::to_string(*t);
        const auto back = timestamp::parse(written);
        RC_ASSERT(back.has_value());
        RC_ASSERT(*back == *t);
        RC_ASSERT(back->seconds() == t->seconds());
        RC_ASSERT(back->delay_seconds() == t->delay_seconds());
    });
}
