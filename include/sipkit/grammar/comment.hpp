// comment: the RFC 3261 §25.1 comment rule (parenthesised, nesting text in Server, User-Agent
// and Retry-After), and the LWS-as-SP reading that text-like values share.
#pragma once

#include <sipkit/core/result.hpp>
#include <sipkit/grammar/char_class.hpp>
#include <sipkit/grammar/scanners.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace sipkit::grammar {

/// RFC 3261 §25.1: comment = LPAREN *(ctext / quoted-pair / comment) RPAREN, with
/// ctext = %x21-27 / %x2A-5B / %x5D-7E / UTF8-NONASCII / LWS and
/// quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F). Starts at the "(" and returns the position
/// after the ")" that closes it; the SWS that LPAREN allows before "(" and RPAREN after ")"
/// is the caller's (inside, SWS is ctext anyway). Nesting is counted, not recursed into, so
/// any depth is safe. A comment is quoted text with parentheses for quotes, so the errors are
/// those of scan_quoted_string: token_invalid (at pos) when there is no "(",
/// quoted_pair_invalid at a "\" escaping CR, LF or a non-ASCII octet, utf8_invalid at a
/// malformed UTF-8 sequence, quoted_string_invalid at a control character outside LWS, and
/// quoted_string_unterminated (at pos) when the comment never closes.
constexpr result<std::size_t> scan_comment(std::string_view s, std::size_t pos) noexcept {
    if (pos >= s.size() || s[pos] != '(')
        return unexpected(errc::token_invalid, pos);
    std::size_t depth = 1;
    std::size_t p = pos + 1;
    while (p < s.size()) {
        const char c = s[p];
        if (c == '(') {
            ++depth;
            ++p;
        } else if (c == ')') {
            ++p;
            if (--depth == 0)
                return p;
        } else if (c == '\\') {
            if (p + 1 >= s.size())
                break;
            const char e = s[p + 1];
            if (e == '\r' || e == '\n' || static_cast<unsigned char>(e) > 0x7f)
                return unexpected(errc::quoted_pair_invalid, p);
            p += 2;
        } else if (is(c, cc_text_utf8)) {
            ++p; // %x21-7E; "(", ")" and "\" are handled above
        } else if (static_cast<unsigned char>(c) >= 0x80) {
            const std::size_t n = utf8_nonascii_length(s, p);
            if (n == 0)
                return unexpected(errc::utf8_invalid, p);
            p += n;
        } else {
            const std::size_t after = skip_lws(s, p);
            if (after == p)
                return unexpected(errc::quoted_string_invalid, p);
            p = after;
        }
    }
    return unexpected(errc::quoted_string_unterminated, pos);
}

namespace detail {

/// Reads text one octet at a time with every run of LWS read as a single SP. With
/// `quoted_pairs`, "\" and the octet after it are read as they are (in a comment or a
/// quoted-string, "\ " is an escaped SP, not LWS).
struct lws_collapsing_reader {
    std::string_view text;
    bool quoted_pairs = false;
    std::size_t pos = 0;
    bool escaped = false;

    /// The next octet (0..255), or -1 at the end.
    constexpr int next() noexcept {
        if (pos >= text.size())
            return -1;
        if (escaped) {
            escaped = false;
            return static_cast<unsigned char>(text[pos++]);
        }
        if (quoted_pairs && text[pos] == '\\' && pos + 1 < text.size()) {
            escaped = true;
            ++pos;
            return '\\';
        }
        std::size_t after = skip_lws(text, pos);
        if (after == pos)
            return static_cast<unsigned char>(text[pos++]);
        while (after != pos) { // *LWS: several folds in a row are still one run
            pos = after;
            after = skip_lws(text, pos);
        }
        return ' ';
    }
};

} // namespace detail

/// RFC 3261 §25.1: "All linear white space, including folding, has the same semantics as SP. A
/// recipient MAY replace any linear white space with a single SP". Appends `text` with each
/// run of LWS replaced by one SP; with `quoted_pairs` (comments, quoted-strings) a quoted-pair
/// is copied as it is.
inline void append_lws_collapsed(std::string& out, std::string_view text, bool quoted_pairs) {
    detail::lws_collapsing_reader r{text, quoted_pairs};
    for (int c = r.next(); c >= 0; c = r.next())
        out += static_cast<char>(c);
}

/// True when `a` and `b` read the same once each run of LWS in either is read as one SP (RFC
/// 3261 §25.1), which is what append_lws_collapsed writes.
constexpr bool lws_collapsed_equal(std::string_view a, std::string_view b,
                                   bool quoted_pairs) noexcept {
    detail::lws_collapsing_reader ra{a, quoted_pairs};
    detail::lws_collapsing_reader rb{b, quoted_pairs};
    for (;;) {
        const int x = ra.next();
        const int y = rb.next();
        if (x != y)
            return false;
        if (x < 0)
            return true;
    }
}

} // namespace sipkit::grammar
