// serialize: the canonical wire form of a parsed message, and equality of parsed messages.
#pragma once

#include <sipkit/core/ascii.hpp>
#include <sipkit/grammar/scanners.hpp>
#include <sipkit/message/message_view.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sipkit {

/// How serialize writes header names.
enum class header_name_form : std::uint8_t {
    long_form,    ///< canonical long names for known headers ("Via"); others as received
    compact_form, ///< compact forms where they exist ("v", RFC 3261 §7.3.3), else long names
    as_received,  ///< exactly as in the parsed message
};

struct serialize_options {
    header_name_form names = header_name_form::long_form;
};

namespace detail {

/// Calls emit(std::string_view) for the pieces of a header value with every fold (LWS that
/// holds a line break) replaced by one SP, as RFC 3261 §7.3.1 allows a recipient to do.
template <class Emit>
constexpr void for_each_unfolded(std::string_view v, Emit&& emit) {
    std::size_t done = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] != '\n' && v[i] != '\r')
            continue;
        std::size_t b = i;
        while (b > done && grammar::is_wsp(v[b - 1]))
            --b;
        std::size_t e = i;
        while (e < v.size() && (v[e] == '\r' || v[e] == '\n' || grammar::is_wsp(v[e])))
            ++e;
        emit(v.substr(done, b - done));
        emit(std::string_view(" ", 1));
        done = e;
        i = e - 1;
    }
    emit(v.substr(done));
}

/// Reads a header value one octet at a time as for_each_unfolded would write it.
struct unfolded_reader {
    std::string_view v;
    std::size_t i = 0;

    static constexpr bool is_space(char c) noexcept {
        return grammar::is_wsp(c) || c == '\r' || c == '\n';
    }

    /// The next octet, or -1 at the end.
    constexpr int next() noexcept {
        if (i >= v.size())
            return -1;
        if (is_space(v[i])) {
            std::size_t e = i;
            bool line_break = false;
            for (; e < v.size() && is_space(v[e]); ++e)
                line_break |= v[e] == '\r' || v[e] == '\n';
            if (line_break) {
                i = e;
                return ' ';
            }
        }
        return static_cast<unsigned char>(v[i++]);
    }
};

/// Equality of two header values after unfolding.
constexpr bool unfolded_equal(std::string_view a, std::string_view b) noexcept {
    if (a == b)
        return true;
    unfolded_reader x{a};
    unfolded_reader y{b};
    for (;;) {
        const int c = x.next();
        if (c != y.next())
            return false;
        if (c < 0)
            return true;
    }
}

inline std::string_view written_name(const header_field& h, header_name_form form) noexcept {
    if (h.id == header_id::other || form == header_name_form::as_received)
        return h.name;
    if (form == header_name_form::compact_form) {
        if (const std::string_view c = compact_name(h.id); !c.empty())
            return c;
    }
    return canonical_name(h.id);
}

} // namespace detail

/// Appends the message's wire form to `out`: the start line, each header field as
/// `Name: value` CRLF in order (folds replaced by one SP, names as `options` says), the empty
/// line, then the body. Octets the parse ignored (a datagram's trailing octets) are not
/// written. Reuses out's capacity: no allocation when it suffices.
inline void serialize_to(std::string& out, const message_view& m, serialize_options options = {}) {
    const auto append = [&out](std::string_view s) { out.append(s.data(), s.size()); };
    std::size_t need = m.start_line().size() + 4 + m.body().size();
    for (const header_field h : m.headers())
        need += h.name.size() + h.value.size() + 20;
    out.reserve(out.size() + need);
    append(m.start_line());
    append("\r\n");
    for (const header_field h : m.headers()) {
        append(detail::written_name(h, options.names));
        append(": ");
        if (h.folded)
            detail::for_each_unfolded(h.value, append);
        else
            append(h.value);
        append("\r\n");
    }
    append("\r\n");
    append(m.body());
}

/// The message's wire form as a new string (see serialize_to).
inline std::string serialize(const message_view& m, serialize_options options = {}) {
    std::string out;
    serialize_to(out, m, options);
    return out;
}

/// Equality of parsed values: same start line, same header fields in the same order (names
/// compared as header_id, or case-insensitively for unknown names; values compared after
/// unfolding) and the same body. A message and its serialization compare equal.
inline bool same_message(const message_view& a, const message_view& b) noexcept {
    if (a.kind() != b.kind() || a.header_count() != b.header_count() || a.body() != b.body())
        return false;
    if (a.is_request()) {
        if (a.method() != b.method() || a.request_uri() != b.request_uri())
            return false;
    } else if (a.status_code() != b.status_code() || a.reason_phrase() != b.reason_phrase()) {
        return false;
    }
    if (a.version() != b.version())
        return false;
    for (std::size_t i = 0; i < a.header_count(); ++i) {
        const header_field x = a.header(i);
        const header_field y = b.header(i);
        if (x.id != y.id)
            return false;
        if (x.id == header_id::other && !iequals(x.name, y.name))
            return false;
        if (!detail::unfolded_equal(x.value, y.value))
            return false;
    }
    return true;
}

} // namespace sipkit
