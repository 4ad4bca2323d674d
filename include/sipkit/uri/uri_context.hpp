// Where a SIP URI may appear and what it may hold there: RFC 3261 §19.1.1 Table 1, plus the
// syntax of the parameters with a meaning of their own (§25.1 transport-param, user-param,
// method-param, ttl-param, maddr-param).
//
// Parsing accepts every URI the §25.1 grammar admits; these checks are a separate, optional
// step (§19.1.1: "Elements processing URIs SHOULD ignore any disallowed components if they are
// present", so a liberal element may skip them; RFC 4475 §3.1.2.11 escruri is one they catch).
#pragma once

#include <sipkit/core/result.hpp>
#include <sipkit/grammar/char_class.hpp>
#include <sipkit/grammar/scanners.hpp>
#include <sipkit/uri/escape.hpp>
#include <sipkit/uri/sip_uri.hpp>
#include <sipkit/uri/uri.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sipkit {

/// The columns of RFC 3261 §19.1.1 Table 1.
enum class uri_context : std::uint8_t {
    request_uri,
    to,
    from,
    /// Contact in REGISTER, its 200 (OK), and 3xx responses to any method.
    contact_registration,
    /// Contact in INVITE and its 200 (OK) (dialog establishment); same column as Route.
    contact_dialog,
    /// Route and Record-Route.
    route,
    /// Outside any SIP message: a web page, a business card.
    external,
};

namespace detail {

enum uri_context_component : std::uint8_t {
    ctx_port,
    ctx_method,
    ctx_maddr,
    ctx_ttl,
    ctx_transport,
    ctx_lr,
    ctx_headers,
    ctx_component_count,
};

// RFC 3261 §19.1.1 Table 1, the rows whose entry is "-" somewhere (user, password, host,
// user-param and other-param are allowed everywhere). Columns in uri_context order.
// clang-format off
inline constexpr std::array<std::array<bool, 7>, ctx_component_count> uri_context_allows = {{
    //             R-URI  To     From   reg.   dialog route  external
    /*port*/      {{true,  false, false, true,  true,  true,  true}},
    /*method*/    {{false, false, false, false, false, false, true}},
    /*maddr*/     {{true,  false, false, true,  true,  true,  true}},
    /*ttl*/       {{true,  false, false, true,  false, false, true}},
    /*transport*/ {{true,  false, false, true,  true,  true,  true}},
    /*lr*/        {{true,  false, false, false, true,  true,  true}},
    /*headers*/   {{false, false, false, true,  false, false, true}},
}};
// clang-format on

constexpr bool uri_context_allowed(uri_context_component c, uri_context where) noexcept {
    return uri_context_allows[c][static_cast<std::size_t>(where)];
}

/// True when `v`, unescaped, satisfies `whole` (values longer than 256 octets never do).
constexpr bool unescaped_matches(std::string_view v,
                                 bool (*whole)(std::string_view) noexcept) noexcept {
    std::array<char, 256> buffer{};
    const auto decoded = unescape_into(v, buffer);
    return decoded && whole(*decoded);
}

constexpr bool is_whole_token(std::string_view v) noexcept {
    return !v.empty() && grammar::scan_token(v, 0) == v.size();
}

constexpr bool is_whole_host(std::string_view v) noexcept {
    const auto h = grammar::scan_host(v, 0);
    return h && h->end == v.size();
}

} // namespace detail

/// Checks the values of the parameters RFC 3261 §25.1 gives a grammar of their own:
/// transport, user and method are tokens, ttl is 1*3DIGIT from 0 to 255, maddr is a host; and
/// §19.1.1: "For a SIPS URI, the transport parameter MUST indicate a reliable transport" (not
/// udp). Fails with uri_parameter_value_invalid at the offset of the value in u.text(). Values
/// are judged after unescaping (§19.1.4).
constexpr result<void> validate_parameters(const sip_uri& u) noexcept {
    for (const uri_parameter p : u.parameters()) {
        const auto is = [&](std::string_view name) {
            return equivalent_escaped(p.name, name, letter_case::insensitive);
        };
        bool ok = true;
        if (is("transport"))
            ok = p.has_value && detail::unescaped_matches(p.value, detail::is_whole_token) &&
                 !(u.secure() && equivalent_escaped(p.value, "udp", letter_case::insensitive));
        else if (is("user") || is("method"))
            ok = p.has_value && detail::unescaped_matches(p.value, detail::is_whole_token);
        else if (is("ttl"))
            ok = p.has_value && detail::parse_ttl(p.value).has_value();
        else if (is("maddr"))
            ok = p.has_value && detail::unescaped_matches(p.value, detail::is_whole_host);
        if (!ok)
            return unexpected(errc::uri_parameter_value_invalid,
                              u.offset_of(p.has_value ? p.value : p.name));
    }
    return {};
}

/// Checks `u` against its column of RFC 3261 §19.1.1 Table 1 and validate_parameters. Fails
/// with uri_component_not_allowed at the offset (in u.text()) of the first component the
/// context forbids: e.g. headers in a Request-URI, or a method parameter anywhere but outside
/// a message.
constexpr result<void> validate(const sip_uri& u, uri_context where) noexcept {
    using namespace detail;
    const auto refuse = [&](std::string_view part) {
        return result<void>(unexpected(errc::uri_component_not_allowed, u.offset_of(part)));
    };
    if (u.port() && !uri_context_allowed(ctx_port, where)) {
        // The port's digits follow the host and its ":".
        return refuse(u.text().substr(u.offset_of(u.host()) + u.host().size() + 1, 0));
    }
    for (const uri_parameter p : u.parameters()) {
        const auto is = [&](std::string_view name) {
            return equivalent_escaped(p.name, name, letter_case::insensitive);
        };
        const uri_context_component c = is("method")      ? ctx_method
                                        : is("maddr")     ? ctx_maddr
                                        : is("ttl")       ? ctx_ttl
                                        : is("transport") ? ctx_transport
                                        : is("lr")        ? ctx_lr
                                                          : ctx_component_count;
        if (c != ctx_component_count && !uri_context_allowed(c, where))
            return refuse(p.name);
    }
    if (u.has_headers() && !uri_context_allowed(ctx_headers, where))
        return refuse(u.headers_text());
    return validate_parameters(u);
}

/// As above for any URI; tel and absolute URIs have no Table 1 restrictions.
constexpr result<void> validate(const uri& u, uri_context where) noexcept {
    if (const sip_uri* s = u.as_sip())
        return validate(*s, where);
    return {};
}

/// validate(u, uri_context::request_uri): RFC 3261 §19.1.1 Table 1 forbids headers and the
/// method parameter in a Request-URI (RFC 4475 §3.1.2.11).
constexpr result<void> validate_request_uri(const uri& u) noexcept {
    return validate(u, uri_context::request_uri);
}

} // namespace sipkit
