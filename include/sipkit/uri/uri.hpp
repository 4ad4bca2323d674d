// uri: any URI a SIP message can carry (RFC 3261 §25.1: Request-URI = SIP-URI / SIPS-URI /
// absoluteURI; addr-spec likewise), as a sip_uri, a tel_uri (RFC 3966) or an absolute_uri
// that keeps its scheme; parse_uri picks the form from the scheme.
//
// A uri is a set of views into the string it was parsed from: that string must outlive it.
#pragma once

#include <sipkit/core/ascii.hpp>
#include <sipkit/core/result.hpp>
#include <sipkit/grammar/uri_scanners.hpp>
#include <sipkit/uri/absolute_uri.hpp>
#include <sipkit/uri/sip_uri.hpp>
#include <sipkit/uri/tel_uri.hpp>

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace sipkit {

class uri;
namespace detail {
constexpr result<void> parse_uri_into(std::string_view text, uri& out) noexcept;
} // namespace detail

enum class uri_kind : std::uint8_t {
    sip,      // sip: or sips: (RFC 3261 §19.1)
    tel,      // tel: (RFC 3966)
    absolute, // any other scheme (RFC 3986)
};

class uri {
public:
    constexpr uri() noexcept = default;
    constexpr uri(const sip_uri& u) noexcept : value_(u) {}
    constexpr uri(const tel_uri& u) noexcept : value_(u) {}
    constexpr uri(const absolute_uri& u) noexcept : value_(u) {}

    constexpr uri_kind kind() const noexcept { return static_cast<uri_kind>(value_.index()); }
    /// True for sip: and sips: URIs.
    constexpr bool is_sip() const noexcept { return kind() == uri_kind::sip; }
    constexpr bool is_tel() const noexcept { return kind() == uri_kind::tel; }
    constexpr bool is_absolute() const noexcept { return kind() == uri_kind::absolute; }

    /// The URI's own form, or nullptr when it has another.
    constexpr const sip_uri* as_sip() const noexcept { return std::get_if<sip_uri>(&value_); }
    constexpr const tel_uri* as_tel() const noexcept { return std::get_if<tel_uri>(&value_); }
    constexpr const absolute_uri* as_absolute() const noexcept {
        return std::get_if<absolute_uri>(&value_);
    }

    /// The whole URI as given to parse_uri.
    constexpr std::string_view text() const noexcept {
        return std::visit([](const auto& u) { return u.text(); }, value_);
    }
    /// The scheme as written.
    constexpr std::string_view scheme() const noexcept {
        return std::visit([](const auto& u) { return u.scheme(); }, value_);
    }

    /// URIs of different kinds are never equal; same kinds compare by their own rules
    /// (RFC 3261 §19.1.4, RFC 3966 §4, RFC 3986 §6.2.2).
    friend constexpr bool operator==(const uri& a, const uri& b) noexcept {
        return a.value_ == b.value_;
    }

private:
    friend constexpr result<void> detail::parse_uri_into(std::string_view text, uri& out) noexcept;

    std::variant<sip_uri, tel_uri, absolute_uri> value_;
};

namespace detail {

/// parse_uri into `out`, which is overwritten: a sip or sips URI is parsed in place, any other
/// is parsed and then stored. On failure `out` holds part of the URI or its former value.
constexpr result<void> parse_uri_into(std::string_view text, uri& out) noexcept {
    if (sip_scheme_length(text) != 0) // the common case first
        return parse_sip_uri_into(text, out.value_.emplace<sip_uri>());
    const std::size_t scheme_end = grammar::scan_scheme(text, 0);
    if (scheme_end == 0 || scheme_end >= text.size() || text[scheme_end] != ':')
        return unexpected(errc::uri_scheme_invalid, scheme_end);
    const std::string_view scheme = grammar::slice(text, 0, scheme_end);
    if (iequals(scheme, "sip") || iequals(scheme, "sips"))
        return parse_sip_uri_into(text, out.value_.emplace<sip_uri>());
    if (iequals(scheme, "tel")) {
        auto u = parse_tel_uri(text);
        if (!u)
            return unexpected(u.error());
        out = uri(*u);
        return {};
    }
    auto u = parse_absolute_uri(text);
    if (!u)
        return unexpected(u.error());
    out = uri(*u);
    return {};
}

} // namespace detail

/// Parses any URI: sip/sips (case-insensitive) as RFC 3261 SIP-URI, tel as RFC 3966, any other
/// scheme as an absolute URI. The whole of `text` must be the URI; errors carry the offset in
/// `text` where the grammar failed.
constexpr result<uri> parse_uri(std::string_view text) noexcept {
    result<uri> r(std::in_place);
    if (const auto e = detail::parse_uri_into(text, *r); !e)
        r = unexpected(e.error());
    return r;
}

/// Deleted for a temporary std::string: the uri would view a string destroyed at the end of
/// the full expression. Parse a string that outlives the result.
template <std::same_as<std::string> String>
result<uri> parse_uri(String&& text) = delete;

/// Appends the canonical text of `u` (see the serialize_to of each kind).
inline void serialize_to(std::string& out, const uri& u) {
    if (const auto* s = u.as_sip())
        serialize_to(out, *s);
    else if (const auto* t = u.as_tel())
        serialize_to(out, *t);
    else if (const auto* a = u.as_absolute())
        serialize_to(out, *a);
}

inline std::string to_string(const uri& u) {
    std::string out;
    serialize_to(out, u);
    return out;
}

} // namespace sipkit
