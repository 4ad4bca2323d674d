// Regression tests for the failures the fuzz targets (fuzz/) and the property tests found, one
// test case per failure, with the minimized input inline. The same inputs are in the seed
// corpora (fuzz/corpus/fuzz-parse-message/regression_*,
// fuzz/corpus/fuzz-stream-framer/regression_*).
#include <sipkit/message/header_field.hpp>
#include <sipkit/message/parse_message.hpp>
#include <sipkit/message/serialize.hpp>
#include <sipkit/transport/stream_framer.hpp>

#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

using namespace std::string_view_literals;

namespace {

// What fuzz/fuzz_parse_message.cpp asserts of every message that parses: it survives
// serialize + reparse in every name form, and serializing is idempotent.
void check_round_trip(const sipkit::message_view& m) {
    using sipkit::header_name_form;
    for (const header_name_form form : {header_name_form::long_form, header_name_form::compact_form,
                                        header_name_form::as_received}) {
        const std::string wire = sipkit::serialize(m, {form});
        const auto again = sipkit::parse_message(wire);
        REQUIRE(again);
        CHECK(sipkit::same_message(m, *again));
        CHECK(sipkit::serialize(*again, {form}) == wire);
    }
}

std::vector<std::string> split(std::string_view value) {
    std::vector<std::string> out;
    for (const std::string_view e : sipkit::comma_values(value))
        out.emplace_back(e);
    return out;
}

} // namespace

// fuzz_parse_message: "parse(serialize(m)) is not same_message to m". The value kept the
// stray CR and the second fold before its first visible octet ("\r\r\n \0"), so serialize
// wrote a leading SP that the reparse trimmed away.
TEST_CASE(
    "RFC 3261 §7.3.1 a value after a stray CR and a fold starts at its first non-whitespace octet "
    "(fuzz_parse_message, minimized)") {
    const std::string_view input = "E e: SIP/2.0\nc:\r\r\n \0\n\n"sv;
    const auto m = sipkit::parse_message(input);
    REQUIRE(m);
    REQUIRE(m->header_count() == 1);
    CHECK(m->header(0).id == sipkit::header_id::content_type);
    CHECK(m->header(0).value == "\0"sv);
    check_round_trip(*m);
}

// The same fault, as first seen: an empty continuation line between the colon and the value.
TEST_CASE("RFC 3261 §7.3.1 a value after two folds starts at its first non-whitespace octet "
          "(fuzz_parse_message seed)") {
    const std::string_view input =
        "MESSAGE tel:+1-555-0100 SIP/2.0\r\nSubject: \r\n \r\n folded\r\nContent-Length: 5\r\n\r\na\0\r\nb"sv;
    const auto m = sipkit::parse_message(input);
    REQUIRE(m);
    REQUIRE(m->header_count() == 2);
    CHECK(m->header(0).value == "folded");
    CHECK(m->body() == "a\0\r\nb"sv);
    check_round_trip(*m);
}

// fuzz_stream_framer: "chunking changes the events". A client framer read CRLF CRLF as a ping
// when both CRLFs were buffered together and as two pongs when the read split them.
TEST_CASE("RFC 5626 §3.5.1 a client reads CRLF CRLF as two pongs however the stream is cut "
          "(fuzz_stream_framer, minimized)") {
    using kind = sipkit::stream_event::kind;
    const auto events = [](std::initializer_list<std::string_view> reads) {
        sipkit::stream_framer framer({}, sipkit::keepalive_role::client);
        std::vector<kind> out;
        for (const std::string_view r : reads) {
            framer.feed(r);
            for (auto ev = framer.next(); ev && ev->type != kind::need_more; ev = framer.next())
                out.push_back(ev->type);
        }
        CHECK(framer.buffered() == 0);
        return out;
    };
    const std::vector<kind> two_pongs{kind::keepalive_pong, kind::keepalive_pong};
    CHECK(events({"\r\n\r\n"}) == two_pongs);
    CHECK(events({"\r\n", "\r\n"}) == two_pongs);
    CHECK(events({"\r", "\n\r", "\n"}) == two_pongs);
}

// parse_message_property_test, comma_values property: "(" is a URI character (RFC 3261
// §25.1 mark) inside <...>, where it opened a "comment" that swallowed the following commas.
TEST_CASE("RFC 3261 §7.3.1 comma_values: parentheses inside <...> do not hide the next comma "
          "(parse_message_property_test)") {
    CHECK(split("<sip:a(b@example.com>, <sip:c@example.com>") ==
          std::vector<std::string>{"<sip:a(b@example.com>", "<sip:c@example.com>"});
    CHECK(split("\"\" <sip:D(%Af@m.:0?F=!>;tag=pniI ,\"\" <sip:x>;tag=rrVk") ==
          std::vector<std::string>{"\"\" <sip:D(%Af@m.:0?F=!>;tag=pniI", "\"\" <sip:x>;tag=rrVk"});
    // And "<" inside a comment does not open an angle bracket.
    CHECK(split("agent/1.0 (a<b), next") == std::vector<std::string>{"agent/1.0 (a<b)", "next"});
}
