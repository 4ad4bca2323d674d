// text_headers: Subject and Organization (RFC 3261 §20.36, §20.25), free UTF-8 text.
#pragma once

#include <sipkit/core/result.hpp>
#include <sipkit/grammar/comment.hpp>
#include <sipkit/grammar/scanners.hpp>
#include <sipkit/message/header_name.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace sipkit {

namespace detail {

/// RFC 3261 §25.1: [TEXT-UTF8-TRIM], the whole of `s`. Empty text is allowed; malformed
/// UTF-8 is utf8_invalid at its first octet; anything else outside the rule (a control
/// character, leading or trailing LWS) is `invalid` at its first octet.
constexpr result<std::string_view> parse_text_utf8_trim(std::string_view s, errc invalid) noexcept {
    if (s.empty())
        return s;
    const auto end = grammar::scan_text_utf8_trim(s, 0);
    if (!end)
        return unexpected(end.error());
    if (*end != s.size()) {
        // The offending octet follows any LWS after the text; LWS at either end is itself the
        // offender (the value arrives trimmed; the rule starts and ends with a TEXT-UTF8char).
        const std::size_t after = *end == 0 ? 0 : grammar::skip_lws(s, *end);
        return unexpected(invalid, after < s.size() ? after : *end);
    }
    return s;
}

} // namespace detail

/// A header whose value is RFC 3261 §25.1 [TEXT-UTF8-TRIM], free text: Subject and
/// Organization (the aliases below). The text views the parsed value, valid while it is, and
/// may be empty (RFC 4475 §3.1.1.1 has "s :").
template <header_id Id, errc Invalid>
struct basic_text_header {
    static constexpr header_id id = Id;
    static constexpr errc invalid = Invalid;
    static constexpr bool list = false;

    /// The text as written, folds included; "" for an empty value.
    std::string_view text;

    constexpr bool empty() const noexcept { return text.empty(); }

    /// Parses the value: empty, or TEXT-UTF8-TRIM (well-formed UTF-8, no control characters,
    /// no leading or trailing LWS).
    static constexpr result<basic_text_header> parse(std::string_view s) noexcept {
        const auto text = detail::parse_text_utf8_trim(s, invalid);
        if (!text)
            return unexpected(text.error());
        return basic_text_header{*text};
    }

    /// Same text once each run of LWS is read as one SP (RFC 3261 §25.1); case matters.
    friend constexpr bool operator==(const basic_text_header& a,
                                     const basic_text_header& b) noexcept {
        return grammar::lws_collapsed_equal(a.text, b.text, false);
    }
};

/// The text with each run of LWS written as one SP.
template <header_id Id, errc Invalid>
void serialize_to(std::string& out, const basic_text_header<Id, Invalid>& h) {
    grammar::append_lws_collapsed(out, h.text, false);
}

/// RFC 3261 §20.36: Subject = ( "Subject" / "s" ) HCOLON [TEXT-UTF8-TRIM]; e.g. "Need more
/// boxes".
using subject = basic_text_header<header_id::subject, errc::subject_invalid>;

/// RFC 3261 §20.25: Organization = "Organization" HCOLON [TEXT-UTF8-TRIM]; e.g. "Boxes by Bob".
using organization = basic_text_header<header_id::organization, errc::organization_invalid>;

} // namespace sipkit
