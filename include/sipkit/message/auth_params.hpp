// auth_params: the authentication headers (RFC 3261 §20.6, §20.7, §20.27, §20.28, §20.44, §25.1;
// RFC 2617, RFC 7616, RFC 8760): challenges, credentials and Authentication-Info.
//
// What is enforced, and why:
// - Every scheme: RFC 3261 §25.1 auth-scheme LWS auth-param *(COMMA auth-param), each
//   auth-param = token EQUAL (token / quoted-string). No empty list elements.
// - Schemes other than Digest keep their parameters raw (RFC 4475 §3.3.7 regaut01). They may
//   instead carry one token68 (RFC 7235 §2.1, "Basic QWxh...==", "Bearer abc.def="), kept as
//   written, or nothing at all after the scheme (RFC 7235 §2.1 allows a bare scheme).
// - Digest: the parameters RFC 3261 §25.1 names must have the form it gives them (a
//   quoted-string where it says quoted-string, a token where it says token) and may appear
//   once each (RFC 7235 §2.1: "each parameter name MUST only occur once"). stale is true/false
//   (any case), nc is 8LHEX, qop-options is a quoted list of tokens, response and rspauth are
//   quoted *LHEX (RFC 8760 §2.7 widened request-digest from 32LHEX). A non-empty response
//   must have the length of its algorithm's output: 32 hex digits for MD5 and MD5-sess (also
//   when algorithm is absent, RFC 2617 §3.2.1), 64 for SHA-256 and SHA-512-256 (RFC 7616
//   §3.2); any length for an algorithm sipkit does not know. An empty response is allowed
//   (RFC 8760's *LHEX; 3GPP TS 24.229 sends one in an initial REGISTER). domain and uri
//   contents are not checked beyond being quoted.
#pragma once

#include <sipkit/core/ascii.hpp>
#include <sipkit/core/result.hpp>
#include <sipkit/grammar/quoted_string.hpp>
#include <sipkit/grammar/scanners.hpp>
#include <sipkit/message/header_name.hpp>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

namespace sipkit {

/// One auth-param: its name and its value exactly as written (a quoted-string keeps its
/// quotes). Views into the header value.
struct auth_param {
    std::string_view name;
    std::string_view value;

    friend constexpr bool operator==(const auth_param&, const auth_param&) = default;
};

namespace detail {

/// RFC 3261 §25.1: auth-param = auth-param-name EQUAL ( token / quoted-string ).
constexpr result<std::size_t> scan_auth_param(std::string_view s, std::size_t pos,
                                              auth_param& out) noexcept {
    const std::size_t name_end = grammar::scan_token(s, pos);
    if (name_end == pos)
        return unexpected(errc::parameter_invalid, pos);
    const std::size_t value_pos = grammar::scan_separator(s, name_end, '=');
    if (value_pos == name_end)
        return unexpected(errc::parameter_invalid, grammar::skip_sws(s, name_end));
    std::size_t value_end = value_pos;
    if (value_pos < s.size() && s[value_pos] == '"') {
        const auto q = grammar::scan_quoted_string(s, value_pos);
        if (!q)
            return unexpected(q.error());
        value_end = *q;
    } else {
        value_end = grammar::scan_token(s, value_pos);
        if (value_end == value_pos)
            return unexpected(errc::parameter_invalid, value_pos);
    }
    out = auth_param{s.substr(pos, name_end - pos), s.substr(value_pos, value_end - value_pos)};
    return value_end;
}

constexpr bool is_quoted(std::string_view v) noexcept {
    return !v.empty() && v.front() == '"';
}

/// The text between the quotes of a quoted value (quoted-pairs left as written).
constexpr std::string_view between_quotes(std::string_view v) noexcept {
    return is_quoted(v) && v.size() >= 2 ? v.substr(1, v.size() - 2) : v;
}

/// RFC 3261 §25.1: LHEX = DIGIT / %x61-66 (lowercase a-f only).
constexpr bool is_lhex(char c) noexcept {
    return grammar::is_digit(c) || (c >= 'a' && c <= 'f');
}

} // namespace detail

/// A comma-separated run of auth-params ('realm="atlanta.com", qop="auth"') already checked by
/// auth_param_list::scan. Views into the header value: valid while it is.
class auth_param_list {
public:
    constexpr auth_param_list() noexcept = default;

    /// RFC 3261 §25.1: auth-param *(COMMA auth-param) from pos (LWS allowed around COMMA and
    /// EQUAL). Returns where the list ends; `out` views the text from pos to there.
    static constexpr result<std::size_t> scan(std::string_view s, std::size_t pos,
                                              auth_param_list& out) noexcept {
        auth_param p;
        auto end = detail::scan_auth_param(s, pos, p);
        if (!end)
            return end;
        for (;;) {
            const std::size_t next = grammar::scan_separator(s, *end, ',');
            if (next == *end)
                break;
            end = detail::scan_auth_param(s, next, p);
            if (!end)
                return end;
        }
        out.text_ = s.substr(pos, *end - pos);
        return end;
    }

    class iterator {
    public:
        using value_type = auth_param;
        using difference_type = std::ptrdiff_t;
        using iterator_category = std::forward_iterator_tag;
        using pointer = const auth_param*;
        using reference = const auth_param&;

        constexpr iterator() noexcept = default;
        constexpr const auth_param& operator*() const noexcept { return current_; }
        constexpr const auth_param* operator->() const noexcept { return &current_; }
        constexpr iterator& operator++() noexcept {
            read();
            return *this;
        }
        constexpr iterator operator++(int) noexcept {
            iterator copy = *this;
            read();
            return copy;
        }
        constexpr bool operator==(const iterator& o) const noexcept {
            return done_ == o.done_ && (done_ || pos_ == o.pos_);
        }

    private:
        friend class auth_param_list;
        constexpr explicit iterator(std::string_view text) noexcept : text_(text) { read(); }

        constexpr void read() noexcept {
            std::size_t p = pos_;
            if (started_) {
                p = grammar::scan_separator(text_, pos_, ',');
                if (p == pos_) {
                    done_ = true;
                    return;
                }
            }
            started_ = true;
            const auto end = detail::scan_auth_param(text_, p, current_);
            if (!end) { // the end of an empty list (scan() accepted everything else)
                done_ = true;
                return;
            }
            pos_ = *end;
        }

        std::string_view text_;
        auth_param current_;
        std::size_t pos_ = 0;
        bool started_ = false;
        bool done_ = false;
    };

    constexpr iterator begin() const noexcept { return iterator(text_); }
    constexpr iterator end() const noexcept {
        iterator it;
        it.done_ = true;
        return it;
    }
    constexpr bool empty() const noexcept { return text_.empty(); }
    constexpr std::size_t size() const noexcept {
        std::size_t n = 0;
        for (auto it = begin(); it != end(); ++it)
            ++n;
        return n;
    }
    /// The parameters as written, from the first name to the last value.
    constexpr std::string_view text() const noexcept { return text_; }

    /// The first parameter called `name` (auth-param names are tokens, compared without case).
    constexpr std::optional<auth_param> find(std::string_view name) const noexcept {
        for (const auth_param& p : *this)
            if (iequals(p.name, name))
                return p;
        return std::nullopt;
    }
    constexpr bool contains(std::string_view name) const noexcept { return find(name).has_value(); }
    /// The value of the first parameter called `name` as written (a quoted-string keeps its
    /// quotes); nullopt when there is none.
    constexpr std::optional<std::string_view> value(std::string_view name) const noexcept {
        const auto p = find(name);
        return p ? std::optional<std::string_view>(p->value) : std::nullopt;
    }
    /// The value of the first parameter called `name` with its quotes dropped and quoted-pairs
    /// resolved (grammar::unquote); a token comes back as it is.
    std::optional<std::string> unquoted(std::string_view name) const {
        const auto v = value(name);
        return v ? std::optional<std::string>(grammar::unquote(*v)) : std::nullopt;
    }

    /// The same parameters in any order (order carries no meaning in an auth-param list):
    /// names compare without case, values exactly as written.
    friend constexpr bool operator==(const auth_param_list& a, const auth_param_list& b) noexcept {
        if (a.size() != b.size())
            return false;
        for (const auth_param& p : a)
            if (a.count(p) != b.count(p))
                return false;
        return true;
    }

private:
    constexpr std::size_t count(const auth_param& p) const noexcept {
        std::size_t n = 0;
        for (const auth_param& q : *this)
            n += iequals(q.name, p.name) && q.value == p.value ? 1 : 0;
        return n;
    }

    std::string_view text_;
};

/// Appends the parameters canonically: "name=value" joined by ", ".
inline void serialize_to(std::string& out, const auth_param_list& params) {
    bool first = true;
    for (const auth_param& p : params) {
        if (!first)
            out += ", ";
        first = false;
        out += p.name;
        out += '=';
        out += p.value;
    }
}

/// The tokens of a Digest qop-options value ("auth,auth-int"), checked when the challenge was
/// parsed. Views into the header value.
class qop_list {
public:
    constexpr qop_list() noexcept = default;
    /// `text` is the content of the quotes, already checked to be token *(SWS "," SWS token).
    constexpr explicit qop_list(std::string_view text) noexcept : text_(text) {}

    class iterator {
    public:
        using value_type = std::string_view;
        using difference_type = std::ptrdiff_t;
        using iterator_category = std::forward_iterator_tag;
        using pointer = const std::string_view*;
        using reference = const std::string_view&;

        constexpr iterator() noexcept = default;
        constexpr std::string_view operator*() const noexcept {
            return text_.substr(pos_, grammar::scan_token(text_, pos_) - pos_);
        }
        constexpr iterator& operator++() noexcept {
            const std::size_t end = grammar::scan_token(text_, pos_);
            const std::size_t next = grammar::scan_separator(text_, end, ',');
            pos_ = next == end ? text_.size() : next;
            return *this;
        }
        constexpr iterator operator++(int) noexcept {
            iterator copy = *this;
            ++*this;
            return copy;
        }
        constexpr bool operator==(const iterator& o) const noexcept { return pos_ == o.pos_; }

    private:
        friend class qop_list;
        constexpr iterator(std::string_view text, std::size_t pos) noexcept
            : text_(text), pos_(pos) {}
        std::string_view text_;
        std::size_t pos_ = 0;
    };

    constexpr iterator begin() const noexcept { return iterator(text_, 0); }
    constexpr iterator end() const noexcept { return iterator(text_, text_.size()); }
    constexpr bool empty() const noexcept { return text_.empty(); }
    /// True when `qop` ("auth", "auth-int", ...) is offered, compared without case.
    constexpr bool contains(std::string_view qop) const noexcept {
        for (const std::string_view q : *this)
            if (iequals(q, qop))
                return true;
        return false;
    }

private:
    std::string_view text_;
};

namespace detail {

/// The form RFC 3261 §25.1 gives a Digest parameter's value.
enum class auth_value : std::uint8_t {
    quoted,      // quoted-string (realm, nonce, opaque, username, cnonce, nextnonce, domain, uri)
    token,       // token (algorithm, message-qop)
    stale,       // "true" / "false"
    nc,          // nc-value = 8LHEX
    lhex,        // LDQUOT *LHEX RDQUOT (request-digest as amended by RFC 8760, response-digest)
    qop_options, // LDQUOT qop-value *("," qop-value) RDQUOT
};

struct auth_rule {
    std::string_view name;
    auth_value form;
};

// RFC 3261 §25.1 digest-cln
inline constexpr auth_rule challenge_rules[] = {
    {"realm", auth_value::quoted},    {"domain", auth_value::quoted},
    {"nonce", auth_value::quoted},    {"opaque", auth_value::quoted},
    {"stale", auth_value::stale},     {"algorithm", auth_value::token},
    {"qop", auth_value::qop_options},
};
// RFC 3261 §25.1 dig-resp
inline constexpr auth_rule credentials_rules[] = {
    {"username", auth_value::quoted}, {"realm", auth_value::quoted},
    {"nonce", auth_value::quoted},    {"uri", auth_value::quoted},
    {"response", auth_value::lhex},   {"algorithm", auth_value::token},
    {"cnonce", auth_value::quoted},   {"opaque", auth_value::quoted},
    {"qop", auth_value::token},       {"nc", auth_value::nc},
};
// RFC 3261 §25.1 ainfo
inline constexpr auth_rule ainfo_rules[] = {
    {"nextnonce", auth_value::quoted}, {"qop", auth_value::token}, {"rspauth", auth_value::lhex},
    {"cnonce", auth_value::quoted},    {"nc", auth_value::nc},
};

/// Hex digits in the output of a Digest algorithm (RFC 7616 §3.2); 0 for an
/// algorithm sipkit does not know, whose responses may have any length.
constexpr std::size_t digest_hex_length(std::optional<std::string_view> algorithm) noexcept {
    if (!algorithm || iequals(*algorithm, "MD5") || iequals(*algorithm, "MD5-sess"))
        return 32; // RFC 2617 §3.2.1: "If this is not present it is assumed to be MD5"
    for (const std::string_view a : {"SHA-256", "SHA-256-sess", "SHA-512-256", "SHA-512-256-sess"})
        if (iequals(*algorithm, a))
            return 64;
    return 0;
}

/// Offset of `part` (a view into `s`) from the start of `s`.
constexpr std::size_t offset_in(std::string_view s, std::string_view part) noexcept {
    return static_cast<std::size_t>(part.data() - s.data());
}

/// RFC 3261 §25.1: qop-value *("," qop-value) inside the quotes of qop-options; SWS around
/// the commas is accepted (RFC 2617 §3.2.1 writes the list as 1#qop-value).
constexpr result<void> check_qop_options(std::string_view s, std::string_view inner) noexcept {
    std::size_t p = 0;
    for (;;) {
        const std::size_t end = grammar::scan_token(inner, p);
        if (end == p)
            return unexpected(errc::token_invalid, offset_in(s, inner) + p);
        const std::size_t next = grammar::scan_separator(inner, end, ',');
        if (next == end) {
            if (end != inner.size())
                return unexpected(errc::token_invalid, offset_in(s, inner) + end);
            return {};
        }
        p = next;
    }
}

/// Checks one known Digest parameter's value against its RFC 3261 §25.1 form.
constexpr result<void> check_auth_value(std::string_view s, const auth_param& p,
                                        auth_value form) noexcept {
    const std::size_t at = offset_in(s, p.value);
    const bool quoted = is_quoted(p.value);
    switch (form) {
        case auth_value::quoted:
            return quoted ? result<void>() : unexpected(errc::parameter_invalid, at);
        case auth_value::token:
            return quoted ? unexpected(errc::parameter_invalid, at) : result<void>();
        case auth_value::stale:
            if (iequals(p.value, "true") || iequals(p.value, "false"))
                return {};
            return unexpected(errc::parameter_invalid, at);
        case auth_value::nc:
            if (quoted || p.value.size() != 8)
                return unexpected(errc::parameter_invalid, at);
            break;
        case auth_value::lhex:
        case auth_value::qop_options:
            if (!quoted)
                return unexpected(errc::parameter_invalid, at);
            if (form == auth_value::qop_options)
                return check_qop_options(s, between_quotes(p.value));
            break;
    }
    const std::string_view digits = between_quotes(p.value);
    for (std::size_t i = 0; i < digits.size(); ++i)
        if (!is_lhex(digits[i]))
            return unexpected(errc::parameter_invalid, offset_in(s, digits) + i);
    return {};
}

/// Checks the Digest parameters named in `rules` (RFC 3261 §25.1), each at most once; other
/// parameters are auth-params and pass as they are. With `response_length`, also checks that
/// a non-empty response has its algorithm's length.
template <std::size_t N>
constexpr result<void> check_digest(std::string_view s, const auth_param_list& params,
                                    const auth_rule (&rules)[N], bool response_length) noexcept {
    static_assert(N <= 32);
    std::uint32_t seen = 0;
    for (const auth_param& p : params) {
        for (std::size_t i = 0; i < N; ++i) {
            if (!iequals(p.name, rules[i].name))
                continue;
            if ((seen & (1u << i)) != 0)
                return unexpected(errc::parameter_invalid, offset_in(s, p.name));
            seen |= 1u << i;
            if (const auto r = check_auth_value(s, p, rules[i].form); !r)
                return r;
        }
    }
    if (response_length) {
        if (const auto response = params.find("response")) {
            const std::size_t digits = between_quotes(response->value).size();
            const std::size_t want = digest_hex_length(params.value("algorithm"));
            if (digits != 0 && want != 0 && digits != want)
                return unexpected(errc::parameter_invalid, offset_in(s, response->value));
        }
    }
    return {};
}

/// RFC 7235 §2.1: token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
constexpr std::size_t scan_token68(std::string_view s, std::size_t pos) noexcept {
    std::size_t p = pos;
    while (p < s.size() && (grammar::is_alphanum(s[p]) || s[p] == '-' || s[p] == '.' ||
                            s[p] == '_' || s[p] == '~' || s[p] == '+' || s[p] == '/'))
        ++p;
    if (p == pos)
        return pos;
    while (p < s.size() && s[p] == '=')
        ++p;
    return p;
}

/// RFC 3261 §25.1: challenge / credentials = ("Digest" LWS digest-params) / (auth-scheme LWS
/// auth-param *(COMMA auth-param)), widened for other schemes by RFC 7235 §2.1 (token68 or
/// nothing after the scheme). Offsets in errors count from the start of s.
template <std::size_t N>
constexpr result<void> parse_auth(std::string_view s, std::string_view& scheme,
                                  auth_param_list& params, std::string_view& token68,
                                  const auth_rule (&rules)[N], bool response_length) noexcept {
    const std::size_t scheme_end = grammar::scan_token(s, 0);
    if (scheme_end == 0)
        return unexpected(errc::token_invalid, 0);
    scheme = s.substr(0, scheme_end);
    const bool digest = iequals(scheme, "Digest");
    if (scheme_end == s.size() && !digest)
        return {};
    const std::size_t pos = grammar::skip_lws(s, scheme_end);
    if (pos == scheme_end || pos == s.size())
        return unexpected(errc::parameter_invalid, pos);
    const auto end = auth_param_list::scan(s, pos, params);
    if (end && *end == s.size())
        return digest ? check_digest(s, params, rules, response_length) : result<void>();
    if (!digest && scan_token68(s, pos) == s.size()) {
        params = auth_param_list();
        token68 = s.substr(pos);
        return {};
    }
    if (!end)
        return unexpected(end.error());
    return unexpected(errc::parameter_invalid, grammar::skip_sws(s, *end));
}

} // namespace detail

/// RFC 3261 §25.1 challenge (WWW-Authenticate §20.44, Proxy-Authenticate §20.27): a scheme and
/// its parameters, or (other schemes only) a token68. Views into the parsed text. The Digest
/// accessors read the parameter of that name whatever the scheme (realm is common to all).
struct challenge {
    /// The auth-scheme as written ("Digest"); schemes compare without case.
    std::string_view scheme;
    /// The auth-params; empty when the scheme carries a token68 or nothing.
    auth_param_list params;
    /// RFC 7235 §2.1 token68 as written, for a non-Digest scheme whose data is not auth-params.
    std::string_view token68;

    constexpr bool is_digest() const noexcept { return iequals(scheme, "Digest"); }
    /// realm, unquoted.
    std::optional<std::string> realm() const { return params.unquoted("realm"); }
    /// domain, unquoted: URIs separated by spaces (RFC 3261 §25.1 domain).
    std::optional<std::string> domain() const { return params.unquoted("domain"); }
    /// nonce, unquoted.
    std::optional<std::string> nonce() const { return params.unquoted("nonce"); }
    /// opaque, unquoted.
    std::optional<std::string> opaque() const { return params.unquoted("opaque"); }
    /// True when stale=true (any case); false when absent or false (RFC 2617 §3.2.1).
    constexpr bool stale() const noexcept {
        const auto v = params.value("stale");
        return v && iequals(*v, "true");
    }
    /// algorithm as written; absent means MD5 (RFC 2617 §3.2.1).
    constexpr std::optional<std::string_view> algorithm() const noexcept {
        return params.value("algorithm");
    }
    /// The qop-options tokens offered ("auth", "auth-int"); empty when there is no qop.
    constexpr qop_list qop_options() const noexcept {
        const auto v = params.value("qop");
        return v ? qop_list(detail::between_quotes(*v)) : qop_list();
    }

    /// Same scheme (without case), same token68 (exactly) and the same parameters (see
    /// auth_param_list's ==).
    friend constexpr bool operator==(const challenge& a, const challenge& b) noexcept {
        return iequals(a.scheme, b.scheme) && a.token68 == b.token68 && a.params == b.params;
    }
};

/// RFC 3261 §25.1 credentials (Authorization §20.7, Proxy-Authorization §20.28); same shape as
/// challenge. Views into the parsed text.
struct credentials {
    std::string_view scheme;
    auth_param_list params;
    /// RFC 7235 §2.1 token68 ("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", "Bearer abc.def=").
    std::string_view token68;

    constexpr bool is_digest() const noexcept { return iequals(scheme, "Digest"); }
    std::optional<std::string> username() const { return params.unquoted("username"); }
    std::optional<std::string> realm() const { return params.unquoted("realm"); }
    std::optional<std::string> nonce() const { return params.unquoted("nonce"); }
    /// digest-uri-value: the text between the quotes, as written (a Request-URI).
    constexpr std::optional<std::string_view> uri() const noexcept { return inner("uri"); }
    /// request-digest: the hex digits between the quotes ("" for an empty response).
    constexpr std::optional<std::string_view> response() const noexcept {
        return inner("response");
    }
    constexpr std::optional<std::string_view> algorithm() const noexcept {
        return params.value("algorithm");
    }
    std::optional<std::string> cnonce() const { return params.unquoted("cnonce"); }
    std::optional<std::string> opaque() const { return params.unquoted("opaque"); }
    /// message-qop, a token ("auth").
    constexpr std::optional<std::string_view> qop() const noexcept { return params.value("qop"); }
    /// nc-value as written (8 lowercase hex digits for Digest): the text the digest hashes.
    constexpr std::optional<std::string_view> nc() const noexcept { return params.value("nc"); }

    friend constexpr bool operator==(const credentials& a, const credentials& b) noexcept {
        return iequals(a.scheme, b.scheme) && a.token68 == b.token68 && a.params == b.params;
    }

private:
    constexpr std::optional<std::string_view> inner(std::string_view name) const noexcept {
        const auto v = params.value(name);
        return v ? std::optional<std::string_view>(detail::between_quotes(*v)) : std::nullopt;
    }
};

/// The value of an nc-value ("0000000a" -> 10); nullopt unless it is 8 lowercase hex digits.
constexpr std::optional<std::uint32_t> nonce_count(std::string_view nc) noexcept {
    if (nc.size() != 8)
        return std::nullopt;
    std::uint32_t n = 0;
    for (const char c : nc) {
        if (!detail::is_lhex(c))
            return std::nullopt;
        n = n * 16 + static_cast<std::uint32_t>(grammar::hex_value(c));
    }
    return n;
}

namespace detail {

inline void serialize_auth(std::string& out, std::string_view scheme, const auth_param_list& params,
                           std::string_view token68) {
    out += scheme;
    if (!token68.empty()) {
        out += ' ';
        out += token68;
    } else if (!params.empty()) {
        out += ' ';
        serialize_to(out, params);
    }
}

template <class H, class Base, std::size_t N>
constexpr result<H> parse_auth_header(std::string_view s, const auth_rule (&rules)[N],
                                      bool response_length) noexcept {
    H out;
    Base& base = out;
    const auto r = parse_auth(s, base.scheme, base.params, base.token68, rules, response_length);
    if (!r)
        return unexpected(H::invalid, r.error().offset);
    return out;
}

} // namespace detail

/// "scheme param=value, param=value" or "scheme token68": the scheme as written, a single
/// space, the parameters joined by ", ".
inline void serialize_to(std::string& out, const challenge& c) {
    detail::serialize_auth(out, c.scheme, c.params, c.token68);
}
/// Same canonical form as for a challenge.
inline void serialize_to(std::string& out, const credentials& c) {
    detail::serialize_auth(out, c.scheme, c.params, c.token68);
}

/// RFC 3261 §20.44 WWW-Authenticate: one challenge per field value, commas included (§7.3.1
/// exempts it from comma-joining).
struct www_authenticate : challenge {
    static constexpr header_id id = header_id::www_authenticate;
    static constexpr errc invalid = errc::www_authenticate_invalid;
    static constexpr bool list = false;
    static constexpr result<www_authenticate> parse(std::string_view s) noexcept {
        return detail::parse_auth_header<www_authenticate, challenge>(s, detail::challenge_rules,
                                                                      false);
    }
    friend constexpr bool operator==(const www_authenticate&, const www_authenticate&) = default;
};

/// RFC 3261 §20.27 Proxy-Authenticate: one challenge per field value.
struct proxy_authenticate : challenge {
    static constexpr header_id id = header_id::proxy_authenticate;
    static constexpr errc invalid = errc::proxy_authenticate_invalid;
    static constexpr bool list = false;
    static constexpr result<proxy_authenticate> parse(std::string_view s) noexcept {
        return detail::parse_auth_header<proxy_authenticate, challenge>(s, detail::challenge_rules,
                                                                        false);
    }
    friend constexpr bool operator==(const proxy_authenticate&,
                                     const proxy_authenticate&) = default;
};

/// RFC 3261 §20.7 Authorization: one set of credentials per field value.
struct authorization : credentials {
    static constexpr header_id id = header_id::authorization;
    static constexpr errc invalid = errc::authorization_invalid;
    static constexpr bool list = false;
    static constexpr result<authorization> parse(std::string_view s) noexcept {
        return detail::parse_auth_header<authorization, credentials>(s, detail::credentials_rules,
                                                                     true);
    }
    friend constexpr bool operator==(const authorization&, const authorization&) = default;
};

/// RFC 3261 §20.28 Proxy-Authorization: one set of credentials per field value.
struct proxy_authorization : credentials {
    static constexpr header_id id = header_id::proxy_authorization;
    static constexpr errc invalid = errc::proxy_authorization_invalid;
    static constexpr bool list = false;
    static constexpr result<proxy_authorization> parse(std::string_view s) noexcept {
        return detail::parse_auth_header<proxy_authorization, credentials>(
            s, detail::credentials_rules, true);
    }
    friend constexpr bool operator==(const proxy_authorization&,
                                     const proxy_authorization&) = default;
};

/// RFC 3261 §20.6 Authentication-Info = ainfo *(COMMA ainfo), read as one value (list = false)
/// holding the whole list. Unknown auth-params are accepted (RFC 7615 §3 defines the field as
/// #auth-param). Views into the parsed text.
struct authentication_info {
    static constexpr header_id id = header_id::authentication_info;
    static constexpr errc invalid = errc::authentication_info_invalid;
    static constexpr bool list = false;

    auth_param_list params;

    std::optional<std::string> nextnonce() const { return params.unquoted("nextnonce"); }
    constexpr std::optional<std::string_view> qop() const noexcept { return params.value("qop"); }
    /// response-digest: the hex digits between the quotes.
    constexpr std::optional<std::string_view> rspauth() const noexcept {
        const auto v = params.value("rspauth");
        return v ? std::optional<std::string_view>(detail::between_quotes(*v)) : std::nullopt;
    }
    std::optional<std::string> cnonce() const { return params.unquoted("cnonce"); }
    constexpr std::optional<std::string_view> nc() const noexcept { return params.value("nc"); }

    static constexpr result<authentication_info> parse(std::string_view s) noexcept {
        authentication_info out;
        const auto end = auth_param_list::scan(s, 0, out.params);
        if (!end)
            return unexpected(invalid, end.error().offset);
        if (*end != s.size())
            return unexpected(invalid, grammar::skip_sws(s, *end));
        if (const auto r = detail::check_digest(s, out.params, detail::ainfo_rules, false); !r)
            return unexpected(invalid, r.error().offset);
        return out;
    }

    friend constexpr bool operator==(const authentication_info&,
                                     const authentication_info&) = default;
};

inline void serialize_to(std::string& out, const authentication_info& a) {
    serialize_to(out, a.params);
}

} // namespace sipkit
