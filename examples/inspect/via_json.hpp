// sip-inspect JSON fields for Via, Call-ID, In-Reply-To and the numeric headers.
#pragma once

#include <sipkit/message/call_id.hpp>
#include <sipkit/message/header_parameters.hpp>
#include <sipkit/message/scalar_headers.hpp>
#include <sipkit/message/via.hpp>

#include "json.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace inspect {

namespace via_json_detail {

inline std::string_view host_kind_name(sipkit::grammar::host_kind k) {
    switch (k) {
        case sipkit::grammar::host_kind::ipv4:
            return "ipv4";
        case sipkit::grammar::host_kind::ipv6:
            return "ipv6";
        case sipkit::grammar::host_kind::hostname:
            break;
    }
    return "hostname";
}

template <class T>
std::optional<std::uint64_t> widen(std::optional<T> v) {
    return v ? std::optional<std::uint64_t>(*v) : std::nullopt;
}

} // namespace via_json_detail

inline void fields_json(json_object& o, const sipkit::via& v) {
    o.string("protocol_name", v.protocol_name);
    o.string("protocol_version", v.protocol_version);
    o.string("transport", v.transport);
    o.string("host", v.host);
    o.string("host_kind", via_json_detail::host_kind_name(v.host_kind));
    o.number("port", via_json_detail::widen(v.port));
    o.string("branch", v.branch());
    o.boolean("magic_cookie", v.has_magic_cookie());
    o.string("received", v.received());
    o.string("maddr", v.maddr());
    o.number("ttl", via_json_detail::widen(v.ttl()));
    o.boolean("has_rport", v.has_rport());
    o.number("rport", via_json_detail::widen(v.rport()));
    o.raw("params", params_json(v.params));
}

inline void fields_json(json_object& o, const sipkit::call_id& v) {
    o.string("value", v.value);
}

inline void fields_json(json_object& o, const sipkit::in_reply_to& v) {
    o.string("call_id", v.call_id);
}

inline void fields_json(json_object& o, const sipkit::max_forwards& v) {
    o.number("value", v.value);
}

inline void fields_json(json_object& o, const sipkit::content_length& v) {
    o.number("value", v.value);
}

inline void fields_json(json_object& o, const sipkit::expires& v) {
    o.number("seconds", v.seconds);
}

inline void fields_json(json_object& o, const sipkit::min_expires& v) {
    o.number("seconds", v.seconds);
}

inline void fields_json(json_object& o, const sipkit::mime_version& v) {
    o.number("major", v.major);
    o.number("minor", v.minor);
}

} // namespace inspect
