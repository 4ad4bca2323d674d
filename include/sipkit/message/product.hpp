// product: Server and User-Agent (RFC 3261 §20.35, §20.41), product tokens and comments.
#pragma once

#include <sipkit/core/result.hpp>
#include <sipkit/grammar/comment.hpp>
#include <sipkit/grammar/scanners.hpp>
#include <sipkit/message/header_name.hpp>

#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>

namespace sipkit {

/// RFC 3261 §25.1: server-val = product / comment, product = token [SLASH product-version],
/// product-version = token. Views into the parsed value.
struct server_val {
    /// The product token ("" for a comment).
    std::string_view product;
    /// The product-version ("" when there is none, and for a comment).
    std::string_view version;
    /// The comment with its parentheses, as written ("" for a product).
    std::string_view comment;

    constexpr bool is_comment() const noexcept { return !comment.empty(); }

    /// Products compare exactly; comments compare with each run of LWS read as one SP.
    friend constexpr bool operator==(const server_val& a, const server_val& b) noexcept {
        return a.product == b.product && a.version == b.version &&
               grammar::lws_collapsed_equal(a.comment, b.comment, true);
    }
};

namespace detail {

/// One server-val at pos (a "(" starts a comment, anything else a product); stores it in
/// `out` and returns its end. Errors are the scanners' (token_invalid, the comment errors).
constexpr result<std::size_t> scan_server_val(std::string_view s, std::size_t pos,
                                              server_val& out) noexcept {
    out = server_val{};
    if (pos < s.size() && s[pos] == '(') {
        const auto end = grammar::scan_comment(s, pos);
        if (end)
            out.comment = s.substr(pos, *end - pos);
        return end;
    }
    const std::size_t name_end = grammar::scan_token(s, pos);
    if (name_end == pos)
        return unexpected(errc::token_invalid, pos);
    out.product = s.substr(pos, name_end - pos);
    // RFC 3261 §25.1: SLASH = SWS "/" SWS
    const std::size_t version_pos = grammar::scan_separator(s, name_end, '/');
    if (version_pos == name_end)
        return name_end;
    const std::size_t version_end = grammar::scan_token(s, version_pos);
    if (version_end == version_pos)
        return unexpected(errc::token_invalid, version_pos);
    out.version = s.substr(version_pos, version_end - version_pos);
    return version_end;
}

} // namespace detail

/// The server-vals of a Server or User-Agent value in order, as a forward range of server_val
/// that allocates nothing: each is read from the text as the range is walked. Views into the
/// parsed value, valid while it is.
class server_vals {
public:
    constexpr server_vals() noexcept = default;
    /// A range over `text`, which server_vals::scan has accepted (on other text the walk stops
    /// at the first server-val it cannot read).
    constexpr explicit server_vals(std::string_view text) noexcept : text_(text) {}

    /// RFC 3261 §20.35, §20.41: server-val *(LWS server-val), the whole of `s`. The ABNF wants
    /// LWS between server-vals; sipkit also accepts none next to a comment ("Foo/1.0(Linux)"),
    /// whose parentheses delimit it anyway (LPAREN and RPAREN allow SWS, as HTTP/1.1 does).
    /// Two products must be apart: "a/1b/2" is an error at the second "/".
    static constexpr result<server_vals> scan(std::string_view s) noexcept {
        std::size_t pos = 0;
        for (;;) {
            server_val v;
            const auto end = detail::scan_server_val(s, pos, v);
            if (!end)
                return unexpected(end.error());
            if (*end == s.size())
                return server_vals(s);
            const std::size_t next = grammar::skip_lws(s, *end);
            if (next == s.size())
                return unexpected(errc::token_invalid, *end); // trailing LWS: the value is trimmed
            if (next == *end && !v.is_comment() && s[next] != '(')
                return unexpected(errc::token_invalid, next);
            pos = next;
        }
    }

    class iterator {
    public:
        using value_type = server_val;
        using difference_type = std::ptrdiff_t;
        using iterator_category = std::forward_iterator_tag;
        using pointer = const server_val*;
        using reference = const server_val&;

        constexpr iterator() noexcept = default;
        constexpr const server_val& operator*() const noexcept { return current_; }
        constexpr const server_val* operator->() const noexcept { return &current_; }
        constexpr iterator& operator++() noexcept {
            read();
            return *this;
        }
        constexpr iterator operator++(int) noexcept {
            iterator copy = *this;
            read();
            return copy;
        }
        constexpr bool operator==(const iterator& o) const noexcept {
            return done_ == o.done_ && (done_ || pos_ == o.pos_);
        }

    private:
        friend class server_vals;
        constexpr explicit iterator(std::string_view text) noexcept : text_(text) { read(); }

        constexpr void read() noexcept {
            const std::size_t p = grammar::skip_lws(text_, pos_);
            if (p >= text_.size()) {
                done_ = true;
                return;
            }
            const auto end = detail::scan_server_val(text_, p, current_);
            if (!end) { // cannot happen on text that scan() accepted
                done_ = true;
                return;
            }
            pos_ = *end;
        }

        std::string_view text_;
        server_val current_;
        std::size_t pos_ = 0;
        bool done_ = false;
    };

    constexpr iterator begin() const noexcept { return iterator(text_); }
    constexpr iterator end() const noexcept {
        iterator it;
        it.done_ = true;
        return it;
    }
    constexpr bool empty() const noexcept { return begin() == end(); }
    constexpr std::size_t size() const noexcept {
        std::size_t n = 0;
        for (auto it = begin(); it != end(); ++it)
            ++n;
        return n;
    }
    /// The server-vals as written.
    constexpr std::string_view text() const noexcept { return text_; }

    /// The same server-vals in the same order (see server_val's ==); the LWS between them
    /// does not matter.
    friend constexpr bool operator==(const server_vals& a, const server_vals& b) noexcept {
        auto i = a.begin();
        auto j = b.begin();
        for (; i != a.end() && j != b.end(); ++i, ++j)
            if (!(*i == *j))
                return false;
        return i == a.end() && j == b.end();
    }

private:
    std::string_view text_;
};

/// "product/version" or the comment (each run of LWS in it written as one SP).
inline void serialize_to(std::string& out, const server_val& v) {
    if (v.is_comment()) {
        grammar::append_lws_collapsed(out, v.comment, true);
        return;
    }
    out += v.product;
    if (!v.version.empty()) {
        out += '/';
        out += v.version;
    }
}

/// The server-vals separated by one SP.
inline void serialize_to(std::string& out, const server_vals& values) {
    bool first = true;
    for (const server_val& v : values) {
        if (!first)
            out += ' ';
        first = false;
        serialize_to(out, v);
    }
}

/// A header whose value is server-val *(LWS server-val): Server and User-Agent (the aliases
/// below). Views into the parsed value, valid while it is.
template <header_id Id, errc Invalid>
struct basic_product_header {
    static constexpr header_id id = Id;
    static constexpr errc invalid = Invalid;
    static constexpr bool list = false;

    /// The whole value as written.
    std::string_view text;

    /// The products and comments in order.
    constexpr server_vals values() const noexcept { return server_vals(text); }

    /// Parses the value (see server_vals::scan).
    static constexpr result<basic_product_header> parse(std::string_view s) noexcept {
        const auto values = server_vals::scan(s);
        if (!values)
            return unexpected(values.error());
        return basic_product_header{s};
    }

    /// The same server-vals in the same order (see server_vals's ==).
    friend constexpr bool operator==(const basic_product_header& a,
                                     const basic_product_header& b) noexcept {
        return a.values() == b.values();
    }
};

/// The server-vals separated by one SP.
template <header_id Id, errc Invalid>
void serialize_to(std::string& out, const basic_product_header<Id, Invalid>& h) {
    serialize_to(out, h.values());
}

/// RFC 3261 §20.35: Server = "Server" HCOLON server-val *(LWS server-val), the software of the
/// UAS; e.g. "HomeServer v2".
using server = basic_product_header<header_id::server, errc::server_invalid>;

/// RFC 3261 §20.41: User-Agent = "User-Agent" HCOLON server-val *(LWS server-val), the software
/// of the UAC; e.g. "Softphone Beta1.5".
using user_agent = basic_product_header<header_id::user_agent, errc::user_agent_invalid>;

} // namespace sipkit
