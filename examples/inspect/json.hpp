// JSON output for sip-inspect: strings, objects, and header parameters as an object.
#pragma once

#include <sipkit/grammar/scanners.hpp>
#include <sipkit/message/header_parameters.hpp>

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace inspect {

// A JSON string literal. Control characters and octets that are not well-formed UTF-8 are
// written as \u00XX (the octet's value), so the output is always valid JSON.
inline std::string json(std::string_view s) {
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else if (const std::size_t n =
                       c >= 0x80 ? sipkit::grammar::utf8_nonascii_length(s, i) : 0;
                   n >= 2 && n <= 4) {
            out.append(s.substr(i, n));
            i += n - 1;
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        }
    }
    return out + '"';
}

// Appends one JSON object, field by field: `json_object o(out); o.string("k", v); o.close();`
class json_object {
public:
    explicit json_object(std::string& out) : out_(out) { out_ += '{'; }

    json_object& string(std::string_view key, std::string_view value) {
        return raw(key, json(value));
    }
    json_object& string(std::string_view key, const char* value) {
        return string(key, std::string_view(value));
    }
    json_object& string(std::string_view key, const std::string& value) {
        return string(key, std::string_view(value));
    }
    json_object& string(std::string_view key, std::optional<std::string_view> value) {
        return value ? string(key, *value) : null(key);
    }
    json_object& number(std::string_view key, std::uint64_t value) {
        return raw(key, std::to_string(value));
    }
    json_object& number(std::string_view key, std::optional<std::uint64_t> value) {
        return value ? number(key, *value) : null(key);
    }
    json_object& boolean(std::string_view key, bool value) {
        return raw(key, value ? "true" : "false");
    }
    json_object& null(std::string_view key) { return raw(key, "null"); }
    // `value` must already be JSON (an array or object built by the caller).
    json_object& raw(std::string_view key, std::string_view value) {
        if (!first_)
            out_ += ',';
        first_ = false;
        out_ += json(key);
        out_ += ':';
        out_ += value;
        return *this;
    }
    void close() { out_ += '}'; }

private:
    std::string& out_;
    bool first_ = true;
};

// {"name":"value"|null,...}: each header parameter, its value as written (a quoted one keeps
// its quotes), null for a parameter without one. A repeated name appears once per occurrence.
inline std::string params_json(const sipkit::header_parameters& params) {
    std::string out;
    json_object o(out);
    for (const sipkit::grammar::generic_param& p : params) {
        if (p.has_value)
            o.string(p.name, p.value);
        else
            o.null(p.name);
    }
    o.close();
    return out;
}

} // namespace inspect
