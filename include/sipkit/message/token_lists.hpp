// token_lists: headers whose elements are single tokens: the option-tag lists Require,
// Proxy-Require, Supported and Unsupported (RFC 3261 §19.2), Allow (§20.5) and Priority
// (§20.26).
#pragma once

#include <sipkit/core/ascii.hpp>
#include <sipkit/core/result.hpp>
#include <sipkit/grammar/scanners.hpp>
#include <sipkit/message/header_name.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace sipkit {

namespace detail {

/// The whole of `s` as one RFC 3261 §25.1 token; errc `invalid` at the first byte that is
/// not a token character (0 for an empty value).
constexpr result<std::string_view> parse_whole_token(std::string_view s, errc invalid) noexcept {
    const std::size_t end = grammar::scan_token(s, 0);
    if (end == 0)
        return unexpected(invalid, 0);
    if (end != s.size())
        return unexpected(invalid, end);
    return s;
}

} // namespace detail

/// One option-tag (RFC 3261 §19.2, §25.1: option-tag = token) of the option-tag list header
/// `Id`: Require (§20.32), Proxy-Require (§20.29), Supported (§20.37, compact "k") or
/// Unsupported (§20.40). Use the aliases sipkit::require, proxy_require, supported and
/// unsupported. An empty Supported field has no elements: no extensions are supported
/// (§20.37). The tag views the parsed text, valid while it is.
template <header_id Id, errc Invalid>
struct basic_option_tag {
    static constexpr header_id id = Id;
    static constexpr errc invalid = Invalid;
    static constexpr bool list = true;

    /// The option-tag as written ("100rel").
    std::string_view tag;

    static constexpr result<basic_option_tag> parse(std::string_view s) noexcept {
        const auto t = detail::parse_whole_token(s, Invalid);
        if (!t)
            return unexpected(t.error());
        return basic_option_tag{*t};
    }

    /// Option tags are tokens, and "Tokens are always case-insensitive" (RFC 3261 §7.3.1).
    friend constexpr bool operator==(const basic_option_tag& a,
                                     const basic_option_tag& b) noexcept {
        return iequals(a.tag, b.tag);
    }
};

template <header_id Id, errc Invalid>
inline void serialize_to(std::string& out, const basic_option_tag<Id, Invalid>& t) {
    out += t.tag;
}

/// RFC 3261 §20.32: Require = "Require" HCOLON option-tag *(COMMA option-tag)
using require = basic_option_tag<header_id::require, errc::require_invalid>;
/// RFC 3261 §20.29: Proxy-Require = "Proxy-Require" HCOLON option-tag *(COMMA option-tag)
using proxy_require = basic_option_tag<header_id::proxy_require, errc::proxy_require_invalid>;
/// RFC 3261 §20.37: Supported = ( "Supported" / "k" ) HCOLON [option-tag *(COMMA option-tag)]
using supported = basic_option_tag<header_id::supported, errc::supported_invalid>;
/// RFC 3261 §20.40: Unsupported = "Unsupported" HCOLON option-tag *(COMMA option-tag)
using unsupported = basic_option_tag<header_id::unsupported, errc::unsupported_invalid>;

/// RFC 3261 §20.5: Allow = "Allow" HCOLON [Method *(COMMA Method)], Method = token
/// (extension-method). One element; an empty field has none. An absent Allow says nothing
/// about the methods the UA supports (§20.5). Views the parsed text.
struct allow {
    static constexpr header_id id = header_id::allow;
    static constexpr errc invalid = errc::allow_invalid;
    static constexpr bool list = true;

    /// The method as written; methods are case-sensitive (RFC 3261 §7.1).
    std::string_view method;

    static constexpr result<allow> parse(std::string_view s) noexcept {
        const auto t = detail::parse_whole_token(s, invalid);
        if (!t)
            return unexpected(t.error());
        return allow{*t};
    }

    /// Same method, compared exactly (methods are case-sensitive).
    friend constexpr bool operator==(const allow&, const allow&) = default;
};

inline void serialize_to(std::string& out, const allow& a) {
    out += a.method;
}

/// RFC 3261 §20.26: Priority = "Priority" HCOLON priority-value, priority-value =
/// "emergency" / "urgent" / "normal" / "non-urgent" / other-priority, other-priority = token.
/// Not a list. Views the parsed text.
struct priority {
    static constexpr header_id id = header_id::priority;
    static constexpr errc invalid = errc::priority_invalid;
    static constexpr bool list = false;

    /// The priority-value as written ("emergency").
    std::string_view value;

    static constexpr result<priority> parse(std::string_view s) noexcept {
        const auto t = detail::parse_whole_token(s, invalid);
        if (!t)
            return unexpected(t.error());
        return priority{*t};
    }

    /// True when the value is `v` ignoring case ("Emergency" is "emergency": ABNF strings
    /// and tokens are case-insensitive). A message without Priority is "normal" (§20.26).
    constexpr bool is(std::string_view v) const noexcept { return iequals(value, v); }

    /// Same value ignoring case.
    friend constexpr bool operator==(const priority& a, const priority& b) noexcept {
        return a.is(b.value);
    }
};

inline void serialize_to(std::string& out, const priority& p) {
    out += p.value;
}

} // namespace sipkit
