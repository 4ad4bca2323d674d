// stream_framer: cuts SIP messages out of a byte stream (TCP, TLS, WebSocket payloads).
#pragma once

#include <sipkit/core/limits.hpp>
#include <sipkit/core/result.hpp>
#include <sipkit/grammar/char_class.hpp>
#include <sipkit/message/message_view.hpp>
#include <sipkit/message/parse_message.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace sipkit {

/// Which end of the RFC 5626 §3.5.1 keep-alive this framer reads for. A `client` sends
/// double-CRLF pings and reads single-CRLF pongs, so it reports each CRLF as a pong at once.
/// A `server` reads pings: a CRLF at the end of the buffered bytes may be the first half of
/// one, so it waits for the next octets before deciding.
enum class keepalive_role : std::uint8_t { server, client };

/// What stream_framer::next() found.
struct stream_event {
    enum class kind : std::uint8_t {
        need_more,      ///< no complete unit buffered: feed more bytes
        message,        ///< `message` holds the next complete message
        keepalive_ping, ///< a double CRLF (RFC 5626 §3.5.1): answer with a single CRLF
        keepalive_pong, ///< a single CRLF: the answer to our ping
    };
    kind type = kind::need_more;
    /// The message, for kind::message. It views the framer's buffer: valid until the next
    /// call to feed(), next() or reset().
    message_view message;
};

/// Feeds on arbitrary chunks of a stream and yields complete messages, keep-alive pings and
/// pongs, in order. A message on a stream must carry Content-Length (RFC 3261 §18.3, §20.14);
/// CRLFs between messages are keep-alives (RFC 5626 §3.5.1) or, as RFC 3261 §7.5 allows,
/// ignorable. Partial input stays buffered. An error (garbage that cannot start a message, a
/// message over the limits, a missing or bad Content-Length) is final: the stream cannot be
/// resynchronized and the caller should close the connection; every later next() repeats it.
/// Error offsets count octets from the start of the stream (since construction or reset()).
///
/// Memory: the buffer holds at most what was fed and not yet taken out by next(); call next()
/// until it returns need_more after each feed().
class stream_framer {
public:
    explicit stream_framer(const parse_limits& limits = {},
                           keepalive_role role = keepalive_role::server)
        : limits_(limits), role_(role) {}

    /// Appends bytes read from the stream.
    void feed(std::string_view bytes) {
        compact();
        buffer_.append(bytes.data(), bytes.size());
    }

    /// The next complete unit in the stream, or need_more.
    result<stream_event> next() {
        if (failed_)
            return unexpected(error_);
        compact();
        for (;;) {
            const std::string_view avail = std::string_view(buffer_).substr(consumed_);
            if (avail.empty())
                return stream_event{};
            if (avail[0] == '\r' || avail[0] == '\n') {
                // RFC 5626 §3.5.1: CRLF CRLF is a ping, a single CRLF a pong. Only a server reads
                // pings; to a client every CRLF is a pong, however the stream was cut.
                if (role_ == keepalive_role::server && avail.substr(0, 4) == "\r\n\r\n")
                    return keepalive(4, stream_event::kind::keepalive_ping);
                if (avail.substr(0, 2) == "\r\n") {
                    const bool maybe_ping =
                        avail.size() == 2 || (avail.size() == 3 && avail[2] == '\r');
                    if (maybe_ping && role_ == keepalive_role::server)
                        return stream_event{};
                    return keepalive(2, stream_event::kind::keepalive_pong);
                }
                if (avail == "\r")
                    return stream_event{};
                if (avail[0] == '\n') { // a bare LF between messages: ignorable (RFC 3261 §7.5)
                    ++consumed_;
                    continue;
                }
                return fail(errc::stream_garbage, consumed_);
            }
            // A start line begins with a method token or "SIP/" (RFC 3261 §7.1, §7.2).
            if (!grammar::is_token_char(avail[0]))
                return fail(errc::stream_garbage, consumed_);
            if (buffer_.size() < need_until_)
                return stream_event{};
            const std::size_t header_end = find_header_end();
            if (header_end == npos) {
                if (buffer_.size() - consumed_ > limits_.max_message_size)
                    return fail(errc::message_too_large, consumed_);
                return stream_event{};
            }
            auto parsed = detail::parse_message(avail, limits_, detail::framing::stream);
            if (!parsed)
                return fail(parsed.error().code, consumed_ + parsed.error().offset);
            if (const std::size_t missing = detail::message_access::missing_body(*parsed);
                missing != 0) {
                need_until_ = buffer_.size() + missing;
                return stream_event{};
            }
            stream_event event{stream_event::kind::message, *parsed};
            consumed_ += parsed->offset() + parsed->bytes().size();
            scan_from_ = consumed_;
            need_until_ = 0;
            return event;
        }
    }

    /// Octets buffered and not yet returned.
    std::size_t buffered() const noexcept { return buffer_.size() - consumed_; }

    /// Forgets all buffered input and any error, as for a new connection.
    void reset() noexcept {
        buffer_.clear();
        consumed_ = scan_from_ = need_until_ = dropped_ = 0;
        failed_ = false;
    }

private:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    result<stream_event> keepalive(std::size_t length, stream_event::kind k) {
        consumed_ += length;
        scan_from_ = consumed_;
        return stream_event{k, {}};
    }

    // `offset` is a position in buffer_; the error reports it as an offset in the stream.
    result<stream_event> fail(errc code, std::size_t offset) {
        failed_ = true;
        error_ = sipkit::error{code, dropped_ + offset};
        return unexpected(error_);
    }

    // Position after the empty line ending the header section, or npos. Resumes where the
    // previous search stopped, so a message arriving in many small chunks is scanned once.
    std::size_t find_header_end() noexcept {
        const std::size_t from = scan_from_ > consumed_ + 3 ? scan_from_ - 3 : consumed_;
        const char* data = buffer_.data();
        for (std::size_t i = from; i < buffer_.size();) {
            const void* hit = std::memchr(data + i, '\n', buffer_.size() - i);
            if (hit == nullptr)
                break;
            const auto nl = static_cast<std::size_t>(static_cast<const char*>(hit) - data);
            // "\n\n" or "\n\r\n" ends the header section (bare LFs accepted as parse_message does).
            if (nl + 1 < buffer_.size() && data[nl + 1] == '\n')
                return nl + 2;
            if (nl + 2 < buffer_.size() && data[nl + 1] == '\r' && data[nl + 2] == '\n')
                return nl + 3;
            i = nl + 1;
        }
        scan_from_ = buffer_.size();
        return npos;
    }

    // Drops consumed bytes once they are the larger part of the buffer (amortized O(1)).
    void compact() {
        if (consumed_ == 0 || consumed_ < buffer_.size() / 2)
            return;
        buffer_.erase(0, consumed_);
        dropped_ += consumed_;
        scan_from_ -= std::min(scan_from_, consumed_);
        need_until_ -= std::min(need_until_, consumed_);
        consumed_ = 0;
    }

    parse_limits limits_;
    keepalive_role role_;
    std::string buffer_;
    std::size_t consumed_ = 0;
    std::size_t scan_from_ = 0;
    std::size_t need_until_ = 0;
    std::size_t dropped_ = 0; // stream octets compacted away before buffer_[0]
    bool failed_ = false;
    sipkit::error error_{};
};

} // namespace sipkit
