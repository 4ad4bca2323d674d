// scalar_headers: the numeric headers Max-Forwards, Content-Length, Expires, Min-Expires and
// MIME-Version (RFC 3261 §20.22, §20.14, §20.19, §20.23, §20.24).
#pragma once

#include <sipkit/core/result.hpp>
#include <sipkit/grammar/scanners.hpp>
#include <sipkit/message/header_name.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sipkit {

namespace detail {

/// The number `n` scanned from the start of `s` (grammar::scan_number or
/// scan_delta_seconds), which must be the whole of `s`. Fails with `invalid` where the scanner
/// failed (the first digit of a too-large number) or at the first byte after the digits.
constexpr result<std::uint64_t>
whole_number(std::string_view s, const result<grammar::number_match>& n, errc invalid) noexcept {
    if (!n)
        return unexpected(invalid, n.error().offset);
    if (n->end != s.size())
        return unexpected(invalid, n->end);
    return n->value;
}

} // namespace detail

/// RFC 3261 §20.22: Max-Forwards = "Max-Forwards" HCOLON 1*DIGIT, "an integer in the range
/// 0-255". A larger value is an error (RFC 4475 §3.1.2.4 scalar02 sends 300).
struct max_forwards {
    static constexpr header_id id = header_id::max_forwards;
    static constexpr errc invalid = errc::max_forwards_invalid;
    static constexpr bool list = false;

    std::uint8_t value = 0;

    /// Leading zeros are allowed (RFC 4475 §3.1.1.1 wsinv sends 0068).
    static constexpr result<max_forwards> parse(std::string_view s) noexcept {
        const auto n = detail::whole_number(s, grammar::scan_number(s, 0, 255), invalid);
        if (!n)
            return unexpected(n.error());
        return max_forwards{static_cast<std::uint8_t>(*n)};
    }

    friend constexpr bool operator==(const max_forwards&, const max_forwards&) = default;
};

/// The number without leading zeros.
inline void serialize_to(std::string& out, const max_forwards& h) {
    out += std::to_string(h.value);
}

/// RFC 3261 §20.14: Content-Length = ( "Content-Length" / "l" ) HCOLON 1*DIGIT, the body size
/// in octets. sipkit reads it as a 32-bit number; more (or a sign, as in RFC 4475 §3.1.2.3
/// ncl) is errc::content_length_invalid.
struct content_length {
    static constexpr header_id id = header_id::content_length;
    static constexpr errc invalid = errc::content_length_invalid;
    static constexpr bool list = false;

    std::uint32_t value = 0;

    static constexpr result<content_length> parse(std::string_view s) noexcept {
        const auto n = detail::whole_number(s, grammar::scan_number(s, 0, 0xffffffffu), invalid);
        if (!n)
            return unexpected(n.error());
        return content_length{static_cast<std::uint32_t>(*n)};
    }

    friend constexpr bool operator==(const content_length&, const content_length&) = default;
};

/// The number without leading zeros.
inline void serialize_to(std::string& out, const content_length& h) {
    out += std::to_string(h.value);
}

/// RFC 3261 §20.19: Expires = "Expires" HCOLON delta-seconds, "between 0 and (2**32)-1".
/// A larger value is an error (RFC 4475 §3.1.2.4 scalar02); whether an element then treats
/// the header as absent is its choice, above this parser.
struct expires {
    static constexpr header_id id = header_id::expires;
    static constexpr errc invalid = errc::expires_invalid;
    static constexpr bool list = false;

    std::uint32_t seconds = 0;

    static constexpr result<expires> parse(std::string_view s) noexcept {
        const auto n = detail::whole_number(s, grammar::scan_delta_seconds(s, 0), invalid);
        if (!n)
            return unexpected(n.error());
        return expires{static_cast<std::uint32_t>(*n)};
    }

    friend constexpr bool operator==(const expires&, const expires&) = default;
};

/// The number without leading zeros.
inline void serialize_to(std::string& out, const expires& h) {
    out += std::to_string(h.seconds);
}

/// RFC 3261 §20.23: Min-Expires = "Min-Expires" HCOLON delta-seconds.
struct min_expires {
    static constexpr header_id id = header_id::min_expires;
    static constexpr errc invalid = errc::min_expires_invalid;
    static constexpr bool list = false;

    std::uint32_t seconds = 0;

    static constexpr result<min_expires> parse(std::string_view s) noexcept {
        const auto n = detail::whole_number(s, grammar::scan_delta_seconds(s, 0), invalid);
        if (!n)
            return unexpected(n.error());
        return min_expires{static_cast<std::uint32_t>(*n)};
    }

    friend constexpr bool operator==(const min_expires&, const min_expires&) = default;
};

/// The number without leading zeros.
inline void serialize_to(std::string& out, const min_expires& h) {
    out += std::to_string(h.seconds);
}

/// RFC 3261 §20.24: MIME-Version = "MIME-Version" HCOLON 1*DIGIT "." 1*DIGIT, no LWS inside.
/// Each number is read as 32 bits; more is an error.
struct mime_version {
    static constexpr header_id id = header_id::mime_version;
    static constexpr errc invalid = errc::mime_version_invalid;
    static constexpr bool list = false;

    std::uint32_t major = 0;
    std::uint32_t minor = 0;

    static constexpr result<mime_version> parse(std::string_view s) noexcept {
        const auto major = grammar::scan_number(s, 0, 0xffffffffu);
        if (!major)
            return unexpected(invalid, major.error().offset);
        if (major->end >= s.size() || s[major->end] != '.')
            return unexpected(invalid, major->end);
        const auto minor = grammar::scan_number(s, major->end + 1, 0xffffffffu);
        if (!minor)
            return unexpected(invalid, minor.error().offset);
        if (minor->end != s.size())
            return unexpected(invalid, minor->end);
        return mime_version{static_cast<std::uint32_t>(major->value),
                            static_cast<std::uint32_t>(minor->value)};
    }

    /// Numeric: "1.0" equals "01.00".
    friend constexpr bool operator==(const mime_version&, const mime_version&) = default;
};

/// "major.minor" without leading zeros.
inline void serialize_to(std::string& out, const mime_version& h) {
    out += std::to_string(h.major);
    out += '.';
    out += std::to_string(h.minor);
}

} // namespace sipkit
