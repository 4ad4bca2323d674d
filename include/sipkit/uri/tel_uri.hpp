// tel_uri: a zero-copy tel URI (RFC 3966 §3, with erratum 203: isdn-subaddress = ";isub="
// 1*paramchar), its comparison (RFC 3966 §4) and its canonical text.
//
// A tel_uri is a set of views into the string it was parsed from: that string must outlive it.
#pragma once

#include <sipkit/core/ascii.hpp>
#include <sipkit/core/result.hpp>
#include <sipkit/grammar/scanners.hpp>
#include <sipkit/grammar/uri_scanners.hpp>
#include <sipkit/uri/escape.hpp>
#include <sipkit/uri/uri_parameters.hpp>

#include <concepts>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sipkit {

class tel_uri;
constexpr result<tel_uri> parse_tel_uri(std::string_view text) noexcept;

/// A parsed tel URI. Every string_view it returns points into the parsed text.
class tel_uri {
public:
    constexpr tel_uri() noexcept = default;

    constexpr std::string_view text() const noexcept { return text_; }
    /// "tel" as written.
    constexpr std::string_view scheme() const noexcept { return text_.substr(0, 3); }
    /// The global-number-digits ("+" included) or local-number-digits, visual separators kept.
    constexpr std::string_view number() const noexcept { return number_; }
    /// RFC 3966 §5.1.4: a global number starts with "+"; otherwise it is local (§5.1.5).
    constexpr bool is_global() const noexcept { return !number_.empty() && number_.front() == '+'; }

    /// The parameters as written, leading ";" included.
    constexpr std::string_view parameters_text() const noexcept { return params_; }
    constexpr uri_parameter_range parameters() const noexcept {
        return uri_parameter_range(params_);
    }
    /// The value of the first parameter called `name` (case-insensitive); "" for a bare name.
    constexpr std::optional<std::string_view> parameter(std::string_view name) const noexcept {
        const auto p = find_uri_parameter(parameters(), name);
        return p ? std::optional<std::string_view>(p->value) : std::nullopt;
    }
    /// RFC 3966 §5.1.5: the phone-context descriptor (a domain name or global-number-digits).
    constexpr std::optional<std::string_view> phone_context() const noexcept {
        return parameter("phone-context");
    }
    /// RFC 3966 §5.3: the extension.
    constexpr std::optional<std::string_view> extension() const noexcept {
        return parameter("ext");
    }
    /// RFC 3966 §5.2: the ISDN subaddress (escaped).
    constexpr std::optional<std::string_view> isdn_subaddress() const noexcept {
        return parameter("isub");
    }

    /// RFC 3966 §4 equivalence.
    friend constexpr bool operator==(const tel_uri& a, const tel_uri& b) noexcept;

private:
    friend constexpr result<tel_uri> parse_tel_uri(std::string_view text) noexcept;

    std::string_view text_;
    std::string_view number_;
    std::string_view params_;
};

namespace detail {

/// RFC 3966 §3: descriptor = domainname / global-number-digits, the whole of v.
constexpr bool is_tel_descriptor(std::string_view v) noexcept {
    if (!v.empty() && v.front() == '+')
        return grammar::scan_global_number_digits(v, 0) == v.size();
    return !v.empty() && grammar::detail::scan_hostname(v, 0) == v.size();
}

/// RFC 3966 §3: 1*phonedigit, the whole of v.
constexpr bool is_phonedigits(std::string_view v) noexcept {
    if (v.empty())
        return false;
    for (const char c : v)
        if (!grammar::is_uri_char(c, grammar::uc_phonedigit))
            return false;
    return true;
}

/// RFC 3966 §4: numbers are equal "after removing all visual separators", case-insensitively.
constexpr bool phone_digits_equal(std::string_view a, std::string_view b) noexcept {
    std::size_t i = 0;
    std::size_t j = 0;
    for (;;) {
        while (i < a.size() && grammar::is_uri_char(a[i], grammar::uc_visual_separator))
            ++i;
        while (j < b.size() && grammar::is_uri_char(b[j], grammar::uc_visual_separator))
            ++j;
        if (i == a.size() || j == b.size())
            return i == a.size() && j == b.size();
        if (to_lower(a[i++]) != to_lower(b[j++]))
            return false;
    }
}

constexpr bool tel_parameter_values_match(const uri_parameter& a, const uri_parameter& b) noexcept {
    if (a.has_value != b.has_value)
        return false;
    // RFC 3966 §4: phone-context is compared digit by digit without visual separators when it
    // is global-number-digits, as a host name otherwise; the extension is 1*phonedigit too.
    if (equivalent_escaped(a.name, "phone-context", letter_case::insensitive)) {
        const bool a_digits = !a.value.empty() && a.value.front() == '+';
        const bool b_digits = !b.value.empty() && b.value.front() == '+';
        if (a_digits || b_digits)
            return a_digits == b_digits && phone_digits_equal(a.value, b.value);
    } else if (equivalent_escaped(a.name, "ext", letter_case::insensitive)) {
        return phone_digits_equal(a.value, b.value);
    }
    return equivalent_escaped(a.value, b.value, letter_case::insensitive);
}

/// RFC 3966 §4: "If one URI has a parameter name not found in the other, the two URIs are not
/// equal"; same-named parameters must match.
constexpr bool tel_parameters_cover(uri_parameter_range a, uri_parameter_range b) noexcept {
    for (const uri_parameter p : a) {
        bool matched = false;
        for (const uri_parameter q : b) {
            if (equivalent_escaped(p.name, q.name, letter_case::insensitive) &&
                tel_parameter_values_match(p, q)) {
                matched = true;
                break;
            }
        }
        if (!matched)
            return false;
    }
    return true;
}

} // namespace detail

/// Parses RFC 3966 §3 telephone-uri: the whole of `text` must be the URI. A local number
/// without phone-context fails with tel_phone_context_missing (§5.1.5: it MUST be present).
constexpr result<tel_uri> parse_tel_uri(std::string_view s) noexcept {
    using namespace grammar;
    tel_uri u;
    u.text_ = s;
    if (s.size() < 4 || !iequals(s.substr(0, 4), "tel:")) {
        const std::size_t end = scan_scheme(s, 0);
        return unexpected(errc::uri_scheme_invalid, end < s.size() && s[end] == ':' ? 0 : end);
    }
    std::size_t p = 4;
    // telephone-subscriber = global-number / local-number
    const std::size_t number_end = p < s.size() && s[p] == '+' ? scan_global_number_digits(s, p)
                                                               : scan_local_number_digits(s, p);
    if (number_end == p)
        return unexpected(errc::tel_number_invalid, p);
    u.number_ = s.substr(p, number_end - p);
    p = number_end;

    // *par with par = parameter / extension / isdn-subaddress, and context for local numbers.
    const std::size_t params_begin = p;
    bool has_context = false;
    while (p < s.size() && s[p] == ';') {
        const std::size_t name_begin = p + 1;
        std::size_t name_end = name_begin;
        while (name_end < s.size() && is_uri_char(s[name_end], uc_tel_pname))
            ++name_end;
        if (name_end == name_begin)
            return unexpected(errc::parameter_invalid, name_begin);
        const std::string_view name = s.substr(name_begin, name_end - name_begin);
        p = name_end;
        if (p < s.size() && s[p] == '=') {
            const auto value_end = scan_paramchars(s, p + 1);
            if (!value_end)
                return unexpected(value_end.error());
            if (*value_end == p + 1)
                return unexpected(errc::parameter_invalid, p + 1);
            const std::string_view value = s.substr(p + 1, *value_end - p - 1);
            if (iequals(name, "ext") && !sipkit::detail::is_phonedigits(value))
                return unexpected(errc::uri_parameter_value_invalid, p + 1);
            if (iequals(name, "phone-context")) {
                if (!sipkit::detail::is_tel_descriptor(value))
                    return unexpected(errc::uri_parameter_value_invalid, p + 1);
                has_context = true;
            }
            p = *value_end;
        }
    }
    u.params_ = s.substr(params_begin, p - params_begin);
    if (p != s.size())
        return unexpected(errc::uri_character_invalid, p);
    if (!u.is_global() && !has_context)
        return unexpected(errc::tel_phone_context_missing, s.size());
    return u;
}

/// Deleted for a temporary std::string: the tel_uri would view a string destroyed at the end of
/// the full expression. Parse a string that outlives the result.
template <std::same_as<std::string> String>
result<tel_uri> parse_tel_uri(String&& text) = delete;

constexpr bool operator==(const tel_uri& a, const tel_uri& b) noexcept {
    // RFC 3966 §4: both global or both local; digits equal without visual separators;
    // parameters compared by name regardless of order; everything case-insensitive.
    return a.is_global() == b.is_global() && detail::phone_digits_equal(a.number_, b.number_) &&
           detail::tel_parameters_cover(a.parameters(), b.parameters()) &&
           detail::tel_parameters_cover(b.parameters(), a.parameters());
}

/// Appends the canonical text of `u`: "tel:", the number as written, the parameters in their
/// order with escapes normalized. parse_tel_uri of the result is == u.
inline void serialize_to(std::string& out, const tel_uri& u) {
    out += "tel:";
    out += u.number();
    for (const uri_parameter p : u.parameters()) {
        out += ';';
        out += p.name;
        if (p.has_value) {
            out += '=';
            normalize_escapes(p.value, escape_rule::rfc3261, out);
        }
    }
}

inline std::string to_string(const tel_uri& u) {
    std::string out;
    serialize_to(out, u);
    return out;
}

} // namespace sipkit
