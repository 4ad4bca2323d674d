// sip-inspect JSON fields for Subject, Organization, Server, User-Agent, Warning, Date,
// Retry-After and Timestamp.
#pragma once

#include <sipkit/message/date.hpp>
#include <sipkit/message/header_parameters.hpp>
#include <sipkit/message/product.hpp>
#include <sipkit/message/retry_after.hpp>
#include <sipkit/message/text_headers.hpp>
#include <sipkit/message/timestamp.hpp>
#include <sipkit/message/warning.hpp>

#include "json.hpp"

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace inspect {

namespace text_json_detail {

// [{"product":"a","version":"1"|null} | {"comment":"(...)"}, ...]
inline std::string server_vals_array(const sipkit::server_vals& values) {
    std::string out = "[";
    bool first = true;
    for (const sipkit::server_val& v : values) {
        out += first ? "" : ",";
        first = false;
        json_object o(out);
        if (v.is_comment()) {
            o.string("comment", v.comment);
        } else {
            o.string("product", v.product);
            o.string("version",
                     v.version.empty() ? std::nullopt : std::optional<std::string_view>(v.version));
        }
        o.close();
    }
    return out + "]";
}

// The shortest text that reads back as `value` (a finite double is valid JSON).
inline std::string number_text(double value) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, r.ptr);
}

} // namespace text_json_detail

inline void fields_json(json_object& o, const sipkit::subject& v) {
    o.string("text", v.text);
}

inline void fields_json(json_object& o, const sipkit::organization& v) {
    o.string("text", v.text);
}

inline void fields_json(json_object& o, const sipkit::server& v) {
    o.string("text", v.text);
    o.raw("values", text_json_detail::server_vals_array(v.values()));
}

inline void fields_json(json_object& o, const sipkit::user_agent& v) {
    o.string("text", v.text);
    o.raw("values", text_json_detail::server_vals_array(v.values()));
}

inline void fields_json(json_object& o, const sipkit::warning& v) {
    o.number("code", std::uint64_t{v.code});
    o.string("agent", v.agent);
    o.string("text", v.text);
    o.string("unquoted_text", std::string_view(v.unquoted_text()));
}

inline void fields_json(json_object& o, const sipkit::date& v) {
    o.number("weekday", std::uint64_t{v.weekday});
    o.number("day", std::uint64_t{v.day});
    o.number("month", std::uint64_t{v.month});
    o.number("year", std::uint64_t{v.year});
    o.number("hour", std::uint64_t{v.hour});
    o.number("minute", std::uint64_t{v.minute});
    o.number("second", std::uint64_t{v.second});
    o.raw("seconds_since_epoch", std::to_string(v.seconds_since_epoch()));
    o.boolean("weekday_matches", v.weekday_matches());
}

inline void fields_json(json_object& o, const sipkit::retry_after& v) {
    o.number("seconds", std::uint64_t{v.seconds});
    o.string("comment",
             v.comment.empty() ? std::nullopt : std::optional<std::string_view>(v.comment));
    const auto duration = v.duration();
    o.number("duration", duration ? std::optional<std::uint64_t>(*duration) : std::nullopt);
    o.raw("params", params_json(v.params));
}

inline void fields_json(json_object& o, const sipkit::timestamp& v) {
    o.string("value", v.value);
    o.raw("seconds", text_json_detail::number_text(v.seconds()));
    if (v.has_delay()) {
        o.string("delay", v.delay);
        o.raw("delay_seconds", text_json_detail::number_text(v.delay_seconds()));
    } else {
        o.null("delay");
        o.null("delay_seconds");
    }
}

} // namespace inspect
