// parse_message (sipkit/message/parse_message.hpp) and message_view: RFC 3261 §7 message
// syntax, §18.3 datagram framing and the parse limits, one rule per test case.
#include <sipkit/message/parse_message.hpp>
#include <sipkit/message/serialize.hpp>

#include <catch2/catch.hpp>

#include "../support/corpus.hpp"

#include <cctype>
#include <deque>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using sipkit::errc;
using sipkit::header_id;
using sipkit::parse_message;
using namespace std::string_literals;
using namespace std::string_view_literals;

namespace {

// Lines joined with CRLF, then the empty line, then the body.
std::string msg(std::initializer_list<std::string_view> lines, std::string_view body = {}) {
    std::string out;
    for (const std::string_view l : lines) {
        out += l;
        out += "\r\n";
    }
    out += "\r\n";
    out += body;
    return out;
}

// A minimal valid request with the given extra header lines; its first header line starts at h0.
constexpr std::string_view request_line = "OPTIONS sip:carol@chicago.example.com SIP/2.0";
constexpr std::size_t h0 = request_line.size() + 2;

std::string request_with(std::initializer_list<std::string_view> headers,
                         std::string_view body = {}) {
    std::string out(request_line);
    out += "\r\n";
    for (const std::string_view h : headers) {
        out += h;
        out += "\r\n";
    }
    out += "\r\n";
    out += body;
    return out;
}

sipkit::message_view parse_ok(std::string_view bytes, const sipkit::parse_limits& limits = {}) {
    auto r = parse_message(bytes, limits);
    if (!r)
        FAIL("parse failed: " << r.error().name() << " at offset " << r.error().offset);
    return *r;
}

sipkit::message_view parse_ok(const char* bytes, const sipkit::parse_limits& limits = {}) {
    return parse_ok(std::string_view(bytes), limits);
}

// For a temporary buffer: keeps it alive for the rest of the run, since the view borrows it.
sipkit::message_view parse_ok(std::string&& bytes, const sipkit::parse_limits& limits = {}) {
    static std::deque<std::string> kept;
    kept.push_back(std::move(bytes));
    return parse_ok(std::string_view(kept.back()), limits);
}

sipkit::error parse_error(std::string_view bytes, const sipkit::parse_limits& limits = {}) {
    auto r = parse_message(bytes, limits);
    if (r)
        FAIL("parse succeeded where an error was expected");
    return r.error();
}

using sipkit_test::elements;
using sipkit_test::values;

using strings = std::vector<std::string>;

using sipkit_test::lower;
using sipkit_test::upper;

} // namespace

// ==== Start line ===========================================================================

TEST_CASE("RFC 3261 §7.1 Request-Line = Method SP Request-URI SP SIP-Version CRLF") {
    const std::string m =
        msg({"INVITE sip:bob@biloxi.example.com;transport=tcp SIP/2.0", "Max-Forwards: 70"});
    const auto v = parse_ok(m);
    CHECK(v.kind() == sipkit::message_kind::request);
    CHECK(v.is_request());
    CHECK_FALSE(v.is_response());
    CHECK(v.method() == "INVITE");
    CHECK(v.request_uri() == "sip:bob@biloxi.example.com;transport=tcp");
    CHECK(v.version() == "SIP/2.0");
    CHECK(v.is_sip_2_0());
    CHECK(v.start_line() == "INVITE sip:bob@biloxi.example.com;transport=tcp SIP/2.0");
    CHECK(v.status_code() == 0);
    CHECK(v.offset() == 0);
    CHECK(v.header_count() == 1);
    CHECK(v.bytes() == m);
    CHECK(v.body().empty());
    // Every view points into the parsed buffer: zero copy.
    CHECK(v.method().data() == m.data());
    CHECK(v.request_uri().data() == m.data() + 7);
}

TEST_CASE("RFC 3261 §7.2 Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF") {
    const std::string m = msg({"SIP/2.0 486 Busy Here", "Content-Length: 0"});
    const auto v = parse_ok(m);
    CHECK(v.kind() == sipkit::message_kind::response);
    CHECK(v.is_response());
    CHECK_FALSE(v.is_request());
    CHECK(v.version() == "SIP/2.0");
    CHECK(v.is_sip_2_0());
    CHECK(v.status_code() == 486);
    CHECK(v.reason_phrase() == "Busy Here");
    CHECK(v.method().empty());
    CHECK(v.start_line() == "SIP/2.0 486 Busy Here");
    CHECK(v.content_length() == 0u);
}

TEST_CASE(
    "RFC 3261 §25.1 SIP-Version: the literal \"SIP\" is case-insensitive, so sip/2.0 is SIP/2.0") {
    const auto req = parse_ok(msg({"INVITE sip:a@example.com sip/2.0"}));
    CHECK(req.version() == "sip/2.0"); // as written
    CHECK(req.is_sip_2_0());
    const auto req2 = parse_ok(msg({"INVITE sip:a@example.com Sip/2.0"}));
    CHECK(req2.is_sip_2_0());
    const auto resp = parse_ok(msg({"sip/2.0 200 OK"}));
    CHECK(resp.is_response());
    CHECK(resp.status_code() == 200);
    CHECK(resp.is_sip_2_0());
}

TEST_CASE("RFC 3261 §25.1 SIP-Version = \"SIP\" \"/\" 1*DIGIT \".\" 1*DIGIT: other versions parse, "
          "is_sip_2_0() is false") {
    // RFC 4475 §3.1.2.16: an RFC 3261 element answers 505; that is the layer above's decision.
    const auto v7 = parse_ok(msg({"OPTIONS sip:t.watson@example.org SIP/7.0"}));
    CHECK(v7.version() == "SIP/7.0");
    CHECK_FALSE(v7.is_sip_2_0());
    const auto v1234 = parse_ok(msg({"OPTIONS sip:a@example.org SIP/12.34"}));
    CHECK(v1234.version() == "SIP/12.34");
    CHECK_FALSE(v1234.is_sip_2_0());
    const auto resp = parse_ok(msg({"SIP/3.0 200 OK"}));
    CHECK(resp.status_code() == 200);
    CHECK_FALSE(resp.is_sip_2_0());
    CHECK_FALSE(parse_ok(msg({"SIP/2.00 200 OK"})).is_sip_2_0());
}

TEST_CASE("RFC 3261 §25.1 SIP-Version: a malformed version in a Request-Line is version_invalid at "
          "the version") {
    for (const std::string_view bad :
         {"SIP/2", "SIP/2.", "SIP/.0", "SIP2.0", "HTTP/1.1", "SIP-2.0", "", "S"}) {
        const std::string m = msg({"OPTIONS sip:a@example.org "s + std::string(bad)});
        INFO(m);
        CHECK(parse_error(m) == sipkit::error{errc::version_invalid, 26});
    }
    // Text after a well-formed version is not part of it: the line is malformed after it.
    CHECK(parse_error(msg({"OPTIONS sip:a@example.org SIP/2.0x"})) ==
          sipkit::error{errc::start_line_invalid, 33});
}

TEST_CASE("RFC 3261 §7.2 Status-Code: every code from 100 to 699 is accepted") {
    for (int code = 100; code <= 699; ++code) {
        const std::string m = msg({"SIP/2.0 " + std::to_string(code) + " Reason"});
        const auto r = parse_message(m);
        INFO(code);
        REQUIRE(r);
        CHECK(r->status_code() == code);
        CHECK(r->reason_phrase() == "Reason");
    }
}

TEST_CASE("RFC 3261 §7.2 Status-Code = 3DIGIT from 100 to 699: anything else is "
          "status_code_invalid at the code") {
    // RFC 4475 §3.1.2.19 (bigcode) sends 4294967301.
    for (const std::string_view bad :
         {"099", "000", "700", "999", "1000", "20", "2", "2x0", "abc", "4294967301", "-200", ""}) {
        const std::string m = msg({"SIP/2.0 "s + std::string(bad) + " Reason"});
        INFO(m);
        CHECK(parse_error(m) == sipkit::error{errc::status_code_invalid, 8});
    }
    CHECK(parse_error(msg({"SIP/2.0  200 OK"})) ==
          sipkit::error{errc::status_code_invalid, 8}); // two SPs
    CHECK(parse_error(msg({"SIP/2.0 100OK"})) ==
          sipkit::error{errc::status_code_invalid, 8}); // no SP before the phrase
    CHECK(parse_error(msg({"SIP/2.0"})) ==
          sipkit::error{errc::version_invalid, 7}); // nothing after the version
}

TEST_CASE("RFC 3261 §7.2 Reason-Phrase may be empty: \"SIP/2.0 100\" SP CRLF") {
    const auto v = parse_ok(msg({"SIP/2.0 100 ", "Content-Length: 0"}));
    CHECK(v.status_code() == 100);
    CHECK(v.reason_phrase().empty());
    CHECK(v.start_line() == "SIP/2.0 100 ");
}

TEST_CASE("RFC 3261 §7.2 Status-Line without the SP after the code is accepted with an empty "
          "phrase (lenient choice)") {
    // The ABNF requires the SP (RFC 4475 §3.1.1.13 says its absence "could be rejected").
    // sipkit accepts "SIP/2.0 100" CRLF, as the major stacks do, and reports an empty phrase.
    const auto v = parse_ok(msg({"SIP/2.0 100", "Content-Length: 0"}));
    CHECK(v.status_code() == 100);
    CHECK(v.reason_phrase().empty());
    CHECK(v.start_line() == "SIP/2.0 100");
}

TEST_CASE("RFC 3261 §25.1 Reason-Phrase admits UTF-8, punctuation, SP and HTAB, kept byte-exact") {
    constexpr std::string_view phrase =
        "= 2**3 * 5**2 \xD0\xBD\xD0\xBE \xD1\x81\xD1\x82\xD0\xBE "
        "\xD0\xB4\xD0\xB5\xD0\xB2\xD1\x8F\xD0\xBD\xD0\xBE\xD1\x81\xD1\x82\xD0\xBE "
        "\xD0\xB4\xD0\xB5\xD0\xB2\xD1\x8F\xD1\x82\xD1\x8C - "
        "\xD0\xBF\xD1\x80\xD0\xBE\xD1\x81\xD1\x82\xD0\xBE\xD0\xB5";
    // Appended, not "..."s + std::string(phrase): g++ 12 -O2 misreads that temporary's buffer
    // (a false -Warray-bounds).
    std::string status_line = "SIP/2.0 200 ";
    status_line += phrase;
    const std::string m = msg({status_line});
    const auto v = parse_ok(m);
    CHECK(v.reason_phrase() == phrase);
    CHECK(parse_ok(msg({"SIP/2.0 200 O\tK"})).reason_phrase() == "O\tK");
    CHECK(parse_ok(msg({"SIP/2.0 200 trying -- your call is important to us"})).reason_phrase() ==
          "trying -- your call is important to us");
}

TEST_CASE(
    "RFC 3261 §25.1 Reason-Phrase excludes control characters: reason_phrase_invalid at the CTL") {
    CHECK(parse_error(msg({"SIP/2.0 200 O\x01K"})) ==
          sipkit::error{errc::reason_phrase_invalid, 13});
    CHECK(parse_error(msg({"SIP/2.0 200 OK\x7f"})) ==
          sipkit::error{errc::reason_phrase_invalid, 14});
    CHECK(parse_error(msg({"SIP/2.0 200 O\rK"})) == sipkit::error{errc::reason_phrase_invalid, 13});
    CHECK(parse_error(msg({"SIP/2.0 200 \x1b[31mred"})) ==
          sipkit::error{errc::reason_phrase_invalid, 12});
    const std::string nul = msg({std::string("SIP/2.0 200 O\0K", 15)});
    CHECK(parse_error(nul) == sipkit::error{errc::reason_phrase_invalid, 13});
}

TEST_CASE(
    "RFC 3261 §25.1 Method = INVITEm / ... / extension-method (token): any token is a method") {
    for (const std::string_view method :
         {"INVITE", "ACK", "OPTIONS", "BYE", "CANCEL", "REGISTER", "NEWMETHOD", "invite",
          "!interesting-Method0123456789_*+`.%indeed'~", "RE%47IST%45R"}) {
        const std::string m = msg({std::string(method) + " sip:a@example.com SIP/2.0"});
        INFO(m);
        const auto v = parse_ok(m);
        CHECK(v.method() == method); // case kept: methods are case-sensitive (§7.1)
    }
}

TEST_CASE("RFC 3261 §25.1 Method: a non-token octet in the method is method_invalid at it") {
    CHECK(parse_error(msg({"INV{TE sip:a@example.com SIP/2.0"})) ==
          sipkit::error{errc::method_invalid, 3});
    CHECK(parse_error(msg({"INVITE\tsip:a@example.com SIP/2.0"})) ==
          sipkit::error{errc::method_invalid, 6});
    CHECK(parse_error(msg({"INVITE"})) == sipkit::error{errc::method_invalid, 6});
    CHECK(parse_error(msg({"HTTP/1.1 200 OK"})) == sipkit::error{errc::method_invalid, 4});
    // No method at all: the line is neither a Request-Line nor a Status-Line.
    CHECK(parse_error(msg({" INVITE sip:a@example.com SIP/2.0"})) ==
          sipkit::error{errc::start_line_invalid, 0});
    CHECK(parse_error(msg({"<html>"})) == sipkit::error{errc::start_line_invalid, 0});
}

TEST_CASE("RFC 3261 §25.1 Request-URI: SIP, SIPS and any absoluteURI scheme") {
    for (const std::string_view uri :
         {"sip:alice@atlanta.example.com", "sips:bob@biloxi.example.com:5061",
          "sip:[2001:db8::10]:5060;transport=tcp", "tel:+1-555-0100",
          "nobodyKnowsThisScheme:totallyopaquecontent", "soap.beep://192.0.2.103:3002",
          "sip:user;par=u%40example.net@example.com",
          "sip:vivekg@chair-dnrc.example.com?Route=%3Csip:example.com%3E"}) {
        const std::string m = msg({"INVITE " + std::string(uri) + " SIP/2.0"});
        INFO(m);
        CHECK(parse_ok(m).request_uri() == uri);
    }
}

TEST_CASE("RFC 4475 §3.1.2.7 a Request-URI enclosed in <> is request_uri_invalid") {
    CHECK(parse_error(msg({"INVITE <sip:user@example.com> SIP/2.0"})) ==
          sipkit::error{errc::request_uri_invalid, 7});
    // A ">" or DQUOTE inside a URI is not URI text either: the URI stops there, not at SP.
    CHECK(parse_error(msg({"INVITE sip:user@example.com> SIP/2.0"})) ==
          sipkit::error{errc::request_uri_invalid, 27});
    CHECK(parse_error(msg({"INVITE sip:\"user\"@example.com SIP/2.0"})) ==
          sipkit::error{errc::request_uri_invalid, 11});
}

TEST_CASE("RFC 3261 §7.1 a Request-URI is not a bare address: a scheme and colon are required") {
    CHECK(parse_error(msg({"INVITE alice@example.com SIP/2.0"})) ==
          sipkit::error{errc::request_uri_invalid, 7});
    CHECK(parse_error(msg({"INVITE 1sip:a SIP/2.0"})) ==
          sipkit::error{errc::request_uri_invalid, 7});
    CHECK(parse_error(msg({"INVITE SIP/2.0"})) == sipkit::error{errc::request_uri_invalid, 7});
    CHECK(parse_error(msg({"INVITE sip:\xC3\xA9@example.com SIP/2.0"})) ==
          sipkit::error{errc::request_uri_invalid, 11});
}

TEST_CASE("RFC 4475 §3.1.2.9 two SPs between Request-Line elements are request_uri_invalid") {
    CHECK(parse_error(msg({"INVITE  sip:user@example.com SIP/2.0"})) ==
          sipkit::error{errc::request_uri_invalid, 7});
    CHECK(parse_error(msg({"INVITE sip:user@example.com  SIP/2.0"})) ==
          sipkit::error{errc::version_invalid, 28});
}

TEST_CASE("RFC 4475 §3.1.2.10 SP after SIP-Version ending the Request-Line is start_line_invalid") {
    CHECK(parse_error(msg({"OPTIONS sip:user@example.com SIP/2.0  "})) ==
          sipkit::error{errc::start_line_invalid, 36});
    CHECK(parse_error(msg({"OPTIONS sip:user@example.com SIP/2.0\t"})) ==
          sipkit::error{errc::start_line_invalid, 36});
}

TEST_CASE("RFC 4475 §3.1.2.8 LWS inside the Request-URI leaves the rest where SIP-Version belongs: "
          "version_invalid") {
    CHECK(parse_error(msg({"INVITE sip:user@example.com; lr SIP/2.0"})) ==
          sipkit::error{errc::version_invalid, 29});
}

TEST_CASE("RFC 3261 §7.5 CRLFs before the start line are ignored; offsets stay absolute") {
    const std::string m = "\r\n\r\n" + msg({"OPTIONS sip:a@example.com SIP/2.0", "Subject: x"});
    const auto v = parse_ok(m);
    CHECK(v.offset() == 4);
    CHECK(v.method() == "OPTIONS");
    CHECK(v.bytes() == std::string_view(m).substr(4));
    CHECK(v.header(0).offset == 4 + 35);

    const std::string lf = "\n\n" + msg({"OPTIONS sip:a@example.com SIP/2.0"});
    CHECK(parse_ok(lf).offset() == 2);

    const std::string bad = "\r\n" + msg({"OPTIONS sip:a@example.com SIP/2.0", "Bad Header"});
    CHECK(parse_error(bad) == sipkit::error{errc::header_colon_missing, 2 + 35 + 4});
}

TEST_CASE("an input with no start line is empty_message: empty, or only CRLFs") {
    CHECK(parse_error("") == sipkit::error{errc::empty_message, 0});
    CHECK(parse_error("\r\n") == sipkit::error{errc::empty_message, 2});
    CHECK(parse_error("\r\n\r\n\n") == sipkit::error{errc::empty_message, 5});
}

TEST_CASE("bare LF line ends are accepted wherever CRLF is (lenient, as the major stacks)") {
    const std::string m =
        "INVITE sip:a@example.com SIP/2.0\nVia: SIP/2.0/UDP h\nSubject: a\n b\nl: 2\n\nhi";
    const auto v = parse_ok(m);
    CHECK(v.method() == "INVITE");
    CHECK(v.version() == "SIP/2.0");
    CHECK(v.header_count() == 3);
    CHECK(v.find(header_id::via)->value == "SIP/2.0/UDP h");
    CHECK(v.find(header_id::subject)->value == "a\n b");
    CHECK(v.find(header_id::subject)->folded);
    CHECK(v.body() == "hi");
    // Mixed: CRLF and LF in one message.
    const auto mixed = parse_ok("SIP/2.0 200 OK\r\nVia: x\nTo: y\r\n\nbody");
    CHECK(mixed.reason_phrase() == "OK");
    CHECK(mixed.header_count() == 2);
    CHECK(mixed.body() == "body");
}

TEST_CASE("RFC 3261 §7.3.1 a start line cannot be folded: a line starting with WSP after it is "
          "header_name_invalid") {
    CHECK(parse_error("OPTIONS sip:a@example.com SIP/2.0\r\n Via: x\r\n\r\n") ==
          sipkit::error{errc::header_name_invalid, 35});
}

TEST_CASE("RFC 3261 §7 a message whose header section has no empty line is headers_incomplete") {
    CHECK(parse_error("OPTIONS sip:a@example.com SIP/2.0") ==
          sipkit::error{errc::headers_incomplete, 0});
    CHECK(parse_error("OPTIONS sip:a@example.com SIP/2.0\r\n") ==
          sipkit::error{errc::headers_incomplete, 35});
    CHECK(parse_error("OPTIONS sip:a@example.com SIP/2.0\r\nVia: x\r\n") ==
          sipkit::error{errc::headers_incomplete, 43});
    // The last line has no line break at all: the error points at its header.
    CHECK(parse_error("OPTIONS sip:a@example.com SIP/2.0\r\nVia: x") ==
          sipkit::error{errc::headers_incomplete, 35});
    CHECK(parse_error("OPTIONS sip:a@example.com SIP/2.0\r\nVia: x\r\n ") ==
          sipkit::error{errc::headers_incomplete, 35});
}

// ==== Header fields ========================================================================

TEST_CASE("RFC 3261 §7.3.1 header names are case-insensitive: every known name in lower, UPPER and "
          "as written") {
    for (std::size_t i = 1; i < sipkit::header_id_count; ++i) {
        const auto id = static_cast<header_id>(i);
        const std::string name(sipkit::canonical_name(id));
        for (const std::string& written : {name, lower(name), upper(name)}) {
            const std::string m = request_with({written + ": 0"});
            INFO(m);
            const auto v = parse_ok(m);
            REQUIRE(v.header_count() == 1);
            CHECK(v.header(0).id == id);
            CHECK(v.header(0).name == written); // the name as on the wire
            CHECK(v.header(0).canonical_name() == name);
            CHECK(v.contains(id));
            CHECK(v.find(name)->name == written);
        }
    }
}

TEST_CASE("RFC 3261 §7.3.1 known names match exactly: near misses are unknown headers or errors, "
          "never known ones") {
    // A long tail keeps every header line far from the end of the buffer.
    const auto with = [](const std::string& line) {
        return request_with({line, "Via: padding-padding-padding-padding-padding-padding"});
    };
    CHECK(parse_ok(with("Call_ID: x")).header(0).id == header_id::other);
    CHECK(parse_ok(with("Call-IDs: x")).header(0).id == header_id::other);
    CHECK(parse_ok(with("Vias: x")).header(0).id == header_id::other);
    CHECK(parse_ok(with("CALL-id: x")).header(0).id == header_id::call_id);
    CHECK(parse_ok(with("Call-ID\t: x")).header(0).id == header_id::call_id);
    // Octets that only differ from a name's in bit 0x20 are not letters of it.
    CHECK(parse_error(with("Call\rID: x")).code == errc::header_colon_missing); // CR | 0x20 is "-"
    CHECK(parse_error(with("Via\x01: x")) == sipkit::error{errc::header_name_invalid, h0 + 3});
    CHECK(parse_error(with("Vi\xC1: x")) == sipkit::error{errc::header_name_invalid, h0 + 2});
    CHECK(parse_error(with(std::string("Content-Length\0: 5", 18))) ==
          sipkit::error{errc::header_name_invalid, h0 + 14});
    CHECK(parse_error(with("Call ID: x")) == sipkit::error{errc::header_colon_missing, h0 + 5});
}

TEST_CASE("RFC 3261 §7.3.3 every compact form in a message maps to its long header") {
    const std::string m = request_with({"a: *;audio",
                                        "b: <sip:r@example.com>",
                                        "c: application/sdp",
                                        "d: proxy",
                                        "e: gzip",
                                        "f: <sip:f@example.com>;tag=1",
                                        "i: abc@example.com",
                                        "j: *;video",
                                        "k: 100rel",
                                        "m: <sip:m@example.com>",
                                        "n: <https://example.com/cert>",
                                        "o: presence",
                                        "r: <sip:x@example.com>",
                                        "s: hi",
                                        "t: <sip:t@example.com>",
                                        "u: dialog",
                                        "v: SIP/2.0/UDP h",
                                        "x: 1800",
                                        "y: token",
                                        "L: 0"});
    const auto v = parse_ok(m);
    const header_id expected[] = {header_id::accept_contact,
                                  header_id::referred_by,
                                  header_id::content_type,
                                  header_id::request_disposition,
                                  header_id::content_encoding,
                                  header_id::from,
                                  header_id::call_id,
                                  header_id::reject_contact,
                                  header_id::supported,
                                  header_id::contact,
                                  header_id::identity_info,
                                  header_id::event,
                                  header_id::refer_to,
                                  header_id::subject,
                                  header_id::to,
                                  header_id::allow_events,
                                  header_id::via,
                                  header_id::session_expires,
                                  header_id::identity,
                                  header_id::content_length};
    REQUIRE(v.header_count() == std::size(expected));
    for (std::size_t i = 0; i < v.header_count(); ++i) {
        INFO(v.header(i).name);
        CHECK(v.header(i).id == expected[i]);
        CHECK(v.header(i).canonical_name() == sipkit::canonical_name(expected[i]));
        CHECK(v.header(i).name.size() == 1);
    }
    CHECK(v.content_length() == 0u); // "L" frames the body like Content-Length
}

TEST_CASE(
    "RFC 3261 §7.3.1 folding: the value keeps its folds, `folded` is set, the ends are trimmed") {
    // RFC 3261 §7.3.1's own example.
    const std::string m =
        request_with({"Subject: I know you're there,", "               pick up the phone   ",
                      "               and talk to me!   ", "Via: SIP/2.0/UDP h"});
    const auto v = parse_ok(m);
    REQUIRE(v.header_count() == 2);
    const auto subject = v.header(0);
    CHECK(subject.id == header_id::subject);
    CHECK(subject.folded);
    CHECK(subject.value == "I know you're there,\r\n               pick up the phone   \r\n        "
                           "       and talk to me!");
    CHECK_FALSE(v.header(1).folded);
    CHECK(v.header(1).value == "SIP/2.0/UDP h");

    // A fold may use HTAB, and a folded line may hold only whitespace.
    const auto tab = parse_ok(request_with({"Subject: a", "\tb", "   ", " c"}));
    CHECK(tab.header(0).value == "a\r\n\tb\r\n   \r\n c");
    CHECK(tab.header(0).folded);

    // A fold right after the colon is SWS: the value starts after it, unfolded.
    const auto leading = parse_ok(request_with({"Subject:", "  value"}));
    CHECK(leading.header(0).value == "value");
}

TEST_CASE(
    "RFC 3261 §7.3.1 HCOLON = *(SP / HTAB) \":\" SWS: whitespace before and after the colon") {
    const std::string m =
        request_with({"Subject : x", "Subject\t:\ty ", "Subject   :    z\t", "Max-Forwards:70"});
    const auto v = parse_ok(m);
    REQUIRE(v.header_count() == 4);
    CHECK(v.header(0).name == "Subject");
    CHECK(v.header(0).value == "x");
    CHECK(v.header(1).name == "Subject");
    CHECK(v.header(1).value == "y");
    CHECK(v.header(2).value == "z");
    CHECK(v.header(3).value == "70");
    CHECK(v.header(3).id == header_id::max_forwards);
}

TEST_CASE("RFC 3261 §7.3.1 empty header values: \"Subject:\" and \"Subject:   \"") {
    const auto v = parse_ok(request_with({"Subject:", "Subject:   ", "Subject: \t ", "Via: x"}));
    REQUIRE(v.header_count() == 4);
    for (std::size_t i = 0; i < 3; ++i) {
        INFO(i);
        CHECK(v.header(i).id == header_id::subject);
        CHECK(v.header(i).value.empty());
        CHECK_FALSE(v.header(i).folded);
    }
    CHECK(v.header(3).value == "x");
    CHECK(v.all(header_id::subject).size() == 3);
}

TEST_CASE("RFC 3261 §7.3.1 a header line without a colon is header_colon_missing at where the "
          "colon should be") {
    //                                    0123456789
    CHECK(parse_error(request_with({"Subject x"})) ==
          sipkit::error{errc::header_colon_missing, h0 + 8});
    CHECK(parse_error(request_with({"Subject"})) ==
          sipkit::error{errc::header_colon_missing, h0 + 7});
    CHECK(parse_error(request_with({"Via: a", "Subject  "})) ==
          sipkit::error{errc::header_colon_missing, h0 + 8 + 9});
    // A fold cannot stand between name and colon.
    CHECK(parse_error(request_with({"Subject", " : x"})) ==
          sipkit::error{errc::header_colon_missing, h0 + 7});
}

TEST_CASE("RFC 3261 §7.3.1 header-name = token: a non-token octet is header_name_invalid at it") {
    CHECK(parse_error(request_with({"Sub{ject: x"})) ==
          sipkit::error{errc::header_name_invalid, h0 + 3});
    CHECK(parse_error(request_with({"Sub ject: x"})) ==
          sipkit::error{errc::header_colon_missing, h0 + 4});
    CHECK(parse_error(request_with({": x"})) == sipkit::error{errc::header_name_invalid, h0});
    CHECK(parse_error(request_with({"X-\xC3\xA9: x"})) ==
          sipkit::error{errc::header_name_invalid, h0 + 2});
    CHECK(parse_error(request_with({"Via: a", "@: x"})) ==
          sipkit::error{errc::header_name_invalid, h0 + 8});
    CHECK(parse_error(request_with({"Via: a", "\x01Via: x"})) ==
          sipkit::error{errc::header_name_invalid, h0 + 8});
    // "%" is a token character: C%6Fntact is an extension header, not Contact (RFC 4475 §3.1.1.5).
    const auto v = parse_ok(request_with({"C%6Fntact: <sip:x@example.com>"}));
    CHECK(v.header(0).id == header_id::other);
    CHECK_FALSE(v.contains(header_id::contact));
}

TEST_CASE("RFC 3261 §7.3.1 header order, including duplicates, is kept; offsets locate each line") {
    const std::string m =
        request_with({"Via: SIP/2.0/UDP first", "To: <sip:a@example.com>", "v: SIP/2.0/TCP second",
                      "Route: <sip:r1>", "VIA: SIP/2.0/TLS third", "Route: <sip:r2>"});
    const auto v = parse_ok(m);
    REQUIRE(v.header_count() == 6);
    const std::string_view names[] = {"Via", "To", "v", "Route", "VIA", "Route"};
    for (std::size_t i = 0; i < 6; ++i) {
        const auto h = v.header(i);
        INFO(i);
        CHECK(h.name == names[i]);
        CHECK(m.compare(h.offset, h.name.size(), h.name) == 0);
        CHECK(h.name.data() == m.data() + h.offset);
    }
    strings in_order;
    for (const sipkit::header_field h : v.headers())
        in_order.emplace_back(h.name);
    CHECK(in_order == strings{"Via", "To", "v", "Route", "VIA", "Route"});
    CHECK(v.headers().size() == 6);
    CHECK(values(v.all(header_id::via)) ==
          strings{"SIP/2.0/UDP first", "SIP/2.0/TCP second", "SIP/2.0/TLS third"});
    CHECK(values(v.all(header_id::route)) == strings{"<sip:r1>", "<sip:r2>"});
}

TEST_CASE("all() and find() by header_id, by long name and by compact name find both forms") {
    const auto v = parse_ok(request_with(
        {"Via: one", "v: two", "f: <sip:f@example.com>", "From: <sip:g@example.com>"}));
    for (const auto& range : {v.all(header_id::via), v.all("Via"), v.all("v"), v.all("V"),
                              v.all("via"), v.all("VIA")}) {
        CHECK(values(range) == strings{"one", "two"});
        CHECK(range.size() == 2);
        CHECK_FALSE(range.empty());
    }
    CHECK(v.find(header_id::via)->value == "one");
    CHECK(v.find("v")->value == "one");
    CHECK(v.find("Via")->name == "Via");
    CHECK(v.find("FROM")->value == "<sip:f@example.com>");
    CHECK(v.find(header_id::from)->name == "f");
    CHECK(v.contains("f"));
    CHECK(v.contains(header_id::from));
}

TEST_CASE("all() and find() on an absent header are empty and nullopt") {
    const auto v = parse_ok(request_with({"Via: one"}));
    CHECK(v.all(header_id::contact).empty());
    CHECK(v.all(header_id::contact).size() == 0);
    CHECK(v.all(header_id::contact).begin() == v.all(header_id::contact).end());
    CHECK_FALSE(v.find(header_id::contact).has_value());
    CHECK_FALSE(v.find("m").has_value());
    CHECK_FALSE(v.find("X-Nothing").has_value());
    CHECK_FALSE(v.contains("X-Nothing"));
    CHECK(v.all("X-Nothing").empty());
    const auto none = parse_ok(request_with({}));
    CHECK(none.header_count() == 0);
    CHECK(none.headers().empty());
    CHECK(none.headers().begin() == none.headers().end());
}

TEST_CASE("RFC 3261 §7.3.1 unknown headers are found by name, case-insensitively, and stay raw") {
    const auto v = parse_ok(request_with({"X-Custom: 1", "Via: a", "x-CUSTOM: 2", "X-Other: 3",
                                          "UnknownHeaderWithUnusualValue: ;;,,;;,;"}));
    for (const std::string_view name : {"X-Custom", "x-custom", "X-CUSTOM", "x-CuStOm"}) {
        INFO(name);
        CHECK(values(v.all(name)) == strings{"1", "2"});
        CHECK(v.find(name)->name == "X-Custom");
        CHECK(v.contains(name));
    }
    CHECK(values(v.all("X-Other")) == strings{"3"});
    CHECK(values(v.all("X-Custo")).empty());
    CHECK(v.find("unknownheaderwithunusualvalue")->value == ";;,,;;,;");
    CHECK(v.find("UnknownHeaderWithUnusualValue")->id == header_id::other);
    CHECK(v.find("UnknownHeaderWithUnusualValue")->canonical_name() ==
          "UnknownHeaderWithUnusualValue");
    // all(header_id::other) lists every unknown header, whatever its name.
    CHECK(v.all(header_id::other).size() == 4);
}

TEST_CASE("header_range iterators are forward iterators: post-increment and repeated passes") {
    const auto v = parse_ok(request_with({"Route: a", "Via: x", "Route: b", "Route: c"}));
    const auto routes = v.all(header_id::route);
    auto it = routes.begin();
    const auto first = it++;
    CHECK((*first).value == "a");
    CHECK((*it).value == "b");
    ++it;
    CHECK((*it).value == "c");
    ++it;
    CHECK(it == routes.end());
    CHECK(values(routes) == values(routes)); // a second pass sees the same
}

// ---- comma_values -------------------------------------------------------------------------

TEST_CASE(
    "RFC 3261 §7.3.1 comma-separated header values split at top-level commas, elements trimmed") {
    const auto v = parse_ok(request_with(
        {"Route: <sip:r1@example.com;lr>,<sip:r2@example.com;lr> , <sip:r3@example.com>",
         "Via: SIP/2.0/UDP a;branch=z9hG4bK1,", " SIP/2.0/UDP b;branch=z9hG4bK2"}));
    CHECK(elements(v.find(header_id::route)->value) ==
          strings{"<sip:r1@example.com;lr>", "<sip:r2@example.com;lr>", "<sip:r3@example.com>"});
    CHECK(elements(v.find(header_id::via)->value) ==
          strings{"SIP/2.0/UDP a;branch=z9hG4bK1", "SIP/2.0/UDP b;branch=z9hG4bK2"});
    CHECK(elements("a, b ,c") == strings{"a", "b", "c"});
    CHECK(elements("single") == strings{"single"});
}

TEST_CASE("RFC 3261 §7.3.1 commas inside quoted strings, <> and comments do not split") {
    CHECK(elements(R"("Smith, John" <sip:j@example.com>, "Doe, Jane" <sip:d@example.com>)") ==
          strings{R"("Smith, John" <sip:j@example.com>)", R"("Doe, Jane" <sip:d@example.com>)"});
    CHECK(elements("<sip:x@example.com;a=1,2>, <sip:y@example.com?h=a,b>") ==
          strings{"<sip:x@example.com;a=1,2>", "<sip:y@example.com?h=a,b>"});
    CHECK(elements(R"("a\",b", c)") ==
          strings{R"("a\",b")", "c"}); // an escaped quote does not close
    CHECK(elements(R"("a\\", b)") ==
          strings{R"("a\\")", "b"}); // an escaped backslash does not escape
    CHECK(elements("Foo/1.0 (Linux, x86), Bar/2.0") == strings{"Foo/1.0 (Linux, x86)", "Bar/2.0"});
}

TEST_CASE("RFC 3261 §7.3.1 comma_values keeps empty elements; an empty value has none") {
    CHECK(elements("a,,b") == strings{"a", "", "b"});
    CHECK(elements("a,") == strings{"a", ""});
    CHECK(elements(",a") == strings{"", "a"});
    CHECK(elements(" , ") == strings{"", ""});
    CHECK(elements(";;,;,,") == strings{";;", ";", "", ""}); // RFC 4475 badinv01's Via
    CHECK(elements("").empty());
    CHECK(elements("   ").empty());
    CHECK(elements("a,\r\n b") == strings{"a", "b"}); // a fold around the comma is trimmed
    // An unterminated quote runs to the end of the value.
    CHECK(elements(R"("open, x)") == strings{R"("open, x)"});
}

// ==== Content-Length and body framing ======================================================

TEST_CASE("RFC 3261 §20.14 Content-Length frames the body, in either form, with leading zeros") {
    const auto v = parse_ok(request_with({"Content-Length: 5"}, "hello"));
    CHECK(v.content_length() == 5u);
    CHECK(v.body() == "hello");
    CHECK(parse_ok(request_with({"l: 5"}, "hello")).body() == "hello");
    CHECK(parse_ok(request_with({"content-length:   0005  "}, "hello")).content_length() == 5u);
    CHECK(parse_ok(request_with({"Content-Length: 0000"})).content_length() == 0u);
    const auto zero = parse_ok(request_with({"Content-Length: 0"}));
    CHECK(zero.content_length() == 0u);
    CHECK(zero.body().empty());
}

TEST_CASE("RFC 3261 §18.3 datagram without Content-Length: the body is the rest of the datagram") {
    const std::string m = request_with({"Via: x"}, "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n");
    const auto v = parse_ok(m);
    CHECK_FALSE(v.content_length().has_value());
    CHECK(v.body() == "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n");
    CHECK(v.bytes().size() == m.size());
    CHECK(parse_ok(request_with({"Via: x"})).body().empty());
}

TEST_CASE("RFC 3261 §18.3 octets after the Content-Length body in a datagram are ignored") {
    const std::string m =
        request_with({"Content-Length: 3"}, "abcNOISE\r\n\r\nINVITE sip:x SIP/2.0\r\n");
    const auto v = parse_ok(m);
    CHECK(v.body() == "abc");
    CHECK(v.bytes() == std::string_view(m).substr(0, m.find("NOISE")));
}

TEST_CASE(
    "RFC 3261 §18.3 a Content-Length larger than the datagram is body_truncated at the body") {
    const std::string m = request_with({"Content-Length: 9"}, "abc");
    CHECK(parse_error(m) == sipkit::error{errc::body_truncated, m.size() - 3});
    CHECK(parse_error(request_with({"l: 1"})).code == errc::body_truncated);
}

TEST_CASE("RFC 4475 §3.1.2.3 a negative Content-Length is content_length_negative at the value") {
    CHECK(parse_error(request_with({"Content-Length: -999"}, "x")) ==
          sipkit::error{errc::content_length_negative, h0 + 16});
    CHECK(parse_error(request_with({"l: -0"})) ==
          sipkit::error{errc::content_length_negative, h0 + 3});
}

TEST_CASE("RFC 3261 §20.14 Content-Length = 1*DIGIT: anything else is content_length_invalid at "
          "the value") {
    for (const std::string_view bad :
         {"abc", "1x", "+5", "1 2", "0x10", "5;x", "\xD9\xA5", "1.0"}) {
        const std::string m = request_with({"Content-Length: " + std::string(bad)});
        INFO(m);
        CHECK(parse_error(m) == sipkit::error{errc::content_length_invalid, h0 + 16});
    }
    const auto empty = parse_error(request_with({"Content-Length:"}));
    CHECK(empty.code == errc::content_length_invalid);
    CHECK(empty.offset >= h0 + 15); // an empty value sits at the end of its line
    CHECK(empty.offset <= h0 + 16);
    CHECK(parse_error(request_with({"Content-Length:   "})).code == errc::content_length_invalid);
}

TEST_CASE("RFC 4475 §3.3.9 Content-Length headers that disagree are content_length_conflict at the "
          "second") {
    const std::string m = request_with({"Content-Length: 3", "Via: x", "l: 5"}, "abcde");
    CHECK(parse_error(m) == sipkit::error{errc::content_length_conflict, h0 + 19 + 8 + 3});
}

TEST_CASE("repeated Content-Length headers that agree still frame the message") {
    const auto v =
        parse_ok(request_with({"Content-Length: 3", "l: 003", "content-length: 3"}, "abcXYZ"));
    CHECK(v.content_length() == 3u);
    CHECK(v.body() == "abc");
    CHECK(v.all(header_id::content_length).size() == 3);
}

TEST_CASE(
    "a Content-Length beyond max_message_size is content_length_too_large, never an overflow") {
    CHECK(parse_error(request_with({"Content-Length: 65536"})) ==
          sipkit::error{errc::content_length_too_large, h0 + 16});
    CHECK(parse_error(request_with({"Content-Length: 99999999999999999999999999"})).code ==
          errc::content_length_too_large);
    CHECK(parse_error(request_with({"Content-Length: 18446744073709551617"})).code ==
          errc::content_length_too_large);
}

TEST_CASE(
    "RFC 4475 §3.1.1.11 a body with NUL octets and line breaks is framed by Content-Length only") {
    const std::string body("\0\r\n\r\n\0binary\n\n\xff\0", 16);
    const std::string m =
        request_with({"Content-Type: application/octet-stream", "Content-Length: 16"}, body);
    const auto v = parse_ok(m);
    CHECK(v.body() == body);
    CHECK(v.body().size() == 16);
    // And without Content-Length, in a datagram, to the end.
    CHECK(parse_ok(request_with({}, body)).body() == body);
}

// ==== Limits ===============================================================================

TEST_CASE("parse_limits::max_message_size: a larger message is message_too_large at its start") {
    const std::string m = request_with({"Content-Length: 3"}, "abc");
    sipkit::parse_limits limits;
    limits.max_message_size = m.size();
    CHECK(parse_ok(m, limits).body() == "abc");
    limits.max_message_size = m.size() - 1;
    CHECK(parse_error(m, limits) == sipkit::error{errc::message_too_large, 0});
    // Without Content-Length the datagram's rest counts.
    const std::string d = request_with({}, "0123456789");
    limits.max_message_size = d.size() - 1;
    CHECK(parse_error(d, limits) == sipkit::error{errc::message_too_large, 0});
    // After leading CRLFs, the offset is the start line's.
    CHECK(parse_error("\r\n" + d, limits) == sipkit::error{errc::message_too_large, 2});
    // Ignored trailing octets of a datagram do not count.
    limits.max_message_size = m.size();
    CHECK(parse_ok(m + "trailing octets", limits).bytes() == m);
}

TEST_CASE("parse_limits::max_header_count: one header more is too_many_headers at that header") {
    const std::string m = request_with({"Via: a", "Via: b", "Via: c"});
    sipkit::parse_limits limits;
    limits.max_header_count = 3;
    CHECK(parse_ok(m, limits).header_count() == 3);
    limits.max_header_count = 2;
    CHECK(parse_error(m, limits) == sipkit::error{errc::too_many_headers, h0 + 16});
    limits.max_header_count = 0;
    CHECK(parse_error(m, limits) == sipkit::error{errc::too_many_headers, h0});
}

TEST_CASE("the header count is capped at message_view::capacity whatever max_header_count says") {
    STATIC_REQUIRE(sipkit::message_view::capacity == 128);
    sipkit::parse_limits limits;
    limits.max_header_count = 100000;
    std::string full = "OPTIONS sip:a@example.com SIP/2.0\r\n";
    for (std::size_t i = 0; i < sipkit::message_view::capacity; ++i)
        full += "X-H: " + std::to_string(i) + "\r\n";
    const auto v = parse_ok(full + "\r\n", limits);
    CHECK(v.header_count() == 128);
    CHECK(v.header(127).value == "127");
    CHECK(v.all("x-h").size() == 128);

    const std::size_t extra_at = full.size();
    full += "X-H: one too many\r\n\r\n";
    CHECK(parse_error(full, limits) == sipkit::error{errc::too_many_headers, extra_at});
    CHECK(parse_error(full) ==
          sipkit::error{errc::too_many_headers, extra_at}); // the default is 128 too
}

TEST_CASE(
    "parse_limits::max_header_line_length: a longer line is header_line_too_long at the line") {
    sipkit::parse_limits limits;
    limits.max_header_line_length = 60;
    const std::string longest = "Subject: " + std::string(51, 'x'); // 60 octets
    CHECK(parse_ok(request_with({longest}), limits).header_count() == 1);
    const std::string m = request_with({"Via: a", longest + "x"}); // 61
    CHECK(parse_error(m, limits) == sipkit::error{errc::header_line_too_long, h0 + 8});
    // Each physical line of a folded field counts on its own.
    const auto folded = parse_ok(request_with({longest, " " + std::string(59, 'y')}), limits);
    CHECK(folded.header(0).folded);
    CHECK(folded.header(0).value.size() == 51 + 2 + 60);
    CHECK(parse_error(request_with({longest, " " + std::string(60, 'y')}), limits) ==
          sipkit::error{errc::header_line_too_long, h0 + 62});
    // The start line is a line too, also while it has no line break yet.
    limits.max_header_line_length = request_line.size() - 1;
    CHECK(parse_error(request_with({}), limits) == sipkit::error{errc::header_line_too_long, 0});
    CHECK(parse_error("OPTIONS sip:" + std::string(60, 'a'), limits) ==
          sipkit::error{errc::header_line_too_long, 0});
    CHECK(parse_error("\r\nOPTIONS sip:" + std::string(60, 'a'), limits) ==
          sipkit::error{errc::header_line_too_long, 2});
}

TEST_CASE(
    "parse_limits::max_header_line_length counts a line without its line break, CRLF or LF alike") {
    sipkit::parse_limits limits;
    limits.max_header_line_length = request_line.size();
    const std::string header = "Subject: " + std::string(request_line.size() - 9, 'x');
    REQUIRE(header.size() == request_line.size());
    // Appended, not std::string(request_line) + ...: g++ 12 -O2 misreads that temporary's
    // buffer (a false -Warray-bounds).
    std::string crlf(request_line);
    crlf.append("\r\n").append(header).append("\r\n\r\n");
    std::string lf(request_line);
    lf.append("\n").append(header).append("\n\n");
    CHECK(parse_message(crlf, limits));
    CHECK(parse_message(lf, limits));
    limits.max_header_line_length = request_line.size() - 1;
    CHECK(parse_error(crlf, limits) == sipkit::error{errc::header_line_too_long, 0});
    CHECK(parse_error(lf, limits) == sipkit::error{errc::header_line_too_long, 0});
}

TEST_CASE("parse_limits::max_header_value_length: a longer value, folds included, is "
          "header_value_too_long at the value") {
    sipkit::parse_limits limits;
    limits.max_header_value_length = 5;
    CHECK(parse_ok(request_with({"Subject: 12345   "}), limits).header(0).value == "12345");
    CHECK(parse_error(request_with({"Subject: 123456"}), limits) ==
          sipkit::error{errc::header_value_too_long, h0 + 9});
    CHECK(parse_error(request_with({"Subject: 12", " 34"}), limits) ==
          sipkit::error{errc::header_value_too_long, h0 + 9});
}

TEST_CASE(
    "a header name longer than a header slot can hold is an error, never silently truncated") {
    sipkit::parse_limits limits;
    limits.max_header_line_length = 1 << 20;
    limits.max_header_value_length = 1 << 20;
    limits.max_message_size = 1 << 21;
    const std::string name(70000, 'X');
    // header_slot keeps a name's length in 16 bits: a longer name is header_line_too_long.
    CHECK(parse_error(request_with({name + ": v"}), limits) ==
          sipkit::error{errc::header_line_too_long, h0});
    const std::string longest(0xffff, 'X');
    CHECK(parse_ok(request_with({longest + ": v"}), limits).header(0).name.size() == 0xffff);
    // And a long value is rejected rather than cut.
    const std::string long_value = request_with({"X: " + std::string(70000, 'v')});
    const auto value = parse_message(long_value, limits);
    REQUIRE_FALSE(value);
    CHECK(value.error().code == errc::header_value_too_long);
}

// ==== message_view as a value ==============================================================

TEST_CASE("a copied message_view equals the original and its views stay valid after the original "
          "is gone") {
    const std::string m = request_with({"Via: SIP/2.0/UDP h;branch=z9hG4bK1", "v: SIP/2.0/UDP g",
                                        "X-Custom: 1", "Subject: a,", " b", "Content-Length: 4"},
                                       "body");
    std::optional<sipkit::message_view> copy;
    sipkit::message_view assigned;
    {
        const auto original = parse_ok(m);
        copy.emplace(original);
        assigned = original;
        CHECK(sipkit::same_message(*copy, original));
        CHECK(sipkit::same_message(assigned, original));
    } // the original view is gone; the buffer m is not
    for (const sipkit::message_view* v : {&*copy, &assigned}) {
        CHECK(v->method() == "OPTIONS");
        CHECK(v->method().data() == m.data());
        CHECK(v->header_count() == 5);
        CHECK(values(v->all(header_id::via)) ==
              strings{"SIP/2.0/UDP h;branch=z9hG4bK1", "SIP/2.0/UDP g"});
        CHECK(v->find("x-custom")->value == "1");
        CHECK(v->find(header_id::subject)->folded);
        CHECK(v->body() == "body");
        CHECK(v->content_length() == 4u);
        CHECK(v->bytes() == m);
    }
    CHECK(sipkit::same_message(*copy, assigned));
    sipkit::message_view self = assigned;
    const sipkit::message_view& alias = self;
    self = alias; // self-assignment leaves it intact
    CHECK(sipkit::same_message(self, assigned));
}

TEST_CASE("a default-constructed message_view is an empty request with no headers") {
    const sipkit::message_view v;
    CHECK(v.header_count() == 0);
    CHECK(v.headers().empty());
    CHECK(v.bytes().empty());
    CHECK(v.body().empty());
    CHECK_FALSE(v.content_length().has_value());
    CHECK_FALSE(v.find(header_id::via).has_value());
    CHECK_FALSE(v.find("X-Any").has_value());
}

namespace {
template <class T>
concept parsable = requires(T&& bytes) {
    sipkit::parse_message(std::forward<T>(bytes));
};
} // namespace

TEST_CASE("parse_message refuses a temporary std::string, whose bytes the view would outlive") {
    // Compile-time: a dangling message_view is a compile error, not a use-after-free.
    STATIC_REQUIRE_FALSE(parsable<std::string>);
    STATIC_REQUIRE(parsable<std::string&>);
    STATIC_REQUIRE(parsable<const std::string&>);
    STATIC_REQUIRE(parsable<std::string_view>);
    STATIC_REQUIRE(parsable<const char*>);
}
