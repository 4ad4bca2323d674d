// retry_after: the Retry-After header (RFC 3261 §20.33), seconds, a comment and parameters.
#pragma once

#include <sipkit/core/ascii.hpp>
#include <sipkit/core/result.hpp>
#include <sipkit/grammar/comment.hpp>
#include <sipkit/grammar/scanners.hpp>
#include <sipkit/message/header_name.hpp>
#include <sipkit/message/header_parameters.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sipkit {

/// RFC 3261 §20.33: Retry-After = "Retry-After" HCOLON delta-seconds [ comment ]
/// *( SEMI retry-param ), retry-param = ("duration" EQUAL delta-seconds) / generic-param.
/// E.g. "18000;duration=3600", "120 (I'm in a meeting)". The comment and the parameters view
/// the parsed value, valid while it is.
struct retry_after {
    static constexpr header_id id = header_id::retry_after;
    static constexpr errc invalid = errc::retry_after_invalid;
    static constexpr bool list = false;

    /// delta-seconds, 0 to 2**32-1 (grammar::scan_delta_seconds).
    std::uint32_t seconds = 0;
    /// The comment with its parentheses, as written; "" when there is none.
    std::string_view comment;
    /// The retry-params, "duration" included.
    header_parameters params;

    /// The "duration" parameter: how long the called party stays reachable (§20.33); nullopt
    /// when absent (reachable indefinitely).
    constexpr std::optional<std::uint32_t> duration() const noexcept {
        const auto v = params.value("duration");
        if (!v)
            return std::nullopt;
        const auto n = grammar::scan_delta_seconds(*v, 0);
        if (!n || n->end != v->size())
            return std::nullopt; // cannot happen on a parsed value
        return static_cast<std::uint32_t>(n->value);
    }

    /// Parses a Retry-After value. A number above 2**32-1 (RFC 4475 §3.1.2.5) is an error at
    /// its first digit. "duration" must be "duration" EQUAL delta-seconds: sipkit does not let
    /// a malformed duration ("duration=soon", "duration" alone) pass as a generic-param, and
    /// reports it at the parameter's value (its name when it has none).
    static constexpr result<retry_after> parse(std::string_view s) noexcept {
        retry_after out;
        const auto number = grammar::scan_delta_seconds(s, 0);
        if (!number)
            return unexpected(invalid, number.error().offset);
        out.seconds = static_cast<std::uint32_t>(number->value);
        std::size_t pos = number->end;
        // RFC 3261 §25.1: LPAREN = SWS "(" SWS
        if (const std::size_t p = grammar::skip_sws(s, pos); p < s.size() && s[p] == '(') {
            const auto end = grammar::scan_comment(s, p);
            if (!end)
                return unexpected(invalid, end.error().offset);
            out.comment = s.substr(p, *end - p);
            pos = *end;
        }
        const auto end = header_parameters::scan(s, pos, out.params);
        if (!end)
            return unexpected(invalid, end.error().offset);
        if (*end != s.size()) {
            const std::size_t after = grammar::skip_lws(s, *end);
            return unexpected(invalid, after < s.size() ? after : *end);
        }
        for (const grammar::generic_param& p : out.params) {
            if (!iequals(p.name, "duration"))
                continue;
            const std::size_t at =
                static_cast<std::size_t>((p.has_value ? p.value.data() : p.name.data()) - s.data());
            if (!p.has_value)
                return unexpected(invalid, at);
            const auto d = grammar::scan_delta_seconds(p.value, 0);
            if (!d || d->end != p.value.size())
                return unexpected(invalid, at);
        }
        return out;
    }

    /// Same seconds, same comment once each run of LWS is read as one SP, same parameters
    /// (header_parameters's ==).
    friend constexpr bool operator==(const retry_after& a, const retry_after& b) noexcept {
        return a.seconds == b.seconds && grammar::lws_collapsed_equal(a.comment, b.comment, true) &&
               a.params == b.params;
    }
};

/// "seconds[ (comment)][;param...]", the comment's LWS runs written as one SP.
inline void serialize_to(std::string& out, const retry_after& r) {
    out += std::to_string(r.seconds);
    if (!r.comment.empty()) {
        out += ' ';
        grammar::append_lws_collapsed(out, r.comment, true);
    }
    serialize_to(out, r.params);
}

} // namespace sipkit
