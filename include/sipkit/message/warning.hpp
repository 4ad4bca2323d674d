// warning: the Warning header (RFC 3261 §20.43), a code, the agent that added it and a text.
#pragma once

#include <sipkit/core/ascii.hpp>
#include <sipkit/core/result.hpp>
#include <sipkit/grammar/char_class.hpp>
#include <sipkit/grammar/comment.hpp>
#include <sipkit/grammar/quoted_string.hpp>
#include <sipkit/grammar/scanners.hpp>
#include <sipkit/message/header_name.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sipkit {

/// RFC 3261 §20.43: warning-value = warn-code SP warn-agent SP warn-text, one element of the
/// comma list Warning = "Warning" HCOLON warning-value *(COMMA warning-value). The agent and
/// the text view the parsed value, valid while it is.
struct warning {
    static constexpr header_id id = header_id::warning;
    static constexpr errc invalid = errc::warning_invalid;
    static constexpr bool list = true;

    /// warn-code = 3DIGIT (RFC 3261 §20.43 defines 300..399; others come from extensions).
    std::uint16_t code = 0;
    /// warn-agent = hostport / pseudonym, as written ("isi.edu", "[::1]:5060", "-").
    std::string_view agent;
    /// warn-text = quoted-string, quotes and quoted-pairs as written.
    std::string_view text;

    /// The text without its quotes, quoted-pairs resolved.
    std::string unquoted_text() const { return grammar::unquote(text); }

    /// Parses one warning-value. The separators are exactly one SP each, as the ABNF says
    /// (not LWS): "399  host \"x\"" is an error at the second SP. A code of more than three
    /// digits (RFC 4475 §3.1.2.5 "1812") is an error at its fourth digit; a hostport agent must
    /// be a valid host with a port of at most 65535.
    static constexpr result<warning> parse(std::string_view s) noexcept {
        warning out;
        // warn-code = 3DIGIT
        for (std::size_t i = 0; i < 3; ++i) {
            if (i >= s.size() || !grammar::is_digit(s[i]))
                return unexpected(invalid, i);
            out.code = static_cast<std::uint16_t>(out.code * 10 + (s[i] - '0'));
        }
        if (3 >= s.size() || s[3] != ' ')
            return unexpected(invalid, 3);
        // warn-agent = hostport / pseudonym, pseudonym = token. A hostname or IPv4address is
        // also a token; a ":" or "[" makes it a hostport.
        const std::size_t agent_pos = 4;
        std::size_t agent_end = agent_pos;
        if (agent_pos < s.size() && s[agent_pos] == '[') {
            const auto host = grammar::scan_host(s, agent_pos);
            if (!host)
                return unexpected(invalid, host.error().offset);
            agent_end = host->end;
        } else {
            agent_end = grammar::scan_token(s, agent_pos);
            if (agent_end == agent_pos)
                return unexpected(invalid, agent_pos);
            if (agent_end < s.size() && s[agent_end] == ':') {
                const auto host = grammar::scan_host(s, agent_pos);
                if (!host || host->end != agent_end)
                    return unexpected(invalid, agent_pos);
            }
        }
        if (agent_end < s.size() && s[agent_end] == ':') {
            std::uint16_t port = 0;
            const auto port_end = grammar::scan_port(s, agent_end + 1, port);
            if (!port_end)
                return unexpected(invalid, port_end.error().offset);
            agent_end = *port_end;
        }
        out.agent = s.substr(agent_pos, agent_end - agent_pos);
        if (agent_end >= s.size() || s[agent_end] != ' ')
            return unexpected(invalid, agent_end);
        // warn-text = quoted-string
        const std::size_t text_pos = agent_end + 1;
        const auto text_end = grammar::scan_quoted_string(s, text_pos);
        if (!text_end)
            return unexpected(invalid, text_end.error().offset);
        if (*text_end != s.size())
            return unexpected(invalid, *text_end);
        out.text = s.substr(text_pos);
        return out;
    }

    /// Same code, same agent ignoring case (host names are case-insensitive, RFC 3261
    /// §19.1.4), same text once each run of LWS in it is read as one SP.
    friend constexpr bool operator==(const warning& a, const warning& b) noexcept {
        return a.code == b.code && iequals(a.agent, b.agent) &&
               grammar::lws_collapsed_equal(a.text, b.text, true);
    }
};

/// "code agent text": the code as three digits, the text quoted as written with each run of
/// LWS written as one SP.
inline void serialize_to(std::string& out, const warning& w) {
    out += static_cast<char>('0' + w.code / 100 % 10);
    out += static_cast<char>('0' + w.code / 10 % 10);
    out += static_cast<char>('0' + w.code % 10);
    out += ' ';
    out += w.agent;
    out += ' ';
    grammar::append_lws_collapsed(out, w.text, true);
}

} // namespace sipkit
