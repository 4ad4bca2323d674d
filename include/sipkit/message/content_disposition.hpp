// content_disposition: the Content-Disposition header (RFC 3261 §20.11), a disposition type
// and its parameters, "handling" among them.
#pragma once

#include <sipkit/core/ascii.hpp>
#include <sipkit/core/result.hpp>
#include <sipkit/grammar/scanners.hpp>
#include <sipkit/message/header_name.hpp>
#include <sipkit/message/header_parameters.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace sipkit {

/// RFC 3261 §20.11, §25.1:
///   Content-Disposition = "Content-Disposition" HCOLON disp-type *( SEMI disp-param )
///   disp-type           = "render" / "session" / "icon" / "alert" / disp-extension-token
///   disp-param          = handling-param / generic-param
///   handling-param      = "handling" EQUAL ( "optional" / "required" / other-handling )
///   other-handling      = token
/// Not a list. Views into the parsed text, valid while it is.
struct content_disposition {
    static constexpr header_id id = header_id::content_disposition;
    static constexpr errc invalid = errc::content_disposition_invalid;
    static constexpr bool list = false;

    /// The disp-type as written ("session", "render", ...).
    std::string_view disp_type;
    /// The disp-params in order, "handling" among them.
    header_parameters params;

    /// Parses a Content-Disposition value. A "handling" parameter (any case) must hold a
    /// token: a bare "handling", a quoted or bracketed value is an error at its first
    /// offending byte.
    static constexpr result<content_disposition> parse(std::string_view s) noexcept {
        const std::size_t type_end = grammar::scan_token(s, 0);
        if (type_end == 0)
            return unexpected(invalid, 0);
        content_disposition out{s.substr(0, type_end), {}};
        const auto end = header_parameters::scan(s, type_end, out.params);
        if (!end)
            return unexpected(invalid, end.error().offset);
        for (const grammar::generic_param& p : out.params) {
            if (!iequals(p.name, "handling"))
                continue;
            if (!p.has_value)
                return unexpected(invalid, static_cast<std::size_t>(p.name.data() - s.data()) +
                                               p.name.size());
            if (grammar::scan_token(p.value, 0) != p.value.size())
                return unexpected(invalid, static_cast<std::size_t>(p.value.data() - s.data()));
        }
        if (*end != s.size())
            return unexpected(invalid, *end);
        return out;
    }

    /// The handling parameter's value as written, or "required" when there is none:
    /// "If the handling parameter is missing, the value "required" SHOULD be assumed"
    /// (§20.11).
    constexpr std::string_view handling() const noexcept {
        return params.value("handling").value_or("required");
    }
    /// True when handling is "optional" (any case): how a UAS that does not understand the
    /// body's type or disposition should react (§20.11, defined in RFC 3204).
    constexpr bool handling_optional() const noexcept { return iequals(handling(), "optional"); }

    /// True when the disp-type is `type` ignoring case (tokens, RFC 3261 §7.3.1).
    constexpr bool is(std::string_view type) const noexcept { return iequals(disp_type, type); }

    /// Same disp-type ignoring case, same parameters (header_parameters ==).
    friend constexpr bool operator==(const content_disposition& a,
                                     const content_disposition& b) noexcept {
        return a.is(b.disp_type) && a.params == b.params;
    }
};

/// "disp-type;name=value...": no whitespace.
inline void serialize_to(std::string& out, const content_disposition& c) {
    out += c.disp_type;
    serialize_to(out, c.params);
}

} // namespace sipkit
