// sip-inspect JSON for the authentication headers (sipkit/message/auth_params.hpp):
// WWW-Authenticate, Proxy-Authenticate, Authorization, Proxy-Authorization,
// Authentication-Info.
#pragma once

#include <sipkit/message/auth_params.hpp>

#include "json.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace inspect {

namespace auth_json_detail {

// {"name":"value",...}: every auth-param, the value as written (quotes kept).
inline std::string auth_params_json(const sipkit::auth_param_list& params) {
    std::string out;
    json_object o(out);
    for (const sipkit::auth_param& p : params)
        o.string(p.name, p.value);
    o.close();
    return out;
}

inline void optional_string(json_object& o, std::string_view key,
                            const std::optional<std::string>& v) {
    if (v)
        o.string(key, std::string_view(*v));
    else
        o.null(key);
}

// scheme, token68 (or null) and params: what every challenge and credentials value has.
inline void auth_common_json(json_object& o, std::string_view scheme,
                             const sipkit::auth_param_list& params, std::string_view token68) {
    o.string("scheme", scheme);
    if (token68.empty())
        o.null("token68");
    else
        o.string("token68", token68);
    o.raw("params", auth_params_json(params));
}

inline void challenge_json(json_object& o, const sipkit::challenge& c) {
    auth_common_json(o, c.scheme, c.params, c.token68);
    if (!c.is_digest())
        return;
    optional_string(o, "realm", c.realm());
    optional_string(o, "domain", c.domain());
    optional_string(o, "nonce", c.nonce());
    optional_string(o, "opaque", c.opaque());
    o.boolean("stale", c.stale());
    o.string("algorithm", c.algorithm());
    std::string qop = "[";
    for (const std::string_view q : c.qop_options()) {
        if (qop.size() > 1)
            qop += ',';
        qop += json(q);
    }
    o.raw("qop", qop + "]");
}

inline void credentials_json(json_object& o, const sipkit::credentials& c) {
    auth_common_json(o, c.scheme, c.params, c.token68);
    if (!c.is_digest())
        return;
    optional_string(o, "username", c.username());
    optional_string(o, "realm", c.realm());
    optional_string(o, "nonce", c.nonce());
    o.string("uri", c.uri());
    o.string("response", c.response());
    o.string("algorithm", c.algorithm());
    optional_string(o, "cnonce", c.cnonce());
    optional_string(o, "opaque", c.opaque());
    o.string("qop", c.qop());
    o.string("nc", c.nc());
}

} // namespace auth_json_detail

inline void fields_json(json_object& o, const sipkit::www_authenticate& v) {
    auth_json_detail::challenge_json(o, v);
}

inline void fields_json(json_object& o, const sipkit::proxy_authenticate& v) {
    auth_json_detail::challenge_json(o, v);
}

inline void fields_json(json_object& o, const sipkit::authorization& v) {
    auth_json_detail::credentials_json(o, v);
}

inline void fields_json(json_object& o, const sipkit::proxy_authorization& v) {
    auth_json_detail::credentials_json(o, v);
}

inline void fields_json(json_object& o, const sipkit::authentication_info& v) {
    o.raw("params", auth_json_detail::auth_params_json(v.params));
    auth_json_detail::optional_string(o, "nextnonce", v.nextnonce());
    o.string("qop", v.qop());
    o.string("rspauth", v.rspauth());
    auth_json_detail::optional_string(o, "cnonce", v.cnonce());
    o.string("nc", v.nc());
}

} // namespace inspect
