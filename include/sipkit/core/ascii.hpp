// ASCII case folding and case-insensitive comparison (RFC 3261 §7.3.1: header names, tokens).
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace sipkit {

namespace detail {
inline constexpr std::array<unsigned char, 256> lower_table = [] {
    std::array<unsigned char, 256> t{};
    for (std::size_t i = 0; i < 256; ++i)
        t[i] = static_cast<unsigned char>(i >= 'A' && i <= 'Z' ? i + ('a' - 'A') : i);
    return t;
}();
} // namespace detail

constexpr char to_lower(char c) noexcept {
    return static_cast<char>(detail::lower_table[static_cast<unsigned char>(c)]);
}

/// ASCII-only case-insensitive equality; bytes above 0x7F compare exactly.
constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size())
        return false;
    // Equal octets need no folding (names are mostly written as compared).
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i] && to_lower(a[i]) != to_lower(b[i]))
            return false;
    return true;
}

} // namespace sipkit
