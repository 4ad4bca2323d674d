// libFuzzer target: stream_framer (RFC 3261 §18.3 stream framing, RFC 5626 §3.5.1 keep-alives).
//
// Input: byte 0 picks the keep-alive role (bit 0), tiny or default limits (bit 1) and the
// largest chunk (bits 2-7, 0 = everything in one feed); byte 1 seeds the chunk sizes; the
// rest is the stream. The stream is fed in chunks, next() drained after each feed. Checked
// (abort on violation):
//   - a message event's bytes() are exactly the stream octets just taken out (the framer's
//     position is fed - buffered()), a ping is CRLFCRLF and a pong CRLF there;
//   - every framed message parses alone as a datagram, same_message to the framed one, and
//     survives serialize + reparse;
//   - buffered() never exceeds what was fed, and after next() says need_more it is at most
//     max_message_size;
//   - errors are sticky: more input and more next() calls give the same error;
//   - the same stream fed in one piece gives the same events and the same failure state.
#include <sipkit/sipkit.hpp>

#include "fuzz_support.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

const char* const fuzz_support::target_name = "fuzz_stream_framer";

namespace {

using fuzz_support::fail;

struct event_record {
    sipkit::stream_event::kind kind;
    std::string bytes;
    bool operator==(const event_record&) const = default;
};

struct run_result {
    std::vector<event_record> events;
    bool failed = false;
    std::size_t buffered = 0;
};

constexpr sipkit::parse_limits roomy{std::size_t{1} << 24, sipkit::message_view::capacity,
                                     std::size_t{1} << 24, std::size_t{1} << 24};

void check_message(const sipkit::message_view& m) {
    if (!m.content_length())
        fail("a framed message without Content-Length");
    if (m.offset() != 0)
        fail("a framed message starts with CRLFs");
    const auto alone = sipkit::parse_message(m.bytes(), roomy);
    if (!alone)
        fail("a framed message does not parse as a datagram");
    if (!sipkit::same_message(m, *alone))
        fail("framed and datagram parses differ");
    if (alone->bytes() != m.bytes())
        fail("framed and datagram parses cover different bytes");
    const std::string wire = sipkit::serialize(m);
    const auto again = sipkit::parse_message(wire, roomy);
    if (!again || !sipkit::same_message(m, *again))
        fail("parse(serialize(m)) is not same_message to m");
}

// Drains next() after each chunk; `max_chunk` 0 feeds everything at once.
run_result run(std::string_view stream, const sipkit::parse_limits& limits,
               sipkit::keepalive_role role, std::size_t max_chunk, std::uint32_t seed) {
    using kind = sipkit::stream_event::kind;
    sipkit::stream_framer framer(limits, role);
    run_result out;
    std::size_t fed = 0;
    std::uint32_t state = seed * 2654435761u + 1;
    sipkit::error first_error{};
    while (fed < stream.size()) {
        std::size_t n = stream.size() - fed;
        if (max_chunk != 0) {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            n = std::min<std::size_t>(n, 1 + state % max_chunk);
        }
        framer.feed(stream.substr(fed, n));
        fed += n;
        if (framer.buffered() > fed)
            fail("buffered() exceeds what was fed");
        for (;;) {
            const auto ev = framer.next();
            if (!ev) {
                if (out.failed && (ev.error().code != first_error.code ||
                                   ev.error().offset != first_error.offset))
                    fail("an error is not sticky");
                if (!out.failed)
                    first_error = ev.error();
                out.failed = true;
                break;
            }
            if (out.failed)
                fail("next() succeeded after an error");
            if (framer.buffered() > fed)
                fail("buffered() exceeds what was fed");
            const std::size_t end = fed - framer.buffered(); // stream position after this event
            switch (ev->type) {
                case kind::need_more:
                    if (framer.buffered() > limits.max_message_size)
                        fail("need_more holds over max_message_size");
                    break;
                case kind::message: {
                    const std::string_view b = ev->message.bytes();
                    if (b.size() > end || stream.substr(end - b.size(), b.size()) != b)
                        fail("message bytes() are not the stream octets just consumed");
                    check_message(ev->message);
                    out.events.push_back({kind::message, std::string(b)});
                    break;
                }
                case kind::keepalive_ping:
                    if (end < 4 || stream.substr(end - 4, 4) != "\r\n\r\n")
                        fail("a ping that is not CRLFCRLF");
                    out.events.push_back({kind::keepalive_ping, {}});
                    break;
                case kind::keepalive_pong:
                    if (end < 2 || stream.substr(end - 2, 2) != "\r\n")
                        fail("a pong that is not CRLF");
                    out.events.push_back({kind::keepalive_pong, {}});
                    break;
            }
            if (ev->type == kind::need_more)
                break;
        }
    }
    if (out.failed) {
        // Sticky: more bytes change nothing.
        framer.feed("INVITE sip:a@b SIP/2.0\r\nContent-Length: 0\r\n\r\n");
        const auto ev = framer.next();
        if (ev || ev.error().code != first_error.code || ev.error().offset != first_error.offset)
            fail("an error is not sticky after more input");
    }
    out.buffered = framer.buffered();
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2)
        return 0;
    const auto role =
        (data[0] & 1) ? sipkit::keepalive_role::client : sipkit::keepalive_role::server;
    const sipkit::parse_limits limits =
        (data[0] & 2) ? sipkit::parse_limits{512, 8, 128, 128} : sipkit::parse_limits{};
    const std::size_t max_chunk = data[0] >> 2;
    const std::uint32_t seed = data[1];
    const std::string_view stream(reinterpret_cast<const char*>(data) + 2, size - 2);

    const run_result chunked = run(stream, limits, role, max_chunk, seed);
    if (max_chunk != 0) {
        const run_result whole = run(stream, limits, role, 0, 0);
        if (chunked.failed != whole.failed)
            fail("chunking changes whether the stream fails");
        const std::size_t n = std::min(chunked.events.size(), whole.events.size());
        for (std::size_t i = 0; i < n; ++i)
            if (!(chunked.events[i] == whole.events[i]))
                fail("chunking changes the events");
        if (!chunked.failed && chunked.events.size() != whole.events.size())
            fail("chunking changes the number of events");
        if (!chunked.failed && chunked.buffered != whole.buffered)
            fail("chunking changes what stays buffered");
    }
    return 0;
}
