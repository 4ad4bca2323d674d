// Reading and writing quoted-string values (RFC 3261 §25.1): the text inside the quotes with
// quoted-pairs resolved, and the quoting of arbitrary text.
#pragma once

#include <string>
#include <string_view>

namespace sipkit::grammar {

/// The content of a quoted-string as scan_quoted_string matched it (quotes included): the
/// quotes dropped and each quoted-pair "\x" replaced by x. Text without a leading quote is
/// returned as it is (a token needs no unquoting). Folded LWS inside stays as written.
inline std::string unquote(std::string_view quoted) {
    if (quoted.size() < 2 || quoted.front() != '"' || quoted.back() != '"')
        return std::string(quoted);
    std::string out;
    out.reserve(quoted.size() - 2);
    for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
        if (quoted[i] == '\\' && i + 2 < quoted.size())
            ++i;
        out += quoted[i];
    }
    return out;
}

/// Appends `text` as a quoted-string: DQUOTE, the text, DQUOTE, with '"', '\' and the control
/// characters qdtext excludes (NUL, BEL, DEL, ...; HTAB is LWS and stays) written as
/// quoted-pairs. CR and LF cannot be quoted (RFC 3261 §25.1 quoted-pair excludes them) and are
/// written as a space.
inline void append_quoted(std::string& out, std::string_view text) {
    out += '"';
    for (const char c : text) {
        if (c == '\r' || c == '\n') {
            out += ' ';
            continue;
        }
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\' || (u < 0x20 && c != '\t') || u == 0x7f)
            out += '\\';
        out += c;
    }
    out += '"';
}

} // namespace sipkit::grammar
