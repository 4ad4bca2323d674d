// header_field: one header line of a parsed message, and comma_values, which splits a
// comma-separated header value into its elements.
#pragma once

#include <sipkit/grammar/scanners.hpp>
#include <sipkit/message/header_name.hpp>

#include <array>
#include <cstddef>
#include <iterator>
#include <string_view>

namespace sipkit {

/// One header field as it stands in the message (RFC 3261 §7.3). Views into the buffer the
/// message was parsed from: valid while that buffer is.
struct header_field {
    /// The name as written on the wire ("v", "VIA", "X-Custom").
    std::string_view name;
    /// The value: from the first non-whitespace octet after the colon to the last
    /// non-whitespace octet of the field. Folded continuation lines stay in the view as they
    /// are (CRLF and leading whitespace included), since all LWS means a single SP
    /// (RFC 3261 §7.3.1); `folded` says whether there are any.
    std::string_view value;
    header_id id = header_id::other;
    bool folded = false;
    /// Byte offset of the header line in the parsed input.
    std::size_t offset = 0;

    /// The canonical long name for a known header ("Via" for "v"), else the name as written.
    constexpr std::string_view canonical_name() const noexcept {
        return id == header_id::other ? name : sipkit::canonical_name(id);
    }
};

/// The elements of a comma-separated header value (RFC 3261 §7.3.1: header = "header-name"
/// HCOLON header-value *(COMMA header-value)), each trimmed of surrounding whitespace.
/// Commas inside quoted strings, angle brackets and parenthesized comments do not split. An
/// empty value has no elements; empty elements between commas are kept (",," gives ""), so
/// that typed parsing can reject them. Only meaningful for headers whose grammar is a list.
class comma_values {
    // The octets the splitter looks at: quotes, angle brackets, parentheses and the comma.
    static constexpr auto comma_special = [] {
        std::array<bool, 256> t{};
        for (const char c : {'"', '<', '>', '(', ')', ','})
            t[static_cast<unsigned char>(c)] = true;
        return t;
    }();

public:
    constexpr explicit comma_values(std::string_view value) noexcept : value_(value) {}

    class iterator {
    public:
        using value_type = std::string_view;
        using difference_type = std::ptrdiff_t;
        using iterator_category = std::forward_iterator_tag;
        using pointer = const std::string_view*;
        using reference = std::string_view;

        constexpr iterator() noexcept = default;
        constexpr std::string_view operator*() const noexcept { return current_; }
        constexpr iterator& operator++() noexcept {
            if (next_ > rest_.size()) {
                done_ = true;
            } else {
                advance();
            }
            return *this;
        }
        constexpr iterator operator++(int) noexcept {
            iterator copy = *this;
            ++*this;
            return copy;
        }
        constexpr bool operator==(const iterator& other) const noexcept {
            if (done_ || other.done_)
                return done_ == other.done_;
            return next_ == other.next_ && rest_.data() == other.rest_.data();
        }

    private:
        friend class comma_values;
        constexpr explicit iterator(std::string_view rest) noexcept : rest_(rest) {
            if (trim(rest_).empty()) {
                done_ = true;
            } else {
                advance();
            }
        }

        static constexpr std::string_view trim(std::string_view s) noexcept {
            std::size_t b = 0;
            std::size_t e = s.size();
            while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n'))
                ++b;
            while (e > b &&
                   (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n'))
                --e;
            return s.substr(b, e - b);
        }

        constexpr void advance() noexcept {
            const std::size_t start = next_;
            std::size_t p = start;
            int angle = 0;
            int paren = 0;
            while (p < rest_.size()) {
                // Skip to the next octet that can matter (table lookup, no branches per kind).
                while (p < rest_.size() && !comma_special[static_cast<unsigned char>(rest_[p])])
                    ++p;
                if (p == rest_.size())
                    break;
                const char c = rest_[p];
                if (c == '"') {
                    const auto end = grammar::scan_quoted_string(rest_, p);
                    p = end ? *end : rest_.size(); // an unterminated quote runs to the end
                    continue;
                }
                // "(" and ")" inside <...> are URI characters (RFC 3261 §25.1 mark), not a comment.
                if (c == '<' && paren == 0)
                    ++angle;
                else if (c == '>' && angle > 0)
                    --angle;
                else if (c == '(' && angle == 0)
                    ++paren;
                else if (c == ')' && paren > 0)
                    --paren;
                else if (c == ',' && angle == 0 && paren == 0)
                    break;
                ++p;
            }
            current_ = trim(rest_.substr(start, p - start));
            next_ = p + 1; // past the comma; rest_.size() + 1 after the last element
        }

        std::string_view rest_;
        std::string_view current_;
        std::size_t next_ = 0;
        bool done_ = false;
    };

    constexpr iterator begin() const noexcept { return iterator(value_); }
    constexpr iterator end() const noexcept {
        iterator it;
        it.done_ = true;
        return it;
    }

private:
    std::string_view value_;
};

/// The first element of a comma-separated header value (the top Via of a Via field), trimmed,
/// or the whole value when it has none.
constexpr std::string_view first_comma_value(std::string_view value) noexcept {
    const comma_values elements(value);
    const auto it = elements.begin();
    return it != elements.end() ? *it : value;
}

} // namespace sipkit
