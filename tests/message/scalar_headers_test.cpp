// max_forwards, content_length, expires, min_expires, mime_version
// (sipkit/message/scalar_headers.hpp): RFC 3261 §20.22, §20.14, §20.19, §20.23, §20.24.
#include <sipkit/message/parse_message.hpp>
#include <sipkit/message/scalar_headers.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include "../grammar/grammar_generators.hpp"
#include "../support/corpus.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

using sipkit::content_length;
using sipkit::errc;
using sipkit::expires;
using sipkit::max_forwards;
using sipkit::mime_version;
using sipkit::min_expires;

namespace {

const std::string& corpus(std::string_view name) {
    return sipkit_test::rfc4475_file(std::string(name));
}

struct bad {
    std::string_view text;
    std::size_t offset;
};

template <class H>
void check_rejected(const std::vector<bad>& cases) {
    for (const auto& [text, offset] : cases) {
        INFO(text);
        const auto h = H::parse(text);
        REQUIRE_FALSE(h);
        CHECK(h.error().code == H::invalid);
        CHECK(h.error().offset == offset);
    }
}

// 1*DIGIT text common to every scalar header, near-valid.
const std::vector<bad> not_digits = {{"", 0},    {" 1", 0},  {"1 ", 1},      {"-1", 0},
                                     {"+1", 0},  {"1.0", 1}, {"0x10", 1},    {"1\r\n 2", 1},
                                     {"one", 0}, {"7a", 1},  {"\xd9\xa3", 0}};

} // namespace

TEST_CASE("§20.22 Max-Forwards examples: 6 and the §24 70") {
    CHECK(max_forwards::parse("6")->value == 6);
    CHECK(max_forwards::parse("70")->value == 70);
    CHECK(sipkit::to_string(*max_forwards::parse("70")) == "70");
}

TEST_CASE("§20.22 Max-Forwards is 0 to 255; leading zeros are legal") {
    CHECK(max_forwards::parse("0")->value == 0);
    CHECK(max_forwards::parse("255")->value == 255);
    CHECK(max_forwards::parse("0068")->value == 68); // RFC 4475 §3.1.1.1 wsinv
    CHECK(sipkit::to_string(*max_forwards::parse("0068")) == "68");
    check_rejected<max_forwards>({{"256", 0}, {"300", 0}, {"00000000000000000000256", 0}});
    check_rejected<max_forwards>(not_digits);
}

TEST_CASE("RFC 4475 §3.1.1.1 wsinv, §3.3.11 zeromf, §3.1.1.2 intmeth: Max-Forwards 0068, 0, 255") {
    const std::string wsinv = corpus("wsinv");
    const std::string zeromf = corpus("zeromf");
    const std::string intmeth = corpus("intmeth");
    const auto w = sipkit::parse_message(wsinv);
    const auto z = sipkit::parse_message(zeromf);
    const auto i = sipkit::parse_message(intmeth);
    REQUIRE(w);
    REQUIRE(z);
    REQUIRE(i);
    CHECK(w->get<max_forwards>()->value == 68);
    CHECK(z->get<max_forwards>()->value == 0);
    CHECK(i->get<max_forwards>()->value == 255);
}

TEST_CASE("RFC 4475 §3.1.2.4 scalar02: Max-Forwards 300 and an overlarge Expires are errors") {
    const std::string text = corpus("scalar02");
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto mf = m->get<max_forwards>();
    REQUIRE_FALSE(mf);
    CHECK(mf.error().code == errc::max_forwards_invalid);
    CHECK(mf.error().offset == text.find("300"));
    const auto e = m->get<expires>();
    REQUIRE_FALSE(e);
    CHECK(e.error().code == errc::expires_invalid);
    CHECK(e.error().offset == text.find("10000000000000"));
    // The Content-Length of the same message is fine.
    CHECK(m->get<content_length>()->value == 0);
}

TEST_CASE("§20.14 Content-Length examples: 349 and compact l: 173") {
    CHECK(content_length::parse("349")->value == 349);
    const std::string body(173, 'x');
    const std::string text = "MESSAGE sip:a@b SIP/2.0\r\nl: 173\r\n\r\n" + body;
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto cl = m->get<content_length>();
    REQUIRE(cl);
    CHECK(cl->value == 173);
    CHECK(sipkit::to_string(*cl) == "173");
}

TEST_CASE("§20.14 Content-Length is 1*DIGIT; sipkit reads 32 bits") {
    CHECK(content_length::parse("0")->value == 0);
    CHECK(content_length::parse("000150")->value == 150);
    CHECK(content_length::parse("4294967295")->value == 4294967295u);
    check_rejected<content_length>({{"4294967296", 0}, {"-999", 0}}); // -999: RFC 4475 ncl
    check_rejected<content_length>(not_digits);
}

TEST_CASE("§20.19 Expires examples: 5 and the §24.1 7200") {
    CHECK(expires::parse("5")->seconds == 5);
    CHECK(expires::parse("7200")->seconds == 7200);
    CHECK(sipkit::to_string(*expires::parse("07200")) == "7200");
}

TEST_CASE("§20.19 Expires is delta-seconds, 0 to (2**32)-1") {
    CHECK(expires::parse("0")->seconds == 0);
    CHECK(expires::parse("4294967295")->seconds == 4294967295u);
    check_rejected<expires>({{"4294967296", 0},
                             {"10000000000000", 0},
                             {"Thu, 01 Dec 1994 16:00:00 GMT", 0}}); // RFC 2543's SIP-date
    check_rejected<expires>(not_digits);
}

TEST_CASE("§20.23 Min-Expires example: 60") {
    CHECK(min_expires::parse("60")->seconds == 60);
    CHECK(sipkit::to_string(*min_expires::parse("060")) == "60");
    check_rejected<min_expires>({{"4294967296", 0}});
    check_rejected<min_expires>(not_digits);
}

TEST_CASE("§20.24 MIME-Version example: 1.0") {
    const auto v = mime_version::parse("1.0");
    REQUIRE(v);
    CHECK(v->major == 1);
    CHECK(v->minor == 0);
    CHECK(sipkit::to_string(*v) == "1.0");
    CHECK(*mime_version::parse("01.00") == *v);
    CHECK_FALSE(*mime_version::parse("1.1") == *v);
}

TEST_CASE("§25.1 MIME-Version = 1*DIGIT \".\" 1*DIGIT, no LWS inside") {
    check_rejected<mime_version>({{"", 0},
                                  {"1", 1},
                                  {"1.", 2},
                                  {".0", 0},
                                  {"1 .0", 1},
                                  {"1. 0", 2},
                                  {"1.0.0", 3},
                                  {"1.0 ", 3},
                                  {"a.b", 0},
                                  {"1,0", 1},
                                  {"4294967296.0", 0},
                                  {"1.4294967296", 2}});
}

TEST_CASE("typed access: Expires, Min-Expires and MIME-Version through parse_message") {
    const std::string text = "SIP/2.0 423 Interval Too Brief\r\n"
                             "Min-Expires: 60\r\n"
                             "Expires: 0\r\n"
                             "MIME-Version: 1.0\r\n"
                             "Max-Forwards: 70\r\n"
                             "Content-Length: 0\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    CHECK(m->get<min_expires>()->seconds == 60);
    CHECK(m->get<expires>()->seconds == 0);
    CHECK(m->get<mime_version>()->major == 1);
    CHECK(m->get<max_forwards>()->value == 70);
    CHECK(m->get<content_length>()->value == 0);
    const std::string none = "OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n";
    const auto n = sipkit::parse_message(none);
    REQUIRE(n);
    CHECK(n->get<max_forwards>().error().code == errc::header_missing);
    CHECK(n->get<expires>().error().code == errc::header_missing);
    CHECK(n->get<min_expires>().error().code == errc::header_missing);
    CHECK(n->get<mime_version>().error().code == errc::header_missing);
}

TEST_CASE("typed access: a bad MIME-Version names the header and its offset in the message") {
    const std::string text = "OPTIONS sip:a@b SIP/2.0\r\nMIME-Version: 1.x\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto v = m->get<mime_version>();
    REQUIRE_FALSE(v);
    CHECK(v.error().code == errc::mime_version_invalid);
    CHECK(v.error().offset == text.find("x\r\n"));
}

namespace {

// The decimal digits of `value` with 0 to 3 leading zeros.
std::string with_leading_zeros(std::uint64_t value) {
    return std::string(*rc::gen::inRange<std::size_t>(0, 4), '0') + std::to_string(value);
}

template <class H, class Field>
void scalar_round_trip(std::uint64_t max, Field field) {
    const auto value = *rc::gen::oneOf(rc::gen::inRange<std::uint64_t>(0, max + 1),
                                       rc::gen::element<std::uint64_t>(std::uint64_t{0}, max));
    const std::string text = with_leading_zeros(value);
    const sipkit_test::exact_buffer buffer(text);
    const auto h = H::parse(buffer.view());
    RC_ASSERT(h.has_value());
    RC_ASSERT(static_cast<std::uint64_t>(field(*h)) == value);
    const std::string out = sipkit::to_string(*h);
    RC_ASSERT(out == std::to_string(value));
    RC_ASSERT(*H::parse(out) == *h);
    // One more than the maximum is out of range, reported at the first digit.
    const std::string over = with_leading_zeros(max + 1);
    const auto o = H::parse(over);
    RC_ASSERT(!o.has_value());
    RC_ASSERT(o.error().code == H::invalid);
    RC_ASSERT(o.error().offset == 0u);
}

} // namespace

TEST_CASE("round trip: scalar values parse to their number; serialize_to then parse is equal") {
    rc::prop("max_forwards", [] {
        scalar_round_trip<max_forwards>(255, [](const max_forwards& h) { return h.value; });
    });
    rc::prop("content_length", [] {
        scalar_round_trip<content_length>(0xffffffffu,
                                          [](const content_length& h) { return h.value; });
    });
    rc::prop("expires", [] {
        scalar_round_trip<expires>(0xffffffffu, [](const expires& h) { return h.seconds; });
    });
    rc::prop("min_expires", [] {
        scalar_round_trip<min_expires>(0xffffffffu, [](const min_expires& h) { return h.seconds; });
    });
    rc::prop("mime_version", [] {
        const auto major = *rc::gen::inRange<std::uint64_t>(0, 0x100000000);
        const auto minor = *rc::gen::inRange<std::uint64_t>(0, 0x100000000);
        const std::string text = with_leading_zeros(major) + "." + with_leading_zeros(minor);
        const sipkit_test::exact_buffer buffer(text);
        const auto v = mime_version::parse(buffer.view());
        RC_ASSERT(v.has_value());
        RC_ASSERT(v->major == major);
        RC_ASSERT(v->minor == minor);
        const std::string out = sipkit::to_string(*v);
        RC_ASSERT(out == std::to_string(major) + "." + std::to_string(minor));
        RC_ASSERT(*mime_version::parse(out) == *v);
    });
}
