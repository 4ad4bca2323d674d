// media_type: the Content-Type header (RFC 3261 §20.15), a media type, and the Accept header
// (§20.1), a list of media ranges with q-values.
#pragma once

#include <sipkit/core/ascii.hpp>
#include <sipkit/core/result.hpp>
#include <sipkit/grammar/scanners.hpp>
#include <sipkit/message/header_name.hpp>
#include <sipkit/message/header_parameters.hpp>
#include <sipkit/message/qvalue.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sipkit {

namespace detail {

struct type_subtype {
    std::string_view type;
    std::string_view subtype;
    std::size_t end = 0;
};

/// RFC 3261 §25.1: m-type SLASH m-subtype, both tokens, SLASH = SWS "/" SWS, from the start of
/// `s`. Errors (`invalid`) at the byte where a token or the "/" should be.
constexpr result<type_subtype> scan_type_subtype(std::string_view s, errc invalid) noexcept {
    const std::size_t type_end = grammar::scan_token(s, 0);
    if (type_end == 0)
        return unexpected(invalid, 0);
    const std::size_t subtype_pos = grammar::scan_separator(s, type_end, '/');
    if (subtype_pos == type_end)
        return unexpected(invalid, type_end);
    const std::size_t subtype_end = grammar::scan_token(s, subtype_pos);
    if (subtype_end == subtype_pos)
        return unexpected(invalid, subtype_pos);
    return type_subtype{s.substr(0, type_end), s.substr(subtype_pos, subtype_end - subtype_pos),
                        subtype_end};
}

/// Writes "type/subtype;name=value...", the canonical media type or range.
inline void append_media(std::string& out, std::string_view type, std::string_view subtype,
                         const header_parameters& params) {
    out += type;
    out += '/';
    out += subtype;
    serialize_to(out, params);
}

} // namespace detail

/// RFC 3261 §20.15: Content-Type = ( "Content-Type" / "c" ) HCOLON media-type, with
/// media-type = m-type SLASH m-subtype *(SEMI m-parameter) (§25.1). Views into the parsed
/// text, valid while it is.
struct content_type {
    static constexpr header_id id = header_id::content_type;
    static constexpr errc invalid = errc::content_type_invalid;
    static constexpr bool list = false;

    /// m-type and m-subtype as written ("application", "sdp").
    std::string_view type;
    std::string_view subtype;
    /// The m-parameters (";charset=ISO-8859-4"); each has a value, a token or quoted-string.
    header_parameters params;

    /// Parses a Content-Type value. m-parameter = m-attribute EQUAL m-value, so a parameter
    /// without a value, or with an IPv6 reference as value, is an error at its first
    /// offending byte. The type is any token, as the ABNF has it ("*/*" is not a range here).
    static constexpr result<content_type> parse(std::string_view s) noexcept {
        const auto ts = detail::scan_type_subtype(s, invalid);
        if (!ts)
            return unexpected(ts.error());
        content_type out{ts->type, ts->subtype, {}};
        const auto end = header_parameters::scan(s, ts->end, out.params);
        if (!end)
            return unexpected(invalid, end.error().offset);
        // RFC 3261 §25.1: m-parameter = m-attribute EQUAL m-value, m-value = token / quoted-string
        for (const grammar::generic_param& p : out.params) {
            const auto name_at = static_cast<std::size_t>(p.name.data() - s.data());
            if (!p.has_value)
                return unexpected(invalid, name_at + p.name.size());
            if (p.value.front() == '[')
                return unexpected(invalid, static_cast<std::size_t>(p.value.data() - s.data()));
        }
        if (*end != s.size())
            return unexpected(invalid, *end);
        return out;
    }

    /// True when this is type/subtype; media types are case-insensitive (RFC 2045 §5.1).
    constexpr bool matches(std::string_view t, std::string_view st) const noexcept {
        return iequals(type, t) && iequals(subtype, st);
    }

    /// Same type and subtype ignoring case, same parameters (header_parameters ==: names
    /// ignoring case, values exactly, in order).
    friend constexpr bool operator==(const content_type& a, const content_type& b) noexcept {
        return a.matches(b.type, b.subtype) && a.params == b.params;
    }
};

/// "type/subtype;name=value...": no whitespace.
inline void serialize_to(std::string& out, const content_type& c) {
    detail::append_media(out, c.type, c.subtype, c.params);
}

/// One accept-range of the Accept header (RFC 3261 §20.1, §25.1):
///   Accept       = "Accept" HCOLON [ accept-range *(COMMA accept-range) ]
///   accept-range = media-range *(SEMI accept-param)
///   media-range  = ( "*/*" / ( m-type SLASH "*" ) / ( m-type SLASH m-subtype ) )
///                  *( SEMI m-parameter )
/// An empty Accept header field has no elements: no formats are acceptable (§20.1). Views
/// into the parsed text, valid while it is.
struct accept {
    static constexpr header_id id = header_id::accept;
    static constexpr errc invalid = errc::accept_invalid;
    static constexpr bool list = true;

    /// "*" in "*/*"; else the m-type as written.
    std::string_view type;
    /// "*" in "*/*" and "type/*"; else the m-subtype as written.
    std::string_view subtype;
    /// The m-parameters and accept-params in order, "q" among them.
    header_parameters params;

    /// Parses one accept-range. "*/subtype" is rejected at the subtype: the ABNF names the
    /// wildcard forms "*/*" and "type/*" only (RFC 2616 §14.1 says the same in prose). A "q"
    /// parameter must hold a qvalue (0 to 1, up to three decimals).
    static constexpr result<accept> parse(std::string_view s) noexcept {
        const auto ts = detail::scan_type_subtype(s, invalid);
        if (!ts)
            return unexpected(ts.error());
        if (ts->type == "*" && ts->subtype != "*")
            return unexpected(invalid, static_cast<std::size_t>(ts->subtype.data() - s.data()));
        accept out{ts->type, ts->subtype, {}};
        if (const auto r = detail::parse_accept_params(s, ts->end, out.params, invalid); !r)
            return unexpected(r.error());
        return out;
    }

    /// The q-value in thousandths (0 to 1000); nullopt when absent, which counts as 1.
    constexpr std::optional<std::uint16_t> q() const noexcept { return detail::accept_q(params); }

    /// True when this range covers the media type t/st: "*/*" covers all, "t/*" every
    /// subtype of t; names compare case-insensitively.
    constexpr bool matches(std::string_view t, std::string_view st) const noexcept {
        if (type == "*")
            return true;
        return iequals(type, t) && (subtype == "*" || iequals(subtype, st));
    }

    /// Same range ignoring case, same parameters (header_parameters ==).
    friend constexpr bool operator==(const accept& a, const accept& b) noexcept {
        return iequals(a.type, b.type) && iequals(a.subtype, b.subtype) && a.params == b.params;
    }
};

/// "type/subtype;name=value...": no whitespace.
inline void serialize_to(std::string& out, const accept& a) {
    detail::append_media(out, a.type, a.subtype, a.params);
}

} // namespace sipkit
