// Character classes and scanners for the URI rules of RFC 3261 §25.1 (SIP-URI, userinfo,
// uri-parameters, headers, absoluteURI), RFC 3966 §3 (tel URI) and RFC 3986 §2-3 (generic URI).
//
// The classes list the characters a rule admits literally; `escaped` ("%" HEXDIG HEXDIG) is
// handled by the scanners, which fail with uri_escape_invalid on a "%" without two hex digits.
#pragma once

#include <sipkit/core/result.hpp>
#include <sipkit/grammar/char_class.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sipkit::grammar {

/// Bit flags, one per URI character class; a byte may belong to several.
enum uri_char_class : std::uint16_t {
    uc_user = 1 << 0,              // RFC 3261 §25.1 user: unreserved / user-unreserved
    uc_password = 1 << 1,          // RFC 3261 §25.1 password: unreserved / & = + $ ,
    uc_paramchar = 1 << 2,         // RFC 3261 §25.1 paramchar: param-unreserved / unreserved
    uc_hnv = 1 << 3,               // RFC 3261 §25.1 hname/hvalue: hnv-unreserved / unreserved
    uc_uri3986 = 1 << 4,           // RFC 3986 §2: unreserved / gen-delims / sub-delims, no "#"
    uc_unreserved3986 = 1 << 5,    // RFC 3986 §2.3: ALPHA / DIGIT / "-" / "." / "_" / "~"
    uc_scheme = 1 << 6,            // RFC 3986 §3.1: ALPHA / DIGIT / "+" / "-" / "."
    uc_phonedigit = 1 << 7,        // RFC 3966 §3: DIGIT / visual-separator
    uc_phonedigit_hex = 1 << 8,    // RFC 3966 §3: HEXDIG / "*" / "#" / visual-separator
    uc_tel_pname = 1 << 9,         // RFC 3966 §3: pname = 1*( alphanum / "-" )
    uc_visual_separator = 1 << 10, // RFC 3966 §3: "-" / "." / "(" / ")"
};

namespace detail {

inline constexpr std::array<std::uint16_t, 256> uri_char_table = [] {
    std::array<std::uint16_t, 256> t{};
    constexpr std::string_view mark = "-_.!~*'()";
    constexpr std::string_view user_unreserved = "&=+$,;?/";
    constexpr std::string_view password_extra = "&=+$,";
    constexpr std::string_view param_unreserved = "[]/:&+$";
    constexpr std::string_view hnv_unreserved = "[]/?:+$";
    constexpr std::string_view rfc3986_delims = ":/?[]@!$&'()*+,;=";
    constexpr std::string_view visual_separator = "-.()";
    for (int i = 0; i < 128; ++i) {
        const char c = static_cast<char>(i);
        const bool alpha = (i >= 'a' && i <= 'z') || (i >= 'A' && i <= 'Z');
        const bool digit = i >= '0' && i <= '9';
        const bool hex = digit || (i >= 'a' && i <= 'f') || (i >= 'A' && i <= 'F');
        const bool unreserved = alpha || digit || in(c, mark);
        const bool unreserved3986 = alpha || digit || in(c, "-._~");
        std::uint16_t f = 0;
        if (unreserved || in(c, user_unreserved))
            f |= uc_user;
        if (unreserved || in(c, password_extra))
            f |= uc_password;
        if (unreserved || in(c, param_unreserved))
            f |= uc_paramchar;
        if (unreserved || in(c, hnv_unreserved))
            f |= uc_hnv;
        if (unreserved3986 || in(c, rfc3986_delims))
            f |= uc_uri3986;
        if (unreserved3986)
            f |= uc_unreserved3986;
        if (alpha || digit || in(c, "+-."))
            f |= uc_scheme;
        if (digit || in(c, visual_separator))
            f |= uc_phonedigit;
        if (hex || in(c, "*#") || in(c, visual_separator))
            f |= uc_phonedigit_hex;
        if (alpha || digit || c == '-')
            f |= uc_tel_pname;
        if (in(c, visual_separator))
            f |= uc_visual_separator;
        t[static_cast<std::size_t>(i)] = f;
    }
    return t;
}();

} // namespace detail

constexpr bool is_uri_char(char c, std::uint16_t classes) noexcept {
    return (detail::uri_char_table[static_cast<unsigned char>(c)] & classes) != 0;
}

/// RFC 3261 §25.1: escaped = "%" HEXDIG HEXDIG. True when one starts at pos.
constexpr bool is_escaped_at(std::string_view s, std::size_t pos) noexcept {
    return pos + 2 < s.size() && s[pos] == '%' && is_hex(s[pos + 1]) && is_hex(s[pos + 2]);
}

/// *( <class> / escaped ): scans characters of `classes` and escapes; stops before the first
/// other character. A "%" not followed by two hex digits fails with uri_escape_invalid.
constexpr result<std::size_t> scan_escaped_run(std::string_view s, std::size_t pos,
                                               std::uint16_t classes) noexcept {
    while (pos < s.size()) {
        const char c = s[pos];
        if (c == '%') {
            if (!is_escaped_at(s, pos))
                return unexpected(errc::uri_escape_invalid, pos);
            pos += 3;
        } else if (is_uri_char(c, classes)) {
            ++pos;
        } else {
            break;
        }
    }
    return pos;
}

/// RFC 3261 §25.1: user = 1*( unreserved / escaped / user-unreserved ) (returns pos if none).
constexpr result<std::size_t> scan_user(std::string_view s, std::size_t pos) noexcept {
    return scan_escaped_run(s, pos, uc_user);
}

/// RFC 3261 §25.1: password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," ).
constexpr result<std::size_t> scan_password(std::string_view s, std::size_t pos) noexcept {
    return scan_escaped_run(s, pos, uc_password);
}

/// RFC 3261 §25.1: pname / pvalue = 1*paramchar (returns pos if none). RFC 3966 pvalue too.
constexpr result<std::size_t> scan_paramchars(std::string_view s, std::size_t pos) noexcept {
    return scan_escaped_run(s, pos, uc_paramchar);
}

/// RFC 3261 §25.1: hname / hvalue = *( hnv-unreserved / unreserved / escaped ).
constexpr result<std::size_t> scan_hnv(std::string_view s, std::size_t pos) noexcept {
    return scan_escaped_run(s, pos, uc_hnv);
}

/// RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ). Returns pos if none.
constexpr std::size_t scan_scheme(std::string_view s, std::size_t pos) noexcept {
    if (pos >= s.size() || !is_alpha(s[pos]))
        return pos;
    std::size_t p = pos + 1;
    while (p < s.size() && is_uri_char(s[p], uc_scheme))
        ++p;
    return p;
}

/// RFC 3966 §3: global-number-digits = "+" *phonedigit DIGIT *phonedigit. Returns pos if none.
constexpr std::size_t scan_global_number_digits(std::string_view s, std::size_t pos) noexcept {
    if (pos >= s.size() || s[pos] != '+')
        return pos;
    std::size_t p = pos + 1;
    bool digit = false;
    while (p < s.size() && is_uri_char(s[p], uc_phonedigit))
        digit |= is_digit(s[p++]);
    return digit ? p : pos;
}

/// RFC 3966 §3: local-number-digits = *phonedigit-hex (HEXDIG / "*" / "#") *phonedigit-hex.
/// Returns pos if none.
constexpr std::size_t scan_local_number_digits(std::string_view s, std::size_t pos) noexcept {
    std::size_t p = pos;
    bool digit = false;
    while (p < s.size() && is_uri_char(s[p], uc_phonedigit_hex)) {
        digit |= !is_uri_char(s[p], uc_visual_separator);
        ++p;
    }
    return digit ? p : pos;
}

} // namespace sipkit::grammar
