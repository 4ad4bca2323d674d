// sip-inspect JSON fields of the name-addr headers (From, To, Reply-To, Route, Record-Route,
// Contact) and the info headers (Alert-Info, Call-Info, Error-Info).
#pragma once

#include <sipkit/message/header_parameters.hpp>
#include <sipkit/message/info_headers.hpp>
#include <sipkit/message/name_addr.hpp>
#include <sipkit/uri/uri.hpp>

#include "json.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace inspect {

// Helpers of this file only (each *_json.hpp keeps its own, so they never collide).
namespace name_addr_json_detail {

// "uri" as written and "scheme"; for sip/sips URIs also "user" (null without one), "host" and
// "port" (null without one).
inline void uri_json(json_object& o, const sipkit::uri& u) {
    o.string("uri", u.text());
    o.string("scheme", u.scheme());
    if (const sipkit::sip_uri* s = u.as_sip()) {
        o.string("user", s->user());
        o.string("host", s->host());
        o.number("port", s->port() ? std::optional<std::uint64_t>(*s->port()) : std::nullopt);
    }
}

inline void name_addr_json(json_object& o, const sipkit::name_addr& a) {
    o.string("display_name", a.display_name);
    o.string("display_name_text", std::string_view(a.display_name_text()));
    uri_json(o, a.uri);
    o.boolean("bracketed", a.bracketed);
    o.string("tag", a.tag());
    o.raw("params", params_json(a.params));
}

} // namespace name_addr_json_detail

inline void fields_json(json_object& o, const sipkit::from& v) {
    name_addr_json_detail::name_addr_json(o, v);
}
inline void fields_json(json_object& o, const sipkit::to& v) {
    name_addr_json_detail::name_addr_json(o, v);
}
inline void fields_json(json_object& o, const sipkit::reply_to& v) {
    name_addr_json_detail::name_addr_json(o, v);
}
inline void fields_json(json_object& o, const sipkit::route& v) {
    name_addr_json_detail::name_addr_json(o, v);
}
inline void fields_json(json_object& o, const sipkit::record_route& v) {
    name_addr_json_detail::name_addr_json(o, v);
}

// Contact: "star", and for an address the name-addr fields plus "q" (thousandths) and
// "expires" (seconds), null when absent or malformed.
inline void fields_json(json_object& o, const sipkit::contact& v) {
    o.boolean("star", v.star);
    if (v.star)
        return;
    name_addr_json_detail::name_addr_json(o, v);
    const auto number = [](std::optional<std::uint32_t> n) {
        return n ? std::optional<std::uint64_t>(*n) : std::nullopt;
    };
    o.number("q", number(v.q()));
    o.number("expires", number(v.expires()));
}

inline void fields_json(json_object& o, const sipkit::alert_info& v) {
    name_addr_json_detail::uri_json(o, v.uri);
    o.raw("params", params_json(v.params));
}
inline void fields_json(json_object& o, const sipkit::error_info& v) {
    name_addr_json_detail::uri_json(o, v.uri);
    o.raw("params", params_json(v.params));
}
inline void fields_json(json_object& o, const sipkit::call_info& v) {
    name_addr_json_detail::uri_json(o, v.uri);
    o.string("purpose", v.purpose());
    o.raw("params", params_json(v.params));
}

} // namespace inspect
