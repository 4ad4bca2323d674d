// date: the Date header (RFC 3261 §20.17), an RFC 1123 date in GMT.
#pragma once

#include <sipkit/core/result.hpp>
#include <sipkit/grammar/char_class.hpp>
#include <sipkit/message/header_name.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sipkit {

namespace detail {

inline constexpr std::array<std::string_view, 7> weekday_names = {"Mon", "Tue", "Wed", "Thu",
                                                                  "Fri", "Sat", "Sun"};
inline constexpr std::array<std::string_view, 12> month_names = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

constexpr bool is_leap_year(std::int64_t y) noexcept {
    return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

constexpr unsigned days_in_month(std::int64_t y, unsigned m) noexcept {
    constexpr std::array<unsigned, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap_year(y) ? 29 : days[(m - 1) % 12];
}

/// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's
/// days_from_civil).
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

/// Two digits at pos as a number, or -1.
constexpr int two_digits(std::string_view s, std::size_t pos) noexcept {
    if (pos + 1 >= s.size() || !grammar::is_digit(s[pos]) || !grammar::is_digit(s[pos + 1]))
        return -1;
    return (s[pos] - '0') * 10 + (s[pos + 1] - '0');
}

/// Index of the three-letter name at pos in `names` (case-sensitive), or -1.
template <std::size_t N>
constexpr int name_index(std::string_view s, std::size_t pos,
                         const std::array<std::string_view, N>& names) noexcept {
    const std::string_view word = s.substr(pos < s.size() ? pos : s.size(), 3);
    for (std::size_t i = 0; i < N; ++i)
        if (word == names[i])
            return static_cast<int>(i);
    return -1;
}

} // namespace detail

/// RFC 3261 §20.17: Date = "Date" HCOLON SIP-date, SIP-date = rfc1123-date,
/// rfc1123-date = wkday "," SP date1 SP time SP "GMT", date1 = 2DIGIT SP month SP 4DIGIT,
/// time = 2DIGIT ":" 2DIGIT ":" 2DIGIT. E.g. "Sat, 13 Nov 2010 23:29:00 GMT". A plain value
/// (no views).
struct date {
    static constexpr header_id id = header_id::date;
    static constexpr errc invalid = errc::date_invalid;
    static constexpr bool list = false;

    /// 1 = Monday ... 7 = Sunday (ISO 8601), as written: not checked against the date (see
    /// weekday_matches()).
    std::uint8_t weekday = 4;
    /// 1..31, at most the days of the month (29 February only in a leap year).
    std::uint8_t day = 1;
    /// 1 = January ... 12 = December.
    std::uint8_t month = 1;
    /// 0000..9999, the four digits as a number.
    std::uint16_t year = 1970;
    /// 00..23, 00..59, 00..59 ("00:00:00 - 23:59:59": no leap second).
    std::uint8_t hour = 0;
    std::uint8_t minute = 0;
    std::uint8_t second = 0;

    /// Seconds since 1970-01-01 00:00:00 GMT (negative before), leap seconds not counted.
    constexpr std::int64_t seconds_since_epoch() const noexcept {
        return detail::days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 +
               second;
    }

    /// The weekday of day-month-year (1 = Monday ... 7 = Sunday).
    constexpr std::uint8_t computed_weekday() const noexcept {
        const std::int64_t days = detail::days_from_civil(year, month, day);
        // 1970-01-01 was a Thursday (4).
        const std::int64_t w = ((days % 7) + 7 + 3) % 7; // 0 = Monday
        return static_cast<std::uint8_t>(w + 1);
    }
    /// True when the weekday written is the weekday of the date.
    constexpr bool weekday_matches() const noexcept { return weekday == computed_weekday(); }

    /// The date at `seconds` since 1970-01-01 00:00:00 GMT, weekday computed. The year must be
    /// in 0000..9999 (seconds from -62167219200 to 253402300799).
    static constexpr date from_seconds_since_epoch(std::int64_t seconds) noexcept {
        std::int64_t days = seconds / 86400;
        std::int64_t rest = seconds % 86400;
        if (rest < 0) {
            rest += 86400;
            --days;
        }
        // H. Hinnant's civil_from_days.
        const std::int64_t z = days + 719468;
        const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
        const auto doe = static_cast<unsigned>(z - era * 146097);
        const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        const unsigned mp = (5 * doy + 2) / 153;
        const unsigned d = doy - (153 * mp + 2) / 5 + 1;
        const unsigned m = mp < 10 ? mp + 3 : mp - 9;
        const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
        date out;
        out.year = static_cast<std::uint16_t>(y);
        out.month = static_cast<std::uint8_t>(m);
        out.day = static_cast<std::uint8_t>(d);
        out.hour = static_cast<std::uint8_t>(rest / 3600);
        out.minute = static_cast<std::uint8_t>(rest / 60 % 60);
        out.second = static_cast<std::uint8_t>(rest % 60);
        out.weekday = out.computed_weekday();
        return out;
    }

    /// Parses an rfc1123-date: fixed layout, single SPs, names case-sensitive ("An RFC 1123
    /// date is case-sensitive", §20.17), the zone exactly "GMT" (RFC 4475 §3.1.2.12: "EST" is
    /// an error at the "E"). Each error is at the first octet of the offending part.
    static constexpr result<date> parse(std::string_view s) noexcept {
        const auto literal = [&](std::size_t pos, std::string_view lit) {
            return s.substr(pos < s.size() ? pos : s.size(), lit.size()) == lit;
        };
        date out;
        const int wkday = detail::name_index(s, 0, detail::weekday_names);
        if (wkday < 0)
            return unexpected(invalid, 0);
        out.weekday = static_cast<std::uint8_t>(wkday + 1);
        if (!literal(3, ","))
            return unexpected(invalid, 3);
        if (!literal(4, " "))
            return unexpected(invalid, 4);
        const int day = detail::two_digits(s, 5);
        if (day < 1 || day > 31)
            return unexpected(invalid, 5);
        if (!literal(7, " "))
            return unexpected(invalid, 7);
        const int month = detail::name_index(s, 8, detail::month_names);
        if (month < 0)
            return unexpected(invalid, 8);
        out.month = static_cast<std::uint8_t>(month + 1);
        if (!literal(11, " "))
            return unexpected(invalid, 11);
        const int century = detail::two_digits(s, 12);
        const int year = detail::two_digits(s, 14);
        if (century < 0 || year < 0)
            return unexpected(invalid, 12);
        out.year = static_cast<std::uint16_t>(century * 100 + year);
        // 1..31 checked above; the month (and for February the year) may allow fewer.
        if (static_cast<unsigned>(day) > detail::days_in_month(out.year, out.month))
            return unexpected(invalid, 5);
        out.day = static_cast<std::uint8_t>(day);
        if (!literal(16, " "))
            return unexpected(invalid, 16);
        // time = 2DIGIT ":" 2DIGIT ":" 2DIGIT ; 00:00:00 - 23:59:59
        const int hour = detail::two_digits(s, 17);
        if (hour < 0 || hour > 23)
            return unexpected(invalid, 17);
        if (!literal(19, ":"))
            return unexpected(invalid, 19);
        const int minute = detail::two_digits(s, 20);
        if (minute < 0 || minute > 59)
            return unexpected(invalid, 20);
        if (!literal(22, ":"))
            return unexpected(invalid, 22);
        const int second = detail::two_digits(s, 23);
        if (second < 0 || second > 59)
            return unexpected(invalid, 23);
        out.hour = static_cast<std::uint8_t>(hour);
        out.minute = static_cast<std::uint8_t>(minute);
        out.second = static_cast<std::uint8_t>(second);
        if (!literal(25, " "))
            return unexpected(invalid, 25);
        // RFC 3261 §20.17: "SIP restricts the time zone in SIP-date to "GMT"".
        if (!literal(26, "GMT"))
            return unexpected(invalid, 26);
        if (s.size() != 29)
            return unexpected(invalid, 29);
        return out;
    }

    /// All fields equal, the weekday as written included.
    friend constexpr bool operator==(const date&, const date&) = default;
};

/// "Www, DD Mmm YYYY hh:mm:ss GMT". Fields out of range are written modulo their range.
inline void serialize_to(std::string& out, const date& d) {
    const auto two = [&out](unsigned v) {
        out += static_cast<char>('0' + v / 10 % 10);
        out += static_cast<char>('0' + v % 10);
    };
    out += detail::weekday_names[static_cast<std::size_t>((d.weekday + 6) % 7)];
    out += ", ";
    two(d.day);
    out += ' ';
    out += detail::month_names[static_cast<std::size_t>((d.month + 11) % 12)];
    out += ' ';
    two(d.year / 100u);
    two(d.year % 100u);
    out += ' ';
    two(d.hour);
    out += ':';
    two(d.minute);
    out += ':';
    two(d.second);
    out += " GMT";
}

} // namespace sipkit
