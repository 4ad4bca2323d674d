// call_id: the Call-ID header (RFC 3261 §20.8) and In-Reply-To (§20.21), both callid values.
#pragma once

#include <sipkit/core/result.hpp>
#include <sipkit/grammar/scanners.hpp>
#include <sipkit/message/header_name.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace sipkit {

namespace detail {

/// RFC 3261 §25.1: callid = word [ "@" word ], the whole of `s`. On failure the error's
/// offset is the first byte that does not fit (s.size() when a word is missing at the end).
constexpr result<std::size_t> scan_callid(std::string_view s, errc invalid) noexcept {
    const std::size_t first = grammar::scan_word(s, 0);
    if (first == 0)
        return unexpected(invalid, 0);
    std::size_t end = first;
    if (first < s.size() && s[first] == '@') {
        end = grammar::scan_word(s, first + 1);
        if (end == first + 1)
            return unexpected(invalid, end);
    }
    if (end != s.size())
        return unexpected(invalid, end);
    return end;
}

} // namespace detail

/// RFC 3261 §20.8: Call-ID = ( "Call-ID" / "i" ) HCOLON callid. The value views the parsed
/// text, which must outlive it.
struct call_id {
    static constexpr header_id id = header_id::call_id;
    static constexpr errc invalid = errc::call_id_invalid;
    static constexpr bool list = false;

    /// The callid as written, e.g. "f81d4fae-7dec-11d0-a765-00a0c91e6bf6@biloxi.com".
    std::string_view value;

    /// Parses a Call-ID value: word [ "@" word ], nothing around it (the value arrives trimmed).
    static constexpr result<call_id> parse(std::string_view s) noexcept {
        if (const auto end = detail::scan_callid(s, invalid); !end)
            return unexpected(end.error());
        return call_id{s};
    }

    /// RFC 3261 §20.8: "Call-IDs are case-sensitive and are simply compared byte-by-byte."
    friend constexpr bool operator==(const call_id&, const call_id&) = default;
};

/// The callid as written.
inline void serialize_to(std::string& out, const call_id& c) {
    out += c.value;
}

/// RFC 3261 §20.21: In-Reply-To = "In-Reply-To" HCOLON callid *(COMMA callid); one value per
/// element. The callid views the parsed text, which must outlive it.
struct in_reply_to {
    static constexpr header_id id = header_id::in_reply_to;
    static constexpr errc invalid = errc::in_reply_to_invalid;
    static constexpr bool list = true;

    /// The Call-ID of the call being returned, as written.
    std::string_view call_id;

    /// Parses one callid of the list.
    static constexpr result<in_reply_to> parse(std::string_view s) noexcept {
        if (const auto end = detail::scan_callid(s, invalid); !end)
            return unexpected(end.error());
        return in_reply_to{s};
    }

    /// Byte for byte, as Call-IDs compare (RFC 3261 §20.8).
    friend constexpr bool operator==(const in_reply_to&, const in_reply_to&) = default;
};

/// The callid as written.
inline void serialize_to(std::string& out, const in_reply_to& r) {
    out += r.call_id;
}

} // namespace sipkit
