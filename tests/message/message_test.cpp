// message (sipkit/message/message.hpp): a parsed SIP message that owns its bytes; copies and
// moves keep the view pointing into the object's own string.
#include <sipkit/message/cseq.hpp>
#include <sipkit/message/message.hpp>
#include <sipkit/message/parse_message.hpp>
#include <sipkit/message/serialize.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include "../support/corpus.hpp"
#include "message_generators.hpp"

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using sipkit::errc;
using sipkit::header_id;
using sipkit::message;

namespace {

const std::string invite = "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
                           "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n"
                           "Max-Forwards: 70\r\n"
                           "To: Bob <sip:bob@biloxi.example.com>\r\n"
                           "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
                           "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
                           "CSeq: 314159 INVITE\r\n"
                           "Content-Type: application/sdp\r\n"
                           "Content-Length: 4\r\n"
                           "\r\n"
                           "v=0\n";

// Every string_view the view hands out lies inside the message's own bytes.
bool views_own_bytes(const message& m) {
    const std::string& b = m.bytes();
    const auto inside = [&](std::string_view v) {
        return std::less_equal<const char*>()(b.data(), v.data()) &&
               std::less_equal<const char*>()(v.data() + v.size(), b.data() + b.size());
    };
    if (!inside(m->bytes()) || !inside(m->start_line()) || !inside(m->body()))
        return false;
    for (const sipkit::header_field h : m->headers())
        if (!inside(h.name) || !inside(h.value))
            return false;
    return m->bytes() == std::string_view(b);
}

} // namespace

TEST_CASE("§7 message::parse keeps the bytes and the parsed view") {
    const auto parsed = message::parse(invite);
    REQUIRE(parsed);
    const message& m = *parsed;
    CHECK(m.bytes() == invite);
    CHECK(m->is_request());
    CHECK(m->method() == "INVITE");
    CHECK(m->request_uri() == "sip:bob@biloxi.example.com");
    CHECK(m->header_count() == 8);
    CHECK(m->body() == "v=0\n");
    CHECK(m->content_length() == 4u);
    CHECK(m->find(header_id::call_id)->value == "a84b4c76e66710@pc33.atlanta.example.com");
    CHECK(&m.view() == &*m);
    CHECK(&m.view() == m.operator->());
    CHECK(views_own_bytes(m));
    CHECK_FALSE(m.empty());
    // On a result<message>, -> reaches the message; its view is one step further.
    CHECK(parsed->view().method() == "INVITE");
    CHECK((*parsed)->method() == "INVITE");
}

TEST_CASE("§20.16 typed access through message: get<cseq>") {
    const message m = message::parse(invite).value();
    const auto c = m->get<sipkit::cseq>();
    REQUIRE(c);
    CHECK(c->number == 314159);
    CHECK(c->method == "INVITE");
    // The typed value views the message's own bytes.
    CHECK(c->method.data() >= m.bytes().data());
    CHECK(c->method.data() < m.bytes().data() + m.bytes().size());
}

TEST_CASE("message: a copy views its own bytes and outlives the original") {
    auto original = std::make_unique<message>(*message::parse(invite));
    const message copy = *original;
    original.reset();
    CHECK(views_own_bytes(copy));
    CHECK(copy->method() == "INVITE");
    CHECK(copy->get<sipkit::cseq>()->number == 314159);

    message assigned;
    assigned = copy;
    CHECK(views_own_bytes(assigned));
    CHECK(assigned.bytes().data() != copy.bytes().data());
    CHECK(sipkit::same_message(*assigned, *copy));

    const message& self = assigned;
    assigned = self; // self-assignment changes nothing
    CHECK(views_own_bytes(assigned));
}

TEST_CASE("message: a move keeps the view valid and leaves the source empty") {
    message a = *message::parse(invite);
    const message b = std::move(a);
    CHECK(views_own_bytes(b));
    CHECK(b->header_count() == 8);
    CHECK(a.empty()); // NOLINT(bugprone-use-after-move): moved-from state is specified
    CHECK(a->header_count() == 0);
    CHECK(a->bytes().empty());

    message c;
    c = message(b);
    CHECK(views_own_bytes(c));
    message& alias = c;
    c = std::move(alias); // self-move keeps the message
    CHECK(views_own_bytes(c));
    CHECK(c->method() == "INVITE");
}

TEST_CASE("message: moves where std::string's small-string buffer moves with the object") {
    // Short enough that a std::string keeps it inline (SSO): its address changes on move.
    const std::string tiny = "A sip:b SIP/2.0\r\n\r\n";
    std::vector<message> many;
    for (int i = 0; i < 100; ++i) // reallocations move every element
        many.push_back(*message::parse(tiny));
    many.push_back(*message::parse(invite));
    for (const message& m : many) {
        CHECK(views_own_bytes(m));
        CHECK(m->request_uri().size() > 0);
    }
    CHECK(many.back()->get<sipkit::cseq>()->method == "INVITE");
}

TEST_CASE("§7.5 §18.3 message::parse drops leading line breaks and trailing datagram octets") {
    const std::string input = "\r\n\r\n" + invite + "garbage after Content-Length";
    const message m = message::parse(input).value();
    CHECK(m.bytes() == invite);
    CHECK(m->offset() == 0);
    CHECK(views_own_bytes(m));
    CHECK(m->body() == "v=0\n");
}

TEST_CASE("§7 message::parse reports the parser's error and offset in the input as given") {
    SECTION("no colon") {
        const std::string bad = "OPTIONS sip:a@b SIP/2.0\r\nVia SIP/2.0/UDP h\r\n\r\n";
        const auto m = message::parse(bad);
        REQUIRE_FALSE(m);
        CHECK(m.error().code == errc::header_colon_missing);
        CHECK(m.error().offset == bad.find("SIP/2.0/UDP h"));
    }
    SECTION("after leading line breaks") {
        const std::string bad = "\r\n\r\nOPTIONS sip:a@b SIP/2.0\r\nContent-Length: 9\r\n\r\nabc";
        const auto m = message::parse(bad);
        REQUIRE_FALSE(m);
        CHECK(m.error().code == errc::body_truncated);
        CHECK(m.error().offset == bad.find("abc"));
    }
    SECTION("limits apply") {
        sipkit::parse_limits limits;
        limits.max_header_count = 2;
        const auto m = message::parse(invite, limits);
        REQUIRE_FALSE(m);
        CHECK(m.error().code == errc::too_many_headers);
    }
}

TEST_CASE("message: default-constructed is empty") {
    const message m;
    CHECK(m.empty());
    CHECK(m.bytes().empty());
    CHECK(m->header_count() == 0);
    CHECK_FALSE(m->find(header_id::via));
}

TEST_CASE("RFC 4475 §3.1.1.1 wsinv: message::parse of the tortuous INVITE equals parse_message") {
    const std::string text = sipkit_test::read_binary(sipkit_test::rfc4475_dir + "wsinv.dat");
    REQUIRE_FALSE(text.empty());
    const auto view = sipkit::parse_message(text);
    REQUIRE(view);
    const message m = message::parse(text).value();
    CHECK(sipkit::same_message(*m, *view));
    CHECK(views_own_bytes(m));
}

TEST_CASE("RFC 4475 §3.1.1.8 dblreq: the owned bytes stop at the first message") {
    const std::string text = sipkit_test::read_binary(sipkit_test::rfc4475_dir + "dblreq.dat");
    REQUIRE_FALSE(text.empty());
    const message m = message::parse(text).value();
    CHECK(m->method() == "REGISTER");
    CHECK(m.bytes().size() < text.size());
    CHECK(m.bytes().find("INVITE") == std::string::npos);
}

TEST_CASE("property: message::parse owns what parse_message views, through copies and moves") {
    rc::prop("owned parse equals borrowed parse", [] {
        const auto g = *sipkit_test::gen_message();
        const auto view = sipkit::parse_message(g.wire);
        RC_ASSERT(view.has_value());
        auto m = message::parse(g.wire);
        RC_ASSERT(m.has_value());
        RC_ASSERT(m->bytes() == std::string(g.framed()));
        RC_ASSERT(sipkit::same_message(**m, *view));
        const message copy = *m;
        const message moved = std::move(*m);
        RC_ASSERT(views_own_bytes(copy));
        RC_ASSERT(views_own_bytes(moved));
        RC_ASSERT(sipkit::same_message(*copy, *view));
        RC_ASSERT(sipkit::same_message(*moved, *view));
    });
}
