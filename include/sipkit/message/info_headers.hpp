// info_headers: the LAQUOT absoluteURI RAQUOT *(SEMI param) headers of RFC 3261 §20.4, §20.9
// and §20.18: Alert-Info, Call-Info and Error-Info.
#pragma once

#include <sipkit/core/result.hpp>
#include <sipkit/grammar/scanners.hpp>
#include <sipkit/message/header_name.hpp>
#include <sipkit/message/header_parameters.hpp>
#include <sipkit/message/name_addr.hpp>
#include <sipkit/uri/uri.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sipkit {

/// One element of an info header: LAQUOT absoluteURI RAQUOT *( SEMI generic-param ). The URI
/// may have any scheme (RFC 3261 §25.1 absoluteURI admits sip: too, as the §20.18 example
/// shows) and is parsed by parse_uri. Views into the parsed text, which must outlive it.
template <header_id Id, errc Invalid>
struct info_header {
    static constexpr header_id id = Id;
    static constexpr errc invalid = Invalid;
    static constexpr bool list = true;

    /// The URI inside "<" ">".
    sipkit::uri uri;
    /// The parameters after the ">", as written.
    header_parameters params;

    /// Parses one element; every error is `invalid`, at the first offending octet. The "<"
    /// must come first (the element arrives trimmed) and LWS is not allowed inside "<" ">".
    static constexpr result<info_header> parse(std::string_view s) noexcept {
        info_header out;
        if (s.empty() || s[0] != '<') // LAQUOT = SWS "<"
            return unexpected(Invalid, 0);
        const auto end = detail::scan_bracketed_uri(s, 0, Invalid, out.uri);
        if (!end)
            return unexpected(Invalid, end.error().offset);
        // RAQUOT = ">" SWS; SEMI = SWS ";" SWS.
        const auto params_end = header_parameters::scan(s, *end, out.params);
        if (!params_end)
            return unexpected(Invalid, params_end.error().offset);
        if (*params_end != s.size())
            return unexpected(Invalid, grammar::skip_sws(s, *params_end));
        return out;
    }

    /// Same URI (by the rules of its scheme, see uri ==) and the same parameters in the same
    /// order (header_parameters ==).
    friend constexpr bool operator==(const info_header& a, const info_header& b) noexcept {
        return a.uri == b.uri && a.params == b.params;
    }
};

/// "<" canonical URI ">" then ";name=value" for each parameter.
template <header_id Id, errc Invalid>
void serialize_to(std::string& out, const info_header<Id, Invalid>& h) {
    out += '<';
    serialize_to(out, h.uri);
    out += '>';
    serialize_to(out, h.params);
}

/// RFC 3261 §20.4: Alert-Info = "Alert-Info" HCOLON alert-param *(COMMA alert-param);
/// alert-param = LAQUOT absoluteURI RAQUOT *( SEMI generic-param ).
using alert_info = info_header<header_id::alert_info, errc::alert_info_invalid>;

/// RFC 3261 §20.18: Error-Info = "Error-Info" HCOLON error-uri *(COMMA error-uri);
/// error-uri = LAQUOT absoluteURI RAQUOT *( SEMI generic-param ).
using error_info = info_header<header_id::error_info, errc::error_info_invalid>;

/// RFC 3261 §20.9: Call-Info = "Call-Info" HCOLON info *(COMMA info);
/// info = LAQUOT absoluteURI RAQUOT *( SEMI info-param );
/// info-param = ( "purpose" EQUAL ( "icon" / "info" / "card" / token ) ) / generic-param.
struct call_info : info_header<header_id::call_info, errc::call_info_invalid> {
    /// Parses one element, as info_header::parse.
    static constexpr result<call_info> parse(std::string_view s) noexcept {
        auto r = info_header::parse(s);
        if (!r)
            return unexpected(r.error());
        call_info out;
        static_cast<info_header&>(out) = *r;
        return out;
    }

    /// The purpose parameter as written ("icon", "info", "card" or another token; compare
    /// case-insensitively, RFC 3261 §7.3.1); nullopt when absent.
    constexpr std::optional<std::string_view> purpose() const noexcept {
        return params.value("purpose");
    }

    friend constexpr bool operator==(const call_info& a, const call_info& b) noexcept {
        return static_cast<const info_header&>(a) == static_cast<const info_header&>(b);
    }
};

} // namespace sipkit
