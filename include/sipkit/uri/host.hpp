// Host comparison for SIP URIs: host names case-insensitively (RFC 3261 §19.1.4), textual IP
// addresses by their binary value (RFC 5954 §4), so [2001:db8::10] equals
// [2001:DB8:0:0:0:0:0:10].
#pragma once

#include <sipkit/core/ascii.hpp>
#include <sipkit/grammar/char_class.hpp>
#include <sipkit/grammar/scanners.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace sipkit {

/// RFC 3261 §25.1 IPv4address (each part 1*3DIGIT, at most 255) as four octets.
constexpr std::optional<std::array<std::uint8_t, 4>> parse_ipv4(std::string_view s) noexcept {
    std::array<std::uint8_t, 4> out{};
    if (s.empty() || grammar::detail::scan_ipv4(s, 0, out.data()) != s.size())
        return std::nullopt;
    return out;
}

/// RFC 3261 §25.1 IPv6address (as corrected by RFC 5954 §4.1), without brackets, as 16 octets.
constexpr std::optional<std::array<std::uint8_t, 16>> parse_ipv6(std::string_view s) noexcept {
    std::array<std::uint8_t, 16> out{};
    if (s.empty() || s.find(']') != std::string_view::npos ||
        grammar::detail::scan_ipv6(s, 0, out.data()) != s.size())
        return std::nullopt;
    return out;
}

/// RFC 3261 §19.1.4 with RFC 5954 §4: two hosts match when both are textual IP addresses of
/// the same family with the same binary value, or otherwise when they are equal ignoring ASCII
/// case. A host name never matches the IP address it resolves to. `a` and `b` are hosts as
/// written in a URI (an IPv6reference keeps its brackets).
constexpr bool host_equal(std::string_view a, std::string_view b) noexcept {
    const bool a6 = a.size() >= 2 && a.front() == '[' && a.back() == ']';
    const bool b6 = b.size() >= 2 && b.front() == '[' && b.back() == ']';
    if (a6 && b6) {
        const auto x = parse_ipv6(a.substr(1, a.size() - 2));
        const auto y = parse_ipv6(b.substr(1, b.size() - 2));
        if (x && y)
            return *x == *y;
    } else if (!a6 && !b6) {
        const auto x = parse_ipv4(a);
        const auto y = parse_ipv4(b);
        if (x && y)
            return *x == *y;
    }
    return iequals(a, b);
}

} // namespace sipkit
