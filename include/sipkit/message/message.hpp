// message: a SIP message that owns its bytes, together with the message_view parsed from them.
#pragma once

#include <sipkit/core/limits.hpp>
#include <sipkit/core/result.hpp>
#include <sipkit/message/message_view.hpp>
#include <sipkit/message/parse_message.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace sipkit {

/// A SIP message that owns its bytes: a std::string holding exactly the message (start line
/// to the end of the body) and the message_view parsed from that string.
///
/// Access to the parsed message goes through the view: `m.view()`, or `m->` and `*m` as a
/// shorthand (`m->method()`, `m->get<sipkit::cseq>()`). message does not repeat the view's
/// accessors: the view is the one place they are defined, and everything that takes a
/// `const message_view&` (serialize, response_to, message_editor) takes `*m`.
///
/// Copying copies the bytes; copying and moving both point the new object's view at its own
/// string, so a view obtained from a message stays valid while that message object lives
/// unchanged (not after it is moved from or assigned to). A moved-from message is empty.
class message {
public:
    /// An empty message: no bytes and a default message_view. Only parse (and the builder
    /// and editor, which call it) make a non-empty one.
    message() noexcept {} // user-provided: value-initialization must not zero the view's slots

    message(const message& other) : bytes_(other.bytes_), view_(other.view_) { rebase(); }
    message(message&& other) noexcept : bytes_(std::move(other.bytes_)), view_(other.view_) {
        rebase();
        other.clear();
    }
    message& operator=(const message& other) {
        if (this != &other) {
            bytes_ = other.bytes_;
            view_ = other.view_;
            rebase();
        }
        return *this;
    }
    message& operator=(message&& other) noexcept {
        if (this != &other) {
            bytes_ = std::move(other.bytes_);
            view_ = other.view_;
            rebase();
            other.clear();
        }
        return *this;
    }
    ~message() = default;

    /// Parses `bytes` as one complete message (see parse_message, datagram framing) and keeps
    /// them. Line breaks before the start line (RFC 3261 §7.5) and octets after the body that
    /// Content-Length frames (RFC 3261 §18.3) are dropped, so bytes() is exactly the message.
    /// Error offsets count from the start of `bytes` as given.
    static result<message> parse(std::string bytes, const parse_limits& limits = {}) {
        auto parsed = parse_message(std::string_view(bytes), limits);
        if (!parsed)
            return unexpected(parsed.error());
        if (const std::size_t start = parsed->offset(); start != 0) {
            // Offsets count from the first octet of the input: parse the trimmed string again.
            bytes.erase(0, start);
            parsed = parse_message(std::string_view(bytes), limits);
            if (!parsed)
                return unexpected(parsed.error().code, parsed.error().offset + start);
        }
        // Dropping trailing octets moves nothing, so the offsets stay right.
        bytes.resize(parsed->bytes().size());
        return message(std::move(bytes), *parsed);
    }

    /// The parsed message. Views into this object's bytes: valid while it lives unchanged.
    const message_view& view() const noexcept { return view_; }
    const message_view& operator*() const noexcept { return view_; }
    const message_view* operator->() const noexcept { return &view_; }

    /// The message's octets, start line to end of body (the same text as view().bytes()).
    const std::string& bytes() const noexcept { return bytes_; }
    /// True for a default-constructed or moved-from message.
    bool empty() const noexcept { return bytes_.empty(); }

    /// Moves the octets out (to keep them without the parsed view); the message is left empty.
    std::string release() && {
        std::string out = std::move(bytes_);
        clear();
        return out;
    }

private:
    friend class message_builder; // makes messages whose view it laid out itself
    message(std::string bytes, const message_view& parsed) noexcept
        : bytes_(std::move(bytes)), view_(parsed) {
        rebase();
    }

    // A moved or copied std::string may live elsewhere (always so with the small-string
    // optimization): point the view at this object's octets. Offsets stay as they are.
    void rebase() noexcept { detail::message_access::rebase(view_, bytes_.data()); }

    void clear() noexcept {
        bytes_.clear();
        view_ = message_view();
    }

    std::string bytes_;
    message_view view_;
};

} // namespace sipkit
