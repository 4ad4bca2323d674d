// Host comparison for SIP URIs: host names case-insensitively (RFC 3261 §19.1.4), textual IP
// addresses by their binary value (RFC 5954 §4), so [2001:db8::10] equals
// [2001:DB8:0:0:0:0:0:10].
#pragma once

#include <sipkit/core/ascii.hpp>
#include <sipkit/grammar/char_class.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace sipkit {

/// RFC 3261 §25.1 IPv4address (each part 1*3DIGIT, at most 255) as four octets.
constexpr std::optional<std::array<std::uint8_t, 4>> parse_ipv4(std::string_view s) noexcept {
    std::array<std::uint8_t, 4> out{};
    std::size_t p = 0;
    for (std::size_t part = 0; part < 4; ++part) {
        if (part > 0) {
            if (p >= s.size() || s[p] != '.')
                return std::nullopt;
            ++p;
        }
        const std::size_t start = p;
        unsigned value = 0;
        while (p < s.size() && p - start < 3 && grammar::is_digit(s[p]))
            value = value * 10 + unsigned(s[p++] - '0');
        if (p == start || value > 255)
            return std::nullopt;
        out[part] = static_cast<std::uint8_t>(value);
    }
    if (p != s.size())
        return std::nullopt;
    return out;
}

/// RFC 3261 §25.1 IPv6address (as corrected by RFC 5954 §4.1), without brackets, as 16 octets.
constexpr std::optional<std::array<std::uint8_t, 16>> parse_ipv6(std::string_view s) noexcept {
    std::array<std::uint16_t, 8> head{};
    std::array<std::uint16_t, 8> tail{};
    std::size_t heads = 0;
    std::size_t tails = 0;
    bool compressed = false;
    std::size_t p = 0;
    if (s.substr(0, 2) == "::") {
        compressed = true;
        p = 2;
    }
    auto push = [&](std::uint16_t g) {
        if (heads + tails >= 8)
            return false;
        (compressed ? tail[tails++] : head[heads++]) = g;
        return true;
    };
    while (p < s.size()) {
        // A trailing IPv4address fills the last two groups.
        if (s.find('.', p) != std::string_view::npos && s.find(':', p) == std::string_view::npos) {
            const auto v4 = parse_ipv4(s.substr(p));
            if (!v4)
                return std::nullopt;
            if (!push(std::uint16_t((*v4)[0] << 8 | (*v4)[1])) ||
                !push(std::uint16_t((*v4)[2] << 8 | (*v4)[3])))
                return std::nullopt;
            p = s.size();
            break;
        }
        unsigned g = 0;
        const std::size_t start = p;
        while (p < s.size() && p - start < 4 && grammar::is_hex(s[p]))
            g = g * 16 + unsigned(grammar::hex_value(s[p++]));
        if (p == start || !push(static_cast<std::uint16_t>(g)))
            return std::nullopt;
        if (p == s.size())
            break;
        if (s[p] != ':')
            return std::nullopt;
        if (p + 1 < s.size() && s[p + 1] == ':') {
            if (compressed)
                return std::nullopt;
            compressed = true;
            p += 2;
        } else {
            ++p;
            if (p == s.size())
                return std::nullopt; // a single trailing ":"
        }
    }
    if (compressed ? heads + tails > 7 : heads != 8)
        return std::nullopt;
    std::array<std::uint16_t, 8> groups{};
    for (std::size_t i = 0; i < heads; ++i)
        groups[i] = head[i];
    for (std::size_t i = 0; i < tails; ++i)
        groups[8 - tails + i] = tail[i];
    std::array<std::uint8_t, 16> out{};
    for (std::size_t i = 0; i < 8; ++i) {
        out[2 * i] = static_cast<std::uint8_t>(groups[i] >> 8);
        out[2 * i + 1] = static_cast<std::uint8_t>(groups[i] & 0xff);
    }
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
