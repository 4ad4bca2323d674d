// parse_message: one pass over a SIP message (RFC 3261 §7, §25) into a message_view.
#pragma once

#include <sipkit/core/limits.hpp>
#include <sipkit/core/result.hpp>
#include <sipkit/grammar/char_class.hpp>
#include <sipkit/grammar/scanners.hpp>
#include <sipkit/message/header_name.hpp>
#include <sipkit/message/message_view.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace sipkit {

namespace detail {

enum class framing : std::uint8_t {
    /// RFC 3261 §18.3: the input is one datagram. Without Content-Length the body is the rest
    /// of it; octets after Content-Length are discarded; a larger Content-Length is an error.
    datagram,
    /// The input is the start of a stream: Content-Length is required, and a body not yet
    /// complete is reported through message_access::missing_body instead of an error.
    stream,
};

// Appends header field `slot` as field number `index` and links it into its header_id's chain.
inline void link_header_slot(header_slot* slots, std::uint16_t* index_first,
                             std::uint16_t* index_last, std::uint16_t index,
                             const header_slot& slot) noexcept {
    slots[index] = slot;
    slots[index].next = no_slot;
    const auto k = static_cast<std::size_t>(slot.id);
    if (index_first[k] == no_slot)
        index_first[k] = index;
    else
        slots[index_last[k]].next = index;
    index_last[k] = index;
}

// What a message's view records of its start line.
struct start_line_parts {
    message_kind kind = message_kind::request;
    std::uint32_t length = 0; // without the line break
    std::uint32_t first = 0;  // method
    std::uint32_t first_length = 0;
    std::uint32_t second = 0; // Request-URI or Reason-Phrase
    std::uint32_t second_length = 0;
    std::uint32_t version = 0;
    std::uint32_t version_length = 0;
    std::uint16_t status = 0;
};

struct message_access {
    static std::size_t missing_body(const message_view& m) noexcept { return m.missing_body_; }

    // The view of a message its writer laid out itself (message_builder), exactly as
    // parse_message would make it: `base` the message, which starts at offset 0.
    static void set_start_line(message_view& m, const char* base,
                               const start_line_parts& p) noexcept {
        m.base_ = base;
        m.start_ = 0;
        m.kind_ = p.kind;
        m.start_line_length_ = p.length;
        m.first_ = p.first;
        m.first_length_ = p.first_length;
        m.second_ = p.second;
        m.second_length_ = p.second_length;
        m.version_ = p.version;
        m.version_length_ = p.version_length;
        m.status_ = p.status;
    }
    // Appends a header field; the caller keeps within message_view::capacity.
    static void add_field(message_view& m, const header_slot& slot) noexcept {
        link_header_slot(m.slots_.data(), m.index_first_.data(), m.index_last_.data(), m.count_,
                         slot);
        ++m.count_;
    }
    // The body at `body` up to `end`, framed by a Content-Length of end - body.
    static void set_body(message_view& m, std::uint32_t body, std::uint32_t end) noexcept {
        m.body_ = body;
        m.end_ = end;
        m.has_content_length_ = true;
        m.content_length_ = end - body;
    }
    /// The input the view's offsets count from.
    static const char* base(const message_view& m) noexcept { return m.base_; }
    /// Points the view at a copy of its input: `base` must hold the same octets the view was
    /// parsed from (offsets are kept). Owning types use it after moving or copying their bytes.
    static void rebase(message_view& m, const char* base) noexcept { m.base_ = base; }
};

struct message_parser {
    std::string_view in;
    const parse_limits& limits;
    message_view& m;

    static constexpr std::size_t max_offset = 0xffffffffu;

    static const char* find_newline(const char* from, const char* to) noexcept {
        return static_cast<const char*>(
            std::memchr(from, '\n', static_cast<std::size_t>(to - from)));
    }

    // RFC 3261 §25.1: SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT (literals case-insensitive).
    static std::size_t scan_version(std::string_view s, std::size_t p) noexcept {
        if (s.size() - p < 7 || (s[p] | 0x20) != 's' || (s[p + 1] | 0x20) != 'i' ||
            (s[p + 2] | 0x20) != 'p' || s[p + 3] != '/')
            return p;
        const std::size_t major = grammar::scan_digits(s, p + 4);
        if (major == p + 4 || major >= s.size() || s[major] != '.')
            return p;
        const std::size_t minor = grammar::scan_digits(s, major + 1);
        return minor == major + 1 ? p : minor;
    }

    static constexpr std::array<bool, 256> request_uri_chars = [] {
        std::array<bool, 256> t{};
        for (int c = 0x21; c < 0x7f; ++c)
            t[static_cast<std::size_t>(c)] = c != '<' && c != '>' && c != '"';
        return t;
    }();

    // RFC 3261 §25.1: Request-URI = SIP-URI / SIPS-URI / absoluteURI. Here only the outline is
    // checked: a scheme (ALPHA *(ALPHA / DIGIT / "+" / "-" / ".")), a colon, then visible
    // ASCII up to the SP, with no "<", ">" or DQUOTE (so "<sip:...>" is rejected, as
    // RFC 4475 §3.1.2.7 expects). The URI grammar proper belongs to the URI parser.
    static std::size_t scan_request_uri(std::string_view s, std::size_t p) noexcept {
        if (p >= s.size() || !grammar::is_alpha(s[p]))
            return p;
        std::size_t q = p + 1;
        while (q < s.size() &&
               (grammar::is_alphanum(s[q]) || s[q] == '+' || s[q] == '-' || s[q] == '.'))
            ++q;
        if (q >= s.size() || s[q] != ':')
            return p;
        return grammar::scan_while(
            s, q + 1, [](char c) { return request_uri_chars[static_cast<unsigned char>(c)]; });
    }

    // Offset of the first ':' among the 32 octets at p, or 0 when there is none, the 32
    // octets are not all there, or the machine is not little-endian (then the caller scans
    // octet by octet). SWAR: a zero byte in v ^ ':'.
    static std::size_t find_colon_near(const char* p, const char* end) noexcept {
        if constexpr (std::endian::native != std::endian::little)
            return 0;
        if (end - p < 32)
            return 0;
        constexpr std::uint64_t ones = 0x0101010101010101ull;
        constexpr std::uint64_t highs = 0x8080808080808080ull;
        for (std::size_t i = 0; i < 32; i += 8) {
            const std::uint64_t v = load_word(p + i) ^ (ones * ':');
            // The lowest set bit is exact: borrows only spill into higher bytes.
            if (const std::uint64_t zero = (v - ones) & ~v & highs; zero != 0)
                return i + static_cast<std::size_t>(std::countr_zero(zero)) / 8;
        }
        return 0;
    }

    result<void> fail(errc e, std::size_t offset) const noexcept { return unexpected(e, offset); }

    // RFC 3261 §7.1 Request-Line = Method SP Request-URI SP SIP-Version CRLF
    // RFC 3261 §7.2 Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF
    result<void> start_line(std::size_t start, std::size_t line_end) noexcept {
        const std::string_view line = grammar::slice(in, 0, line_end);
        m.start_ = static_cast<std::uint32_t>(start);
        m.start_line_length_ = static_cast<std::uint32_t>(line_end - start);
        const std::size_t version_end = scan_version(line, start);
        if (version_end != start) {
            m.kind_ = message_kind::response;
            m.version_ = static_cast<std::uint32_t>(start);
            m.version_length_ = static_cast<std::uint32_t>(version_end - start);
            if (version_end >= line.size() || line[version_end] != ' ')
                return fail(errc::version_invalid, version_end);
            // Status-Code = 3DIGIT, 100 to 699 (RFC 3261 §7.2, §21).
            const std::size_t code = version_end + 1;
            const std::size_t code_end = grammar::scan_digits(line, code);
            if (code_end - code != 3 || line[code] < '1' || line[code] > '6')
                return fail(errc::status_code_invalid, code);
            m.status_ = static_cast<std::uint16_t>(
                (line[code] - '0') * 100 + (line[code + 1] - '0') * 10 + (line[code + 2] - '0'));
            // Reason-Phrase = *(reserved / unreserved / escaped / UTF8-NONASCII / UTF8-CONT /
            // SP / HTAB): any octet but a control character. A status line that ends right after
            // the code ("SIP/2.0 100" CRLF) is accepted with an empty phrase, as the major stacks
            // do.
            std::size_t reason = code_end;
            if (reason < line.size()) {
                if (line[reason] != ' ')
                    return fail(errc::status_code_invalid, code);
                ++reason;
            }
            std::size_t i = reason;
            // Eight octets a round while none is below %x20 or equal to %x7F (SWAR: a borrow
            // out of an octet below %x20 or of a zero octet of v ^ %x7F; octets above %x7F
            // never match). A round that may hold one, an HTAB included, and the tail are
            // checked octet by octet.
            constexpr std::uint64_t ones = 0x0101010101010101ull;
            constexpr std::uint64_t highs = 0x8080808080808080ull;
            for (; i + 8 <= line.size(); i += 8) {
                const std::uint64_t v = load_word(line.data() + i);
                const std::uint64_t del = v ^ (ones * 0x7f);
                if ((((v - ones * 0x20) & ~v) | ((del - ones) & ~del)) & highs)
                    break;
            }
            for (; i < line.size(); ++i)
                if (grammar::is_ctl(line[i]) && line[i] != '\t')
                    return fail(errc::reason_phrase_invalid, i);
            m.second_ = static_cast<std::uint32_t>(reason);
            m.second_length_ = static_cast<std::uint32_t>(line.size() - reason);
            m.first_ = static_cast<std::uint32_t>(reason);
            m.first_length_ = 0;
            return {};
        }
        m.kind_ = message_kind::request;
        const std::size_t method_end = grammar::scan_token(line, start);
        if (method_end == start || method_end >= line.size() || line[method_end] != ' ')
            return fail(method_end == start ? errc::start_line_invalid : errc::method_invalid,
                        method_end);
        m.first_ = static_cast<std::uint32_t>(start);
        m.first_length_ = static_cast<std::uint32_t>(method_end - start);
        const std::size_t uri = method_end + 1;
        const std::size_t uri_end = scan_request_uri(line, uri);
        if (uri_end == uri || uri_end >= line.size() || line[uri_end] != ' ')
            return fail(errc::request_uri_invalid, uri_end == uri ? uri : uri_end);
        m.second_ = static_cast<std::uint32_t>(uri);
        m.second_length_ = static_cast<std::uint32_t>(uri_end - uri);
        const std::size_t version = uri_end + 1;
        const std::size_t version_stop = scan_version(line, version);
        if (version_stop == version)
            return fail(errc::version_invalid, version);
        if (version_stop != line.size())
            return fail(errc::start_line_invalid, version_stop);
        m.version_ = static_cast<std::uint32_t>(version);
        m.version_length_ = static_cast<std::uint32_t>(version_stop - version);
        return {};
    }

    // RFC 3261 §20.14: Content-Length = ( "Content-Length" / "l" ) HCOLON 1*DIGIT
    result<void> content_length(std::size_t value, std::size_t length) noexcept {
        const std::string_view v = grammar::slice(in, value, value + length);
        if (v.empty())
            return fail(errc::content_length_invalid, value);
        if (v[0] == '-')
            return fail(errc::content_length_negative, value);
        std::uint64_t n = 0;
        for (const char c : v) {
            if (!grammar::is_digit(c))
                return fail(errc::content_length_invalid, value);
            n = n * 10 + static_cast<std::uint64_t>(c - '0');
            if (n > limits.max_message_size)
                return fail(errc::content_length_too_large, value);
        }
        // Repeated Content-Length headers that agree still frame the message; ones that
        // disagree leave the framing unknown (RFC 4475 §3.3.9).
        if (m.has_content_length_ && m.content_length_ != n)
            return fail(errc::content_length_conflict, value);
        m.has_content_length_ = true;
        m.content_length_ = static_cast<std::uint32_t>(n);
        return {};
    }

    result<void> run(framing mode) noexcept {
        const std::size_t size = in.size();
        if (size > max_offset)
            return fail(errc::message_too_large, max_offset);
        const char* const base = in.data();
        m.base_ = base;
        // RFC 3261 §7.5: CRLFs before the start line are ignored.
        std::size_t pos = 0;
        while (const std::size_t lb = grammar::line_break_at(in, pos))
            pos += lb;
        if (pos >= size)
            return fail(errc::empty_message, pos);

        const std::size_t max_line = limits.max_header_line_length;
        const std::size_t max_value = std::min<std::size_t>(limits.max_header_value_length, 0xffff);
        const std::size_t max_headers = std::min(limits.max_header_count, message_view::capacity);
        const char* const end = base + size;

        // Start line
        const char* nl = find_newline(base + pos, end);
        if (nl == nullptr) {
            return fail(
                size - pos > max_line ? errc::header_line_too_long : errc::headers_incomplete, pos);
        }
        std::size_t line_end = static_cast<std::size_t>(nl - base);
        // A line's length excludes its line break, CRLF or bare LF alike.
        if (line_end - pos > max_line && line_end - pos - (base[line_end - 1] == '\r') > max_line)
            return fail(errc::header_line_too_long, pos);
        const std::size_t start = pos;
        if (auto r = start_line(pos, line_end > pos && base[line_end - 1] == '\r' ? line_end - 1
                                                                                  : line_end);
            !r)
            return r;
        pos = line_end + 1;
        if (pos < size && grammar::is_wsp(base[pos]))
            return fail(errc::header_name_invalid, pos);

        // Header fields: RFC 3261 §7.3.1 field-name HCOLON field-value, folded lines joined.
        // The hot loop keeps the view's header table in locals and stores it back at the end.
        detail::header_slot* const slots = m.slots_.data();
        std::uint16_t* const index_first = m.index_first_.data();
        std::uint16_t* const index_last = m.index_last_.data();
        std::size_t count = 0;
        for (;;) {
            if (pos >= size)
                return fail(errc::headers_incomplete, pos);
            if (base[pos] == '\n') {
                ++pos;
                break;
            }
            if (base[pos] == '\r' && pos + 1 < size && base[pos + 1] == '\n') {
                pos += 2;
                break;
            }
            const std::size_t name = pos;
            nl = find_newline(base + pos, end);
            if (nl == nullptr)
                return fail(errc::headers_incomplete, name);
            auto at = static_cast<std::size_t>(nl - base);
            if (at - name > max_line && at - name - (base[at - 1] == '\r') > max_line)
                return fail(errc::header_line_too_long, name);
            // Fast path: a known long name directly followed by the colon. Its octets are the
            // name's, so they need no token check.
            header_id id = header_id::other;
            std::size_t name_end = name;
            if (const std::size_t colon = find_colon_near(base + name, end); colon != 0)
                if ((id = lookup_known_octets(base + name, colon)) != header_id::other)
                    name_end = name + colon;
            std::size_t p = name_end;
            if (id == header_id::other) {
                // field-name = token; the scan needs no bound: it stops at the '\n' at the latest.
                const char* q = base + name;
                while (grammar::is_token_char(*q))
                    ++q;
                name_end = static_cast<std::size_t>(q - base);
                if (name_end == name)
                    return fail(errc::header_name_invalid, name);
                // header_slot holds a name's length in 16 bits.
                if (name_end - name > 0xffff)
                    return fail(errc::header_line_too_long, name);
                // HCOLON = *( SP / HTAB ) ":" SWS
                p = base[name_end] == ':' ? name_end : grammar::skip_wsp(in, name_end);
                if (base[p] != ':') {
                    const bool bad_name = p == name_end && base[p] != '\r' && base[p] != '\n';
                    return fail(bad_name ? errc::header_name_invalid : errc::header_colon_missing,
                                p);
                }
                id = lookup_header_token(base + name, name_end - name);
            }
            // Fast path for the usual single SP after the colon (the visible octet after it
            // means p + 2 < at).
            const bool simple_start =
                base[p + 1] == ' ' && grammar::is(base[p + 2], grammar::cc_text_utf8);
            const std::size_t value_start = simple_start ? p + 2 : grammar::skip_sws(in, p + 1);
            // The value runs to the first line break not followed by SP/HTAB (folding). A fold
            // that SWS consumed before the value starts is not part of the value.
            bool folded = false;
            while (at + 1 < size && grammar::is_wsp(base[at + 1])) {
                folded |= at >= value_start;
                const std::size_t line_start = at + 1;
                nl = find_newline(base + line_start, end);
                if (nl == nullptr)
                    return fail(errc::headers_incomplete, name);
                at = static_cast<std::size_t>(nl - base);
                if (at - line_start > max_line &&
                    at - line_start - (base[at - 1] == '\r') > max_line)
                    return fail(errc::header_line_too_long, line_start);
            }
            std::size_t value_end = at;
            pos = at + 1;
            // Trim the line break and trailing whitespace.
            std::size_t value = std::min(value_start, value_end);
            if (!simple_start) {
                // SWS takes one fold; a value after more ("X: \r\n \r\n v", or a stray CR)
                // starts at its first octet that is not whitespace, as header_field::value says.
                while (value < value_end &&
                       (base[value] == '\r' || base[value] == '\n' || grammar::is_wsp(base[value])))
                    ++value;
            }
            if (value_end > value + 1 && base[value_end - 1] == '\r' &&
                grammar::is(base[value_end - 2], grammar::cc_text_utf8)) {
                --value_end; // the usual CRLF after a visible octet
            } else {
                while (value_end > value &&
                       (base[value_end - 1] == '\r' || base[value_end - 1] == '\n' ||
                        grammar::is_wsp(base[value_end - 1])))
                    --value_end;
            }
            if (value_end - value > max_value)
                return fail(errc::header_value_too_long, value);
            if (count >= max_headers)
                return fail(errc::too_many_headers, name);
            // Append the field and link it into its header_id's chain.
            link_header_slot(slots, index_first, index_last, static_cast<std::uint16_t>(count++),
                             detail::header_slot{static_cast<std::uint32_t>(name),
                                                 static_cast<std::uint32_t>(value),
                                                 static_cast<std::uint16_t>(name_end - name),
                                                 static_cast<std::uint16_t>(value_end - value), id,
                                                 static_cast<std::uint8_t>(folded),
                                                 detail::no_slot});
            if (id == header_id::content_length) {
                if (auto r = content_length(value, value_end - value); !r)
                    return r;
            }
        }
        m.count_ = static_cast<std::uint16_t>(count);

        // Body: RFC 3261 §18.3 framing.
        m.body_ = static_cast<std::uint32_t>(pos);
        std::size_t message_end = size;
        if (m.has_content_length_) {
            const std::size_t want = pos + m.content_length_;
            if (want - start > limits.max_message_size)
                return fail(errc::message_too_large, start);
            if (want > size) {
                if (mode == framing::datagram)
                    return fail(errc::body_truncated, pos);
                m.missing_body_ = static_cast<std::uint32_t>(want - size);
            } else {
                message_end = want;
            }
        } else if (mode == framing::stream) {
            return fail(errc::content_length_missing, start);
        }
        if (message_end - start > limits.max_message_size)
            return fail(errc::message_too_large, start);
        m.end_ = static_cast<std::uint32_t>(message_end);
        return {};
    }
};

inline result<message_view> parse_message(std::string_view bytes, const parse_limits& limits,
                                          framing mode) noexcept {
    result<message_view> out{std::in_place};
    message_parser parser{bytes, limits, *out};
    if (auto r = parser.run(mode); !r)
        out = unexpected(r.error());
    return out; // one named result: returned in place, the 2 KiB view is never copied
}

} // namespace detail

/// Parses one complete SIP message: a datagram, or a unit the stream framer cut.
///
/// RFC 3261 §7: start line, header fields (case-insensitive names, compact forms, folding,
/// any whitespace around the colon, empty values), the empty line, then the body framed by
/// Content-Length under the datagram rules of §18.3: without Content-Length the body is the
/// rest of the input; with it, octets beyond the body are ignored and a body shorter than it
/// says is an error. The result views `bytes`, which must outlive it. Never allocates.
///
/// Only what cannot be represented is rejected (framing, start line, header-field syntax,
/// Content-Length, limits): header values are not interpreted here, so a malformed Date never
/// stops a message from being parsed. On failure the error names the fault and its offset.
inline result<message_view> parse_message(std::string_view bytes,
                                          const parse_limits& limits = {}) noexcept {
    return detail::parse_message(bytes, limits, detail::framing::datagram);
}

/// Deleted for a temporary std::string: the view would point into a string destroyed at the
/// end of the full expression. Parse a buffer that outlives the result.
template <std::same_as<std::string> String>
result<message_view> parse_message(String&& bytes, const parse_limits& limits = {}) = delete;

} // namespace sipkit
