// codings: content codings and languages: Content-Encoding (RFC 3261 §20.12), Accept-Encoding
// (§20.2), Content-Language (§20.13) and Accept-Language (§20.3).
#pragma once

#include <sipkit/core/ascii.hpp>
#include <sipkit/core/result.hpp>
#include <sipkit/grammar/char_class.hpp>
#include <sipkit/grammar/scanners.hpp>
#include <sipkit/message/header_name.hpp>
#include <sipkit/message/header_parameters.hpp>
#include <sipkit/message/qvalue.hpp>
#include <sipkit/message/token_lists.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sipkit {

namespace detail {

/// Up to `max` characters of `is_char` from pos; errc `invalid` at pos when there is none and
/// at the (max+1)-th when there are more.
template <class CharClass>
constexpr result<std::size_t> scan_1_to_8(std::string_view s, std::size_t pos, errc invalid,
                                          CharClass is_char) noexcept {
    std::size_t p = pos;
    while (p < s.size() && is_char(s[p]))
        ++p;
    if (p == pos)
        return unexpected(invalid, pos);
    if (p - pos > 8)
        return unexpected(invalid, pos + 8);
    return p;
}

/// RFC 3261 §25.1: language-tag = primary-tag *( "-" subtag ), primary-tag = 1*8ALPHA, from
/// pos; also the non-wildcard language-range. A subtag may hold digits ("es-419",
/// "de-CH-1996"): RFC 3066 §2.1, which replaced RFC 1766 that RFC 2616 §3.10 cites, has
/// subtag = 1*8(ALPHA / DIGIT). Errors (`invalid`) at the first offending byte.
constexpr result<std::size_t> scan_language_tag(std::string_view s, std::size_t pos,
                                                errc invalid) noexcept {
    auto end = scan_1_to_8(s, pos, invalid, grammar::is_alpha);
    while (end && *end < s.size() && s[*end] == '-')
        end = scan_1_to_8(s, *end + 1, invalid, grammar::is_alphanum);
    return end;
}

} // namespace detail

/// RFC 3261 §20.12: Content-Encoding = ( "Content-Encoding" / "e" ) HCOLON content-coding
/// *(COMMA content-coding), content-coding = token. One element; views the parsed text.
struct content_encoding {
    static constexpr header_id id = header_id::content_encoding;
    static constexpr errc invalid = errc::content_encoding_invalid;
    static constexpr bool list = true;

    /// The content-coding as written ("gzip").
    std::string_view coding;

    static constexpr result<content_encoding> parse(std::string_view s) noexcept {
        const auto t = detail::parse_whole_token(s, invalid);
        if (!t)
            return unexpected(t.error());
        return content_encoding{*t};
    }

    /// RFC 3261 §20.12: "All content-coding values are case-insensitive."
    friend constexpr bool operator==(const content_encoding& a,
                                     const content_encoding& b) noexcept {
        return iequals(a.coding, b.coding);
    }
};

inline void serialize_to(std::string& out, const content_encoding& c) {
    out += c.coding;
}

/// RFC 3261 §20.2: Accept-Encoding = "Accept-Encoding" HCOLON [ encoding *(COMMA encoding) ],
/// encoding = codings *(SEMI accept-param), codings = content-coding / "*". One element; an
/// empty field has none, and means identity only (§20.2). Views the parsed text.
struct accept_encoding {
    static constexpr header_id id = header_id::accept_encoding;
    static constexpr errc invalid = errc::accept_encoding_invalid;
    static constexpr bool list = true;

    /// The content-coding as written, or "*" (any coding).
    std::string_view coding;
    /// The accept-params in order, "q" among them.
    header_parameters params;

    /// Parses one encoding; a "q" parameter must hold a qvalue.
    static constexpr result<accept_encoding> parse(std::string_view s) noexcept {
        const std::size_t coding_end = grammar::scan_token(s, 0); // "*" is a token character
        if (coding_end == 0)
            return unexpected(invalid, 0);
        accept_encoding out{s.substr(0, coding_end), {}};
        if (const auto r = detail::parse_accept_params(s, coding_end, out.params, invalid); !r)
            return unexpected(r.error());
        return out;
    }

    /// The q-value in thousandths (0 to 1000); nullopt when absent, which counts as 1.
    constexpr std::optional<std::uint16_t> q() const noexcept { return detail::accept_q(params); }

    /// Same coding ignoring case (§20.12), same parameters (header_parameters ==).
    friend constexpr bool operator==(const accept_encoding& a, const accept_encoding& b) noexcept {
        return iequals(a.coding, b.coding) && a.params == b.params;
    }
};

/// "coding;name=value...": no whitespace.
inline void serialize_to(std::string& out, const accept_encoding& a) {
    out += a.coding;
    serialize_to(out, a.params);
}

/// RFC 3261 §20.13: Content-Language = "Content-Language" HCOLON language-tag
/// *(COMMA language-tag). One element; views the parsed text.
struct content_language {
    static constexpr header_id id = header_id::content_language;
    static constexpr errc invalid = errc::content_language_invalid;
    static constexpr bool list = true;

    /// The language-tag as written ("fr", "en-GB").
    std::string_view tag;

    static constexpr result<content_language> parse(std::string_view s) noexcept {
        const auto end = detail::scan_language_tag(s, 0, invalid);
        if (!end)
            return unexpected(end.error());
        if (*end != s.size())
            return unexpected(invalid, *end);
        return content_language{s};
    }

    /// Language tags are case-insensitive (RFC 3066 §2.1; RFC 3261 §7.3.1: tokens).
    friend constexpr bool operator==(const content_language& a,
                                     const content_language& b) noexcept {
        return iequals(a.tag, b.tag);
    }
};

inline void serialize_to(std::string& out, const content_language& c) {
    out += c.tag;
}

/// RFC 3261 §20.3: Accept-Language = "Accept-Language" HCOLON [ language *(COMMA language) ],
/// language = language-range *(SEMI accept-param), language-range = ( ( 1*8ALPHA *( "-"
/// 1*8ALPHA ) ) / "*" ). One element; an empty field has none. Views the parsed text.
struct accept_language {
    static constexpr header_id id = header_id::accept_language;
    static constexpr errc invalid = errc::accept_language_invalid;
    static constexpr bool list = true;

    /// The language-range as written ("da", "en-gb"), or "*" (any language).
    std::string_view range;
    /// The accept-params in order, "q" among them.
    header_parameters params;

    /// Parses one language; subtags may hold digits as in content_language, and a "q"
    /// parameter must hold a qvalue.
    static constexpr result<accept_language> parse(std::string_view s) noexcept {
        std::size_t range_end = 1;
        if (s.empty() || s[0] != '*') {
            const auto end = detail::scan_language_tag(s, 0, invalid);
            if (!end)
                return unexpected(end.error());
            range_end = *end;
        }
        accept_language out{s.substr(0, range_end), {}};
        if (const auto r = detail::parse_accept_params(s, range_end, out.params, invalid); !r)
            return unexpected(r.error());
        return out;
    }

    /// The q-value in thousandths (0 to 1000); nullopt when absent, which counts as 1.
    constexpr std::optional<std::uint16_t> q() const noexcept { return detail::accept_q(params); }

    /// Same range ignoring case, same parameters (header_parameters ==).
    friend constexpr bool operator==(const accept_language& a, const accept_language& b) noexcept {
        return iequals(a.range, b.range) && a.params == b.params;
    }
};

/// "range;name=value...": no whitespace.
inline void serialize_to(std::string& out, const accept_language& a) {
    out += a.range;
    serialize_to(out, a.params);
}

} // namespace sipkit
