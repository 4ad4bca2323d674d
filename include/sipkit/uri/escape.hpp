// URI character escaping: "%" HEX HEX (RFC 3261 §19.1.2, RFC 3986 §2.1), unescaping, and the
// allocation-free comparison of escaped text (RFC 3261 §19.1.4, RFC 3986 §6.2.2.2).
#pragma once

#include <sipkit/core/ascii.hpp>
#include <sipkit/core/result.hpp>
#include <sipkit/grammar/char_class.hpp>
#include <sipkit/grammar/uri_scanners.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sipkit {

/// The URI component a text is written into; each admits its own set of literal characters
/// (RFC 3261 §25.1) and every other character must be escaped (RFC 3261 §19.1.2).
enum class uri_component : std::uint8_t {
    user,      // RFC 3261 user (also a telephone-subscriber in the user part)
    password,  // RFC 3261 password
    parameter, // RFC 3261 pname / pvalue, RFC 3966 pvalue (paramchar)
    header,    // RFC 3261 hname / hvalue
    absolute,  // the scheme-specific part of an RFC 3986 URI
};

/// Which escaped octets count as their literal character when comparing.
enum class escape_rule : std::uint8_t {
    /// RFC 3261 §19.1.4: characters other than those in the RFC 2396 "reserved" set are
    /// equivalent to their "%" HEX HEX encoding. Also used for tel URIs (RFC 3966 §3).
    rfc3261,
    /// RFC 3986 §6.2.2.2: only percent-encoded unreserved characters equal their literal.
    rfc3986,
};

enum class letter_case : std::uint8_t { sensitive, insensitive };

namespace detail {

constexpr std::uint16_t literal_classes(uri_component c) noexcept {
    switch (c) {
        case uri_component::user:
            return grammar::uc_user;
        case uri_component::password:
            return grammar::uc_password;
        case uri_component::parameter:
            return grammar::uc_paramchar;
        case uri_component::header:
            return grammar::uc_hnv;
        case uri_component::absolute:
            return grammar::uc_uri3986;
    }
    return 0;
}

/// One octet of URI text: a literal character or the value of an escape.
struct uri_octet {
    unsigned char value = 0;
    bool escaped = false;
};

/// Reads the octet at pos and advances pos. A "%" that does not start a valid escape reads as
/// a literal "%" (parsed URIs never hold one; this keeps the reader total on any input).
constexpr uri_octet read_uri_octet(std::string_view s, std::size_t& pos) noexcept {
    if (grammar::is_escaped_at(s, pos)) {
        const int v = grammar::hex_value(s[pos + 1]) * 16 + grammar::hex_value(s[pos + 2]);
        pos += 3;
        return {static_cast<unsigned char>(v), true};
    }
    return {static_cast<unsigned char>(s[pos++]), false};
}

/// Whether an escaped octet is the same character as its literal form under `rule`.
constexpr bool escape_is_transparent(unsigned char v, escape_rule rule) noexcept {
    const char c = static_cast<char>(v);
    if (rule == escape_rule::rfc3986)
        return v < 0x80 && grammar::is_uri_char(c, grammar::uc_unreserved3986);
    return !grammar::is_reserved(c);
}

constexpr bool octets_equivalent(uri_octet a, uri_octet b, letter_case lc,
                                 escape_rule rule) noexcept {
    const bool same_value =
        lc == letter_case::insensitive
            ? to_lower(static_cast<char>(a.value)) == to_lower(static_cast<char>(b.value))
            : a.value == b.value;
    if (!same_value)
        return false;
    // Literal and escaped forms of the same octet match only when the escape is transparent;
    // case folding never changes whether a character is reserved.
    return a.escaped == b.escaped || escape_is_transparent(a.value, rule);
}

/// Decodes s into `buffer` without allocating; nullopt when the decoded text does not fit.
template <std::size_t N>
constexpr std::optional<std::string_view> unescape_into(std::string_view s,
                                                        std::array<char, N>& buffer) noexcept {
    std::size_t n = 0;
    for (std::size_t pos = 0; pos < s.size();) {
        if (n == N)
            return std::nullopt;
        buffer[n++] = static_cast<char>(read_uri_octet(s, pos).value);
    }
    return std::string_view(buffer.data(), n);
}

inline constexpr char upper_hex[] = "0123456789ABCDEF";

inline void append_escaped_octet(std::string& out, unsigned char v) {
    out.push_back('%');
    out.push_back(upper_hex[v >> 4]);
    out.push_back(upper_hex[v & 0x0f]);
}

} // namespace detail

/// True when every "%" in s starts a valid escape.
constexpr bool is_valid_escaping(std::string_view s) noexcept {
    for (std::size_t i = 0; i < s.size(); ++i)
        if (s[i] == '%' && !grammar::is_escaped_at(s, i))
            return false;
    return true;
}

/// Appends s with every escape decoded to `out`. Fails with uri_escape_invalid (offset of the
/// "%" in s) on a "%" without two hex digits, leaving `out` untouched. %00 decodes to a NUL
/// octet like any other (RFC 4475 §3.1.1.4): callers must not treat the result as a C string.
inline result<void> unescape(std::string_view s, std::string& out) {
    for (std::size_t i = 0; i < s.size(); ++i)
        if (s[i] == '%' && !grammar::is_escaped_at(s, i))
            return unexpected(errc::uri_escape_invalid, i);
    out.reserve(out.size() + s.size());
    for (std::size_t pos = 0; pos < s.size();)
        out.push_back(static_cast<char>(detail::read_uri_octet(s, pos).value));
    return {};
}

/// Appends `raw` to `out`, escaping every octet that `where` does not admit literally, and
/// always "%" itself (RFC 3261 §19.1.2: "All other characters MUST be escaped"). Hex digits
/// are written in upper case (RFC 3986 §2.1).
inline void escape(std::string_view raw, uri_component where, std::string& out) {
    const std::uint16_t allowed = detail::literal_classes(where);
    out.reserve(out.size() + raw.size());
    for (const char c : raw) {
        if (c != '%' && grammar::is_uri_char(c, allowed))
            out.push_back(c);
        else
            detail::append_escaped_octet(out, static_cast<unsigned char>(c));
    }
}

inline std::string escape(std::string_view raw, uri_component where) {
    std::string out;
    escape(raw, where, out);
    return out;
}

/// Compares two escaped texts without decoding them into a buffer. Octets compare by value
/// (ASCII case folded when `lc` is insensitive); an escaped octet equals its literal character
/// only when `rule` says the escape is transparent, so with rfc3261 "%61lice" equals "alice"
/// but "a%3Bb" does not equal "a;b" (";" is reserved: RFC 3261 §19.1.4).
constexpr bool equivalent_escaped(std::string_view a, std::string_view b,
                                  letter_case lc = letter_case::sensitive,
                                  escape_rule rule = escape_rule::rfc3261) noexcept {
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.size() && j < b.size())
        if (!detail::octets_equivalent(detail::read_uri_octet(a, i), detail::read_uri_octet(b, j),
                                       lc, rule))
            return false;
    return i == a.size() && j == b.size();
}

/// Appends s in normal form: escapes of transparent unreserved characters decoded, every other
/// escape kept with upper-case hex digits (RFC 3986 §6.2.2.1, §6.2.2.2). The result is
/// equivalent_escaped to s under `rule`.
inline void normalize_escapes(std::string_view s, escape_rule rule, std::string& out) {
    out.reserve(out.size() + s.size());
    for (std::size_t pos = 0; pos < s.size();) {
        const detail::uri_octet o = detail::read_uri_octet(s, pos);
        const char c = static_cast<char>(o.value);
        const bool unreserved = rule == escape_rule::rfc3986
                                    ? grammar::is_uri_char(c, grammar::uc_unreserved3986)
                                    : o.value < 0x80 && grammar::is_unreserved(c);
        if (o.escaped && !unreserved)
            detail::append_escaped_octet(out, o.value);
        else
            out.push_back(c);
    }
}

} // namespace sipkit
