// serialize, serialize_to and same_message (sipkit/message/serialize.hpp): the canonical wire
// form of a parsed message (RFC 3261 §7.3.1 unfolding, §7.3.3 name forms, §18.3 framing).
#include <sipkit/message/parse_message.hpp>
#include <sipkit/message/serialize.hpp>

#include <catch2/catch.hpp>

#include <deque>
#include <string>
#include <string_view>

using sipkit::header_name_form;
using sipkit::parse_message;
using sipkit::serialize;

namespace {

// Parses a buffer kept alive for the rest of the run (the view borrows it).
sipkit::message_view parse_kept(std::string bytes) {
    static std::deque<std::string> kept;
    kept.push_back(std::move(bytes));
    auto r = parse_message(kept.back());
    if (!r)
        FAIL("parse failed: " << r.error().name() << " at offset " << r.error().offset);
    return *r;
}

std::string with_form(const sipkit::message_view& m, header_name_form form) {
    return serialize(m, sipkit::serialize_options{form});
}

const std::string mixed_names =
    "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "v: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n"
    "VIA: SIP/2.0/UDP proxy.example.com;branch=z9hG4bK1\r\n"
    "max-forwards: 70\r\n"
    "t: Bob <sip:bob@biloxi.example.com>\r\n"
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    "i: a84b4c76e66710@pc33.atlanta.example.com\r\n"
    "CSEQ: 314159 INVITE\r\n"
    "X-Custom-Header: Keep Me\r\n"
    "l: 4\r\n"
    "\r\n"
    "body";

} // namespace

TEST_CASE("serialize long_form: known headers get their canonical long names, unknown ones stay as "
          "received") {
    const auto m = parse_kept(mixed_names);
    CHECK(serialize(m) == "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
                          "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n"
                          "Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bK1\r\n"
                          "Max-Forwards: 70\r\n"
                          "To: Bob <sip:bob@biloxi.example.com>\r\n"
                          "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
                          "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
                          "CSeq: 314159 INVITE\r\n"
                          "X-Custom-Header: Keep Me\r\n"
                          "Content-Length: 4\r\n"
                          "\r\n"
                          "body");
    CHECK(with_form(m, header_name_form::long_form) == serialize(m)); // the default
}

TEST_CASE(
    "RFC 3261 §7.3.3 serialize compact_form: compact names where they exist, else long names") {
    const auto m = parse_kept(mixed_names);
    CHECK(with_form(m, header_name_form::compact_form) ==
          "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
          "v: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n"
          "v: SIP/2.0/UDP proxy.example.com;branch=z9hG4bK1\r\n"
          "Max-Forwards: 70\r\n"
          "t: Bob <sip:bob@biloxi.example.com>\r\n"
          "f: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
          "i: a84b4c76e66710@pc33.atlanta.example.com\r\n"
          "CSeq: 314159 INVITE\r\n"
          "X-Custom-Header: Keep Me\r\n"
          "l: 4\r\n"
          "\r\n"
          "body");
}

TEST_CASE("serialize as_received: header names exactly as in the parsed message") {
    const auto m = parse_kept(mixed_names);
    CHECK(with_form(m, header_name_form::as_received) == mixed_names); // already canonical spacing
}

TEST_CASE("serialize normalizes the separator to \": \" and drops whitespace around the value") {
    const auto m = parse_kept("SIP/2.0 200 OK\r\n"
                              "Subject   :   hello  \r\n"
                              "Max-Forwards:70\r\n"
                              "Subject:\r\n"
                              "\r\n");
    CHECK(serialize(m) ==
          "SIP/2.0 200 OK\r\nSubject: hello\r\nMax-Forwards: 70\r\nSubject: \r\n\r\n");
}

TEST_CASE(
    "RFC 3261 §7.3.1 serialize replaces each fold, with the whitespace around it, by one SP") {
    const auto m = parse_kept("OPTIONS sip:a@example.com SIP/2.0\r\n"
                              "Subject: I know you're there,  \r\n"
                              "               pick up the phone\r\n"
                              "\tand talk to me!\r\n"
                              "Via: SIP/2.0/UDP a,\r\n"
                              "  SIP/2.0/UDP b\r\n"
                              "\r\n");
    REQUIRE(m.header(0).folded);
    CHECK(serialize(m) == "OPTIONS sip:a@example.com SIP/2.0\r\n"
                          "Subject: I know you're there, pick up the phone and talk to me!\r\n"
                          "Via: SIP/2.0/UDP a, SIP/2.0/UDP b\r\n"
                          "\r\n");
    // The unfolded form parses back to no folds at all.
    const auto again = parse_kept(serialize(m));
    CHECK_FALSE(again.header(0).folded);
    CHECK(again.header(0).value == "I know you're there, pick up the phone and talk to me!");
    CHECK(sipkit::same_message(m, again));
}

TEST_CASE("serialize keeps the body byte for byte, NUL octets and line breaks included") {
    using namespace std::string_literals;
    const std::string body = "--b\r\n\0\x01\xff\n\n\r\n\r\n--b--"s;
    REQUIRE(body.size() == 19);
    const auto m = parse_kept("MESSAGE sip:a@example.com SIP/2.0\r\nl: 19\r\n\r\n" + body);
    REQUIRE(m.body() == body);
    const std::string out = serialize(m);
    CHECK(out == "MESSAGE sip:a@example.com SIP/2.0\r\nContent-Length: 19\r\n\r\n" + body);
    CHECK(parse_kept(out).body() == body);
}

TEST_CASE("RFC 3261 §18.3 serialize drops the octets a datagram carried after the body (RFC 4475 "
          "dblreq)") {
    const auto m = parse_kept("REGISTER sip:example.com SIP/2.0\r\n"
                              "Content-Length: 0\r\n"
                              "\r\n"
                              "INVITE sip:joe@example.com SIP/2.0\r\n"
                              "Content-Length: 0\r\n\r\n");
    const std::string out = serialize(m);
    CHECK(out == "REGISTER sip:example.com SIP/2.0\r\nContent-Length: 0\r\n\r\n");
    CHECK(out.find("INVITE") == std::string::npos);
}

TEST_CASE("serialize keeps the start line exactly, response and request") {
    const auto resp = parse_kept("SIP/2.0 100 \r\n\r\n");
    CHECK(serialize(resp) == "SIP/2.0 100 \r\n\r\n");
    const auto utf8 = parse_kept("SIP/2.0 200 \xD0\x9E\xD0\x9A\r\n\r\n");
    CHECK(serialize(utf8) == "SIP/2.0 200 \xD0\x9E\xD0\x9A\r\n\r\n");
    // Leading CRLFs (RFC 3261 §7.5) and bare LF line ends are not carried over.
    const auto lf = parse_kept("\r\nOPTIONS sip:a@example.com SIP/2.0\nVia: x\n\n");
    CHECK(serialize(lf) == "OPTIONS sip:a@example.com SIP/2.0\r\nVia: x\r\n\r\n");
}

TEST_CASE("serialize_to appends to the string it is given") {
    const auto m = parse_kept("OPTIONS sip:a@example.com SIP/2.0\r\nVia: x\r\n\r\n");
    std::string out = "prefix|";
    sipkit::serialize_to(out, m);
    CHECK(out == "prefix|OPTIONS sip:a@example.com SIP/2.0\r\nVia: x\r\n\r\n");
    sipkit::serialize_to(out, m, {header_name_form::compact_form});
    CHECK(out == "prefix|OPTIONS sip:a@example.com SIP/2.0\r\nVia: x\r\n\r\n"
                 "OPTIONS sip:a@example.com SIP/2.0\r\nv: x\r\n\r\n");
}

TEST_CASE("a copied message_view serializes exactly as the original") {
    const auto original = parse_kept(mixed_names);
    const sipkit::message_view copy = original;
    sipkit::message_view assigned;
    assigned = original;
    for (const auto form : {header_name_form::long_form, header_name_form::compact_form,
                            header_name_form::as_received}) {
        CHECK(with_form(copy, form) == with_form(original, form));
        CHECK(with_form(assigned, form) == with_form(original, form));
    }
}

TEST_CASE("a message and its serialization in every name form are the same_message") {
    const auto m = parse_kept(mixed_names);
    for (const auto form : {header_name_form::long_form, header_name_form::compact_form,
                            header_name_form::as_received}) {
        const auto again = parse_kept(with_form(m, form));
        CHECK(sipkit::same_message(m, again));
        CHECK(sipkit::same_message(again, m));
        CHECK(serialize(again) == serialize(m)); // serialize is idempotent
    }
}

TEST_CASE("same_message compares names by header_id, unknown names case-insensitively, values "
          "after unfolding") {
    const auto a = parse_kept(
        "OPTIONS sip:a@example.com SIP/2.0\r\nVia: x\r\nX-Foo: 1\r\nSubject: a b\r\n\r\n");
    CHECK(sipkit::same_message(
        a,
        parse_kept(
            "OPTIONS sip:a@example.com SIP/2.0\r\nv: x\r\nx-foo: 1\r\nSubject: a\r\n  b\r\n\r\n")));
    CHECK(sipkit::same_message(
        a,
        parse_kept("OPTIONS sip:a@example.com SIP/2.0\r\nVIA :  x \r\nX-FOO:1\r\ns: a b\r\n\r\n")));
    CHECK(sipkit::same_message(a, a));
}

TEST_CASE("same_message tells apart messages that differ in any parsed value") {
    const auto a =
        parse_kept("OPTIONS sip:a@example.com SIP/2.0\r\nVia: x\r\nX-Foo: 1\r\nl: 1\r\n\r\nB");
    for (
        const std::string other : {
            "INVITE sip:a@example.com SIP/2.0\r\nVia: x\r\nX-Foo: 1\r\nl: 1\r\n\r\nB", // method
            "OPTIONS sip:b@example.com SIP/2.0\r\nVia: x\r\nX-Foo: 1\r\nl: 1\r\n\r\nB", // Request-URI
            "OPTIONS sip:a@example.com SIP/3.0\r\nVia: x\r\nX-Foo: 1\r\nl: 1\r\n\r\nB", // version
            "OPTIONS sip:a@example.com SIP/2.0\r\nVia: y\r\nX-Foo: 1\r\nl: 1\r\n\r\nB", // a value
            "OPTIONS sip:a@example.com SIP/2.0\r\nVia: X\r\nX-Foo: 1\r\nl: 1\r\n\r\nB", // a value's
                                                                                        // case
            "OPTIONS sip:a@example.com SIP/2.0\r\nRoute: x\r\nX-Foo: 1\r\nl: 1\r\n\r\nB", // a name
            "OPTIONS sip:a@example.com SIP/2.0\r\nVia: x\r\nX-Bar: 1\r\nl: 1\r\n\r\nB",   // an
                                                                                          // unknown
                                                                                          // name
            "OPTIONS sip:a@example.com SIP/2.0\r\nX-Foo: 1\r\nVia: x\r\nl: 1\r\n\r\nB",   // order
            "OPTIONS sip:a@example.com SIP/2.0\r\nVia: x\r\nl: 1\r\n\r\nB", // a header fewer
            "OPTIONS sip:a@example.com SIP/2.0\r\nVia: x\r\nX-Foo: 1\r\nl: 1\r\n\r\nC", // body
            "SIP/2.0 200 OK\r\nVia: x\r\nX-Foo: 1\r\nl: 1\r\n\r\nB",                    // kind
        }) {
        INFO(other);
        CHECK_FALSE(sipkit::same_message(a, parse_kept(other)));
    }
    const auto ok = parse_kept("SIP/2.0 200 OK\r\n\r\n");
    CHECK_FALSE(sipkit::same_message(ok, parse_kept("SIP/2.0 201 OK\r\n\r\n")));
    CHECK_FALSE(sipkit::same_message(ok, parse_kept("SIP/2.0 200 Ok\r\n\r\n")));
}
