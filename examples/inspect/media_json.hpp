// sip-inspect JSON fields for media types, codings, languages, option tags, Allow, Priority and
// Content-Disposition.
#pragma once

#include <sipkit/message/codings.hpp>
#include <sipkit/message/content_disposition.hpp>
#include <sipkit/message/header_parameters.hpp>
#include <sipkit/message/media_type.hpp>
#include <sipkit/message/token_lists.hpp>

#include "json.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace inspect {

namespace media_json_detail {

// A q-value in thousandths as a JSON number ("0.5", "1", "0.125"), or null when absent.
inline void q_field(json_object& o, std::optional<std::uint16_t> q) {
    if (!q) {
        o.null("q");
        return;
    }
    std::string text = std::to_string(*q / 1000);
    if (const unsigned frac = *q % 1000u; frac != 0) {
        std::string digits = std::to_string(1000 + frac).substr(1); // three digits
        while (digits.back() == '0')
            digits.pop_back();
        text += "." + digits;
    }
    o.raw("q", text);
}

} // namespace media_json_detail

inline void fields_json(json_object& o, const sipkit::content_type& v) {
    o.string("type", v.type).string("subtype", v.subtype);
    o.raw("params", params_json(v.params));
}

inline void fields_json(json_object& o, const sipkit::accept& v) {
    o.string("type", v.type).string("subtype", v.subtype);
    media_json_detail::q_field(o, v.q());
    o.raw("params", params_json(v.params));
}

inline void fields_json(json_object& o, const sipkit::content_encoding& v) {
    o.string("coding", v.coding);
}

inline void fields_json(json_object& o, const sipkit::accept_encoding& v) {
    o.string("coding", v.coding);
    media_json_detail::q_field(o, v.q());
    o.raw("params", params_json(v.params));
}

inline void fields_json(json_object& o, const sipkit::content_language& v) {
    o.string("tag", v.tag);
}

inline void fields_json(json_object& o, const sipkit::accept_language& v) {
    o.string("range", v.range);
    media_json_detail::q_field(o, v.q());
    o.raw("params", params_json(v.params));
}

// Require, Proxy-Require, Supported and Unsupported.
template <sipkit::header_id Id, sipkit::errc Invalid>
void fields_json(json_object& o, const sipkit::basic_option_tag<Id, Invalid>& v) {
    o.string("tag", v.tag);
}

inline void fields_json(json_object& o, const sipkit::allow& v) {
    o.string("method", v.method);
}

inline void fields_json(json_object& o, const sipkit::priority& v) {
    o.string("value", v.value);
}

inline void fields_json(json_object& o, const sipkit::content_disposition& v) {
    o.string("disp_type", v.disp_type).string("handling", v.handling());
    o.raw("params", params_json(v.params));
}

} // namespace inspect
