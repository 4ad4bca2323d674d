// Scanners for the RFC 3261 §25.1 ABNF rules, one per rule, named after it.
//
// Every scanner takes the text and a start position and returns where the match ends. Scanners
// that can only match or not match return a position (equal to `pos` when nothing matched);
// scanners that can fail in more than one way return result<...> with the error's offset.
#pragma once

#include <sipkit/core/result.hpp>
#include <sipkit/grammar/char_class.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sipkit::grammar {

/// The octets [begin, end) of s, for positions a scanner has already checked (begin <= end <=
/// s.size()): std::string_view::substr without its range check, so that it inlines.
constexpr std::string_view slice(std::string_view s, std::size_t begin, std::size_t end) noexcept {
    return {s.data() + begin, end - begin};
}

/// The end of the run of octets from pos for which in_run(octet) holds.
template <class InRun>
constexpr std::size_t scan_while(std::string_view s, std::size_t pos, InRun in_run) noexcept {
    // Four octets a round while they last: one bounds check per round, not per octet.
    for (; pos + 4 <= s.size(); pos += 4) {
        if (!in_run(s[pos]))
            return pos;
        if (!in_run(s[pos + 1]))
            return pos + 1;
        if (!in_run(s[pos + 2]))
            return pos + 2;
        if (!in_run(s[pos + 3]))
            return pos + 3;
    }
    while (pos < s.size() && in_run(s[pos]))
        ++pos;
    return pos;
}

/// The end of the run of octets of the char_class flags `Classes` from pos.
template <std::uint16_t Classes>
constexpr std::size_t scan_run(std::string_view s, std::size_t pos) noexcept {
    return scan_while(s, pos, [](char c) { return is(c, Classes); });
}

/// 1*(token char): RFC 3261 §25.1 token.
constexpr std::size_t scan_token(std::string_view s, std::size_t pos) noexcept {
    return scan_run<cc_token>(s, pos);
}

/// 1*(word char): RFC 3261 §25.1 word (used by Call-ID).
constexpr std::size_t scan_word(std::string_view s, std::size_t pos) noexcept {
    return scan_run<cc_word>(s, pos);
}

/// *DIGIT
constexpr std::size_t scan_digits(std::string_view s, std::size_t pos) noexcept {
    while (pos < s.size() && is_digit(s[pos]))
        ++pos;
    return pos;
}

struct number_match {
    std::uint64_t value = 0;
    std::size_t end = 0;
};

/// 1*DIGIT at pos, read as a decimal number no larger than `max` (leading zeros allowed, as
/// RFC 4475 §3.1.1.1 shows). errc::number_invalid when there is no digit at pos,
/// errc::number_out_of_range (at pos) when the value exceeds `max`; digits are read to the end
/// however many there are, so an overlarge number never wraps.
constexpr result<number_match> scan_number(std::string_view s, std::size_t pos,
                                           std::uint64_t max) noexcept {
    const std::size_t end = scan_digits(s, pos);
    if (end == pos)
        return unexpected(errc::number_invalid, pos);
    // value <= max before each step, so value * 10 + 9 cannot wrap while max is below
    // 2**64 / 10; a larger max takes the division per digit.
    const bool small_max = max < (~std::uint64_t{0} - 9) / 10;
    std::uint64_t value = 0;
    for (std::size_t i = pos; i < end; ++i) {
        const auto digit = static_cast<std::uint64_t>(s[i] - '0');
        if (small_max ? value * 10 + digit > max : value > (max - digit) / 10)
            return unexpected(errc::number_out_of_range, pos);
        value = value * 10 + digit;
    }
    return number_match{value, end};
}

/// RFC 3261 §25.1: delta-seconds = 1*DIGIT. sipkit reads it as a 32-bit unsigned number
/// (RFC 3261 §10.2.1.1, §20.19: "between 0 and (2**32)-1"); more is number_out_of_range.
constexpr result<number_match> scan_delta_seconds(std::string_view s, std::size_t pos) noexcept {
    return scan_number(s, pos, 0xffffffffu);
}

/// *WSP
constexpr std::size_t skip_wsp(std::string_view s, std::size_t pos) noexcept {
    while (pos < s.size() && is_wsp(s[pos]))
        ++pos;
    return pos;
}

/// Length of the line break at pos: 2 for CRLF, 1 for a bare LF (accepted leniently, as
/// the major stacks do), 0 otherwise.
constexpr std::size_t line_break_at(std::string_view s, std::size_t pos) noexcept {
    if (pos < s.size() && s[pos] == '\n')
        return 1;
    if (pos + 1 < s.size() && s[pos] == '\r' && s[pos + 1] == '\n')
        return 2;
    return 0;
}

namespace detail {
constexpr std::size_t skip_lws_slow(std::string_view s, std::size_t pos) noexcept {
    std::size_t p = skip_wsp(s, pos);
    if (const std::size_t crlf = line_break_at(s, p); crlf != 0) {
        const std::size_t after = skip_wsp(s, p + crlf);
        return after > p + crlf ? after : (p > pos ? p : pos);
    }
    return p;
}
} // namespace detail

/// RFC 3261 §25.1: LWS = [*WSP CRLF] 1*WSP. Returns pos when there is no LWS at pos.
constexpr std::size_t skip_lws(std::string_view s, std::size_t pos) noexcept {
    // Fast path, small enough to inline: most separators have no whitespace around them.
    if (pos >= s.size() || (s[pos] != ' ' && s[pos] != '\t' && s[pos] != '\r' && s[pos] != '\n'))
        return pos;
    return detail::skip_lws_slow(s, pos);
}

/// RFC 3261 §25.1: SWS = [LWS]. Same as skip_lws; named for the places the ABNF uses SWS.
constexpr std::size_t skip_sws(std::string_view s, std::size_t pos) noexcept {
    return skip_lws(s, pos);
}

namespace detail {
// scan_separator when LWS is at pos or after c; kept out of line so that the fast path inlines.
[[gnu::noinline]] constexpr std::size_t scan_separator_slow(std::string_view s, std::size_t pos,
                                                            char c) noexcept {
    if (pos < s.size() && s[pos] == c)
        return skip_sws(s, pos + 1);
    const std::size_t p = skip_sws(s, pos);
    if (p != pos && p < s.size() && s[p] == c)
        return skip_sws(s, p + 1);
    return pos;
}
} // namespace detail

/// RFC 3261 §25.1: SWS c SWS for a separator c (SEMI, COMMA, EQUAL, COLON, SLASH...).
/// Returns the position after the trailing SWS, or pos when c is not there.
constexpr std::size_t scan_separator(std::string_view s, std::size_t pos, char c) noexcept {
    // Fast path, small enough to inline: no whitespace around the separator, or no separator
    // and no whitespace at pos. LWS starts with SP, HTAB, CR or LF, all at or below SP.
    const std::size_t n = s.size();
    if (pos >= n)
        return pos;
    if (s[pos] == c) {
        if (pos + 1 == n || static_cast<unsigned char>(s[pos + 1]) > ' ')
            return pos + 1;
    } else if (static_cast<unsigned char>(s[pos]) > ' ') {
        return pos;
    }
    return detail::scan_separator_slow(s, pos, c);
}

/// Length of the RFC 3261 §25.1 UTF8-NONASCII sequence at pos (0 when there is none):
/// %xC0-DF 1UTF8-CONT / %xE0-EF 2UTF8-CONT / %xF0-F7 3UTF8-CONT / %xF8-FB 4UTF8-CONT /
/// %xFC-FD 5UTF8-CONT.
constexpr std::size_t utf8_nonascii_length(std::string_view s, std::size_t pos) noexcept {
    const auto b = static_cast<unsigned char>(s[pos]);
    std::size_t cont = 0;
    if (b >= 0xc0 && b <= 0xdf)
        cont = 1;
    else if (b >= 0xe0 && b <= 0xef)
        cont = 2;
    else if (b >= 0xf0 && b <= 0xf7)
        cont = 3;
    else if (b >= 0xf8 && b <= 0xfb)
        cont = 4;
    else if (b >= 0xfc && b <= 0xfd)
        cont = 5;
    else
        return 0;
    if (s.size() - pos - 1 < cont)
        return 0;
    for (std::size_t i = 1; i <= cont; ++i) {
        const auto c = static_cast<unsigned char>(s[pos + i]);
        if (c < 0x80 || c > 0xbf)
            return 0;
    }
    return cont + 1;
}

/// RFC 3261 §25.1: TEXT-UTF8-TRIM = 1*TEXT-UTF8char *(*LWS TEXT-UTF8char), with
/// TEXT-UTF8char = %x21-7E / UTF8-NONASCII. Scans as far as the rule goes; stops before
/// trailing LWS. Fails with utf8_invalid on a malformed multi-byte sequence.
constexpr result<std::size_t> scan_text_utf8_trim(std::string_view s, std::size_t pos) noexcept {
    std::size_t end = pos;
    std::size_t p = pos;
    while (p < s.size()) {
        const char c = s[p];
        if (is(c, cc_text_utf8)) {
            end = ++p;
        } else if (static_cast<unsigned char>(c) >= 0x80) {
            const std::size_t n = utf8_nonascii_length(s, p);
            if (n == 0)
                return unexpected(errc::utf8_invalid, p);
            end = p += n;
        } else {
            if (end == pos)
                break; // the rule starts with a TEXT-UTF8char, never with LWS
            const std::size_t after = skip_lws(s, p);
            if (after == p)
                break;
            p = after;
        }
    }
    return end;
}

/// RFC 3261 §25.1: quoted-string = SWS DQUOTE *(qdtext / quoted-pair) DQUOTE, starting at the
/// opening DQUOTE; returns the position after the closing one. qdtext admits LWS, %x21,
/// %x23-5B, %x5D-7E and any octet above %x7F (UTF-8 is not re-validated here);
/// quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F).
constexpr result<std::size_t> scan_quoted_string(std::string_view s, std::size_t pos) noexcept {
    if (pos >= s.size() || s[pos] != '"')
        return unexpected(errc::token_invalid, pos);
    std::size_t p = pos + 1;
    while (p < s.size()) {
        const char c = s[p];
        if (c == '"')
            return p + 1;
        if (c == '\\') {
            if (p + 1 >= s.size())
                break;
            const char e = s[p + 1];
            if (e == '\r' || e == '\n' || static_cast<unsigned char>(e) > 0x7f)
                return unexpected(errc::quoted_pair_invalid, p);
            p += 2;
        } else if (is(c, cc_qdtext) || static_cast<unsigned char>(c) >= 0x80) {
            ++p;
        } else {
            const std::size_t after = skip_lws(s, p);
            if (after == p)
                return unexpected(errc::quoted_string_invalid, p);
            p = after;
        }
    }
    return unexpected(errc::quoted_string_unterminated, pos);
}

enum class host_kind : std::uint8_t { hostname, ipv4, ipv6 };

struct host_match {
    std::size_t end = 0;
    host_kind kind = host_kind::hostname;
};

namespace detail {

/// RFC 3261 §25.1: IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT, each part
/// at most 255. Returns the end, or pos on no match; stores the four octets in `octets` when
/// given one.
constexpr std::size_t scan_ipv4(std::string_view s, std::size_t pos,
                                std::uint8_t* octets = nullptr) noexcept {
    const char* const d = s.data();
    const std::size_t n = s.size();
    std::size_t p = pos;
    for (int part = 0; part < 4; ++part) {
        if (part > 0) {
            if (p >= n || d[p] != '.')
                return pos;
            ++p;
        }
        // 1*3DIGIT, read digit by digit: a fourth digit is refused, not left for the caller.
        if (p >= n || !is_digit(d[p]))
            return pos;
        unsigned value = unsigned(d[p++] - '0');
        if (p < n && is_digit(d[p])) {
            value = value * 10 + unsigned(d[p++] - '0');
            if (p < n && is_digit(d[p])) {
                value = value * 10 + unsigned(d[p++] - '0');
                if (p < n && is_digit(d[p]))
                    return pos;
            }
        }
        if (value > 255)
            return pos;
        if (octets != nullptr)
            octets[part] = static_cast<std::uint8_t>(value);
    }
    return p;
}

/// RFC 3261 §25.1: IPv6address = hexpart [ ":" IPv4address ], hexpart with at most one "::"
/// (as corrected by RFC 5954 §4.1). Scans up to (not including) a "]" and checks the group
/// count. Returns the end, or pos on no match; stores the 16 octets in `octets` when given one.
constexpr std::size_t scan_ipv6(std::string_view s, std::size_t pos,
                                std::uint8_t* octets = nullptr) noexcept {
    // Groups before the "::" fill from the front, groups after it from the back.
    std::uint16_t head[8] = {};
    std::uint16_t tail[8] = {};
    int heads = 0;
    int tails = 0;
    bool compressed = false;
    const auto push = [&](unsigned g) {
        if (heads + tails >= 8)
            return false;
        (compressed ? tail[tails++] : head[heads++]) = static_cast<std::uint16_t>(g);
        return true;
    };
    std::size_t p = pos;
    if (s.substr(p, 2) == "::") {
        compressed = true;
        p += 2;
    }
    while (p < s.size() && s[p] != ']') {
        // An embedded IPv4address ends the address and fills two groups.
        std::uint8_t v4[4] = {};
        if (const std::size_t v4_end = scan_ipv4(s, p, v4);
            v4_end != p && (v4_end >= s.size() || s[v4_end] == ']')) {
            if (!push(unsigned(v4[0]) << 8 | v4[1]) || !push(unsigned(v4[2]) << 8 | v4[3]))
                return pos;
            p = v4_end;
            break;
        }
        std::size_t end = p;
        unsigned g = 0;
        while (end < s.size() && end - p < 5 && is_hex(s[end]))
            g = g * 16 + unsigned(hex_value(s[end++]));
        if (end == p || end - p > 4 || !push(g))
            return pos;
        p = end;
        if (p < s.size() && s[p] == ':') {
            if (p + 1 < s.size() && s[p + 1] == ':') {
                if (compressed)
                    return pos;
                compressed = true;
                p += 2;
            } else {
                ++p;
                if (p >= s.size() || s[p] == ']')
                    return pos;
            }
        } else {
            break;
        }
    }
    if (compressed ? heads + tails > 7 : heads != 8)
        return pos;
    if (octets != nullptr) {
        std::uint16_t groups[8] = {};
        for (int i = 0; i < heads; ++i)
            groups[i] = head[i];
        for (int i = 0; i < tails; ++i)
            groups[8 - tails + i] = tail[i];
        for (int i = 0; i < 8; ++i) {
            octets[2 * i] = static_cast<std::uint8_t>(groups[i] >> 8);
            octets[2 * i + 1] = static_cast<std::uint8_t>(groups[i] & 0xff);
        }
    }
    return p;
}

/// RFC 3261 §25.1: hostname = *( domainlabel "." ) toplabel [ "." ], labels of alphanum and
/// inner "-", the toplabel starting with ALPHA.
constexpr std::size_t scan_hostname(std::string_view s, std::size_t pos) noexcept {
    const char* const d = s.data();
    const std::size_t n = s.size();
    std::size_t p = pos;
    std::size_t end = pos;
    while (p < n && is_alphanum(d[p])) {
        const std::size_t label = p;
        p = scan_run<cc_label>(s, p);
        if (d[p - 1] == '-')
            return pos;
        const bool top_ok = is_alpha(d[label]);
        if (p < n && d[p] == '.') {
            ++p;
            if (top_ok)
                end = p; // "toplabel ." is a complete hostname
            continue;
        }
        return top_ok ? p : pos;
    }
    return end;
}

} // namespace detail

/// RFC 3261 §25.1: host = hostname / IPv4address / IPv6reference.
constexpr result<host_match> scan_host(std::string_view s, std::size_t pos) noexcept {
    if (pos < s.size() && s[pos] == '[') {
        const std::size_t end = detail::scan_ipv6(s, pos + 1);
        if (end == pos + 1 || end >= s.size() || s[end] != ']')
            return unexpected(errc::host_invalid, pos);
        return host_match{end + 1, host_kind::ipv6};
    }
    const std::size_t v4 = detail::scan_ipv4(s, pos);
    // "1.2.3.4" is an address; "1.2.3.4x" or "1.2.3.4.example" may still be a hostname.
    if (v4 != pos && (v4 >= s.size() || !(is(s[v4], cc_hostname))))
        return host_match{v4, host_kind::ipv4};
    const std::size_t name = detail::scan_hostname(s, pos);
    if (name == pos)
        return unexpected(errc::host_invalid, pos);
    return host_match{name, host_kind::hostname};
}

/// RFC 3261 §25.1: port = 1*DIGIT, checked to be at most 65535. Stores the value in `port`.
constexpr result<std::size_t> scan_port(std::string_view s, std::size_t pos,
                                        std::uint16_t& port) noexcept {
    const std::size_t end = scan_digits(s, pos);
    if (end == pos)
        return unexpected(errc::port_invalid, pos);
    std::uint32_t value = 0;
    for (std::size_t i = pos; i < end; ++i) {
        value = value * 10 + static_cast<std::uint32_t>(s[i] - '0');
        if (value > 65535)
            return unexpected(errc::port_invalid, pos);
    }
    port = static_cast<std::uint16_t>(value);
    return end;
}

/// One generic-param: name and, when it has one, its value exactly as written (a quoted
/// string keeps its quotes).
struct generic_param {
    std::string_view name;
    std::string_view value;
    bool has_value = false;
};

namespace detail {
/// The gen-value of scan_generic_param at value_pos, when it is not a plain token (a
/// quoted-string, an IPv6reference or IPv6address, or nothing); kept out of line so that the
/// token case stays small.
[[gnu::noinline]] constexpr result<std::size_t> scan_gen_value(std::string_view s,
                                                               std::size_t value_pos) noexcept {
    if (value_pos < s.size() && s[value_pos] == '"')
        return scan_quoted_string(s, value_pos);
    if (value_pos < s.size() && s[value_pos] == '[') {
        const auto h = scan_host(s, value_pos);
        if (!h)
            return unexpected(h.error());
        return h->end;
    }
    std::size_t value_end = scan_token(s, value_pos); // a hostname or IPv4 address is also a token
    // An IPv6address without brackets (RFC 3261 §25.1 via-received; RFC 5118 §4.5) holds
    // colons, which end a token.
    if (value_end < s.size() && s[value_end] == ':')
        if (const std::size_t v6 = scan_ipv6(s, value_pos); v6 > value_end)
            value_end = v6;
    if (value_end == value_pos)
        return unexpected(errc::parameter_invalid, value_pos);
    return value_end;
}
} // namespace detail

/// RFC 3261 §25.1: generic-param = token [ EQUAL gen-value ], gen-value = token / host /
/// quoted-string; host includes an IPv6address with or without brackets. Returns the end and stores
/// the parameter in `out`.
constexpr result<std::size_t> scan_generic_param(std::string_view s, std::size_t pos,
                                                 generic_param& out) noexcept {
    const std::size_t name_end = scan_token(s, pos);
    if (name_end == pos)
        return unexpected(errc::parameter_invalid, pos);
    out.name = slice(s, pos, name_end);
    const std::size_t value_pos = scan_separator(s, name_end, '=');
    if (value_pos == name_end) {
        out.value = {};
        out.has_value = false;
        return name_end;
    }
    // The usual gen-value, a token (a hostname or IPv4 address is also one) that no ":" of an
    // IPv6address follows; the others below.
    std::size_t value_end = scan_token(s, value_pos);
    if (value_end == value_pos || (value_end < s.size() && s[value_end] == ':')) {
        const auto v = detail::scan_gen_value(s, value_pos);
        if (!v)
            return v;
        value_end = *v;
    }
    out.value = slice(s, value_pos, value_end);
    out.has_value = true;
    return value_end;
}

/// *( SEMI generic-param ): calls visit(const generic_param&) for each parameter in order and
/// returns the position after the last one. A SEMI must be followed by a parameter.
template <class Visitor>
constexpr result<std::size_t> scan_generic_params(std::string_view s, std::size_t pos,
                                                  Visitor&& visit) {
    for (;;) {
        const std::size_t p = scan_separator(s, pos, ';');
        if (p == pos)
            return pos;
        generic_param param;
        const auto end = scan_generic_param(s, p, param);
        if (!end)
            return end;
        visit(param);
        pos = *end;
    }
}

} // namespace sipkit::grammar
