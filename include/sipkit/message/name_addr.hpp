// name_addr: the (name-addr / addr-spec) *(SEMI param) headers of RFC 3261 §20.10, §20.20,
// §20.30, §20.31, §20.34 and §20.39: From, To, Reply-To, Route, Record-Route and Contact.
#pragma once

#include <sipkit/core/result.hpp>
#include <sipkit/grammar/char_class.hpp>
#include <sipkit/grammar/quoted_string.hpp>
#include <sipkit/grammar/scanners.hpp>
#include <sipkit/message/header_name.hpp>
#include <sipkit/message/header_parameters.hpp>
#include <sipkit/message/qvalue.hpp>
#include <sipkit/uri/uri.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sipkit {

/// Which of the RFC 3261 §25.1 address forms a header admits.
enum class addr_form : std::uint8_t {
    /// ( name-addr / addr-spec ): From, To, Reply-To, Contact.
    name_addr_or_addr_spec,
    /// name-addr only: Route, Record-Route (§25.1 route-param, rec-route).
    name_addr_only,
};

namespace detail {

/// RFC 3261 §25.1: LAQUOT addr-spec RAQUOT with the "<" at `laquot`. Parses the URI (any
/// scheme, see parse_uri) into `out` in place and returns the position after the ">". A URI
/// error keeps its code with the offset moved into `s` (and leaves `out` partly written); a
/// missing ">" is `invalid` at the "<".
constexpr result<std::size_t> scan_bracketed_uri(std::string_view s, std::size_t laquot,
                                                 errc invalid, sipkit::uri& out) noexcept {
    // No URI grammar admits an unescaped ">" (RFC 3261 §25.1, RFC 3986 §2), so the first one
    // closes the addr-spec; LWS inside the brackets is a URI error (RFC 4475 §3.1.2.14).
    const std::size_t raquot = s.find('>', laquot + 1);
    if (raquot == std::string_view::npos)
        return unexpected(invalid, laquot);
    if (const auto u = detail::parse_uri_into(grammar::slice(s, laquot + 1, raquot), out); !u)
        return unexpected(u.error().code, laquot + 1 + u.error().offset);
    return raquot + 1;
}

constexpr bool is_line_break_char(char c) noexcept {
    return c == '\r' || c == '\n';
}

/// The display name's text: a quoted-string unquoted (quoted-pairs resolved), a run of tokens
/// as written; in both, LWS holding a line break reads as one SP (RFC 3261 §7.3.1), and
/// between tokens every LWS does.
inline std::string display_name_text(std::string_view d) {
    std::string out;
    const bool quoted = d.size() >= 2 && d.front() == '"' && d.back() == '"';
    const std::size_t begin = quoted ? 1 : 0;
    const std::size_t end = quoted ? d.size() - 1 : d.size();
    std::size_t literal_end = 0; // out.size() after the last octet that is not LWS
    for (std::size_t i = begin; i < end; ++i) {
        const char c = d[i];
        if (quoted && c == '\\' && i + 1 < end) {
            out += d[++i];
            literal_end = out.size();
        } else if (is_line_break_char(c) || (!quoted && grammar::is_wsp(c))) {
            // [*WSP] CRLF 1*WSP, or (between tokens) any LWS: one SP.
            out.resize(literal_end);
            while (i + 1 < end && (grammar::is_wsp(d[i + 1]) || is_line_break_char(d[i + 1])))
                ++i;
            out += ' ';
        } else {
            out += c;
            if (!grammar::is_wsp(c))
                literal_end = out.size();
        }
    }
    return out;
}

} // namespace detail

/// RFC 3261 §25.1: ( name-addr / addr-spec ) *( SEMI generic-param ), with
/// name-addr = [ display-name ] LAQUOT addr-spec RAQUOT and
/// display-name = *(token LWS) / quoted-string.
///
/// Every view points into the text the value was parsed from, which must outlive it.
struct name_addr {
    /// The display name as written: a quoted-string with its quotes, or tokens with the LWS
    /// between them; "" when there is none.
    std::string_view display_name;
    /// The addr-spec: a SIP/SIPS, tel or any other absolute URI.
    sipkit::uri uri;
    /// True for the name-addr form (the URI in "<" ">"), false for a bare addr-spec.
    bool bracketed = false;
    /// The header parameters after the address (RFC 3261 §20.10: after a bare addr-spec, all
    /// parameters are header parameters, never URI parameters).
    header_parameters params;

    /// Parses one value. `form` says whether a bare addr-spec is allowed; `invalid` is the
    /// code of structural errors (a missing "<" or ">", text after the parameters, a bare
    /// addr-spec holding "," or "?"). A failure of a sub-rule (quoted-string, URI, parameter)
    /// keeps its own code. Offsets point at the first offending octet of `s`.
    static constexpr result<name_addr> parse(std::string_view s, addr_form form,
                                             errc invalid) noexcept {
        result<name_addr> r(std::in_place);
        parse_whole(s, form, invalid, r);
        return r;
    }

    /// The first element of a whole list value (Contact, Route, Record-Route; see
    /// first_element_parser), parsed as by parse, stopping where its parameters end. Display
    /// names, "<" addr-spec ">" (no URI grammar admits a quote or an angle bracket) and
    /// generic-params hold no unquoted "," or "(" that comma_values would act on; only a bare
    /// addr-spec may hold "(" or ")" (RFC 3261 §25.1 mark), and then this fails so that the
    /// caller cuts the elements first.
    static constexpr result<name_addr> parse_first_element(std::string_view value, addr_form form,
                                                           errc invalid,
                                                           std::size_t& end) noexcept {
        result<name_addr> r(std::in_place);
        parse_first(value, form, invalid, end, r);
        return r;
    }

    /// The display name as text: unquoted, quoted-pairs resolved, folded LWS read as one SP;
    /// "" when there is none.
    std::string display_name_text() const { return detail::display_name_text(display_name); }

    /// RFC 3261 §19.3: the tag parameter, as written; nullopt when absent.
    constexpr std::optional<std::string_view> tag() const noexcept {
        return tag_known_ ? tag_ : params.value("tag");
    }

    /// RFC 3261 §20.20 (and §20.39, §20.10): "Two From header fields are equivalent if their
    /// URIs match, and their parameters match. [...] the display name and presence or absence
    /// of angle brackets do not affect matching." URIs compare by RFC 3261 §19.1.4 (uri ==),
    /// parameters with header_parameters == (same names and values in the same order): the
    /// §20.20 leniency for an extension parameter present on one side only is left to the
    /// caller, since it would make == intransitive.
    friend constexpr bool operator==(const name_addr& a, const name_addr& b) noexcept {
        return a.uri == b.uri && a.params == b.params;
    }

protected:
    // parse and parse_first_element, for a result<T> built in place (T is name_addr or a type
    // derived from it): the caller's object is filled, or replaced by the error.
    template <class T>
    static constexpr void parse_whole(std::string_view s, addr_form form, errc invalid,
                                      result<T>& r) noexcept {
        if (const auto end = parse_into(s, form, invalid, *r); !end)
            r = unexpected(end.error());
        else if (*end != s.size())
            r = unexpected(invalid, grammar::skip_sws(s, *end));
    }
    template <class T>
    static constexpr void parse_first(std::string_view value, addr_form form, errc invalid,
                                      std::size_t& end, result<T>& r) noexcept {
        if (const auto e = parse_into(value, form, invalid, *r); !e)
            r = unexpected(e.error());
        else if (!r->bracketed && r->uri.text().find_first_of("()") != std::string_view::npos)
            r = unexpected(invalid, 0);
        else
            end = *e;
    }

private:
    // The tag, noted while parsing (tag() searches params for a name_addr built otherwise).
    std::optional<std::string_view> tag_;
    bool tag_known_ = false;

    // The address and parameters at the start of s, stored in `out` (a default name_addr);
    // returns where the parameters end.
    static constexpr result<std::size_t> parse_into(std::string_view s, addr_form form,
                                                    errc invalid, name_addr& out) noexcept {
        using grammar::scan_token, grammar::skip_lws, grammar::skip_sws;
        if (s.empty())
            return unexpected(invalid, 0);
        constexpr std::size_t none = std::string_view::npos;
        std::size_t laquot = none;
        if (s[0] == '"') {
            const auto q = grammar::scan_quoted_string(s, 0);
            if (!q)
                return unexpected(q.error());
            out.display_name = grammar::slice(s, 0, *q);
            // RFC 3261 §25.1: LAQUOT = SWS "<".
            laquot = skip_sws(s, *q);
            if (laquot >= s.size() || s[laquot] != '<')
                return unexpected(invalid, laquot);
        } else if (s[0] == '<') {
            laquot = 0;
        } else {
            // display-name = *(token LWS). RFC 4475 §3.1.1.6 (lwsdisp): accept a token display
            // name with no LWS before the "<", as RFC 3261 §20.10 says ("There may or may not
            // be LWS between the display-name and the <").
            std::size_t p = 0;
            std::size_t tokens_end = 0;
            for (;;) {
                const std::size_t e = scan_token(s, p);
                if (e == p)
                    break;
                tokens_end = p = e;
                const std::size_t after = skip_lws(s, e);
                if (after == e)
                    break;
                p = after;
            }
            if (tokens_end != 0 && p < s.size() && s[p] == '<') {
                out.display_name = grammar::slice(s, 0, tokens_end);
                laquot = p;
            }
        }

        std::size_t p = 0;
        if (laquot != none) {
            const auto end = detail::scan_bracketed_uri(s, laquot, invalid, out.uri);
            if (!end)
                return unexpected(end.error());
            out.bracketed = true;
            p = *end;
        } else {
            if (form == addr_form::name_addr_only)
                return unexpected(invalid, 0);
            // A bare addr-spec ends at the first ";" (a header parameter follows) or LWS.
            // RFC 3261 §20.10: "the name-addr form MUST be used if the addr-spec contains a
            // comma, semicolon, or question mark" (RFC 4475 §3.1.2.13 regbadct).
            std::size_t end = 0;
            while (end < s.size() && s[end] != ';' && !grammar::is_wsp(s[end]) &&
                   !detail::is_line_break_char(s[end])) {
                if (s[end] == ',' || s[end] == '?')
                    return unexpected(invalid, end);
                ++end;
            }
            if (const auto u = detail::parse_uri_into(grammar::slice(s, 0, end), out.uri); !u)
                return unexpected(u.error());
            p = end;
        }

        // RAQUOT = ">" SWS; SEMI = SWS ";" SWS (header_parameters::scan takes the SWS).
        const auto params_end =
            header_parameters::scan(s, p, out.params, [&](const grammar::generic_param& param) {
                if (!out.tag_ && param.name.size() == 3 && iequals(param.name, "tag"))
                    out.tag_ = param.value;
                return std::optional<std::size_t>();
            });
        if (!params_end)
            return unexpected(params_end.error());
        out.tag_known_ = true;
        return *params_end;
    }
};

namespace detail {

/// True when the URI text holds a character that forces the name-addr form (RFC 3261 §20.10).
constexpr bool needs_brackets(std::string_view uri_text) noexcept {
    return uri_text.find_first_of(",;? \t\r\n") != std::string_view::npos;
}

inline void serialize_name_addr(std::string& out, const name_addr& a, bool force_brackets) {
    if (!a.display_name.empty()) {
        if (a.display_name.front() == '"')
            grammar::append_quoted(out, a.display_name_text());
        else
            out += a.display_name_text();
        out += ' ';
    }
    const std::size_t uri_begin = out.size();
    serialize_to(out, a.uri);
    if (force_brackets || a.bracketed || !a.display_name.empty() ||
        needs_brackets(std::string_view(out).substr(uri_begin))) {
        out.insert(uri_begin, 1, '<');
        out += '>';
    }
    serialize_to(out, a.params);
}

} // namespace detail

/// Canonical text: a quoted display name re-quoted (only '"', '\' and control characters
/// escaped), token display names joined by one SP, the canonical URI in "<" ">" when the
/// value had them, has a display name, or the URI holds "," ";" or "?"; then the parameters
/// as ";name=value" without whitespace.
inline void serialize_to(std::string& out, const name_addr& a) {
    detail::serialize_name_addr(out, a, false);
}

/// One of the name-addr headers: a name_addr with the typed_header members. Distinct
/// instantiations are distinct types (from, to, reply_to, route, record_route).
template <header_id Id, errc Invalid, bool List, addr_form Form>
struct name_addr_header : name_addr {
    static constexpr header_id id = Id;
    static constexpr errc invalid = Invalid;
    static constexpr bool list = List;
    static constexpr addr_form form = Form;

    /// Parses one value (one element of a list header); every error is `invalid`.
    static constexpr result<name_addr_header> parse(std::string_view s) noexcept {
        result<name_addr_header> r(std::in_place);
        parse_whole(s, Form, Invalid, r);
        if (!r)
            r = unexpected(Invalid, r.error().offset);
        return r;
    }

    /// The first element of a whole list value (see name_addr::parse_first_element).
    static constexpr result<name_addr_header>
    parse_first_element(std::string_view value, std::size_t& end) noexcept requires List {
        result<name_addr_header> r(std::in_place);
        parse_first(value, Form, Invalid, end, r);
        return r;
    }

    friend constexpr bool operator==(const name_addr_header& a,
                                     const name_addr_header& b) noexcept {
        return static_cast<const name_addr&>(a) == static_cast<const name_addr&>(b);
    }
};

/// Canonical text, as for name_addr; name-addr-only headers always have "<" ">".
template <header_id Id, errc Invalid, bool List, addr_form Form>
void serialize_to(std::string& out, const name_addr_header<Id, Invalid, List, Form>& h) {
    detail::serialize_name_addr(out, h, Form == addr_form::name_addr_only);
}

/// RFC 3261 §20.20: From = ( "From" / "f" ) HCOLON from-spec;
/// from-spec = ( name-addr / addr-spec ) *( SEMI from-param ).
using from =
    name_addr_header<header_id::from, errc::from_invalid, false, addr_form::name_addr_or_addr_spec>;
/// RFC 3261 §20.39: To = ( "To" / "t" ) HCOLON ( name-addr / addr-spec ) *( SEMI to-param ).
using to =
    name_addr_header<header_id::to, errc::to_invalid, false, addr_form::name_addr_or_addr_spec>;
/// RFC 3261 §20.31: Reply-To = "Reply-To" HCOLON rplyto-spec;
/// rplyto-spec = ( name-addr / addr-spec ) *( SEMI rplyto-param ).
using reply_to = name_addr_header<header_id::reply_to, errc::reply_to_invalid, false,
                                  addr_form::name_addr_or_addr_spec>;
/// RFC 3261 §20.34: Route = "Route" HCOLON route-param *(COMMA route-param);
/// route-param = name-addr *( SEMI rr-param ).
using route =
    name_addr_header<header_id::route, errc::route_invalid, true, addr_form::name_addr_only>;
/// RFC 3261 §20.30: Record-Route = "Record-Route" HCOLON rec-route *(COMMA rec-route);
/// rec-route = name-addr *( SEMI rr-param ).
using record_route = name_addr_header<header_id::record_route, errc::record_route_invalid, true,
                                      addr_form::name_addr_only>;

/// RFC 3261 §20.10: Contact = ("Contact" / "m" ) HCOLON ( STAR / (contact-param *(COMMA
/// contact-param))); contact-param = (name-addr / addr-spec) *(SEMI contact-params). One
/// element: either "*" (star, every other member empty) or an address.
struct contact : name_addr {
    static constexpr header_id id = header_id::contact;
    static constexpr errc invalid = errc::contact_invalid;
    static constexpr bool list = true;

    /// True for the STAR form (RFC 3261 §10.2.2: "Contact: *" with Expires: 0 removes all
    /// bindings). "*" must be the whole element; whether it is alone in the header is for
    /// the caller to check.
    bool star = false;

    /// Parses one element; every error is errc::contact_invalid. The q and expires
    /// parameters are checked by q() and expires(), not here: a value outside c-p-q or
    /// c-p-expires still matches contact-extension (generic-param), and RFC 4475 §3.1.2.4
    /// lets an element treat an overlarge expires as the default.
    static constexpr result<contact> parse(std::string_view s) noexcept {
        result<contact> r(std::in_place);
        if (s == "*") { // RFC 3261 §25.1: STAR = SWS "*" SWS (the element arrives trimmed)
            r->star = true;
        } else {
            parse_whole(s, addr_form::name_addr_or_addr_spec, invalid, r);
            if (!r)
                r = unexpected(invalid, r.error().offset);
        }
        return r;
    }

    /// The first element of a whole Contact value (see name_addr::parse_first_element): "*"
    /// when it stands alone before LWS, a "," or the end.
    static constexpr result<contact> parse_first_element(std::string_view value,
                                                         std::size_t& end) noexcept {
        result<contact> r(std::in_place);
        if (!value.empty() && value[0] == '*') {
            r->star = true;
            end = 1;
        } else {
            parse_first(value, addr_form::name_addr_or_addr_spec, invalid, end, r);
        }
        return r;
    }

    /// RFC 3261 §20.10, §25.1: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ),
    /// in thousandths ("0.7" is 700, "1" is 1000); nullopt when q is absent or its value is
    /// not a qvalue.
    constexpr std::optional<std::uint32_t> q() const noexcept {
        const auto v = params.value("q");
        if (!v)
            return std::nullopt;
        const auto q = detail::parse_qvalue(*v);
        return q ? std::optional<std::uint32_t>(*q) : std::nullopt;
    }

    /// RFC 3261 §20.10, §25.1: c-p-expires = "expires" EQUAL delta-seconds, in seconds;
    /// nullopt when absent, not 1*DIGIT, or above 2**32-1 (RFC 4475 §3.1.2.4: such a value may
    /// be treated as the default expiration).
    constexpr std::optional<std::uint32_t> expires() const noexcept {
        const auto v = params.value("expires");
        if (!v)
            return std::nullopt;
        const auto n = grammar::scan_delta_seconds(*v, 0);
        if (!n || n->end != v->size())
            return std::nullopt;
        return static_cast<std::uint32_t>(n->value);
    }

    /// Two stars are equal; otherwise as name_addr == (URI by §19.1.4 and parameters; display
    /// name and brackets ignored).
    friend constexpr bool operator==(const contact& a, const contact& b) noexcept {
        if (a.star || b.star)
            return a.star == b.star;
        return static_cast<const name_addr&>(a) == static_cast<const name_addr&>(b);
    }
};

/// "*", or the canonical name_addr text.
inline void serialize_to(std::string& out, const contact& c) {
    if (c.star) {
        out += '*';
        return;
    }
    detail::serialize_name_addr(out, c, false);
}

} // namespace sipkit
