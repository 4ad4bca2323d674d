// sip_uri: a zero-copy SIP or SIPS URI (RFC 3261 §19.1, ABNF §25.1), its comparison
// (§19.1.4) and its canonical text.
//
// A sip_uri is a set of views into the string it was parsed from: that string must outlive it.
// Parsing allocates nothing; parameters and headers stay raw and are walked on demand.
#pragma once

#include <sipkit/core/ascii.hpp>
#include <sipkit/core/result.hpp>
#include <sipkit/grammar/scanners.hpp>
#include <sipkit/grammar/uri_scanners.hpp>
#include <sipkit/uri/escape.hpp>
#include <sipkit/uri/host.hpp>
#include <sipkit/uri/uri_parameters.hpp>

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sipkit {

class sip_uri;
constexpr result<sip_uri> parse_sip_uri(std::string_view text) noexcept;

namespace detail {

constexpr result<void> parse_sip_uri_into(std::string_view text, sip_uri& u) noexcept;

/// The length of a "sip" or "sips" scheme (any case, RFC 3261 §19.1.1) at the start of s when a
/// ":" follows it, else 0.
constexpr std::size_t sip_scheme_length(std::string_view s) noexcept {
    if (s.size() < 4 || (s[0] | 0x20) != 's' || (s[1] | 0x20) != 'i' || (s[2] | 0x20) != 'p')
        return 0;
    if (s[3] == ':')
        return 3;
    return s.size() > 4 && (s[3] | 0x20) == 's' && s[4] == ':' ? 4 : 0;
}

/// RFC 3261 §25.1: ttl = 1*3DIGIT ; 0 to 255. Escaped digits count as digits (§19.1.4).
constexpr std::optional<std::uint8_t> parse_ttl(std::string_view v) noexcept {
    unsigned value = 0;
    std::size_t digits = 0;
    for (std::size_t pos = 0; pos < v.size();) {
        const uri_octet o = read_uri_octet(v, pos);
        if (o.value < '0' || o.value > '9' || ++digits > 3)
            return std::nullopt;
        value = value * 10 + (o.value - '0');
    }
    if (digits == 0 || value > 255)
        return std::nullopt;
    return static_cast<std::uint8_t>(value);
}

} // namespace detail

/// A parsed sip: or sips: URI. Every string_view it returns points into the parsed text and
/// holds the component exactly as written (escapes kept; see unescape()).
class sip_uri {
public:
    constexpr sip_uri() noexcept = default;

    /// The whole URI as given to parse_sip_uri.
    constexpr std::string_view text() const noexcept { return text_; }
    /// "sip" or "sips" as written (the scheme is case-insensitive: "SIP" is sip).
    constexpr std::string_view scheme() const noexcept { return text_.substr(0, scheme_length_); }
    /// True for a SIPS URI (RFC 3261 §19.1: the resource is to be contacted securely).
    constexpr bool secure() const noexcept { return secure_; }

    /// The user part, escaped; nullopt when the URI has no userinfo.
    constexpr std::optional<std::string_view> user() const noexcept {
        return has_user_ ? std::optional<std::string_view>(user_) : std::nullopt;
    }
    /// The password, escaped; nullopt when absent ("user:@host" has an empty one).
    constexpr std::optional<std::string_view> password() const noexcept {
        return has_password_ ? std::optional<std::string_view>(password_) : std::nullopt;
    }
    /// The host as written: a hostname, an IPv4 address, or an IPv6 reference with brackets.
    constexpr std::string_view host() const noexcept { return host_; }
    constexpr grammar::host_kind host_kind() const noexcept { return host_kind_; }
    constexpr std::optional<std::uint16_t> port() const noexcept {
        return has_port_ ? std::optional<std::uint16_t>(port_) : std::nullopt;
    }

    /// The uri-parameters as written, leading ";" included ("" when there are none).
    constexpr std::string_view parameters_text() const noexcept { return params_; }
    constexpr uri_parameter_range parameters() const noexcept {
        return uri_parameter_range(params_);
    }
    /// The value of the first parameter called `name` (case-insensitive): "" for a bare name
    /// such as "lr", nullopt when there is no such parameter. The value is escaped.
    constexpr std::optional<std::string_view> parameter(std::string_view name) const noexcept {
        const auto p = find_uri_parameter(parameters(), name);
        return p ? std::optional<std::string_view>(p->value) : std::nullopt;
    }
    constexpr bool has_parameter(std::string_view name) const noexcept {
        return find_uri_parameter(parameters(), name).has_value();
    }

    // RFC 3261 §19.1.1 parameters with a meaning of their own. Values are escaped text.
    constexpr std::optional<std::string_view> transport() const noexcept {
        return parameter("transport");
    }
    /// The user URI parameter ("phone", "ip", other-user), not the user part.
    constexpr std::optional<std::string_view> user_param() const noexcept {
        return parameter("user");
    }
    constexpr std::optional<std::string_view> method() const noexcept {
        return parameter("method");
    }
    constexpr std::optional<std::string_view> maddr() const noexcept { return parameter("maddr"); }
    /// The ttl parameter; nullopt when absent or not 1*3DIGIT from 0 to 255
    /// (validate_parameters reports the latter).
    constexpr std::optional<std::uint8_t> ttl() const noexcept {
        const auto v = parameter("ttl");
        return v ? detail::parse_ttl(*v) : std::nullopt;
    }
    /// RFC 3261 §19.1.1: lr marks an element implementing loose routing (§16.12).
    constexpr bool lr() const noexcept { return has_parameter("lr"); }

    /// The headers as written, without the "?" ("" when there are none).
    constexpr std::string_view headers_text() const noexcept { return headers_; }
    constexpr bool has_headers() const noexcept { return !headers_.empty(); }
    constexpr uri_header_range headers() const noexcept { return uri_header_range(headers_); }
    /// The hvalue of the first header called `name` (case-insensitive), escaped.
    constexpr std::optional<std::string_view> header(std::string_view name) const noexcept {
        const auto h = find_uri_header(headers(), name);
        return h ? std::optional<std::string_view>(h->value) : std::nullopt;
    }

    /// Offset of a view returned by this URI from the start of text().
    constexpr std::size_t offset_of(std::string_view part) const noexcept {
        return static_cast<std::size_t>(part.data() - text_.data());
    }

    /// RFC 3261 §19.1.4 equivalence. Not transitive, as the RFC notes: parameters present in
    /// only one URI are ignored unless they are user, ttl, method, maddr or transport.
    friend constexpr bool operator==(const sip_uri& a, const sip_uri& b) noexcept;

private:
    friend constexpr result<void> detail::parse_sip_uri_into(std::string_view text,
                                                             sip_uri& u) noexcept;

    std::string_view text_;
    std::string_view user_;
    std::string_view password_;
    std::string_view host_;
    std::string_view params_;
    std::string_view headers_;
    std::uint16_t port_ = 0;
    std::uint8_t scheme_length_ = 0;
    grammar::host_kind host_kind_ = grammar::host_kind::hostname;
    bool secure_ = false;
    bool has_user_ = false;
    bool has_password_ = false;
    bool has_port_ = false;
};

namespace detail {

/// parse_sip_uri into `u`, a default sip_uri (the caller's object is filled in place; on
/// failure it holds part of the URI).
constexpr result<void> parse_sip_uri_into(std::string_view s, sip_uri& u) noexcept {
    using namespace grammar;
    u.text_ = s;
    std::size_t scheme_end = sipkit::detail::sip_scheme_length(s);
    if (scheme_end == 0) {
        scheme_end = scan_scheme(s, 0);
        if (scheme_end == 0 || scheme_end >= s.size() || s[scheme_end] != ':')
            return unexpected(errc::uri_scheme_invalid, scheme_end);
        return unexpected(errc::uri_scheme_invalid, 0); // a scheme, but not sip or sips
    }
    u.secure_ = scheme_end == 4;
    u.scheme_length_ = static_cast<std::uint8_t>(scheme_end);
    std::size_t p = scheme_end + 1;

    // userinfo = ( user / telephone-subscriber ) [ ":" password ] "@". The user may hold ";",
    // "?" and "/", and "@" is allowed unescaped nowhere else in a SIP URI, so there is a
    // userinfo exactly when an "@" ends the run of userinfo characters at the start.
    // (uc_password is a subset of uc_user.) A run of plain user characters up to the "@" is the
    // whole user: no password, no escape to check.
    std::size_t at = p;
    while (at < s.size() && is_uri_char(s[at], uc_user))
        ++at;
    const bool plain_user = at == s.size() || (s[at] != ':' && s[at] != '%');
    while (at < s.size() &&
           (is_uri_char(s[at], uc_user | uc_password) || s[at] == ':' || s[at] == '%'))
        ++at;
    if (at < s.size() && s[at] == '@') {
        const auto user_end = plain_user ? result<std::size_t>(at) : scan_user(s, p);
        if (!user_end)
            return unexpected(user_end.error());
        // RFC 3261 §19.1.1: if the @ sign is present, the user field MUST NOT be empty.
        if (*user_end == p)
            return unexpected(errc::uri_userinfo_invalid, p);
        u.user_ = slice(s, p, *user_end);
        u.has_user_ = true;
        std::size_t q = *user_end;
        if (q < at && s[q] == ':') {
            const auto password_end = scan_password(s, q + 1);
            if (!password_end)
                return unexpected(password_end.error());
            u.password_ = slice(s, q + 1, *password_end);
            u.has_password_ = true;
            q = *password_end;
        }
        if (q != at)
            return unexpected(errc::uri_userinfo_invalid, q);
        p = at + 1;
    }

    // hostport = host [ ":" port ]; §19.1.2: no escapes in the host.
    const auto host = scan_host(s, p);
    if (!host)
        return unexpected(host.error());
    u.host_ = slice(s, p, host->end);
    u.host_kind_ = host->kind;
    p = host->end;
    if (p < s.size() && s[p] == ':') {
        std::uint16_t port = 0;
        const auto port_end = scan_port(s, p + 1, port);
        if (!port_end)
            return unexpected(port_end.error());
        u.port_ = port;
        u.has_port_ = true;
        p = *port_end;
    }

    // uri-parameters = *( ";" uri-parameter ); every uri-parameter has the other-param form
    // pname [ "=" pvalue ] with pname, pvalue = 1*paramchar.
    const std::size_t params_begin = p;
    while (p < s.size() && s[p] == ';') {
        const auto name_end = scan_paramchars(s, p + 1);
        if (!name_end)
            return unexpected(name_end.error());
        if (*name_end == p + 1)
            return unexpected(errc::parameter_invalid, p + 1);
        p = *name_end;
        if (p < s.size() && s[p] == '=') {
            const auto value_end = scan_paramchars(s, p + 1);
            if (!value_end)
                return unexpected(value_end.error());
            if (*value_end == p + 1)
                return unexpected(errc::parameter_invalid, p + 1);
            p = *value_end;
        }
    }
    u.params_ = slice(s, params_begin, p);

    // headers = "?" header *( "&" header ); header = hname "=" hvalue; hname non-empty.
    if (p < s.size() && s[p] == '?') {
        const std::size_t headers_begin = p + 1;
        do {
            ++p;
            const auto name_end = scan_hnv(s, p);
            if (!name_end)
                return unexpected(name_end.error());
            if (*name_end == p || *name_end >= s.size() || s[*name_end] != '=')
                return unexpected(errc::uri_header_invalid, *name_end);
            const auto value_end = scan_hnv(s, *name_end + 1);
            if (!value_end)
                return unexpected(value_end.error());
            p = *value_end;
        } while (p < s.size() && s[p] == '&');
        u.headers_ = slice(s, headers_begin, p);
    }
    if (p != s.size())
        return unexpected(errc::uri_character_invalid, p);
    return {};
}

} // namespace detail

/// Parses RFC 3261 §25.1 SIP-URI / SIPS-URI: the whole of `text` must be the URI. Errors carry
/// the offset in `text` where the grammar failed.
constexpr result<sip_uri> parse_sip_uri(std::string_view s) noexcept {
    result<sip_uri> r(std::in_place);
    if (const auto e = detail::parse_sip_uri_into(s, *r); !e)
        r = unexpected(e.error());
    return r;
}

/// Deleted for a temporary std::string: the sip_uri would view a string destroyed at the end of
/// the full expression. Parse a string that outlives the result.
template <std::same_as<std::string> String>
result<sip_uri> parse_sip_uri(String&& text) = delete;

namespace detail {

// RFC 3261 §19.1.4: "A user, ttl, or method uri-parameter appearing in only one URI never
// matches"; "A URI that includes an maddr parameter will not match a URI that contains no
// maddr parameter"; a URI omitting the transport-parameter does not match one that has it.
constexpr bool parameter_required_in_both(std::string_view name) noexcept {
    for (const std::string_view n : {"user", "ttl", "method", "maddr", "transport"})
        if (equivalent_escaped(name, n, letter_case::insensitive))
            return true;
    return false;
}

constexpr bool sip_parameter_values_match(const uri_parameter& a, const uri_parameter& b) noexcept {
    if (a.has_value != b.has_value)
        return false;
    // RFC 3261 §7.1: the method is case-sensitive; §19.1.4 compares other components
    // case-insensitively "unless explicitly defined otherwise".
    if (equivalent_escaped(a.name, "method", letter_case::insensitive))
        return equivalent_escaped(a.value, b.value, letter_case::sensitive);
    // maddr holds a host: compared as one once unescaped, so textual IP addresses compare by
    // value (RFC 5954 §4).
    if (equivalent_escaped(a.name, "maddr", letter_case::insensitive)) {
        std::array<char, 256> x{};
        std::array<char, 256> y{};
        const auto hx = unescape_into(a.value, x);
        const auto hy = unescape_into(b.value, y);
        if (hx && hy)
            return host_equal(*hx, *hy);
    }
    return equivalent_escaped(a.value, b.value, letter_case::insensitive);
}

/// Every parameter of `a` either matches a same-named one of `b`, or is absent from `b` and
/// may be ignored. (Names should not repeat, §19.1.1; if they do, any same-named parameter
/// with an equal value is a match, which keeps the comparison reflexive.)
constexpr bool sip_parameters_cover(uri_parameter_range a, uri_parameter_range b) noexcept {
    for (const uri_parameter p : a) {
        bool named = false;
        bool matched = false;
        for (const uri_parameter q : b) {
            if (!equivalent_escaped(p.name, q.name, letter_case::insensitive))
                continue;
            named = true;
            if (sip_parameter_values_match(p, q)) {
                matched = true;
                break;
            }
        }
        if (named ? !matched : parameter_required_in_both(p.name))
            return false;
    }
    return true;
}

/// RFC 3261 §19.1.4: "Any present header component MUST be present in both URIs and match".
/// Names compare case-insensitively (§7.3.1); values exactly after unescaping, since the
/// per-header rules of §20 are not known at the URI layer.
constexpr bool uri_headers_cover(uri_header_range a, uri_header_range b) noexcept {
    for (const uri_header h : a) {
        bool found = false;
        for (const uri_header g : b) {
            if (equivalent_escaped(h.name, g.name, letter_case::insensitive) &&
                equivalent_escaped(h.value, g.value, letter_case::sensitive)) {
                found = true;
                break;
            }
        }
        if (!found)
            return false;
    }
    return true;
}

} // namespace detail

constexpr bool operator==(const sip_uri& a, const sip_uri& b) noexcept {
    // A SIP and SIPS URI are never equivalent; userinfo is case-sensitive; escapes of
    // characters outside the reserved set equal the characters themselves.
    return a.secure_ == b.secure_ && a.has_user_ == b.has_user_ &&
           equivalent_escaped(a.user_, b.user_) && a.has_password_ == b.has_password_ &&
           equivalent_escaped(a.password_, b.password_) && host_equal(a.host_, b.host_) &&
           // A URI omitting the port does not match one declaring 5060.
           a.has_port_ == b.has_port_ && a.port_ == b.port_ &&
           detail::sip_parameters_cover(a.parameters(), b.parameters()) &&
           detail::sip_parameters_cover(b.parameters(), a.parameters()) &&
           detail::uri_headers_cover(a.headers(), b.headers()) &&
           detail::uri_headers_cover(b.headers(), a.headers());
}

/// Appends the canonical text of `u`: scheme and host in lower case, the port without leading
/// zeros, escapes normalized (unreserved characters decoded, other hex digits upper case);
/// parameters and headers keep their order and case. parse_sip_uri of the result is == u.
inline void serialize_to(std::string& out, const sip_uri& u) {
    out += u.secure() ? "sips:" : "sip:";
    if (const auto user = u.user()) {
        normalize_escapes(*user, escape_rule::rfc3261, out);
        if (const auto password = u.password()) {
            out += ':';
            normalize_escapes(*password, escape_rule::rfc3261, out);
        }
        out += '@';
    }
    for (const char c : u.host())
        out += to_lower(c);
    if (const auto port = u.port()) {
        out += ':';
        out += std::to_string(*port);
    }
    for (const uri_parameter p : u.parameters()) {
        out += ';';
        normalize_escapes(p.name, escape_rule::rfc3261, out);
        if (p.has_value) {
            out += '=';
            normalize_escapes(p.value, escape_rule::rfc3261, out);
        }
    }
    char sep = '?';
    for (const uri_header h : u.headers()) {
        out += sep;
        sep = '&';
        normalize_escapes(h.name, escape_rule::rfc3261, out);
        out += '=';
        normalize_escapes(h.value, escape_rule::rfc3261, out);
    }
}

inline std::string to_string(const sip_uri& u) {
    std::string out;
    serialize_to(out, u);
    return out;
}

} // namespace sipkit
