// typed_header: what a typed header type provides, and parse_header, which parses one value
// and names the header in any error.
//
// A typed header type H (sipkit::via, sipkit::cseq, ...) is a small value of views into the text
// it was parsed from; that text (normally the message buffer) must outlive it. It declares
//   static constexpr header_id id;      // the header it types
//   static constexpr errc invalid;      // the error that names it (errc::via_invalid)
//   static constexpr bool list;         // RFC 3261 §7.3.1: its grammar is a comma list
//   static result<H> parse(std::string_view value);
// and a free function serialize_to(std::string&, const H&) writing its canonical text.
//
// For a list header, parse takes one element (Via holds one via-parm per element); otherwise it
// takes the whole field value. The value is trimmed and may hold folded line breaks (LWS).
#pragma once

#include <sipkit/core/error.hpp>
#include <sipkit/core/result.hpp>
#include <sipkit/message/header_name.hpp>

#include <concepts>
#include <cstddef>
#include <string>
#include <string_view>

namespace sipkit {

template <class H>
concept typed_header = requires(std::string_view value, const H& h, std::string& out) {
    { H::id } -> std::convertible_to<header_id>;
    { H::invalid } -> std::convertible_to<errc>;
    { H::list } -> std::convertible_to<bool>;
    { H::parse(value) } -> std::same_as<result<H>>;
    serialize_to(out, h);
};

/// A list header type that can parse the first element of a whole field value in place:
///   static result<H> parse_first_element(std::string_view value, std::size_t& end);
/// parses from the start of `value` and sets `end` after the element's last octet. It succeeds
/// only when that element is the one comma_values would cut first and H::parse accepts it, and
/// gives the same value; it may fail whenever it cannot tell, and the caller then cuts the
/// elements and parses them as usual (message_view::get).
template <class H>
concept first_element_parser = requires(std::string_view value, std::size_t& end) {
    { H::parse_first_element(value, end) } -> std::same_as<result<H>>;
};

/// True when `code` is one of the typed-header errors (errc::via_invalid, ...), which name
/// the header they are about.
constexpr bool is_typed_header_error(errc code) noexcept {
    return code == errc::content_length_invalid ||
           (code >= first_typed_header_error && code <= last_typed_header_error);
}

/// Parses one value (one element of a list header) as H. Every error names the header: a
/// failure of a lower-level rule (a quoted string, a URI) is reported as H::invalid at the
/// offset where it was found. Offsets count from the start of `value`, plus `base_offset`.
template <typed_header H>
constexpr result<H> parse_header(std::string_view value, std::size_t base_offset = 0) {
    auto r = H::parse(value);
    if (!r) {
        const errc code = is_typed_header_error(r.error().code) ? r.error().code : H::invalid;
        r = unexpected(code, base_offset + r.error().offset);
    }
    return r; // one return of one object: no copy of the value
}

/// The canonical text of a typed value: what serialize_to appends.
template <typed_header H>
std::string to_string(const H& h) {
    std::string out;
    serialize_to(out, h);
    return out;
}

} // namespace sipkit
