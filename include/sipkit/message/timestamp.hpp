// timestamp: the Timestamp header (RFC 3261 §20.38), when the request was sent and the delay.
#pragma once

#include <sipkit/core/result.hpp>
#include <sipkit/grammar/scanners.hpp>
#include <sipkit/message/header_name.hpp>

#include <charconv>
#include <cstddef>
#include <string>
#include <string_view>

namespace sipkit {

namespace detail {

/// *(DIGIT) ["." *(DIGIT)] from pos; returns the end (pos when there is nothing).
constexpr std::size_t scan_decimal(std::string_view s, std::size_t pos) noexcept {
    std::size_t p = grammar::scan_digits(s, pos);
    if (p < s.size() && s[p] == '.')
        p = grammar::scan_digits(s, p + 1);
    return p;
}

/// A decimal as the Timestamp grammar writes it ("54", "54.", ".5", "."), in seconds; 0 for
/// text with no digit.
inline double decimal_seconds(std::string_view s) noexcept {
    double value = 0;
    // from_chars reads "54." and ".5" as strtod does; on "" and "." it fails and leaves 0.
    (void)std::from_chars(s.data(), s.data() + s.size(), value, std::chars_format::fixed);
    return value;
}

} // namespace detail

/// RFC 3261 §20.38: Timestamp = "Timestamp" HCOLON 1*(DIGIT) [ "." *(DIGIT) ] [ LWS delay ],
/// delay = *(DIGIT) [ "." *(DIGIT) ]. E.g. "54", "1047.25 0.5". The UAS echoes the value
/// verbatim (§8.2.6.1), so the parsed text is kept as written; the views are valid while the
/// parsed value is.
struct timestamp {
    static constexpr header_id id = header_id::timestamp;
    static constexpr errc invalid = errc::timestamp_invalid;
    static constexpr bool list = false;

    /// The time the request was sent, as written ("54", "54.", "1047.25").
    std::string_view value;
    /// The delay as written; "" when there is none.
    std::string_view delay;

    constexpr bool has_delay() const noexcept { return !delay.empty(); }
    /// The value as a number of seconds (its unit is the sender's; §8.2.6.1 uses seconds).
    double seconds() const noexcept { return detail::decimal_seconds(value); }
    /// The delay as a number of seconds; 0 when there is none.
    double delay_seconds() const noexcept { return detail::decimal_seconds(delay); }

    /// Parses a Timestamp value. The value needs a digit before any "."; the delay may be
    /// "", "." or ".5" (delay is all optional parts).
    static constexpr result<timestamp> parse(std::string_view s) noexcept {
        timestamp out;
        const std::size_t digits = grammar::scan_digits(s, 0);
        if (digits == 0)
            return unexpected(invalid, 0);
        const std::size_t value_end = detail::scan_decimal(s, 0);
        out.value = s.substr(0, value_end);
        if (value_end == s.size())
            return out;
        const std::size_t delay_pos = grammar::skip_lws(s, value_end);
        if (delay_pos == value_end)
            return unexpected(invalid, value_end);
        const std::size_t delay_end = detail::scan_decimal(s, delay_pos);
        if (delay_end != s.size())
            return unexpected(invalid, delay_end);
        out.delay = s.substr(delay_pos, delay_end - delay_pos);
        return out;
    }

    /// The value and the delay as written (the value is echoed, not recomputed: "54.0" is not
    /// "54").
    friend constexpr bool operator==(const timestamp&, const timestamp&) = default;
};

/// "value[ delay]".
inline void serialize_to(std::string& out, const timestamp& t) {
    out += t.value;
    if (t.has_delay()) {
        out += ' ';
        out += t.delay;
    }
}

} // namespace sipkit
