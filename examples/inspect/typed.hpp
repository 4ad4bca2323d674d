// The typed view of a header field for sip-inspect: each typed header's parsed fields as a JSON
// object (a list header gives an array, one object per element); a value that does not parse
// gives {"error": <errc name>, "offset": <offset in the input>}.
#pragma once

#include <sipkit/sipkit.hpp>

#include "auth_json.hpp"
#include "json.hpp"
#include "media_json.hpp"
#include "name_addr_json.hpp"
#include "text_json.hpp"
#include "via_json.hpp"

#include <string>
#include <string_view>

namespace inspect {

inline void fields_json(json_object& o, const sipkit::cseq& c) {
    o.number("number", std::uint64_t{c.number}).string("method", c.method);
}

template <class H>
std::string typed_value_json(std::string_view value, std::size_t offset) {
    std::string out;
    json_object o(out);
    if (const auto r = sipkit::parse_header<H>(value, offset)) {
        fields_json(o, *r);
    } else {
        o.string("error", r.error().name()).number("offset", std::uint64_t{r.error().offset});
    }
    o.close();
    return out;
}

/// The "typed" member for a header field, or "" when sipkit keeps the header raw.
inline std::string typed_json(const sipkit::header_field& field) {
    std::string out;
    const auto at = [&](std::string_view v) {
        return field.offset + static_cast<std::size_t>(v.data() - field.name.data());
    };
    sipkit::visit_header_type(field.id, [&]<class H>() {
        if constexpr (H::list) {
            out = "[";
            bool first = true;
            for (const std::string_view element : sipkit::comma_values(field.value)) {
                out += first ? "" : ",";
                first = false;
                out += typed_value_json<H>(element, at(element));
            }
            out += "]";
        } else {
            out = typed_value_json<H>(field.value, at(field.value));
        }
    });
    return out;
}

} // namespace inspect
