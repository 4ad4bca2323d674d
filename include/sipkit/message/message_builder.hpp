// message_builder: writing new requests and responses (RFC 3261 §7, §8.1.1, §8.2.6).
#pragma once

#include <sipkit/core/ascii.hpp>
#include <sipkit/core/error.hpp>
#include <sipkit/core/limits.hpp>
#include <sipkit/core/result.hpp>
#include <sipkit/grammar/char_class.hpp>
#include <sipkit/grammar/scanners.hpp>
#include <sipkit/message/header_name.hpp>
#include <sipkit/message/message.hpp>
#include <sipkit/message/message_view.hpp>
#include <sipkit/message/serialize.hpp>
#include <sipkit/message/typed_header.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sipkit {

namespace detail {

// The error reported for a header value that cannot be written (it holds a line break): the
// typed-header error naming the header for RFC 3261 §20 headers, content_length_invalid for
// Content-Length. sipkit has no "header value invalid" code, so any other header (an
// extension) reports header_colon_missing, which is what a parser would say of the line the
// break would start.
inline constexpr std::array<errc, header_id_count> header_value_errors = [] {
    std::array<errc, header_id_count> t{};
    t.fill(errc::header_colon_missing);
#define SIPKIT_VALUE_ERROR(name, header, section)                                                  \
    t[static_cast<std::size_t>(lookup_header_name(header))] = errc::name;
    SIPKIT_TYPED_HEADER_ERRORS(SIPKIT_VALUE_ERROR)
#undef SIPKIT_VALUE_ERROR
    t[static_cast<std::size_t>(header_id::content_length)] = errc::content_length_invalid;
    return t;
}();

// Every name in SIPKIT_TYPED_HEADER_ERRORS is a known header: none landed on header_id::other.
static_assert(header_value_errors[0] == errc::header_colon_missing);

constexpr errc header_value_error(header_id id) noexcept {
    return header_value_errors[static_cast<std::size_t>(id)];
}

/// Offset of the first octet of s that is not a token character (RFC 3261 §25.1), s.size()
/// when there is none.
constexpr std::size_t first_non_token(std::string_view s) noexcept {
    std::size_t i = 0;
    while (i < s.size() && grammar::is_token_char(s[i]))
        ++i;
    return i;
}

/// Offset of the first CR or LF in s, or npos.
inline std::size_t find_line_break(std::string_view s) noexcept {
    const void* cr = std::memchr(s.data(), '\r', s.size());
    const void* lf = std::memchr(s.data(), '\n', s.size());
    if (cr == nullptr && lf == nullptr)
        return std::string_view::npos;
    const char* first = static_cast<const char*>(cr == nullptr   ? lf
                                                 : lf == nullptr ? cr
                                                                 : std::min(cr, lf));
    return static_cast<std::size_t>(first - s.data());
}

/// What keeps `name: value` from being written as one header line, with its offset from
/// the first octet of the name: a name that is not a token (RFC 3261 §7.3.1 field-name =
/// token) or a line break in the value (a fold could not be told from a new line).
inline std::optional<error> header_field_problem(std::string_view name, header_id id,
                                                 std::string_view value) noexcept {
    if (name.empty())
        return error{errc::header_name_invalid, 0};
    if (const std::size_t bad = first_non_token(name); bad != name.size())
        return error{errc::header_name_invalid, bad};
    if (const std::size_t brk = find_line_break(value); brk != std::string_view::npos)
        return error{header_value_error(id), name.size() + 2 + brk};
    return std::nullopt;
}

/// Appends `name: value` CRLF.
inline void append_header_line(std::string& out, std::string_view name, std::string_view value) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
}

/// A header value as one line: every fold replaced by one SP (RFC 3261 §7.3.1).
inline std::string unfolded(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for_each_unfolded(value, [&out](std::string_view piece) { out += piece; });
    return out;
}

/// Where the header parameters of a From/To/Contact-like value start (the first ";"), or
/// npos. RFC 3261 §20.10: in a name-addr they follow the ">"; in an addr-spec without angle
/// brackets the first ";" starts them. Semicolons in the display name's quoted string do not
/// count.
constexpr std::size_t header_params_start(std::string_view v) noexcept {
    for (std::size_t i = 0; i < v.size();) {
        const char c = v[i];
        if (c == '"') {
            const auto end = grammar::scan_quoted_string(v, i);
            i = end ? *end : v.size();
        } else if (c == '<') {
            const std::size_t close = v.find('>', i);
            if (close == std::string_view::npos)
                return std::string_view::npos;
            i = close + 1;
        } else if (c == ';') {
            return i;
        } else {
            ++i;
        }
    }
    return std::string_view::npos;
}

/// True when a To/From value carries a tag parameter (RFC 3261 §20.39 to-param / tag-param).
/// Parameters after a malformed one are not looked at.
constexpr bool has_tag_param(std::string_view v) noexcept {
    // Without a ";" there are no parameters (the usual To of a request).
    if (v.find(';') == std::string_view::npos)
        return false;
    const std::size_t at = header_params_start(v);
    if (at == std::string_view::npos)
        return false;
    bool found = false;
    (void)grammar::scan_generic_params(v, at, [&found](const grammar::generic_param& p) {
        found = found || iequals(p.name, "tag");
    });
    return found;
}

// An output buffer: a std::string kept at its allocated size, with a write position, so that
// an append is one bounds check and a memcpy (std::string's own appends re-check and re-store
// its size on every call). release() hands the written octets over as a std::string.
class write_buffer {
public:
    void reserve(std::size_t n) {
        if (n > bytes_.size())
            bytes_.resize(n);
    }
    // Room for n more octets at the write position, which moves past them.
    char* extend(std::size_t n) {
        if (n > bytes_.size() - used_)
            grow(n);
        char* at = bytes_.data() + used_;
        used_ += n;
        return at;
    }
    void put(std::string_view s) {
        if (!s.empty())
            std::memcpy(extend(s.size()), s.data(), s.size());
    }
    void put(char c) { *extend(1) = c; }
    std::size_t size() const noexcept { return used_; }
    std::string_view view() const noexcept { return {bytes_.data(), used_}; }
    std::string release() {
        bytes_.resize(used_);
        used_ = 0;
        return std::move(bytes_);
    }

private:
    // Kept out of line, so that extend() and put() stay small enough to inline.
    [[gnu::noinline]] void grow(std::size_t n) {
        bytes_.resize(std::max(bytes_.size() * 2, used_ + n));
    }

    std::string bytes_;
    std::size_t used_ = 0;
};

} // namespace detail

/// Writes a new SIP request or response: the start line, header fields in the order added,
/// the body, and a Content-Length computed from the body.
///
///     auto m = sipkit::message_builder::request("OPTIONS", "sip:bob@biloxi.example.com")
///                  .add(sipkit::header_id::via, "SIP/2.0/UDP
///                  pc33.atlanta.example.com;branch=z9hG4bK7") .add("Max-Forwards", "70") .build();
///
/// The builder keeps copies of everything it is given. It writes what it is told and checks
/// only what could not be written as a SIP message; it does not judge content, so a request
/// without the six header fields RFC 3261 §8.1.1 requires is built all the same (validation
/// is a separate step). Version is always SIP/2.0.
///
/// Content-Length (RFC 3261 §20.14) is always written, with the body's length. A
/// Content-Length the user added (by any name: "Content-Length", "l", header_id) is not
/// written as given: the first keeps its place with the computed value, later ones are
/// dropped; without one, Content-Length is the last header field. body(type, bytes) does the
/// same with Content-Type (before Content-Length when added); body(bytes) leaves any
/// Content-Type the user added as it is.
class message_builder {
public:
    /// RFC 3261 §7.1: Method SP Request-URI SP SIP-Version CRLF.
    static message_builder request(std::string_view method, std::string_view request_uri) {
        message_builder b;
        b.kind_ = message_kind::request;
        b.arena_.reserve(method.size() + request_uri.size() + initial_capacity);
        b.arena_.put(method);
        b.arena_.put(' ');
        b.arena_.put(request_uri);
        b.arena_.put(" SIP/2.0\r\n");
        b.first_size_ = static_cast<std::uint32_t>(method.size());
        b.second_at_ = b.first_size_ + 1;
        b.second_size_ = static_cast<std::uint32_t>(request_uri.size());
        return b;
    }

    /// RFC 3261 §7.2: SIP-Version SP Status-Code SP Reason-Phrase CRLF.
    static message_builder response(int status, std::string_view reason) {
        return response(status, reason, reason.size() + initial_capacity);
    }

    /// A response to `request` as RFC 3261 §8.2.6.2 says: the Via fields in order, From, To,
    /// Call-ID and CSeq copied (each field's value with folds replaced by one SP). When
    /// `to_tag` is given and the request's To has no tag, ";tag=to_tag" is added to To; a
    /// To that has a tag is copied unchanged (§8.2.6.2: it MUST equal the request's). A 100
    /// (Trying) also copies Timestamp (§8.2.6.1; adding a delay value is left to the
    /// caller). Add further header fields and a body as for any response. A tag that is not a
    /// token is errc::to_invalid at build().
    static message_builder response_to(const message_view& request, int status,
                                       std::string_view reason, std::string_view to_tag = {}) {
        // The fields copied, so that the buffer is allocated once and fits the response
        // (unfolding only shortens a value): what a transaction keeps has no slack.
        constexpr std::array<header_id, 6> copied{header_id::via,  header_id::from,
                                                  header_id::to,   header_id::call_id,
                                                  header_id::cseq, header_id::timestamp};
        std::size_t size = reason.size() + to_tag.size() + 5 + 40; // start line, tag, tail
        for (const header_id id : copied) {
            if (id == header_id::timestamp && status != 100)
                continue;
            for (const header_field f : request.all(id))
                size += canonical_name(id).size() + f.value.size() + 4;
        }
        message_builder b = response(status, reason, size);
        const auto copy = [&](header_id id) {
            const std::string_view name = canonical_name(id);
            for (const header_field f : request.all(id)) {
                if (needs_unfolding(f)) {
                    const std::uint32_t line = b.start_field(name);
                    b.append_unfolded(f);
                    b.end_field(line, name.size(), id, std::nullopt);
                } else {
                    b.put_line(name, id, f.value, std::nullopt);
                }
            }
        };
        // RFC 3261 §8.2.6.2: Via values equal and in the same order.
        copy(header_id::via);
        copy(header_id::from);
        bool first_to = true;
        for (const header_field f : request.all(header_id::to)) {
            const std::string_view name = canonical_name(header_id::to);
            const std::uint32_t line = b.start_field(name);
            b.append_unfolded(f);
            std::optional<error> problem;
            // The UAS adds a tag when the request's To has none (§8.2.6.2; §19.3 tag = token).
            if (first_to && !to_tag.empty()) {
                const std::size_t value_at = line + name.size() + 2;
                const std::string_view value = b.arena_.view().substr(value_at);
                if (!detail::has_tag_param(value)) {
                    if (const std::size_t bad = detail::first_non_token(to_tag);
                        bad != to_tag.size())
                        problem = error{errc::to_invalid, name.size() + 2 + value.size() + 5 + bad};
                    b.arena_.put(";tag=");
                    b.arena_.put(to_tag);
                }
            }
            b.end_field(line, name.size(), header_id::to, problem);
            first_to = false;
        }
        copy(header_id::call_id);
        copy(header_id::cseq);
        // RFC 3261 §8.2.6.1: a 100 (Trying) copies the request's Timestamp.
        if (status == 100)
            copy(header_id::timestamp);
        return b;
    }

    /// Appends a header field `name: value`. The name must be a token and the value one line
    /// (no CR or LF): otherwise build() fails (header_name_invalid; for the value the
    /// typed-header error naming the header, header_colon_missing for extension headers).
    message_builder& add(std::string_view name, std::string_view value) {
        add_line(name, lookup_header_name(name), value, true);
        return *this;
    }
    /// Appends a known header field under its canonical long name ("Call-ID" for call_id).
    /// header_id::other has no name: build() fails with header_name_invalid.
    message_builder& add(header_id id, std::string_view value) {
        add_line(canonical_name(id), id, value, id == header_id::other);
        return *this;
    }
    /// Appends a typed header's canonical text (serialize_to) under its canonical name. For a
    /// list header this is one field holding one element.
    template <typed_header H>
    message_builder& add(const H& h) {
        std::string value;
        serialize_to(value, h);
        return add(H::id, value);
    }

    /// Sets the body and its Content-Type (RFC 3261 §20.15: a non-empty body needs one). A
    /// type holding a line break is errc::content_type_invalid at build().
    message_builder& body(std::string_view content_type, std::string_view bytes) {
        content_type_ = std::string(content_type);
        body_ = bytes;
        return *this;
    }
    /// Sets the body; Content-Type is whatever the user added, if anything.
    message_builder& body(std::string_view bytes) {
        content_type_.reset();
        body_ = bytes;
        return *this;
    }

    /// The message's wire form: start line, header fields as added (Content-Length and
    /// Content-Type as the class comment says), CRLF after each line, the empty line, the
    /// body. Writes the parts as given, unchecked: build() is the checked form.
    std::string str() const& {
        std::string out;
        write(out, nullptr);
        return out;
    }
    /// The same, from a builder that is done with (a temporary, or std::move(b).str()): the
    /// message is finished in the builder's own buffer, which is handed over without a copy.
    /// What the builder holds afterwards is unspecified.
    std::string str() && {
        if (!fields_.empty())
            return static_cast<const message_builder&>(*this).str();
        return finish_in_arena();
    }

    /// The message, parsed. Fails, with the offset in str() of the first offending octet,
    /// when a part cannot be written: a method that is not a token (method_invalid), an
    /// empty Request-URI or one holding SP or a control character (request_uri_invalid), a
    /// status outside 100..699 (status_code_invalid), a Reason-Phrase with a control
    /// character other than HTAB (reason_phrase_invalid), a bad header name or value (see
    /// add), a Content-Type holding a line break (content_type_invalid). Anything else the
    /// parser rejects (a Request-URI it cannot frame, limits) is its error.
    ///
    /// The message is the one parse_message would make of str(). build() lays its view out
    /// itself, without parsing, when the builder wrote every part: no Content-Length or
    /// Content-Type field added by name, no empty value or value with whitespace around it
    /// (the parser trims it), nothing near `limits`; otherwise it parses str().
    result<message> build(const parse_limits& limits = {}) const& {
        std::string out;
        std::optional<error> problem;
        write(out, &problem);
        if (problem)
            return unexpected(*problem);
        return finish(std::move(out), arena_.size(), limits);
    }
    /// The same, finished in the builder's own buffer (no copy). What the builder holds
    /// afterwards is unspecified.
    result<message> build(const parse_limits& limits = {}) && {
        if (!fields_.empty())
            return static_cast<const message_builder&>(*this).build(limits);
        bool outline = false;
        if (const auto p = start_line_problem(&outline))
            return unexpected(*p);
        const std::size_t headers_end = arena_.size();
        return finish(finish_in_arena(), headers_end, limits, outline);
    }

private:
    static constexpr std::size_t initial_capacity = 480;
    // The fields write_tail() adds, as it writes them: the canonical names (§20.14, §20.15).
    static constexpr std::string_view type_prefix = "Content-Type: ";
    static constexpr std::string_view length_prefix = "Content-Length: ";
    static_assert(type_prefix.substr(0, type_prefix.size() - 2) ==
                      canonical_name(header_id::content_type) &&
                  length_prefix.substr(0, length_prefix.size() - 2) ==
                      canonical_name(header_id::content_length));

    // A header field that write() must look at: Content-Length and Content-Type (which it
    // may replace or drop) and fields that cannot be written as one header line. Other
    // fields are only their line in arena_.
    struct field {
        std::uint32_t line_at = 0;   // the name's first octet in arena_
        std::uint32_t line_size = 0; // through the CRLF
        std::uint32_t name_size = 0;
        header_id id = header_id::other;
        std::optional<error> problem; // offset from the name's first octet
    };

    static message_builder response(int status, std::string_view reason, std::size_t capacity) {
        message_builder b;
        b.kind_ = message_kind::response;
        b.status_ = status;
        b.arena_.reserve(capacity);
        b.arena_.put("SIP/2.0 ");
        std::array<char, 16> digits{};
        const auto written = std::to_chars(digits.data(), digits.data() + digits.size(), status);
        b.arena_.put(
            std::string_view(digits.data(), static_cast<std::size_t>(written.ptr - digits.data())));
        b.arena_.put(' ');
        b.second_at_ = static_cast<std::uint32_t>(b.arena_.size());
        b.second_size_ = static_cast<std::uint32_t>(reason.size());
        b.arena_.put(reason);
        b.arena_.put("\r\n");
        return b;
    }

    // Appends `name: ` and returns where the line starts; end_field closes it.
    std::uint32_t start_field(std::string_view name) {
        const auto line = static_cast<std::uint32_t>(arena_.size());
        char* at = arena_.extend(name.size() + 2);
        std::memcpy(at, name.data(), name.size());
        at[name.size()] = ':';
        at[name.size() + 1] = ' ';
        return line;
    }
    // Closes the line begun at `line` (its value is what follows `name: `).
    void end_field(std::uint32_t line, std::size_t name_size, header_id id,
                   std::optional<error> problem) {
        const std::size_t value_size = arena_.size() - line - name_size - 2;
        arena_.put("\r\n");
        close_line(line, name_size, value_size, id, problem);
    }
    // Notes a line just written: its place for build(), and the field for write() when it
    // must look at it.
    void close_line(std::uint32_t line, std::size_t name_size, std::size_t value_size, header_id id,
                    const std::optional<error>& problem) {
        const std::string_view value =
            grammar::slice(arena_.view(), line + name_size + 2, line + name_size + 2 + value_size);
        if (line_count_ == placed_lines || name_size > 0xffff || !placed_as_written(value)) {
            parse_on_build_ = true;
        } else {
            lines_[line_count_++] = {line, static_cast<std::uint16_t>(name_size), id};
            longest_line_ = std::max(longest_line_, name_size + 2 + value_size);
            longest_value_ = std::max(longest_value_, value_size);
        }
        if (problem || id == header_id::content_length || id == header_id::content_type)
            record_field(line, name_size, value_size, id, problem);
    }
    // Whether the parser gives this value exactly as written: it places an empty value
    // elsewhere and trims whitespace around a value, so build() leaves such lines to it.
    static constexpr bool placed_as_written(std::string_view value) noexcept {
        return !value.empty() && !grammar::is_wsp(value.front()) && !grammar::is_wsp(value.back());
    }
    // The rare fields write() must look at; out of line, so that close_line inlines.
    [[gnu::noinline]] void record_field(std::uint32_t line, std::size_t name_size,
                                        std::size_t value_size, header_id id,
                                        const std::optional<error>& problem) {
        field f;
        f.line_at = line;
        f.line_size = static_cast<std::uint32_t>(name_size + value_size + 4);
        f.name_size = static_cast<std::uint32_t>(name_size);
        f.id = id;
        f.problem = problem;
        fields_.push_back(f);
    }
    // A field given by the user: its name checked when it did not come from header_id, its
    // value for line breaks.
    void add_line(std::string_view name, header_id id, std::string_view value, bool check_name) {
        std::optional<error> problem;
        if (check_name || detail::find_line_break(value) != std::string_view::npos)
            problem = detail::header_field_problem(name, id, value);
        put_line(name, id, value, problem);
    }
    // Writes a line in one piece: name ": " value CRLF.
    void put_line(std::string_view name, header_id id, std::string_view value,
                  const std::optional<error>& problem) {
        const auto line = static_cast<std::uint32_t>(arena_.size());
        char* at = arena_.extend(name.size() + value.size() + 4);
        std::memcpy(at, name.data(), name.size());
        at += name.size();
        *at++ = ':';
        *at++ = ' ';
        if (!value.empty())
            std::memcpy(at, value.data(), value.size());
        at += value.size();
        *at++ = '\r';
        *at = '\n';
        close_line(line, name.size(), value.size(), id, problem);
    }
    // Whether a parsed field's value has a fold or a stray CR for append_unfolded to replace.
    static bool needs_unfolding(const header_field& f) noexcept {
        return f.folded ||
               (!f.value.empty() && std::memchr(f.value.data(), '\r', f.value.size()) != nullptr);
    }
    // A parsed field's value with every fold replaced by one SP (RFC 3261 §7.3.1).
    void append_unfolded(const header_field& f) {
        if (!needs_unfolding(f))
            arena_.put(f.value);
        else
            detail::for_each_unfolded(f.value,
                                      [this](std::string_view piece) { arena_.put(piece); });
    }

    message_builder() = default;

    // Content-Type (when body(type, ...) set one and no field took it), Content-Length, the
    // empty line and the body.
    // The && forms, when no field is recorded: the message is arena_ and the tail, handed over.
    std::string finish_in_arena() {
        write_tail([this](std::string_view piece) { arena_.put(piece); });
        return arena_.release();
    }
    // put(std::string_view) appends to the output.
    template <class Put>
    void write_tail(Put&& put) const {
        if (content_type_ && !has_type_field()) {
            put(type_prefix);
            put(*content_type_);
            put("\r\n");
        }
        if (!has_length_field()) {
            std::array<char, 24> digits{};
            put(length_prefix);
            put(length_text(digits));
            put("\r\n");
        }
        put("\r\n");
        put(body_);
    }
    // The body's length in decimal, written into `digits`.
    std::string_view length_text(std::array<char, 24>& digits) const noexcept {
        const auto written =
            std::to_chars(digits.data(), digits.data() + digits.size(), body_.size());
        return {digits.data(), static_cast<std::size_t>(written.ptr - digits.data())};
    }
    bool has_length_field() const noexcept {
        for (const field& f : fields_)
            if (f.id == header_id::content_length)
                return true;
        return false;
    }
    bool has_type_field() const noexcept {
        for (const field& f : fields_)
            if (f.id == header_id::content_type)
                return true;
        return false;
    }

    // The parser's check of the Request-URI in `text` (which starts with this builder's start
    // line): scheme ":" then visible octets but "<", ">" and DQUOTE.
    bool request_uri_outline_ok(std::string_view text) const noexcept {
        const std::size_t end = second_at_ + second_size_;
        return detail::message_parser::scan_request_uri(
                   std::string_view(text.data(), std::min(end, text.size())), second_at_) == end;
    }
    // The start line's checks (RFC 3261 §7.1, §7.2, §25.1), offsets in the output (the start
    // line comes first in both).
    // `outline`, when given, is set to request_uri_outline_ok() of a request (for finish()).
    std::optional<error> start_line_problem(bool* outline = nullptr) const noexcept {
        const std::string_view second(arena_.view().data() + second_at_, second_size_);
        if (kind_ == message_kind::request) {
            // Method = token.
            const std::string_view method(arena_.view().data(), first_size_);
            if (const std::size_t bad = detail::first_non_token(method);
                method.empty() || bad != method.size())
                return error{errc::method_invalid, bad};
            // The Request-URI is one word of visible octets (no URI form allows SP or a
            // control character); one that passes the parser's outline check is.
            if (second.empty())
                return error{errc::request_uri_invalid, second_at_};
            const bool ok = request_uri_outline_ok(arena_.view());
            if (outline != nullptr)
                *outline = ok;
            if (ok)
                return std::nullopt;
            for (std::size_t i = 0; i < second.size(); ++i)
                if (second[i] == ' ' || grammar::is_ctl(second[i]))
                    return error{errc::request_uri_invalid, second_at_ + i};
            return std::nullopt;
        }
        // Status-Code is 100 to 699 (§21).
        if (status_ < 100 || status_ > 699)
            return error{errc::status_code_invalid, 8};
        // Reason-Phrase holds no control character but HTAB.
        for (std::size_t i = 0; i < second.size(); ++i)
            if (grammar::is_ctl(second[i]) && second[i] != '\t')
                return error{errc::reason_phrase_invalid, second_at_ + i};
        return std::nullopt;
    }

    void write(std::string& out, std::optional<error>* problem) const {
        const auto note = [problem](errc code, std::size_t offset) {
            if (problem != nullptr && !*problem)
                *problem = error{code, offset};
        };
        // body(type, ...)'s Content-Type, its value written at `value_at`, holding a line break.
        const auto note_type_break = [&](std::size_t value_at) {
            if (const std::size_t brk = detail::find_line_break(*content_type_);
                brk != std::string_view::npos)
                note(detail::header_value_error(header_id::content_type), value_at + brk);
        };
        out.reserve(out.size() + arena_.size() + body_.size() +
                    (content_type_ ? content_type_->size() : 0) + 64);
        const std::size_t begin = out.size();
        if (problem != nullptr)
            if (const auto p = start_line_problem())
                note(p->code, begin + p->offset);
        // The lines in arena_ as they are, but for the recorded fields.
        std::size_t done = 0;
        bool length_written = false;
        bool type_written = false;
        for (const field& f : fields_) {
            const bool length = f.id == header_id::content_length;
            const bool type = f.id == header_id::content_type && content_type_;
            if (!length && !type) {
                if (f.problem)
                    note(f.problem->code, out.size() + (f.line_at - done) + f.problem->offset);
                continue;
            }
            out.append(arena_.view().substr(done, f.line_at - done));
            done = f.line_at + f.line_size;
            // The computed Content-Length, and body(type, ...)'s Content-Type, replace the
            // first such field; later ones are dropped.
            if (length ? length_written : type_written)
                continue;
            const std::string_view name = arena_.view().substr(f.line_at, f.name_size);
            if (length) {
                length_written = true;
                std::array<char, 24> digits{};
                detail::append_header_line(out, name, length_text(digits));
            } else {
                type_written = true;
                note_type_break(out.size() + name.size() + 2);
                detail::append_header_line(out, name, *content_type_);
            }
        }
        out.append(arena_.view().substr(done));
        if (content_type_ && !type_written)
            note_type_break(out.size() + type_prefix.size());
        write_tail([&out](std::string_view piece) { out += piece; });
    }

    // The message `out`, which is what write() made of this builder, with its view: laid out
    // from the lines' places when build() can (see there), else parsed. The header lines end
    // at `headers_end`, where write_tail() began.
    // `outline`: request_uri_outline_ok(), when the caller knows it.
    result<message> finish(std::string out, std::size_t headers_end, const parse_limits& limits,
                           std::optional<bool> outline = std::nullopt) const {
        const bool request = kind_ == message_kind::request;
        // The start line: Method SP Request-URI SP "SIP/2.0", or "SIP/2.0" SP Status-Code SP
        // Reason-Phrase (RFC 3261 §7.1, §7.2).
        const std::size_t start_line =
            request ? second_at_ + second_size_ + 8 : second_at_ + second_size_;
        const std::size_t max_line = limits.max_header_line_length;
        const std::size_t max_value = std::min<std::size_t>(limits.max_header_value_length, 0xffff);
        const std::size_t max_fields = std::min(limits.max_header_count, message_view::capacity);
        // The lines write_tail() added, as close_line judges the others.
        const auto tail_fits = [&](std::string_view prefix, std::string_view value) {
            return placed_as_written(value) && prefix.size() + value.size() <= max_line &&
                   value.size() <= max_value;
        };
        std::array<char, 24> digits{};
        bool lay_out =
            fields_.empty() && !parse_on_build_ && out.size() <= limits.max_message_size &&
            line_count_ + 2u <= max_fields && start_line <= max_line && longest_line_ <= max_line &&
            longest_value_ <= max_value && tail_fits(length_prefix, length_text(digits)) &&
            (!content_type_ || tail_fits(type_prefix, *content_type_));
        // The parser checks a Request-URI's outline (scheme ":" ...); the builder, only that
        // it is one word.
        if (lay_out && request)
            lay_out = outline ? *outline : request_uri_outline_ok(out);
        if (!lay_out)
            return message::parse(std::move(out), limits);
        return laid_out(std::move(out), headers_end, start_line);
    }

    // The message `out` with the view finish() found it can lay out (one return of one named
    // object: the view is built in place, never copied).
    result<message> laid_out(std::string out, std::size_t headers_end,
                             std::size_t start_line) const {
        const bool request = kind_ == message_kind::request;
        result<message> made{std::in_place};
        message& m = *made;
        m.bytes_ = std::move(out);
        detail::start_line_parts parts;
        parts.kind = kind_;
        parts.length = static_cast<std::uint32_t>(start_line);
        parts.second = second_at_;
        parts.second_length = second_size_;
        parts.version_length = 7;
        if (request) {
            parts.first_length = first_size_;
            parts.version = second_at_ + second_size_ + 1;
        } else {
            parts.first = second_at_;
            parts.status = static_cast<std::uint16_t>(status_);
        }
        detail::message_access::set_start_line(m.view_, m.bytes_.data(), parts);
        const auto add = [&m](std::size_t line, std::size_t name_size, std::size_t value_size,
                              header_id id) {
            detail::message_access::add_field(
                m.view_,
                {static_cast<std::uint32_t>(line), static_cast<std::uint32_t>(line + name_size + 2),
                 static_cast<std::uint16_t>(name_size), static_cast<std::uint16_t>(value_size), id,
                 0, detail::no_slot});
        };
        for (std::size_t i = 0; i < line_count_; ++i) {
            const line_place& l = lines_[i];
            const std::size_t end = i + 1 < line_count_ ? lines_[i + 1].at : headers_end;
            add(l.at, l.name_size, end - l.at - l.name_size - 4, l.id);
        }
        // What write_tail() wrote: Content-Type, Content-Length, the empty line, the body.
        std::size_t at = headers_end;
        const auto add_tail = [&](std::string_view prefix, std::size_t value_size, header_id id) {
            add(at, prefix.size() - 2, value_size, id);
            at += prefix.size() + value_size + 2;
        };
        if (content_type_)
            add_tail(type_prefix, content_type_->size(), header_id::content_type);
        std::array<char, 24> digits{};
        add_tail(length_prefix, length_text(digits).size(), header_id::content_length);
        at += 2; // the empty line
        detail::message_access::set_body(m.view_, static_cast<std::uint32_t>(at),
                                         static_cast<std::uint32_t>(m.bytes_.size()));
        return made;
    }

    // Where a header line is, for build(): the view is made from these without a parse.
    struct line_place {
        std::uint32_t at = 0; // the name's first octet in arena_
        std::uint16_t name_size = 0;
        header_id id = header_id::other;
    };
    static constexpr std::size_t placed_lines = 32;

    message_kind kind_ = message_kind::request;
    int status_ = 0;
    std::uint32_t first_size_ = 0; // the method's size (requests)
    std::uint32_t second_at_ = 0;  // the Request-URI or the Reason-Phrase, in arena_
    std::uint32_t second_size_ = 0;
    detail::write_buffer arena_; // the start line and every header line, in wire form
    std::array<line_place, placed_lines> lines_; // [0, line_count_) in use
    std::uint16_t line_count_ = 0;
    bool parse_on_build_ = false; // a line that build() leaves to the parser
    std::size_t longest_line_ = 0;
    std::size_t longest_value_ = 0;
    std::vector<field> fields_; // the fields write() must look at, in order
    std::optional<std::string> content_type_;
    std::string body_;
};

/// The same as message_builder::response_to (RFC 3261 §8.2.6.2).
inline message_builder response_to(const message_view& request, int status, std::string_view reason,
                                   std::string_view to_tag = {}) {
    return message_builder::response_to(request, status, reason, to_tag);
}

} // namespace sipkit
