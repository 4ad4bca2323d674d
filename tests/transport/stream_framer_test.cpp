// stream_framer (sipkit/transport/stream_framer.hpp): framing SIP messages on a stream
// transport (RFC 3261 §18.3) with RFC 5626 §3.5.1 CRLF keep-alives, fed in arbitrary chunks.
#include <sipkit/message/parse_message.hpp>
#include <sipkit/message/serialize.hpp>
#include <sipkit/transport/stream_framer.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

using sipkit::errc;
using sipkit::keepalive_role;
using sipkit::stream_framer;
using kind = sipkit::stream_event::kind;

namespace {

// What came out of the framer, copied out of its buffer (views die at the next call).
struct unit {
    kind type;
    std::string bytes; // for a message: the whole message as framed
    std::string body;

    bool operator==(const unit&) const = default;
};

std::ostream& operator<<(std::ostream& os, const unit& u) {
    switch (u.type) {
        case kind::need_more:
            return os << "need_more";
        case kind::message:
            return os << "message[" << u.bytes.substr(0, u.bytes.find('\r')) << "]";
        case kind::keepalive_ping:
            return os << "ping";
        case kind::keepalive_pong:
            return os << "pong";
    }
    return os;
}

unit ping() {
    return {kind::keepalive_ping, {}, {}};
}
unit pong() {
    return {kind::keepalive_pong, {}, {}};
}
unit message(std::string_view m) {
    const auto r = sipkit::parse_message(m);
    if (!r)
        FAIL("test message does not parse: " << r.error().name());
    return {kind::message, std::string(r->bytes()), std::string(r->body())};
}

// Calls next() until need_more (or an error, which it returns).
struct drained {
    std::vector<unit> units;
    std::optional<sipkit::error> error;
};

drained drain(stream_framer& f) {
    drained out;
    for (;;) {
        auto r = f.next();
        if (!r) {
            out.error = r.error();
            return out;
        }
        if (r->type == kind::need_more)
            return out;
        unit u{r->type, {}, {}};
        if (r->type == kind::message) {
            u.bytes = std::string(r->message.bytes());
            u.body = std::string(r->message.body());
        }
        out.units.push_back(u);
    }
}

using units = std::vector<unit>;

const std::string invite = "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
                           "Via: SIP/2.0/TCP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n"
                           "Max-Forwards: 70\r\n"
                           "To: Bob <sip:bob@biloxi.example.com>\r\n"
                           "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
                           "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
                           "CSeq: 314159 INVITE\r\n"
                           "Subject: folded\r\n"
                           " subject\r\n"
                           "Content-Type: application/sdp\r\n"
                           "Content-Length: 31\r\n"
                           "\r\n"
                           "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n";

const std::string options = "OPTIONS sip:a@example.com SIP/2.0\r\nl: 0\r\n\r\n";
const std::string ok = "SIP/2.0 200 OK\r\nContent-Length: 2\r\n\r\nhi";

} // namespace

TEST_CASE("RFC 3261 §18.3 a message is framed by Content-Length on a stream") {
    REQUIRE(message(invite).body.size() == 31);
    stream_framer f;
    CHECK(drain(f).units.empty()); // nothing fed: need_more
    f.feed(invite);
    const auto d = drain(f);
    CHECK_FALSE(d.error);
    CHECK(d.units == units{message(invite)});
    CHECK(f.buffered() == 0);
}

TEST_CASE("RFC 3261 §18.3 a message split at every byte boundary is framed the same") {
    for (std::size_t cut = 0; cut <= invite.size(); ++cut) {
        INFO("cut at " << cut);
        stream_framer f;
        f.feed(std::string_view(invite).substr(0, cut));
        const auto first = drain(f);
        CHECK_FALSE(first.error);
        if (cut < invite.size())
            CHECK(first.units.empty());
        CHECK(f.buffered() == (first.units.empty() ? cut : 0));
        f.feed(std::string_view(invite).substr(cut));
        const auto second = drain(f);
        CHECK_FALSE(second.error);
        units all = first.units;
        all.insert(all.end(), second.units.begin(), second.units.end());
        CHECK(all == units{message(invite)});
    }
}

TEST_CASE("RFC 3261 §18.3 a message fed one octet at a time comes out once, when complete") {
    stream_framer f;
    units got;
    for (std::size_t i = 0; i < invite.size(); ++i) {
        f.feed(std::string_view(invite).substr(i, 1));
        const auto d = drain(f);
        REQUIRE_FALSE(d.error);
        if (i + 1 < invite.size())
            CHECK(d.units.empty());
        got.insert(got.end(), d.units.begin(), d.units.end());
    }
    CHECK(got == units{message(invite)});
}

TEST_CASE("RFC 3261 §18.3 several messages in one chunk come out in order") {
    stream_framer f;
    f.feed(invite + options + ok + options);
    const auto d = drain(f);
    CHECK_FALSE(d.error);
    CHECK(d.units == units{message(invite), message(options), message(ok), message(options)});
    CHECK(f.buffered() == 0);
}

TEST_CASE("RFC 3261 §18.3 a body split across chunks waits for its last octet") {
    stream_framer f;
    const std::size_t body_at = invite.size() - 31;
    f.feed(invite.substr(0, body_at + 3)); // headers and 3 body octets
    CHECK(drain(f).units.empty());
    f.feed(invite.substr(body_at + 3, 10));
    CHECK(drain(f).units.empty());
    CHECK(f.buffered() == body_at + 13);
    f.feed(invite.substr(body_at + 13) +
           options.substr(0, 9)); // the rest, and the start of the next
    CHECK(drain(f).units == units{message(invite)});
    CHECK(f.buffered() == 9);
    f.feed(options.substr(9));
    CHECK(drain(f).units == units{message(options)});
}

TEST_CASE("RFC 5626 §3.5.1 a double CRLF is a ping; between messages too") {
    stream_framer f;
    f.feed("\r\n\r\n");
    CHECK(drain(f).units == units{ping()});
    f.feed(options + "\r\n\r\n" + ok + "\r\n\r\n\r\n\r\n");
    CHECK(drain(f).units == units{message(options), ping(), message(ok), ping(), ping()});
    CHECK(f.buffered() == 0);
}

TEST_CASE(
    "RFC 5626 §3.5.1 server role: a CRLF at the end of the buffer may start a ping, so it waits") {
    stream_framer f; // server is the default
    f.feed("\r\n");
    CHECK(drain(f).units.empty());
    CHECK(f.buffered() == 2);
    f.feed("\r");
    CHECK(drain(f).units.empty());
    f.feed("\n");
    CHECK(drain(f).units == units{ping()});

    // A CRLF followed by a message is a lone CRLF: reported as a pong, then the message.
    f.feed("\r\n");
    CHECK(drain(f).units.empty());
    f.feed(options);
    CHECK(drain(f).units == units{pong(), message(options)});

    // A ping fed one octet at a time is still one ping.
    for (const char c : std::string_view("\r\n\r\n")) {
        CHECK(drain(f).units.empty());
        f.feed(std::string_view(&c, 1));
    }
    CHECK(drain(f).units == units{ping()});
}

TEST_CASE("RFC 5626 §3.5.1 client role: each CRLF is a pong at once, even at the buffer's end") {
    stream_framer f({}, keepalive_role::client);
    f.feed("\r\n");
    CHECK(drain(f).units == units{pong()});
    f.feed("\r\n");
    CHECK(drain(f).units == units{pong()});
    f.feed(ok + "\r\n" + ok);
    CHECK(drain(f).units == units{message(ok), pong(), message(ok)});
    // Only a server reads pings: to a client a double CRLF is two pongs, however it was cut.
    f.feed("\r\n\r\n");
    CHECK(drain(f).units == units{pong(), pong()});
    // A lone CR waits for its LF in either role.
    f.feed("\r");
    CHECK(drain(f).units.empty());
    f.feed("\n");
    CHECK(drain(f).units == units{pong()});
}

TEST_CASE("RFC 3261 §7.5 a bare LF between messages is ignored") {
    stream_framer f;
    f.feed("\n" + options + "\n\n" + ok);
    CHECK(drain(f).units == units{message(options), message(ok)});
    CHECK(f.buffered() == 0);
}

TEST_CASE("RFC 3261 §18.3 a stream message without Content-Length is content_length_missing, and "
          "the error is sticky") {
    const std::string no_length = "OPTIONS sip:a@example.com SIP/2.0\r\nVia: SIP/2.0/TCP h\r\n\r\n";
    stream_framer f;
    f.feed(options + no_length + options);
    const auto d = drain(f);
    CHECK(d.units == units{message(options)});
    REQUIRE(d.error);
    CHECK(d.error->code == errc::content_length_missing);
    // Every later next() repeats it, whatever is fed.
    for (int i = 0; i < 3; ++i) {
        const auto again = f.next();
        REQUIRE_FALSE(again);
        CHECK(again.error() == *d.error);
    }
    f.feed(options);
    const auto after_feed = f.next();
    REQUIRE_FALSE(after_feed);
    CHECK(after_feed.error() == *d.error);
    // reset() forgets the error and the buffer, as for a new connection.
    f.reset();
    CHECK(f.buffered() == 0);
    f.feed(ok);
    const auto fresh = drain(f);
    CHECK_FALSE(fresh.error);
    CHECK(fresh.units == units{message(ok)});
}

TEST_CASE("a stream that cannot start a message is stream_garbage, sticky until reset") {
    for (const std::string_view garbage :
         {"\x01junk", "<html>", " OPTIONS", "\r\x01", "\x16\x03\x01\x02\x00"}) {
        INFO(std::string(garbage));
        stream_framer f;
        f.feed(garbage);
        const auto d = drain(f);
        CHECK(d.units.empty());
        REQUIRE(d.error);
        CHECK(d.error->code == errc::stream_garbage);
        CHECK(d.error->offset == 0);
        CHECK_FALSE(f.next());
    }
    // After a good message, the garbage is found where it starts.
    stream_framer f;
    f.feed(options + "\x7f");
    const auto d = drain(f);
    CHECK(d.units == units{message(options)});
    REQUIRE(d.error);
    CHECK(d.error->code == errc::stream_garbage);
}

TEST_CASE("error offsets count octets from the start of the stream, across compaction") {
    // Many messages taken out (so the buffer compacts) before the garbage arrives.
    stream_framer f;
    std::size_t fed = 0;
    for (int i = 0; i < 50; ++i) {
        f.feed(options);
        fed += options.size();
        CHECK(drain(f).units == units{message(options)});
    }
    f.feed("\x01");
    const auto d = drain(f);
    REQUIRE(d.error);
    CHECK(d.error->code == errc::stream_garbage);
    CHECK(d.error->offset == fed);
    f.reset();
    f.feed("\x01");
    REQUIRE(drain(f).error);
    CHECK(drain(f).error->offset == 0);
}

TEST_CASE("parse errors of a framed message are final on the stream too") {
    stream_framer f;
    f.feed("OPTIONS sip:a@example.com SIP/2.0\r\nContent-Length: -1\r\n\r\n");
    const auto d = drain(f);
    REQUIRE(d.error);
    CHECK(d.error->code == errc::content_length_negative);
    CHECK(d.error->offset == 51);
    CHECK(f.next().error() == *d.error);

    stream_framer g;
    g.feed("INVITE <sip:a@example.com> SIP/2.0\r\nl: 0\r\n\r\n");
    CHECK(drain(g).error == sipkit::error{errc::request_uri_invalid, 7});
}

TEST_CASE(
    "a header section without its empty line is message_too_large once over max_message_size") {
    sipkit::parse_limits limits;
    limits.max_message_size = 100;
    stream_framer f(limits);
    const std::string start = "OPTIONS sip:a@example.com SIP/2.0\r\n";
    f.feed(start);
    std::size_t fed = start.size();
    while (fed < 100) {
        f.feed("X");
        ++fed;
        const auto d = drain(f);
        INFO(fed << " octets buffered");
        CHECK_FALSE(d.error);
        CHECK(d.units.empty());
    }
    CHECK(f.buffered() == 100);
    f.feed("X"); // 101 octets, no end of the header section in sight
    const auto d = drain(f);
    REQUIRE(d.error);
    CHECK(d.error->code == errc::message_too_large);
    CHECK(f.next().error() == *d.error);
}

TEST_CASE("a Content-Length beyond max_message_size fails before the body is buffered") {
    sipkit::parse_limits limits;
    limits.max_message_size = 1000;
    stream_framer f(limits);
    f.feed("OPTIONS sip:a@example.com SIP/2.0\r\nContent-Length: 5000\r\n\r\n");
    const auto d = drain(f);
    REQUIRE(d.error);
    CHECK(d.error->code == errc::content_length_too_large);

    stream_framer g(limits);
    g.feed("OPTIONS sip:a@example.com SIP/2.0\r\nContent-Length: 990\r\n\r\n");
    const auto e = drain(g);
    REQUIRE(e.error);
    CHECK(e.error->code == errc::message_too_large); // headers and body together exceed it
}

TEST_CASE("compaction keeps later messages intact: 500 messages fed in 7-octet chunks") {
    // Distinct bodies so a misplaced octet shows; every 10th message followed by a ping.
    std::string stream;
    units expected;
    for (int i = 0; i < 500; ++i) {
        const std::string body =
            "message " + std::to_string(i) + std::string(static_cast<std::size_t>(i % 37), '.');
        const std::string m = "MESSAGE sip:a@example.com SIP/2.0\r\nCSeq: " + std::to_string(i) +
                              " MESSAGE\r\nContent-Length: " + std::to_string(body.size()) +
                              "\r\n\r\n" + body;
        stream += m;
        expected.push_back(message(m));
        if (i % 10 == 9) {
            stream += "\r\n\r\n";
            expected.push_back(ping());
        }
    }
    stream_framer f;
    units got;
    std::size_t max_buffered = 0;
    for (std::size_t at = 0; at < stream.size(); at += 7) {
        f.feed(std::string_view(stream).substr(at, 7));
        const auto d = drain(f);
        REQUIRE_FALSE(d.error);
        got.insert(got.end(), d.units.begin(), d.units.end());
        max_buffered = std::max(max_buffered, f.buffered());
    }
    CHECK(got.size() == expected.size());
    CHECK(got == expected);
    CHECK(f.buffered() == 0);
    CHECK(max_buffered < 200); // only the message in progress stays buffered
}

TEST_CASE("compaction with large chunks: messages straddling every chunk edge") {
    std::string stream;
    units expected;
    for (int i = 0; i < 50; ++i) {
        stream += (i % 2 ? ok : invite);
        expected.push_back(message(i % 2 ? ok : invite));
    }
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{64},
                                    std::size_t{333}, std::size_t{1000}, stream.size()}) {
        INFO("chunk " << chunk);
        stream_framer f;
        units got;
        for (std::size_t at = 0; at < stream.size(); at += chunk) {
            f.feed(std::string_view(stream).substr(at, chunk));
            const auto d = drain(f);
            REQUIRE_FALSE(d.error);
            got.insert(got.end(), d.units.begin(), d.units.end());
        }
        CHECK(got == expected);
    }
}

TEST_CASE(
    "the framed message views the framer's buffer and equals a datagram parse of the same octets") {
    stream_framer f;
    f.feed(invite);
    const auto r = f.next();
    REQUIRE(r);
    REQUIRE(r->type == kind::message);
    const auto datagram = sipkit::parse_message(invite);
    REQUIRE(datagram);
    CHECK(sipkit::same_message(r->message, *datagram));
    CHECK(r->message.content_length() == 31u);
    CHECK(r->message.find(sipkit::header_id::subject)->folded);
}
