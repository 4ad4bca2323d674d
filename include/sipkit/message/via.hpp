// via: the Via header (RFC 3261 §20.42), one via-parm: sent-protocol, sent-by and via-params.
#pragma once

#include <sipkit/core/ascii.hpp>
#include <sipkit/core/result.hpp>
#include <sipkit/grammar/scanners.hpp>
#include <sipkit/message/header_name.hpp>
#include <sipkit/message/header_parameters.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sipkit {

namespace detail {

/// The value of an all-digit string known to be at most `max` (checked at parse).
constexpr std::uint32_t via_digits_value(std::string_view digits) noexcept {
    std::uint32_t value = 0;
    for (const char c : digits)
        value = value * 10 + static_cast<std::uint32_t>(c - '0');
    return value;
}

} // namespace detail

/// One Via value (RFC 3261 §20.42, §25.1):
///   via-parm      = sent-protocol LWS sent-by *( SEMI via-params )
///   sent-protocol = protocol-name SLASH protocol-version SLASH transport
///   sent-by       = host [ COLON port ]
/// plus RFC 3581's rport. Every view points into the text it was parsed from, which must
/// outlive the value.
struct via {
    static constexpr header_id id = header_id::via;
    static constexpr errc invalid = errc::via_invalid;
    static constexpr bool list = true;
    /// RFC 3261 §8.1.1.7: the magic cookie that starts an RFC 3261 branch ID.
    static constexpr std::string_view magic_cookie = "z9hG4bK";

    /// "SIP" (any case, §25.1 protocol-name = "SIP" / token).
    std::string_view protocol_name;
    /// "2.0" (§25.1 protocol-version = token).
    std::string_view protocol_version;
    /// "UDP", "TCP", "TLS", "SCTP" or another token, as written.
    std::string_view transport;
    /// The sent-by host as written; an IPv6 reference keeps its brackets ("[2001:db8::1]").
    std::string_view host;
    grammar::host_kind host_kind = grammar::host_kind::hostname;
    /// The sent-by port, when written (RFC 3261 §18.2.2 gives the default when it is not).
    std::optional<std::uint16_t> port;
    /// Every via-param in order, the known ones (ttl, maddr, received, branch, rport) included.
    header_parameters params;

    /// RFC 3261 §20.42 via-branch: the branch parameter's value (a token), if present.
    constexpr std::optional<std::string_view> branch() const noexcept {
        if (branch_known_)
            return branch_;
        return params.value("branch");
    }
    /// RFC 3261 §18.2.1 via-received: the address the request came from, as written (an
    /// IPv4address, or an IPv6 address with the brackets it was written with; see parse).
    constexpr std::optional<std::string_view> received() const noexcept {
        return params.value("received");
    }
    /// RFC 3261 §18.1.1 via-maddr: the multicast (or other) address, a host as written.
    constexpr std::optional<std::string_view> maddr() const noexcept {
        return params.value("maddr");
    }
    /// RFC 3261 §20.42 via-ttl: 0 to 255.
    constexpr std::optional<std::uint8_t> ttl() const noexcept {
        const auto v = params.value("ttl");
        if (!v)
            return std::nullopt;
        return static_cast<std::uint8_t>(detail::via_digits_value(*v));
    }
    /// RFC 3581 §3: the client asks for the response to go to the source port ("rport").
    constexpr bool has_rport() const noexcept { return params.contains("rport"); }
    /// RFC 3581 §4: the source port a server filled in ("rport=5060"); nullopt when rport is
    /// absent or has no value (see has_rport).
    constexpr std::optional<std::uint16_t> rport() const noexcept {
        const auto v = params.value("rport");
        if (!v || v->empty())
            return std::nullopt;
        return static_cast<std::uint16_t>(detail::via_digits_value(*v));
    }
    /// RFC 3261 §8.1.1.7: the branch begins with "z9hG4bK" (compared byte for byte). True
    /// also for a branch that is the bare cookie (RFC 4475 §3.2.1 badbranch).
    constexpr bool has_magic_cookie() const noexcept {
        const auto b = branch();
        return b && b->substr(0, magic_cookie.size()) == magic_cookie;
    }
    /// RFC 3261 §20.42, §8.1.1.7: the protocol is SIP (name case-insensitive) version 2.0.
    constexpr bool is_sip_2_0() const noexcept {
        return iequals(protocol_name, "SIP") && protocol_version == "2.0";
    }

    /// Parses one via-parm. LWS (folded or not) may surround each SLASH, the COLON of sent-by
    /// and each SEMI and EQUAL of the parameters. The known parameters are checked against
    /// their rules: ttl 1*3DIGIT up to 255, maddr a host, received an IPv4 or IPv6 address
    /// (see below), branch a token, rport with no value or 1*DIGIT up to 65535;
    /// a known parameter that needs a value and has none is an error. Unknown parameters
    /// (generic-param) are kept. Every error is errc::via_invalid at the first offending byte.
    ///
    /// received: RFC 3261 §25.1 says IPv4address / IPv6address (no brackets); RFC 5118 §4.5
    /// asks receivers to accept the bracketed IPv6reference as well, and sipkit takes both.
    static constexpr result<via> parse(std::string_view s) noexcept {
        result<via> r(std::in_place); // built in place: one object from parse to caller
        if (const auto end = parse_via_parm(s, *r); !end)
            r = unexpected(end.error());
        else if (*end != s.size())
            r = unexpected(invalid, offending(s, *end));
        return r;
    }

    /// The first via-parm of a whole Via value (see first_element_parser): parse stops where
    /// the via-parm ends. None of its rules admits a "<", "(" or unquoted ",", so where it
    /// stops before LWS and a COMMA, comma_values cuts the same element.
    static constexpr result<via> parse_first_element(std::string_view value,
                                                     std::size_t& end) noexcept {
        result<via> r(std::in_place);
        if (const auto e = parse_via_parm(value, *r))
            end = *e;
        else
            r = unexpected(e.error());
        return r;
    }

    /// Field-wise equality. RFC 3261 defines no comparison of Via values, so sipkit compares
    /// what was parsed: protocol name, version and transport and the host text
    /// case-insensitively (§7.3.1 tokens, §19.1.4 hosts; "[::1]" and "[0::1]" differ), the port
    /// as a number (an absent port differs from
    /// 5060: no default is applied), and the parameters in order (header_parameters ==:
    /// names case-insensitive, values byte for byte).
    friend constexpr bool operator==(const via& a, const via& b) noexcept {
        return iequals(a.protocol_name, b.protocol_name) &&
               iequals(a.protocol_version, b.protocol_version) &&
               iequals(a.transport, b.transport) && iequals(a.host, b.host) && a.port == b.port &&
               a.params == b.params;
    }

private:
    // The branch, noted while parsing (branch() searches params for a via built otherwise).
    std::optional<std::string_view> branch_;
    bool branch_known_ = false;

    // The via-parm at the start of s, stored in `out` (a default via); returns where its
    // parameters end.
    static constexpr result<std::size_t> parse_via_parm(std::string_view s, via& out) noexcept {
        // sent-protocol = protocol-name SLASH protocol-version SLASH transport
        std::size_t transport_pos = 0;
        if (s.size() > 8 && grammar::slice(s, 0, 8) == "SIP/2.0/" && grammar::is_token_char(s[8])) {
            // What nearly every Via starts with, as the scans below would read it.
            out.protocol_name = grammar::slice(s, 0, 3);
            out.protocol_version = grammar::slice(s, 4, 7);
            transport_pos = 8;
        } else {
            const std::size_t name_end = grammar::scan_token(s, 0);
            if (name_end == 0)
                return unexpected(invalid, 0);
            out.protocol_name = grammar::slice(s, 0, name_end);
            const std::size_t version_pos = grammar::scan_separator(s, name_end, '/');
            if (version_pos == name_end)
                return unexpected(invalid, offending(s, name_end));
            const std::size_t version_end = grammar::scan_token(s, version_pos);
            if (version_end == version_pos)
                return unexpected(invalid, version_pos);
            out.protocol_version = grammar::slice(s, version_pos, version_end);
            transport_pos = grammar::scan_separator(s, version_end, '/');
            if (transport_pos == version_end)
                return unexpected(invalid, offending(s, version_end));
        }
        const std::size_t transport_end = grammar::scan_token(s, transport_pos);
        if (transport_end == transport_pos)
            return unexpected(invalid, transport_pos);
        out.transport = grammar::slice(s, transport_pos, transport_end);

        // LWS sent-by, sent-by = host [ COLON port ]
        const std::size_t host_pos = grammar::skip_lws(s, transport_end);
        if (host_pos == transport_end)
            return unexpected(invalid, transport_end);
        const auto host = grammar::scan_host(s, host_pos);
        if (!host)
            return unexpected(invalid, host.error().offset);
        out.host = grammar::slice(s, host_pos, host->end);
        out.host_kind = host->kind;
        std::size_t pos = host->end;
        if (const std::size_t port_pos = grammar::scan_separator(s, pos, ':'); port_pos != pos) {
            std::uint16_t port = 0;
            const auto port_end = grammar::scan_port(s, port_pos, port);
            if (!port_end)
                return unexpected(invalid, port_end.error().offset);
            out.port = port;
            pos = *port_end;
        }

        // *( SEMI via-params )
        // One pass: each parameter is checked (and the branch noted) as it is scanned.
        const auto params_end =
            header_parameters::scan(s, pos, out.params, [&](const grammar::generic_param& p) {
                const known_param kind = classify(p.name);
                if (kind == known_param::branch && !out.branch_ && p.has_value)
                    out.branch_ = p.value;
                return check_param(s, p, kind);
            });
        if (!params_end)
            return unexpected(invalid, params_end.error().offset);
        out.branch_known_ = true;
        return *params_end;
    }

    // Where to report a missing separator or trailing text: the first non-LWS byte from pos
    // (pos itself when only LWS is left).
    static constexpr std::size_t offending(std::string_view s, std::size_t pos) noexcept {
        const std::size_t p = grammar::skip_lws(s, pos);
        return p < s.size() ? p : pos;
    }

    static constexpr std::size_t offset_of(std::string_view s, std::string_view part) noexcept {
        return static_cast<std::size_t>(part.data() - s.data());
    }

    // True when `v` is exactly 1*DIGIT (at most max_digits of them) with a value <= max.
    static constexpr bool is_number(std::string_view v, std::uint64_t max,
                                    std::size_t max_digits) noexcept {
        const auto n = grammar::scan_number(v, 0, max);
        return n && n->end == v.size() && v.size() <= max_digits;
    }

    enum class known_param : std::uint8_t { other, ttl, maddr, received, branch, rport };

    // Which known via-param a name is: one comparison, picked by the name's length.
    static constexpr known_param classify(std::string_view n) noexcept {
        switch (n.size()) {
            case 3:
                return iequals(n, "ttl") ? known_param::ttl : known_param::other;
            case 5:
                if (const char first = to_lower(n[0]); first == 'm')
                    return iequals(n, "maddr") ? known_param::maddr : known_param::other;
                else if (first == 'r')
                    return iequals(n, "rport") ? known_param::rport : known_param::other;
                return known_param::other;
            case 6:
                // As nearly every Via writes it, then in any case.
                return n == "branch" || iequals(n, "branch") ? known_param::branch
                                                             : known_param::other;
            case 8:
                return iequals(n, "received") ? known_param::received : known_param::other;
            default:
                return known_param::other;
        }
    }

    // Checks a known via-param against its rule; returns the offset of the error, if any.
    static constexpr std::optional<std::size_t>
    check_param(std::string_view s, const grammar::generic_param& p, known_param kind) noexcept {
        const std::string_view v = p.value;
        const bool is_ttl = kind == known_param::ttl;
        const bool is_maddr = kind == known_param::maddr;
        const bool is_rport = kind == known_param::rport;
        const bool is_branch = kind == known_param::branch;
        if (kind == known_param::other)
            return std::nullopt; // via-extension = generic-param
        if (!p.has_value) {
            if (is_rport) // RFC 3581 §3: response-port = "rport" [EQUAL 1*DIGIT]
                return std::nullopt;
            return offset_of(s, p.name) + p.name.size(); // EQUAL is required
        }
        bool ok = false;
        if (is_ttl) { // RFC 3261 §25.1: ttl = 1*3DIGIT ; 0 to 255
            ok = is_number(v, 255, 3);
        } else if (is_rport) { // RFC 3581 §3: 1*DIGIT, a port number
            ok = is_number(v, 65535, v.size());
        } else if (is_branch) { // RFC 3261 §25.1: via-branch = "branch" EQUAL token
            // A gen-value that is not quoted, bracketed or an IPv6address (which holds a ":")
            // was scanned as a token already.
            ok = (v.front() != '"' && v.front() != '[' && v.find(':') == std::string_view::npos) ||
                 grammar::scan_token(v, 0) == v.size();
        } else if (is_maddr) { // RFC 3261 §25.1: via-maddr = "maddr" EQUAL host
            const auto h = grammar::scan_host(v, 0);
            ok = h && h->end == v.size();
        } else { // via-received = "received" EQUAL (IPv4address / IPv6address)
            if (grammar::detail::scan_ipv4(v, 0) == v.size()) {
                ok = true; // the usual IPv4address, as scan_host would find it
            } else {
                const auto h = grammar::scan_host(v, 0);
                ok = (h && h->end == v.size() && h->kind != grammar::host_kind::hostname) ||
                     (!v.empty() && grammar::detail::scan_ipv6(v, 0) == v.size());
            }
        }
        if (!ok)
            return offset_of(s, v);
        return std::nullopt;
    }
};

/// "protocol-name/protocol-version/transport SP host[:port]" then the parameters as
/// header_parameters writes them (";name=value", no whitespace). Case is kept as parsed.
inline void serialize_to(std::string& out, const via& v) {
    out += v.protocol_name;
    out += '/';
    out += v.protocol_version;
    out += '/';
    out += v.transport;
    out += ' ';
    out += v.host;
    if (v.port) {
        out += ':';
        out += std::to_string(*v.port);
    }
    serialize_to(out, v.params);
}

} // namespace sipkit
