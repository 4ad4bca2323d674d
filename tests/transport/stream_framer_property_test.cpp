// Properties of stream_framer: however a stream is cut into reads, the same messages and
// keep-alives come out, in order (RFC 3261 §18.3 framing by Content-Length, RFC 5626 §3.5.1
// keep-alives); garbage never crashes it or makes it hold more than it was fed.
#include <sipkit/sipkit.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include "../message/message_generators.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

using namespace sipkit_test;
using event_kind = sipkit::stream_event::kind;
using sipkit::keepalive_role;

namespace {

enum class unit_kind { message, ping, pong, bare_lf };

struct stream_unit {
    unit_kind kind = unit_kind::message;
    generated_message message; // for unit_kind::message
};

/// One event as the test expects or observes it; `bytes` is the message's wire form.
struct seen_event {
    event_kind kind;
    std::string bytes;
    bool operator==(const seen_event&) const = default;
};

std::ostream& operator<<(std::ostream& os, const seen_event& e) {
    switch (e.kind) {
        case event_kind::message:
            return os << "message(" << e.bytes.size() << " octets)";
        case event_kind::keepalive_ping:
            return os << "ping";
        case event_kind::keepalive_pong:
            return os << "pong";
        case event_kind::need_more:
            break;
    }
    return os << "need_more";
}

std::ostream& operator<<(std::ostream& os, const stream_unit& u) {
    switch (u.kind) {
        case unit_kind::message:
            return os << u.message;
        case unit_kind::ping:
            return os << "CRLF CRLF";
        case unit_kind::pong:
            return os << "CRLF";
        case unit_kind::bare_lf:
            return os << "LF";
    }
    return os;
}

/// A stream of messages (with Content-Length, RFC 3261 §18.3) and keep-alives that `role`
/// reads without ambiguity: for a server, a lone CRLF (pong) is always followed by a message,
/// since "CRLF" then "CRLF CRLF" reads as a ping then a pong.
rc::Gen<std::vector<stream_unit>> gen_stream(keepalive_role role) {
    return rc::gen::exec([role] {
        const auto n = *rc::gen::inRange(0, 9);
        std::vector<stream_unit> units;
        for (int i = 0; i < n; ++i) {
            stream_unit u;
            u.kind = *rc::gen::weightedElement<unit_kind>({{4, unit_kind::message},
                                                           {1, unit_kind::ping},
                                                           {1, unit_kind::pong},
                                                           {1, unit_kind::bare_lf}});
            if (u.kind == unit_kind::message)
                u.message = *gen_message(message_options{true, 12});
            units.push_back(std::move(u));
        }
        if (role == keepalive_role::server) {
            for (std::size_t i = 0; i < units.size(); ++i)
                if (units[i].kind == unit_kind::pong &&
                    (i + 1 == units.size() || units[i + 1].kind != unit_kind::message))
                    units[i].kind = unit_kind::ping;
        }
        return units;
    });
}

std::string render(const std::vector<stream_unit>& units) {
    std::string out;
    for (const stream_unit& u : units) {
        switch (u.kind) {
            case unit_kind::message:
                out += u.message.wire;
                break;
            case unit_kind::ping:
                out += "\r\n\r\n";
                break;
            case unit_kind::pong:
                out += "\r\n";
                break;
            case unit_kind::bare_lf:
                out += "\n";
                break;
        }
    }
    return out;
}

/// RFC 5626 §3.5.1: a server reads CRLF CRLF as a ping; to a client each CRLF is a pong.
/// RFC 3261 §7.5: a bare LF between messages is ignored.
std::vector<seen_event> expected_events(const std::vector<stream_unit>& units,
                                        keepalive_role role) {
    std::vector<seen_event> out;
    for (const stream_unit& u : units) {
        switch (u.kind) {
            case unit_kind::message:
                out.push_back({event_kind::message, u.message.wire});
                break;
            case unit_kind::ping:
                if (role == keepalive_role::server) {
                    out.push_back({event_kind::keepalive_ping, {}});
                } else {
                    out.push_back({event_kind::keepalive_pong, {}});
                    out.push_back({event_kind::keepalive_pong, {}});
                }
                break;
            case unit_kind::pong:
                out.push_back({event_kind::keepalive_pong, {}});
                break;
            case unit_kind::bare_lf:
                break;
        }
    }
    return out;
}

/// Chunk sizes to cut a stream with: all 1, or random up to a random bound.
rc::Gen<std::vector<std::size_t>> gen_cuts() {
    return rc::gen::exec([] {
        static constexpr std::array<std::size_t, 8> bounds = {1, 2, 3, 7, 16, 64, 512, 100000};
        const auto bound = *rc::gen::elementOf(bounds);
        auto sizes = *rc::gen::nonEmpty(rc::gen::container<std::vector<std::size_t>>(
            rc::gen::inRange<std::size_t>(1, bound + 1)));
        return sizes;
    });
}

struct feed_result {
    std::vector<seen_event> events;
    bool failed = false;
    sipkit::error error{};
    std::size_t buffered_at_end = 0;
};

/// Feeds `stream` cut by `cuts` (cycled), draining next() after each feed, and checks the
/// framer's invariants on the way:
///  - buffered() never exceeds what was fed; after need_more it is at most max_message_size;
///  - a message's bytes() are exactly the stream octets just taken out (fed - buffered()),
///    and they parse alone to the same message; a ping is CRLF CRLF there, a pong CRLF;
///  - an error is sticky, through more next() calls and more input.
feed_result feed_in_pieces(std::string_view stream, const std::vector<std::size_t>& cuts,
                           keepalive_role role, const sipkit::parse_limits& limits = {}) {
    sipkit::stream_framer framer(limits, role);
    feed_result out;
    std::size_t fed = 0;
    for (std::size_t c = 0; fed < stream.size(); ++c) {
        const std::size_t n = std::min(cuts[c % cuts.size()], stream.size() - fed);
        framer.feed(stream.substr(fed, n));
        fed += n;
        RC_ASSERT(framer.buffered() <= fed);
        for (;;) {
            const auto ev = framer.next();
            if (!ev) {
                if (out.failed) {
                    RC_ASSERT(ev.error().code == out.error.code);
                    RC_ASSERT(ev.error().offset == out.error.offset);
                } else {
                    out.failed = true;
                    out.error = ev.error();
                    const auto again = framer.next();
                    RC_ASSERT(!again);
                    RC_ASSERT(again.error().code == out.error.code);
                }
                break;
            }
            RC_ASSERT(!out.failed);
            RC_ASSERT(framer.buffered() <= fed);
            const std::size_t end = fed - framer.buffered(); // stream position after this event
            if (ev->type == event_kind::need_more) {
                RC_ASSERT(framer.buffered() <= limits.max_message_size);
                break;
            }
            if (ev->type == event_kind::message) {
                const std::string_view b = ev->message.bytes();
                RC_ASSERT(b.size() <= end);
                RC_ASSERT(stream.substr(end - b.size(), b.size()) == b);
                RC_ASSERT(ev->message.content_length().has_value());
                const auto alone = sipkit::parse_message(b);
                RC_ASSERT(alone.has_value());
                RC_ASSERT(sipkit::same_message(ev->message, *alone));
                out.events.push_back({event_kind::message, std::string(b)});
            } else {
                const std::string_view crlfs =
                    ev->type == event_kind::keepalive_ping ? "\r\n\r\n" : "\r\n";
                RC_ASSERT(end >= crlfs.size());
                RC_ASSERT(stream.substr(end - crlfs.size(), crlfs.size()) == crlfs);
                out.events.push_back({ev->type, {}});
            }
        }
    }
    if (out.failed) {
        framer.feed("OPTIONS sip:a@example.com SIP/2.0\r\nContent-Length: 0\r\n\r\n");
        const auto ev = framer.next();
        RC_ASSERT(!ev);
        RC_ASSERT(ev.error().code == out.error.code);
        RC_ASSERT(ev.error().offset == out.error.offset);
    }
    out.buffered_at_end = framer.buffered();
    return out;
}

void check_stream(keepalive_role role) {
    const auto units = *gen_stream(role);
    const auto cuts = *gen_cuts();
    const std::string stream = render(units);
    const feed_result got = feed_in_pieces(stream, cuts, role);
    if (got.failed)
        RC_FAIL(std::string("a valid stream failed: ") + got.error.name());
    RC_ASSERT(got.events == expected_events(units, role));
    RC_ASSERT(got.buffered_at_end == 0u);
    // The framed messages are the generated ones, parsed alone.
    std::size_t k = 0;
    for (const stream_unit& u : units) {
        if (u.kind != unit_kind::message)
            continue;
        while (got.events[k].kind != event_kind::message)
            ++k;
        const auto framed = sipkit::parse_message(got.events[k].bytes);
        const auto alone = sipkit::parse_message(u.message.wire);
        RC_ASSERT(framed.has_value());
        RC_ASSERT(alone.has_value());
        RC_ASSERT(sipkit::same_message(*framed, *alone));
        ++k;
    }
}

/// Random octets, or a valid stream with some octets flipped, inserted or deleted.
rc::Gen<std::string> gen_hostile_stream() {
    return rc::gen::weightedOneOf<std::string>({
        {1, gen_bytes(400)},
        {2, rc::gen::exec([] {
             std::string s = render(*gen_stream(keepalive_role::server));
             const auto n = *rc::gen::inRange(1, 4);
             for (int i = 0; i < n; ++i) {
                 const auto at = *rc::gen::inRange<std::size_t>(0, s.size() + 1);
                 switch (*rc::gen::inRange(0, 3)) {
                     case 0:
                         if (at < s.size())
                             s[at] = static_cast<char>(s[at] ^ *rc::gen::inRange(1, 256));
                         break;
                     case 1:
                         s.insert(at, *rc::gen::element<std::string>(
                                          "\r", "\n", std::string(1, '\0'), "\r\n", "x", ":"));
                         break;
                     default:
                         s.erase(at, static_cast<std::size_t>(*rc::gen::inRange(1, 20)));
                         break;
                 }
             }
             return s;
         })},
    });
}

} // namespace

TEST_CASE("RFC 3261 §18.3: a server's framer yields the same messages and pings however the stream "
          "is cut",
          "[property][stream_framer]") {
    rc::prop("messages with Content-Length, CRLF CRLF pings and lone CRLFs fed in random chunks",
             [] { check_stream(keepalive_role::server); });
}

TEST_CASE("RFC 5626 §3.5.1: a client's framer yields the same messages and pongs however the "
          "stream is cut",
          "[property][stream_framer]") {
    rc::prop(
        "messages with Content-Length and CRLF pongs fed in random chunks; CRLF CRLF is two pongs",
        [] { check_stream(keepalive_role::client); });
}

TEST_CASE("RFC 3261 §18.3: a stream cut anywhere frames like the same stream fed whole",
          "[property][stream_framer]") {
    rc::prop("chunked and whole feeding give the same events and the same failure state", [] {
        const auto role = *rc::gen::element(keepalive_role::server, keepalive_role::client);
        const std::string stream = *gen_hostile_stream();
        const auto limits =
            *rc::gen::element(sipkit::parse_limits{}, sipkit::parse_limits{512, 8, 128, 128});
        const feed_result chunked = feed_in_pieces(stream, *gen_cuts(), role, limits);
        const feed_result whole = feed_in_pieces(stream, {stream.size() + 1}, role, limits);
        RC_ASSERT(chunked.failed == whole.failed);
        if (!chunked.failed) {
            RC_ASSERT(chunked.events == whole.events);
            RC_ASSERT(chunked.buffered_at_end == whole.buffered_at_end);
        } else {
            const std::size_t n = std::min(chunked.events.size(), whole.events.size());
            RC_ASSERT(
                std::vector<seen_event>(chunked.events.begin(),
                                        chunked.events.begin() + static_cast<std::ptrdiff_t>(n)) ==
                std::vector<seen_event>(whole.events.begin(),
                                        whole.events.begin() + static_cast<std::ptrdiff_t>(n)));
        }
    });
}

TEST_CASE("RFC 3261 §18.3: garbage never crashes the framer, it never holds more than it was fed, "
          "errors stick",
          "[property][stream_framer][robustness]") {
    rc::prop(
        "random and mutated streams in random chunks, default and tiny limits, either role", [] {
            const auto role = *rc::gen::element(keepalive_role::server, keepalive_role::client);
            const auto limits =
                *rc::gen::element(sipkit::parse_limits{}, sipkit::parse_limits{512, 8, 128, 128});
            (void)feed_in_pieces(*gen_hostile_stream(), *gen_cuts(), role, limits);
        });
}
