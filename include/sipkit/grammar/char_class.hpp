// ABNF character classes of RFC 3261 §25.1 as constexpr 256-entry tables.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace sipkit::grammar {

/// Bit flags, one per ABNF rule; a byte may belong to several classes.
enum char_class : std::uint16_t {
    cc_alpha = 1 << 0,      // ALPHA
    cc_digit = 1 << 1,      // DIGIT
    cc_hex = 1 << 2,        // HEXDIG (either case)
    cc_token = 1 << 3,      // RFC 3261 §25.1 token character
    cc_word = 1 << 4,       // RFC 3261 §25.1 word character
    cc_separator = 1 << 5,  // RFC 3261 §25.1 separators
    cc_wsp = 1 << 6,        // WSP = SP / HTAB
    cc_unreserved = 1 << 7, // RFC 3261 §25.1 unreserved = alphanum / mark
    cc_reserved = 1 << 8,   // RFC 3261 §25.1 reserved
    cc_ctl = 1 << 9,        // CTL: %x00-1F / %x7F
    cc_text_utf8 = 1 << 10, // %x21-7E (the ASCII part of TEXT-UTF8char)
    cc_qdtext = 1 << 11,    // the ASCII part of qdtext, without LWS
    cc_uri = 1 << 12,       // may appear in a URI (reserved / unreserved / "%" / "[" / "]")
    cc_hostname = 1 << 13,  // alphanum / "-" / "."
    cc_label = 1 << 14,     // alphanum / "-": the octets of a domainlabel or toplabel
};

namespace detail {

constexpr bool in(char c, std::string_view set) noexcept {
    return set.find(c) != set.npos;
}

inline constexpr std::array<std::uint16_t, 256> char_table = [] {
    std::array<std::uint16_t, 256> t{};
    constexpr std::string_view mark = "-_.!~*'()";
    constexpr std::string_view reserved = ";/?:@&=+$,";
    constexpr std::string_view token_extra = "-.!%*_+`'~";
    constexpr std::string_view word_extra = "-.!%*_+`'~()<>:\\\"/[]?{}";
    constexpr std::string_view separators = "()<>@,;:\\\"/[]?={} \t";
    for (int i = 0; i < 256; ++i) {
        const char c = static_cast<char>(i);
        std::uint16_t f = 0;
        const bool alpha = (i >= 'a' && i <= 'z') || (i >= 'A' && i <= 'Z');
        const bool digit = i >= '0' && i <= '9';
        if (alpha)
            f |= cc_alpha;
        if (digit)
            f |= cc_digit;
        if (digit || (i >= 'a' && i <= 'f') || (i >= 'A' && i <= 'F'))
            f |= cc_hex;
        if (i < 0x80) {
            if (alpha || digit || in(c, token_extra))
                f |= cc_token;
            if (alpha || digit || in(c, word_extra))
                f |= cc_word;
            if (in(c, separators))
                f |= cc_separator;
            if (alpha || digit || in(c, mark))
                f |= cc_unreserved | cc_uri;
            if (in(c, reserved))
                f |= cc_reserved | cc_uri;
            if (c == '%' || c == '[' || c == ']')
                f |= cc_uri;
            if (alpha || digit || c == '-' || c == '.')
                f |= cc_hostname;
            if (alpha || digit || c == '-')
                f |= cc_label;
        }
        if (c == ' ' || c == '\t')
            f |= cc_wsp;
        if (i < 0x20 || i == 0x7f)
            f |= cc_ctl;
        if (i >= 0x21 && i <= 0x7e)
            f |= cc_text_utf8;
        // RFC 3261 §25.1: qdtext = LWS / %x21 / %x23-5B / %x5D-7E / UTF8-NONASCII
        if (i == 0x21 || (i >= 0x23 && i <= 0x5b) || (i >= 0x5d && i <= 0x7e))
            f |= cc_qdtext;
        t[static_cast<std::size_t>(i)] = f;
    }
    return t;
}();

} // namespace detail

constexpr bool is(char c, std::uint16_t classes) noexcept {
    return (detail::char_table[static_cast<unsigned char>(c)] & classes) != 0;
}

constexpr bool is_alpha(char c) noexcept {
    return is(c, cc_alpha);
}
constexpr bool is_digit(char c) noexcept {
    return is(c, cc_digit);
}
constexpr bool is_hex(char c) noexcept {
    return is(c, cc_hex);
}
constexpr bool is_alphanum(char c) noexcept {
    return is(c, cc_alpha | cc_digit);
}
constexpr bool is_token_char(char c) noexcept {
    return is(c, cc_token);
}
constexpr bool is_word_char(char c) noexcept {
    return is(c, cc_word);
}
constexpr bool is_separator(char c) noexcept {
    return is(c, cc_separator);
}
constexpr bool is_wsp(char c) noexcept {
    return c == ' ' || c == '\t';
}
constexpr bool is_unreserved(char c) noexcept {
    return is(c, cc_unreserved);
}
constexpr bool is_reserved(char c) noexcept {
    return is(c, cc_reserved);
}
constexpr bool is_ctl(char c) noexcept {
    return is(c, cc_ctl);
}

constexpr int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace sipkit::grammar
