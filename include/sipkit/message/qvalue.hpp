// qvalue: the q-value of accept-params (RFC 3261 §25.1) read as thousandths, and the
// *(SEMI accept-param) tail that Accept, Accept-Encoding and Accept-Language share.
#pragma once

#include <sipkit/core/ascii.hpp>
#include <sipkit/core/error.hpp>
#include <sipkit/core/result.hpp>
#include <sipkit/grammar/char_class.hpp>
#include <sipkit/message/header_parameters.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace sipkit {

/// The largest q-value, 1, in thousandths.
inline constexpr std::uint16_t qvalue_max = 1000;

namespace detail {

/// RFC 3261 §25.1: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), the whole of
/// `s`, as thousandths: "0.5" is 500, "1" and "1.000" are 1000, "0." is 0. A value above 1
/// ("2", "1.5", "10") is errc::number_out_of_range, any other mismatch errc::number_invalid,
/// both at the first offending byte.
constexpr result<std::uint16_t> parse_qvalue(std::string_view s) noexcept {
    if (s.empty())
        return unexpected(errc::number_invalid, 0);
    const char lead = s[0];
    if (lead != '0' && lead != '1')
        return unexpected(
            grammar::is_digit(lead) ? errc::number_out_of_range : errc::number_invalid, 0);
    unsigned value = lead == '1' ? qvalue_max : 0;
    std::size_t p = 1;
    if (p < s.size() && s[p] == '.') {
        unsigned scale = 100;
        for (++p; p < s.size() && grammar::is_digit(s[p]); ++p) {
            if (scale == 0)
                return unexpected(errc::number_invalid, p); // a fourth decimal
            if (lead == '1' && s[p] != '0')
                return unexpected(errc::number_out_of_range, p);
            value += static_cast<unsigned>(s[p] - '0') * scale;
            scale /= 10;
        }
    } else if (p < s.size() && lead == '1' && grammar::is_digit(s[p])) {
        return unexpected(errc::number_out_of_range, p); // "10", "11", ...
    }
    if (p != s.size())
        return unexpected(errc::number_invalid, p);
    return static_cast<std::uint16_t>(value);
}

/// RFC 3261 §25.1: *( SEMI accept-param ) from pos to the end of `s`, accept-param =
/// ("q" EQUAL qvalue) / generic-param; `out` views the parameters. Every parameter named "q"
/// (case-insensitively, as ABNF strings are) must carry a qvalue. Any failure (a bad
/// parameter, a bare, quoted or out-of-range "q", text after the parameters) is `invalid` at
/// the first offending byte.
constexpr result<void> parse_accept_params(std::string_view s, std::size_t pos,
                                           header_parameters& out, errc invalid) noexcept {
    const auto end = header_parameters::scan(s, pos, out);
    if (!end)
        return unexpected(invalid, end.error().offset);
    for (const grammar::generic_param& p : out) {
        if (!iequals(p.name, "q"))
            continue;
        if (!p.has_value)
            return unexpected(invalid,
                              static_cast<std::size_t>(p.name.data() - s.data()) + p.name.size());
        const auto q = parse_qvalue(p.value);
        if (!q)
            return unexpected(invalid, static_cast<std::size_t>(p.value.data() - s.data()) +
                                           q.error().offset);
    }
    if (*end != s.size())
        return unexpected(invalid, *end);
    return {};
}

/// The q-value of parameters that parse_accept_params accepted, in thousandths; nullopt when
/// there is no "q" (or, for parameters never checked, when it is not a qvalue).
constexpr std::optional<std::uint16_t> accept_q(const header_parameters& params) noexcept {
    const auto v = params.value("q");
    if (!v)
        return std::nullopt;
    const auto q = parse_qvalue(*v);
    return q ? std::optional<std::uint16_t>(*q) : std::nullopt;
}

} // namespace detail

} // namespace sipkit
