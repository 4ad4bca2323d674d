// absolute_uri: any URI whose scheme sipkit does not interpret (RFC 3261 §25.1 absoluteURI,
// read with the RFC 3986 §3 generic syntax), kept zero-copy with its scheme, and compared after
// case and percent-encoding normalization (RFC 3986 §6.2.2.1, §6.2.2.2).
//
// An absolute_uri is a set of views into the string it was parsed from: that string must
// outlive it.
#pragma once

#include <sipkit/core/ascii.hpp>
#include <sipkit/core/result.hpp>
#include <sipkit/grammar/uri_scanners.hpp>
#include <sipkit/uri/escape.hpp>

#include <concepts>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace sipkit {

class absolute_uri;
constexpr result<absolute_uri> parse_absolute_uri(std::string_view text) noexcept;

/// A parsed absolute URI: scheme ":" hier-part [ "?" query ] (RFC 3986 §4.3).
class absolute_uri {
public:
    constexpr absolute_uri() noexcept = default;

    constexpr std::string_view text() const noexcept { return text_; }
    /// The scheme as written (RFC 3986 §3.1: case-insensitive).
    constexpr std::string_view scheme() const noexcept { return text_.substr(0, scheme_length_); }
    /// Everything after the scheme's ":".
    constexpr std::string_view scheme_specific_part() const noexcept {
        return scheme_length_ < text_.size() ? text_.substr(scheme_length_ + 1)
                                             : std::string_view{};
    }
    /// RFC 3986 §3.2: the authority after "//", if the URI has one.
    constexpr std::optional<std::string_view> authority() const noexcept {
        return has_authority_ ? std::optional<std::string_view>(authority_) : std::nullopt;
    }
    /// RFC 3986 §3.3: the path (for an opaque URI such as "mailto:a@b", all of it).
    constexpr std::string_view path() const noexcept { return path_; }
    /// RFC 3986 §3.4: the query after "?", if any.
    constexpr std::optional<std::string_view> query() const noexcept {
        return has_query_ ? std::optional<std::string_view>(query_) : std::nullopt;
    }

    /// RFC 3986 §6.2.2: scheme and host case-insensitive, percent-encoded unreserved characters
    /// equal to their literal, everything else compared exactly.
    friend constexpr bool operator==(const absolute_uri& a, const absolute_uri& b) noexcept;

private:
    friend constexpr result<absolute_uri> parse_absolute_uri(std::string_view text) noexcept;

    std::string_view text_;
    std::string_view authority_;
    std::string_view path_;
    std::string_view query_;
    std::size_t scheme_length_ = 0;
    bool has_authority_ = false;
    bool has_query_ = false;
};

/// Parses scheme ":" followed by URI characters (RFC 3986 §2: unreserved, reserved,
/// pct-encoded; a fragment is not part of an absolute URI): the whole of `text` must be the URI.
constexpr result<absolute_uri> parse_absolute_uri(std::string_view s) noexcept {
    using namespace grammar;
    absolute_uri u;
    u.text_ = s;
    const std::size_t scheme_end = scan_scheme(s, 0);
    if (scheme_end == 0 || scheme_end >= s.size() || s[scheme_end] != ':')
        return unexpected(errc::uri_scheme_invalid, scheme_end);
    u.scheme_length_ = scheme_end;
    const std::size_t begin = scheme_end + 1;
    const auto end = scan_escaped_run(s, begin, uc_uri3986);
    if (!end)
        return unexpected(end.error());
    if (*end != s.size())
        return unexpected(errc::uri_character_invalid, *end);

    std::string_view rest = s.substr(begin);
    const std::size_t question = rest.find('?');
    if (question != std::string_view::npos) {
        u.query_ = rest.substr(question + 1);
        u.has_query_ = true;
        rest = rest.substr(0, question);
    }
    if (rest.substr(0, 2) == "//") {
        const std::size_t slash = rest.find('/', 2);
        u.authority_ = rest.substr(2, slash == std::string_view::npos ? rest.npos : slash - 2);
        u.has_authority_ = true;
        rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
    }
    u.path_ = rest;
    return u;
}

/// Deleted for a temporary std::string: the absolute_uri would view a string destroyed at the end
/// of the full expression. Parse a string that outlives the result.
template <std::same_as<std::string> String>
result<absolute_uri> parse_absolute_uri(String&& text) = delete;

namespace detail {

/// RFC 3986 §3.2: authority = [ userinfo "@" ] host [ ":" port ]; returns the userinfo (empty
/// when absent) and host-and-port.
constexpr std::pair<std::string_view, std::string_view>
split_authority(std::string_view a) noexcept {
    const std::size_t at = a.rfind('@');
    if (at == std::string_view::npos)
        return {{}, a};
    return {a.substr(0, at + 1), a.substr(at + 1)};
}

inline void append_lowercase_normalized(std::string& out, std::string_view s) {
    for (std::size_t pos = 0; pos < s.size();) {
        const uri_octet o = read_uri_octet(s, pos);
        const char c = static_cast<char>(o.value);
        if (o.escaped && !grammar::is_uri_char(c, grammar::uc_unreserved3986))
            append_escaped_octet(out, o.value);
        else
            out += to_lower(c);
    }
}

} // namespace detail

constexpr bool operator==(const absolute_uri& a, const absolute_uri& b) noexcept {
    constexpr auto cs = letter_case::sensitive;
    constexpr auto ci = letter_case::insensitive;
    constexpr auto rule = escape_rule::rfc3986;
    if (!iequals(a.scheme(), b.scheme()) || a.has_authority_ != b.has_authority_ ||
        a.has_query_ != b.has_query_)
        return false;
    if (a.has_authority_) {
        const auto [a_user, a_host] = detail::split_authority(a.authority_);
        const auto [b_user, b_host] = detail::split_authority(b.authority_);
        if (!equivalent_escaped(a_user, b_user, cs, rule) ||
            !equivalent_escaped(a_host, b_host, ci, rule))
            return false;
    }
    return equivalent_escaped(a.path_, b.path_, cs, rule) &&
           equivalent_escaped(a.query_, b.query_, cs, rule);
}

/// Appends the canonical text of `u` (RFC 3986 §6.2.2.1, §6.2.2.2): scheme and host in lower
/// case, unreserved characters decoded, other escapes with upper-case hex digits.
inline void serialize_to(std::string& out, const absolute_uri& u) {
    for (const char c : u.scheme())
        out += to_lower(c);
    out += ':';
    if (const auto authority = u.authority()) {
        const auto [user, host] = detail::split_authority(*authority);
        out += "//";
        normalize_escapes(user, escape_rule::rfc3986, out);
        detail::append_lowercase_normalized(out, host);
    }
    normalize_escapes(u.path(), escape_rule::rfc3986, out);
    if (const auto query = u.query()) {
        out += '?';
        normalize_escapes(*query, escape_rule::rfc3986, out);
    }
}

inline std::string to_string(const absolute_uri& u) {
    std::string out;
    serialize_to(out, u);
    return out;
}

} // namespace sipkit
