// cseq (sipkit/message/cseq.hpp) and typed access through message_view: RFC 3261 §20.16.
#include <sipkit/message/cseq.hpp>
#include <sipkit/message/parse_message.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include <string>
#include <string_view>

using sipkit::cseq;
using sipkit::errc;

TEST_CASE("§20.16 CSeq example: 4711 INVITE") {
    const auto c = cseq::parse("4711 INVITE");
    REQUIRE(c);
    CHECK(c->number == 4711);
    CHECK(c->method == "INVITE");
    CHECK(sipkit::to_string(*c) == "4711 INVITE");
}

TEST_CASE("§25.1 CSeq: LWS between number and method may be folded; leading zeros allowed") {
    const auto c = cseq::parse("0009\r\n  INVITE");
    REQUIRE(c);
    CHECK(c->number == 9);
    CHECK(c->method == "INVITE");
}

TEST_CASE("§8.1.1.5 CSeq number must be below 2**31") {
    CHECK(cseq::parse("2147483647 ACK"));
    const auto c = cseq::parse("2147483648 ACK");
    REQUIRE_FALSE(c);
    CHECK(c.error().code == errc::cseq_invalid);
    CHECK(c.error().offset == 0);
    CHECK_FALSE(cseq::parse("36893488147419103232 INVITE")); // RFC 4475 §3.1.2.4
}

TEST_CASE("§25.1 CSeq rejects what the grammar does not allow") {
    for (const std::string_view bad :
         {"", "INVITE", "1", "1INVITE", "1 INVITE x", "-1 INVITE", "1 INV@ITE", " 1 INVITE"}) {
        INFO(bad);
        const auto c = cseq::parse(bad);
        REQUIRE_FALSE(c);
        CHECK(c.error().code == errc::cseq_invalid);
    }
}

TEST_CASE("typed access: get<cseq> parses on demand and names the header and the offset") {
    const std::string text = "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
                             "CSeq: 99999999999 OPTIONS\r\nCall-ID: x\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto c = m->get<cseq>();
    REQUIRE_FALSE(c);
    CHECK(c.error().code == errc::cseq_invalid);
    CHECK(c.error().offset == text.find("99999999999"));
    // The bad CSeq spoils nothing else.
    CHECK(m->find(sipkit::header_id::call_id));
}

TEST_CASE("typed access: a missing header is errc::header_missing") {
    const std::string text = "OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto c = m->get<cseq>();
    REQUIRE_FALSE(c);
    CHECK(c.error().code == errc::header_missing);
    CHECK(m->all<cseq>().empty());
}

TEST_CASE("typed access: all<cseq> walks every CSeq field, good and bad alike") {
    const std::string text = "OPTIONS sip:a@b SIP/2.0\r\nCSeq: 1 OPTIONS\r\nCSeq: x\r\n"
                             "CSeq: 3 OPTIONS\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    int good = 0;
    int bad = 0;
    for (const auto c : m->all<cseq>())
        (c ? good : bad) += 1;
    CHECK(good == 2);
    CHECK(bad == 1);
    CHECK(m->all<cseq>().size() == 3);
}

TEST_CASE("round trip: serialize_to then parse gives the same CSeq") {
    rc::prop("cseq round trip", [] {
        const auto number = *rc::gen::inRange<std::uint32_t>(0, cseq::max_number);
        const auto method = *rc::gen::element<std::string>(
            "INVITE", "ACK", "BYE", "CANCEL", "REGISTER", "OPTIONS", "NEWMETHOD", "x-Y.z!%*_+`'~");
        const cseq value{number, method};
        const std::string text = sipkit::to_string(value);
        const auto back = cseq::parse(text);
        RC_ASSERT(back.has_value());
        RC_ASSERT(*back == value);
    });
}
