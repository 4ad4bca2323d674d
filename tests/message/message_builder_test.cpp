// message_builder (sipkit/message/message_builder.hpp): writing requests and responses
// (RFC 3261 §7, §8.1.1) and responses to a request (§8.2.6).
#include <sipkit/message/cseq.hpp>
#include <sipkit/message/message_builder.hpp>
#include <sipkit/message/parse_message.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include "../support/view_difference.hpp"
#include "message_generators.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using sipkit::errc;
using sipkit::header_id;
using sipkit::message;
using sipkit::message_builder;

namespace local {

// A tiny typed header of the test's own (RFC 3261 §20.22 Max-Forwards = 1*DIGIT), enough to
// exercise add<H>() without depending on the library's typed headers.
struct hops {
    static constexpr header_id id = header_id::max_forwards;
    static constexpr errc invalid = errc::max_forwards_invalid;
    static constexpr bool list = false;
    std::uint32_t value = 0;
    static sipkit::result<hops> parse(std::string_view s) {
        const auto n = sipkit::grammar::scan_number(s, 0, 255);
        if (!n || n->end != s.size())
            return sipkit::unexpected(invalid, 0);
        return hops{static_cast<std::uint32_t>(n->value)};
    }
    friend bool operator==(const hops&, const hops&) = default;
};
inline void serialize_to(std::string& out, const hops& h) {
    out += std::to_string(h.value);
}
static_assert(sipkit::typed_header<hops>);

} // namespace local

namespace {

// RFC 3261 §24.2 F1, Alice's INVITE as it reaches Bob (after the atlanta proxy), with a
// Timestamp and folded and compact-form fields added to exercise response_to.
const std::string f1_invite =
    "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/TCP ss1.atlanta.example.com:5060;branch=z9hG4bK2d4790.1\r\n"
    "  ;received=192.0.2.111\r\n"
    "v: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9\r\n"
    "\t;received=192.0.2.101, SIP/2.0/UDP third.example.com;branch=z9hG4bK3\r\n"
    "Max-Forwards: 69\r\n"
    "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
    "t: Bob <sip:bob@biloxi.example.com>\r\n"
    "Call-ID: 3848276298220188511@atlanta.example.com\r\n"
    "CSeq: 1 INVITE\r\n"
    "Timestamp: 54.2 0.1\r\n"
    "Contact: <sip:alice@client.atlanta.example.com;transport=tcp>\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

std::vector<std::pair<std::string, std::string>> fields_of(const sipkit::message_view& m) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const sipkit::header_field h : m.headers())
        out.emplace_back(std::string(h.name), std::string(h.value));
    return out;
}

using fields = std::vector<std::pair<std::string, std::string>>;

} // namespace

TEST_CASE("§8.1.1 a request: start line, fields in the order added, computed Content-Length") {
    const auto b =
        message_builder::request("OPTIONS", "sip:carol@chicago.example.com")
            .add(header_id::via, "SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKhjhs8ass877")
            .add("Max-Forwards", "70")
            .add("To", "<sip:carol@chicago.example.com>")
            .add(header_id::from, "Alice <sip:alice@atlanta.example.com>;tag=1928301774")
            .add(header_id::call_id, "a84b4c76e66710")
            .add(sipkit::cseq{63104, "OPTIONS"})
            .add("X-Custom", "")
            .add("Accept", "application/sdp");
    const std::string expected =
        "OPTIONS sip:carol@chicago.example.com SIP/2.0\r\n"
        "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKhjhs8ass877\r\n"
        "Max-Forwards: 70\r\n"
        "To: <sip:carol@chicago.example.com>\r\n"
        "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
        "Call-ID: a84b4c76e66710\r\n"
        "CSeq: 63104 OPTIONS\r\n"
        "X-Custom: \r\n"
        "Accept: application/sdp\r\n"
        "Content-Length: 0\r\n"
        "\r\n";
    CHECK(b.str() == expected);
    const auto m = b.build();
    REQUIRE(m);
    CHECK(m->bytes() == expected);
    const sipkit::message_view& v = m->view();
    CHECK(v.method() == "OPTIONS");
    CHECK(v.get<sipkit::cseq>()->number == 63104);
    CHECK(v.find("X-Custom")->value.empty());
    CHECK(v.content_length() == 0u);
}

TEST_CASE("§7.2 a response: SIP/2.0, status, reason") {
    const auto m = message_builder::response(486, "Busy Here").add("Retry-After", "60").build();
    REQUIRE(m);
    CHECK(m->bytes() == "SIP/2.0 486 Busy Here\r\nRetry-After: 60\r\nContent-Length: 0\r\n\r\n");
    CHECK(m->view().status_code() == 486);
    CHECK(m->view().reason_phrase() == "Busy Here");
    // An empty Reason-Phrase is allowed (RFC 3261 §25.1: *(...)).
    const auto empty = message_builder::response(100, "").build();
    REQUIRE(empty);
    CHECK(empty->view().reason_phrase().empty());
}

TEST_CASE("§20 add(typed header) writes serialize_to under the canonical name") {
    const auto m = message_builder::request("BYE", "sip:a@b")
                       .add(local::hops{70})
                       .add(sipkit::cseq{7, "BYE"})
                       .build();
    REQUIRE(m);
    CHECK(m->view().header(0).name == "Max-Forwards");
    CHECK(m->view().get<local::hops>()->value == 70);
    CHECK(m->view().get<sipkit::cseq>()->method == "BYE");
}

TEST_CASE("§20.14 §20.15 body(type, bytes) adds Content-Type and Content-Length last") {
    const std::string sdp = "v=0\r\no=alice 2890844526 2890844526 IN IP4 host.example.com\r\n";
    const auto m = message_builder::request("INVITE", "sip:bob@b")
                       .add("Subject", "hi")
                       .body("application/sdp", sdp)
                       .build();
    REQUIRE(m);
    const auto& v = m->view();
    CHECK(fields_of(v) == fields{{"Subject", "hi"},
                                 {"Content-Type", "application/sdp"},
                                 {"Content-Length", std::to_string(sdp.size())}});
    CHECK(v.body() == sdp);
}

TEST_CASE("§20.14 a Content-Length the user added is replaced by the computed one") {
    const auto b = message_builder::request("MESSAGE", "sip:a@b")
                       .add("l", "999")
                       .add("Subject", "x")
                       .add(header_id::content_length, "5")
                       .body("hello!");
    CHECK(b.str() == "MESSAGE sip:a@b SIP/2.0\r\nl: 6\r\nSubject: x\r\n\r\nhello!");
    const auto m = b.build();
    REQUIRE(m);
    CHECK(m->view().body() == "hello!");
}

TEST_CASE("§20.15 body(type, bytes) replaces a user Content-Type; body(bytes) keeps it") {
    SECTION("replaced in place, later ones dropped") {
        const auto b = message_builder::request("MESSAGE", "sip:a@b")
                           .add("c", "text/plain")
                           .add("Subject", "x")
                           .add("Content-Type", "text/html")
                           .body("application/json", "{}");
        CHECK(b.str() == "MESSAGE sip:a@b SIP/2.0\r\nc: application/json\r\nSubject: x\r\n"
                         "Content-Length: 2\r\n\r\n{}");
    }
    SECTION("body(bytes) keeps the user's") {
        const auto b = message_builder::request("MESSAGE", "sip:a@b")
                           .add("Content-Type", "text/plain")
                           .body("text/html", "<p>")
                           .body("hi");
        CHECK(b.str() == "MESSAGE sip:a@b SIP/2.0\r\nContent-Type: text/plain\r\n"
                         "Content-Length: 2\r\n\r\nhi");
    }
}

TEST_CASE("§7.1 build() rejects a method that is not a token") {
    for (const std::string_view method : {"INV ITE", "INV\rITE", "INV:ITE", ""}) {
        INFO(method);
        const auto b = message_builder::request(method, "sip:a@b");
        const auto m = b.build();
        REQUIRE_FALSE(m);
        CHECK(m.error().code == errc::method_invalid);
        CHECK(m.error().offset == (method.empty() ? 0 : 3));
    }
}

TEST_CASE("§7.1 build() rejects a Request-URI that cannot be written") {
    SECTION("checked by the builder") {
        for (const std::string_view uri : {"sip:a b", "sip:a\r\nX: y", "sip:\x01", ""}) {
            INFO(uri);
            const auto m = message_builder::request("INVITE", uri).build();
            REQUIRE_FALSE(m);
            CHECK(m.error().code == errc::request_uri_invalid);
            const std::size_t bad = uri.find_first_of(std::string_view(" \r\x01"));
            CHECK(m.error().offset == 7 + (uri.empty() ? 0 : bad));
        }
    }
    SECTION("checked by the parser (RFC 4475 §3.1.2.7: no angle brackets)") {
        const auto m = message_builder::request("INVITE", "<sip:a@b>").build();
        REQUIRE_FALSE(m);
        CHECK(m.error().code == errc::request_uri_invalid);
        CHECK(m.error().offset == 7);
    }
}

TEST_CASE(
    "§7.2 §21 build() rejects a status outside 100..699 and control characters in the reason") {
    for (const int status : {0, 99, 700, 1000, -200}) {
        INFO(status);
        const auto m = message_builder::response(status, "X").build();
        REQUIRE_FALSE(m);
        CHECK(m.error().code == errc::status_code_invalid);
        CHECK(m.error().offset == 8);
    }
    CHECK(message_builder::response(100, "Trying").build());
    CHECK(message_builder::response(699, "X").build());
    const auto m = message_builder::response(200, "O\r\nK").build();
    REQUIRE_FALSE(m);
    CHECK(m.error().code == errc::reason_phrase_invalid);
    CHECK(m.error().offset == 13);
    CHECK(message_builder::response(200, "tab\tis fine").build());
}

TEST_CASE("§7.3.1 build() rejects a header name that is not a token") {
    for (const std::string_view name : {"X Y", "X:Y", "X\r\n", "", "Via:"}) {
        INFO(name);
        const auto b =
            message_builder::request("BYE", "sip:a@b").add("Subject", "s").add(name, "v");
        const auto m = b.build();
        REQUIRE_FALSE(m);
        CHECK(m.error().code == errc::header_name_invalid);
        const std::size_t line = b.str().find("Subject: s\r\n") + 12;
        CHECK(m.error().offset == line + std::min(name.find_first_of(" :\r"), name.size()));
    }
    const auto m = message_builder::request("BYE", "sip:a@b").add(header_id::other, "v").build();
    REQUIRE_FALSE(m);
    CHECK(m.error().code == errc::header_name_invalid);
}

TEST_CASE("§7.3.1 build() rejects a line break in a value, naming the header") {
    struct row {
        std::string_view name;
        errc code;
    };
    for (const row r :
         {row{"Via", errc::via_invalid}, row{"v", errc::via_invalid},
          row{"Subject", errc::subject_invalid}, row{"Content-Type", errc::content_type_invalid},
          row{"X-Ext", errc::header_colon_missing}, row{"Event", errc::header_colon_missing}}) {
        INFO(r.name);
        for (const std::string_view value : {"a\r\nb", "a\r\n b", "a\nb", "a\r"}) {
            const auto b = message_builder::request("BYE", "sip:a@b").add(r.name, value);
            const auto m = b.build();
            REQUIRE_FALSE(m);
            CHECK(m.error().code == r.code);
            CHECK(m.error().offset == 21 + r.name.size() + 2 + 1);
        }
    }
    const auto m = message_builder::request("BYE", "sip:a@b").body("text/\nplain", "x").build();
    REQUIRE_FALSE(m);
    CHECK(m.error().code == errc::content_type_invalid);
}

TEST_CASE("§8.2.6.2 response_to copies Via in order, From, To, Call-ID, CSeq and adds the To tag") {
    const auto request = sipkit::parse_message(f1_invite);
    REQUIRE(request);
    const auto m = sipkit::response_to(*request, 180, "Ringing", "314159").build();
    REQUIRE(m);
    CHECK(m->bytes() == "SIP/2.0 180 Ringing\r\n"
                        "Via: SIP/2.0/TCP ss1.atlanta.example.com:5060;branch=z9hG4bK2d4790.1 "
                        ";received=192.0.2.111\r\n"
                        "Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9 "
                        ";received=192.0.2.101, SIP/2.0/UDP third.example.com;branch=z9hG4bK3\r\n"
                        "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
                        "To: Bob <sip:bob@biloxi.example.com>;tag=314159\r\n"
                        "Call-ID: 3848276298220188511@atlanta.example.com\r\n"
                        "CSeq: 1 INVITE\r\n"
                        "Content-Length: 0\r\n"
                        "\r\n");
    // The same Via values in the same order.
    std::vector<std::string> sent;
    std::vector<std::string> back;
    for (const auto v : request->all(header_id::via))
        for (const auto e : sipkit::comma_values(v.value))
            sent.push_back(sipkit_test::unfold(e));
    for (const auto v : m->view().all(header_id::via))
        for (const auto e : sipkit::comma_values(v.value))
            back.push_back(std::string(e));
    CHECK(sent == back);
    CHECK(sent.size() == 3);
}

TEST_CASE("§8.2.6.2 response_to keeps a To that already has a tag") {
    const std::string req =
        "BYE sip:a@b SIP/2.0\r\nTo: <sip:a@b>;TAG=abc\r\nFrom: <sip:c@d>;tag=1\r\n"
        "Call-ID: x\r\nCSeq: 2 BYE\r\n\r\n";
    const auto request = sipkit::parse_message(req);
    REQUIRE(request);
    const auto m = message_builder::response_to(*request, 200, "OK", "other").build();
    REQUIRE(m);
    CHECK(m->view().find(header_id::to)->value == "<sip:a@b>;TAG=abc");
    // Without a tag argument, To is copied as is.
    const auto n = sipkit::response_to(*request, 200, "OK").build();
    REQUIRE(n);
    CHECK(n->view().find(header_id::to)->value == "<sip:a@b>;TAG=abc");
}

TEST_CASE("§20.39 response_to finds the To tag among header parameters only") {
    struct row {
        std::string_view to;
        std::string_view expected;
    };
    for (const row r : {
             // A tag= inside the URI or the display name is not the To tag.
             row{"<sip:b@h;tag=u>", "<sip:b@h;tag=u>;tag=T"},
             row{"\"a;tag=q\" <sip:b@h>", "\"a;tag=q\" <sip:b@h>;tag=T"},
             row{"\"a>;tag=q\" <sip:b@h>", "\"a>;tag=q\" <sip:b@h>;tag=T"},
             // addr-spec form: parameters after the URI are header parameters (§20.10).
             row{"sip:b@h;tag=x", "sip:b@h;tag=x"},
             row{"sip:b@h ; x=1 ; tag = y", "sip:b@h ; x=1 ; tag = y"},
             row{"sip:b@h;x=1", "sip:b@h;x=1;tag=T"},
             row{"<sip:b@h>;tagx=1", "<sip:b@h>;tagx=1;tag=T"},
         }) {
        INFO(r.to);
        const std::string req = "OPTIONS sip:b@h SIP/2.0\r\nTo: " + std::string(r.to) + "\r\n\r\n";
        const auto request = sipkit::parse_message(req);
        REQUIRE(request);
        const auto m = sipkit::response_to(*request, 200, "OK", "T").build();
        REQUIRE(m);
        CHECK(m->view().find(header_id::to)->value == r.expected);
    }
}

TEST_CASE("§8.2.6.1 a 100 (Trying) copies Timestamp; other responses do not") {
    const auto request = sipkit::parse_message(f1_invite);
    REQUIRE(request);
    const auto trying = sipkit::response_to(*request, 100, "Trying").build();
    REQUIRE(trying);
    CHECK(trying->view().find(header_id::timestamp)->value == "54.2 0.1");
    // §8.2.6.2: a 100 may go without a To tag.
    CHECK(trying->view().find(header_id::to)->value == "Bob <sip:bob@biloxi.example.com>");
    const auto ok = sipkit::response_to(*request, 200, "OK", "1").build();
    REQUIRE(ok);
    CHECK_FALSE(ok->view().contains(header_id::timestamp));
    CHECK_FALSE(ok->view().contains(header_id::contact)); // the UAS adds its own
}

TEST_CASE("§19.3 response_to: a To tag that is not a token fails at build()") {
    const auto request = sipkit::parse_message(f1_invite);
    REQUIRE(request);
    const auto b = sipkit::response_to(*request, 200, "OK", "bad tag");
    const auto m = b.build();
    REQUIRE_FALSE(m);
    CHECK(m.error().code == errc::to_invalid);
    CHECK(m.error().offset == b.str().find(" tag\r\n"));
}

TEST_CASE("§8.2.6.2 response_to builds on: further fields and a body") {
    const auto request = sipkit::parse_message(f1_invite);
    REQUIRE(request);
    const auto m = sipkit::response_to(*request, 200, "OK", "8321234356")
                       .add(header_id::contact, "<sip:bob@192.0.2.4>")
                       .body("application/sdp", "v=0\r\n")
                       .build();
    REQUIRE(m);
    const auto& v = m->view();
    CHECK(v.header(v.header_count() - 3).name == "Contact");
    CHECK(v.find(header_id::content_type)->value == "application/sdp");
    CHECK(v.content_length() == 5u);
    CHECK(v.get<sipkit::cseq>()->number == 1);
}

namespace {

struct built_parts {
    bool request = true;
    std::string method, uri, reason;
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::optional<std::string> content_type;
    std::string body;
};

rc::Gen<built_parts> gen_parts() {
    return rc::gen::exec([] {
        built_parts p;
        p.request = *rc::gen::inRange(0, 2) == 0;
        if (p.request) {
            p.method = *rc::gen::oneOf(
                rc::gen::element<std::string>("INVITE", "ACK", "BYE", "REGISTER", "OPTIONS"),
                sipkit_test::gen_token(1, 12));
            p.uri = *sipkit_test::gen_request_uri();
        } else {
            p.status = *rc::gen::inRange(100, 700);
            p.reason = *sipkit_test::gen_text(24);
        }
        const auto n = *rc::gen::inRange(0, 12);
        for (int i = 0; i < n; ++i) {
            std::string name;
            if (*rc::gen::inRange(0, 2) == 0) {
                const auto k = *rc::gen::suchThat(
                    rc::gen::elementOf(sipkit_test::known_headers), [](const auto& h) {
                        return h.id != header_id::content_length && h.id != header_id::content_type;
                    });
                name = std::string(*rc::gen::inRange(0, 3) == 0 && !k.compact.empty() ? k.compact
                                                                                      : k.name);
            } else {
                name = *rc::gen::suchThat(sipkit_test::gen_token(1, 16), [](const std::string& s) {
                    return sipkit_test::expected_id(s) == header_id::other;
                });
            }
            p.headers.emplace_back(name, *sipkit_test::gen_header_value());
        }
        if (*rc::gen::inRange(0, 2) == 0)
            p.content_type = *sipkit_test::gen_token(1, 8) + "/" + *sipkit_test::gen_token(1, 8);
        p.body = *sipkit_test::gen_bytes(60);
        return p;
    });
}

} // namespace

TEST_CASE("property: build from parts, parse, the same parts (RFC 3261 §7)") {
    rc::prop("build then parse gives back the parts", [] {
        const built_parts p = *gen_parts();
        auto b = p.request ? message_builder::request(p.method, p.uri)
                           : message_builder::response(p.status, p.reason);
        for (const auto& [name, value] : p.headers)
            b.add(name, value);
        if (p.content_type)
            b.body(*p.content_type, p.body);
        else
            b.body(p.body);
        const auto m = b.build();
        RC_ASSERT(m.has_value());
        RC_ASSERT(m->bytes() == b.str());
        const sipkit::message_view& v = m->view();
        RC_ASSERT(v.is_request() == p.request);
        RC_ASSERT(v.version() == "SIP/2.0");
        if (p.request) {
            RC_ASSERT(v.method() == p.method);
            RC_ASSERT(v.request_uri() == p.uri);
        } else {
            RC_ASSERT(v.status_code() == p.status);
            RC_ASSERT(v.reason_phrase() == p.reason);
        }
        auto expected = p.headers;
        if (p.content_type)
            expected.emplace_back("Content-Type", *p.content_type);
        expected.emplace_back("Content-Length", std::to_string(p.body.size()));
        RC_ASSERT(fields_of(v) == expected);
        RC_ASSERT(v.body() == p.body);
        for (std::size_t i = 0; i < p.headers.size(); ++i)
            RC_ASSERT(v.header(i).id == sipkit::lookup_header_name(p.headers[i].first));
    });
}

TEST_CASE("property: a response_to response carries the request's Via, From, To, Call-ID, CSeq") {
    rc::prop("§8.2.6.2 copied fields", [] {
        auto g = *sipkit_test::gen_message();
        const auto request = sipkit::parse_message(g.wire);
        RC_ASSERT(request.has_value());
        const auto status = *rc::gen::inRange(100, 700);
        const auto m = sipkit::response_to(*request, status, "R").build();
        RC_ASSERT(m.has_value());
        std::vector<std::string> want;
        for (const header_id id : {header_id::via, header_id::from, header_id::to,
                                   header_id::call_id, header_id::cseq, header_id::timestamp})
            if (id != header_id::timestamp || status == 100)
                for (const auto f : request->all(id))
                    want.push_back(std::string(sipkit::canonical_name(id)) + ": " +
                                   sipkit_test::unfold(f.value));
        std::vector<std::string> got;
        for (const auto f : m->view().headers())
            if (f.id != header_id::content_length)
                got.push_back(std::string(f.name) + ": " + std::string(f.value));
        RC_ASSERT(got == want);
    });
}

// ---- build() lays the view out itself: it must be the parser's, field for field -------------

namespace {

// The builder of a built_parts, with the headers added by name or (when known) by id.
message_builder builder_of(const built_parts& p, bool by_id) {
    auto b = p.request ? message_builder::request(p.method, p.uri)
                       : message_builder::response(p.status, p.reason);
    for (const auto& [name, value] : p.headers) {
        const header_id id = sipkit::lookup_header_name(name);
        if (by_id && id != header_id::other)
            b.add(id, value);
        else
            b.add(name, value);
    }
    if (p.content_type)
        b.body(*p.content_type, p.body);
    else
        b.body(p.body);
    return b;
}

// Checks build() in both forms against parse_message(str()).
void check_build_against_parse(const message_builder& b, const sipkit::parse_limits& limits) {
    const std::string wire = b.str();
    const auto parsed = sipkit::parse_message(wire, limits);
    const auto built = b.build(limits);
    message_builder moved = b;
    const auto built_moved = std::move(moved).build(limits);
    RC_ASSERT(built.has_value() == parsed.has_value());
    RC_ASSERT(built_moved.has_value() == parsed.has_value());
    if (!parsed) {
        RC_ASSERT(built.error() == parsed.error());
        RC_ASSERT(built_moved.error() == parsed.error());
        return;
    }
    RC_ASSERT(sipkit_test::view_difference(built->view(), *parsed) == "");
    RC_ASSERT(sipkit_test::view_difference(built_moved->view(), *parsed) == "");
}

} // namespace

TEST_CASE("build(): the view it lays out is the parser's view of str()") {
    const auto request = [] {
        return message_builder::request("OPTIONS", "sip:bob@biloxi.example.com")
            .add(header_id::via, "SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776")
            .add("Max-Forwards", "70")
            .add("t", "Bob <sip:bob@biloxi.example.com>")
            .add(header_id::from, "Alice <sip:alice@atlanta.example.com>;tag=1928301774")
            .add(header_id::call_id, "a84b4c76e66710")
            .add(header_id::cseq, "63104 OPTIONS")
            .add("X-Extension", "a b");
    };
    const auto same = [&](const message_builder& b) {
        const std::string wire = b.str();
        const auto parsed = sipkit::parse_message(wire);
        REQUIRE(parsed);
        const auto built = b.build();
        REQUIRE(built);
        CHECK(built->bytes() == wire);
        message_builder copy = b;
        const auto moved = std::move(copy).build();
        REQUIRE(moved);
        CHECK(moved->bytes() == wire);
        CHECK(sipkit_test::view_difference(built->view(), *parsed) == "");
        CHECK(sipkit_test::view_difference(moved->view(), *parsed) == "");
    };
    same(request());
    same(request().body("application/sdp", "v=0\r\n"));
    same(request().body("unframed"));
    same(message_builder::response(486, "Busy Here").add(header_id::cseq, "1 INVITE"));
    same(message_builder::response(200, "").add(header_id::cseq, "1 INVITE"));
    // Lines left to the parser: an empty value, whitespace around a value, Content-Length
    // and Content-Type added by name.
    same(request().add("Subject", ""));
    same(request().add("Subject", " padded\t"));
    same(request().add(header_id::content_length, "99"));
    same(request().add("Content-Type", "text/plain").body("text/html", "<p>"));
    // body() with an empty or padded type: the parser places or trims that value.
    same(request().body("", "x"));
    same(request().body(" text/plain", "x"));
    // Beyond the lines build() keeps places for (32): parsed.
    auto many = request();
    for (int i = 0; i < 40; ++i)
        many.add("X-N", std::to_string(i));
    same(many);
}

TEST_CASE("build(): limits and the Request-URI outline give the parser's errors") {
    const auto b = message_builder::request("OPTIONS", "sip:bob@biloxi.example.com")
                       .add(header_id::via, "SIP/2.0/UDP h;branch=z9hG4bK1")
                       .add(header_id::cseq, "1 OPTIONS")
                       .body("text/plain", "hello");
    const std::string wire = b.str();
    for (const sipkit::parse_limits limits :
         {sipkit::parse_limits{wire.size() - 1, 128, 8192, 16384},
          sipkit::parse_limits{65535, 3, 8192, 16384}, sipkit::parse_limits{65535, 128, 30, 16384},
          sipkit::parse_limits{65535, 128, 8192, 5}}) {
        const auto parsed = sipkit::parse_message(wire, limits);
        REQUIRE_FALSE(parsed);
        const auto built = b.build(limits);
        REQUIRE_FALSE(built);
        CHECK(built.error() == parsed.error());
    }
    // One word of visible octets to the builder, but not scheme ":" ... to the parser.
    const auto no_scheme = message_builder::request("OPTIONS", "bob@biloxi").build();
    REQUIRE_FALSE(no_scheme);
    CHECK(no_scheme.error().code == errc::request_uri_invalid);
}

TEST_CASE("property: build() lays out the view parse_message makes of str() (RFC 3261 §7)") {
    rc::prop("built view == parsed view", [] {
        built_parts p = *gen_parts();
        // Now and then whitespace around a value, which the parser trims.
        for (auto& h : p.headers)
            if (*rc::gen::inRange(0, 8) == 0)
                h.second = *rc::gen::element<std::string>(" ", "\t", "") + h.second +
                           *rc::gen::element<std::string>(" ", "\t", "");
        const bool by_id = *rc::gen::arbitrary<bool>();
        const auto b = builder_of(p, by_id);
        sipkit::parse_limits limits;
        if (*rc::gen::inRange(0, 4) == 0) {
            limits.max_header_count = *rc::gen::inRange<std::size_t>(1, 20);
            limits.max_header_line_length = *rc::gen::inRange<std::size_t>(10, 200);
            limits.max_header_value_length = *rc::gen::inRange<std::size_t>(1, 200);
            limits.max_message_size = *rc::gen::inRange<std::size_t>(50, 1000);
        }
        check_build_against_parse(b, limits);
    });
    rc::prop("a response_to response: built view == parsed view", [] {
        auto g = *sipkit_test::gen_message();
        const auto request = sipkit::parse_message(g.wire);
        RC_ASSERT(request.has_value());
        const auto status = *rc::gen::inRange(100, 700);
        const auto tag =
            *rc::gen::oneOf(rc::gen::just(std::string()), sipkit_test::gen_token(1, 10));
        check_build_against_parse(sipkit::response_to(*request, status, "R", tag), {});
    });
}
