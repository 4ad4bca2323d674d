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

#include <array>
#include <cstddef>
#include <cstdint>
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
constexpr std::size_t find_line_break(std::string_view s) noexcept {
    return s.find_first_of("\r\n");
}

/// What keeps `name: value` from being written as one header line, with its offset from
/// the first octet of the name: a name that is not a token (RFC 3261 §7.3.1 field-name =
/// token) or a line break in the value (a fold could not be told from a new line).
constexpr std::optional<error> header_field_problem(std::string_view name, header_id id,
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
    const std::size_t at = header_params_start(v);
    if (at == std::string_view::npos)
        return false;
    bool found = false;
    (void)grammar::scan_generic_params(v, at, [&found](const grammar::generic_param& p) {
        found = found || iequals(p.name, "tag");
    });
    return found;
}

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
        b.method_ = method;
        b.uri_ = request_uri;
        return b;
    }

    /// RFC 3261 §7.2: SIP-Version SP Status-Code SP Reason-Phrase CRLF.
    static message_builder response(int status, std::string_view reason) {
        message_builder b;
        b.kind_ = message_kind::response;
        b.status_ = status;
        b.reason_ = reason;
        return b;
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
        message_builder b = response(status, reason);
        const auto copy = [&](header_id id) {
            for (const header_field f : request.all(id))
                b.add_unfolded(id, f.value);
        };
        // RFC 3261 §8.2.6.2: Via values equal and in the same order.
        copy(header_id::via);
        copy(header_id::from);
        bool first_to = true;
        for (const header_field f : request.all(header_id::to)) {
            field& to = b.add_unfolded(header_id::to, f.value);
            // The UAS adds a tag when the request's To has none (§8.2.6.2; §19.3 tag = token).
            if (first_to && !to_tag.empty() && !detail::has_tag_param(b.value_of(to))) {
                b.arena_ += ";tag=";
                if (const std::size_t bad = detail::first_non_token(to_tag); bad != to_tag.size())
                    to.problem = error{errc::to_invalid, to.value_size + 5 + bad};
                b.arena_ += to_tag;
                to.value_size = static_cast<std::uint32_t>(b.arena_.size() - to.value_at);
            }
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
        start_field(name, lookup_header_name(name));
        end_field(value);
        return *this;
    }
    /// Appends a known header field under its canonical long name ("Call-ID" for call_id).
    /// header_id::other has no name: build() fails with header_name_invalid.
    message_builder& add(header_id id, std::string_view value) {
        start_field(canonical_name(id), id);
        end_field(value);
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
    std::string str() const {
        std::string out;
        write(out, nullptr);
        return out;
    }

    /// The message, parsed. Fails, with the offset in str() of the first offending octet,
    /// when a part cannot be written: a method that is not a token (method_invalid), an
    /// empty Request-URI or one holding SP or a control character (request_uri_invalid), a
    /// status outside 100..699 (status_code_invalid), a Reason-Phrase with a control
    /// character other than HTAB (reason_phrase_invalid), a bad header name or value (see
    /// add), a Content-Type holding a line break (content_type_invalid). Anything else the
    /// parser rejects (a Request-URI it cannot frame, limits) is its error.
    result<message> build(const parse_limits& limits = {}) const {
        std::string out;
        std::optional<error> problem;
        write(out, &problem);
        if (problem)
            return unexpected(*problem);
        return message::parse(std::move(out), limits);
    }

private:
    // A header field: its name and value are slices of arena_ (one buffer for all of them,
    // rather than two strings a field).
    struct field {
        std::uint32_t name_at = 0;
        std::uint32_t name_size = 0;
        std::uint32_t value_at = 0;
        std::uint32_t value_size = 0;
        header_id id = header_id::other;
        std::optional<error> problem; // found when the field was made; offset from the value
    };

    std::string_view name_of(const field& f) const noexcept {
        return std::string_view(arena_).substr(f.name_at, f.name_size);
    }
    std::string_view value_of(const field& f) const noexcept {
        return std::string_view(arena_).substr(f.value_at, f.value_size);
    }
    // Appends a field's name; its value follows in arena_ until end_field.
    field& start_field(std::string_view name, header_id id) {
        if (fields_.empty()) {
            fields_.reserve(12);
            arena_.reserve(512);
        }
        field f;
        f.name_at = static_cast<std::uint32_t>(arena_.size());
        f.name_size = static_cast<std::uint32_t>(name.size());
        arena_ += name;
        f.value_at = static_cast<std::uint32_t>(arena_.size());
        f.id = id;
        return fields_.emplace_back(f);
    }
    field& end_field(std::string_view value) {
        arena_ += value;
        field& f = fields_.back();
        f.value_size = static_cast<std::uint32_t>(arena_.size() - f.value_at);
        return f;
    }
    // A known header field whose value is copied with every fold replaced by one SP.
    field& add_unfolded(header_id id, std::string_view value) {
        start_field(canonical_name(id), id);
        detail::for_each_unfolded(value, [this](std::string_view piece) { arena_ += piece; });
        return end_field({});
    }

    message_builder() = default;

    void write(std::string& out, std::optional<error>* problem) const {
        const auto note = [problem](errc code, std::size_t offset) {
            if (problem != nullptr && !*problem)
                *problem = error{code, offset};
        };
        const auto note_line = [&](std::size_t at, std::string_view name, header_id id,
                                   std::string_view value) {
            if (problem != nullptr && !*problem)
                if (const auto p = detail::header_field_problem(name, id, value))
                    *problem = error{p->code, at + p->offset};
        };
        std::size_t need = method_.size() + uri_.size() + reason_.size() + body_.size() + 64;
        need += arena_.size() + 4 * fields_.size();
        out.reserve(out.size() + need);

        if (kind_ == message_kind::request) {
            // RFC 3261 §7.1: Method = token.
            if (const std::size_t bad = detail::first_non_token(method_);
                method_.empty() || bad != method_.size())
                note(errc::method_invalid, out.size() + bad);
            out += method_;
            out += ' ';
            // The Request-URI is one word of visible octets (RFC 3261 §25.1 grammar allows no
            // SP or control character in any URI form).
            if (uri_.empty())
                note(errc::request_uri_invalid, out.size());
            for (std::size_t i = 0; i < uri_.size(); ++i)
                if (uri_[i] == ' ' || grammar::is_ctl(uri_[i])) {
                    note(errc::request_uri_invalid, out.size() + i);
                    break;
                }
            out += uri_;
            out += " SIP/2.0\r\n";
        } else {
            out += "SIP/2.0 ";
            // RFC 3261 §7.2, §21: Status-Code is 100 to 699.
            if (status_ < 100 || status_ > 699)
                note(errc::status_code_invalid, out.size());
            out += std::to_string(status_);
            out += ' ';
            // RFC 3261 §25.1: Reason-Phrase holds no control character but HTAB.
            for (std::size_t i = 0; i < reason_.size(); ++i)
                if (grammar::is_ctl(reason_[i]) && reason_[i] != '\t') {
                    note(errc::reason_phrase_invalid, out.size() + i);
                    break;
                }
            out += reason_;
            out += "\r\n";
        }

        const std::string length = std::to_string(body_.size());
        bool length_written = false;
        bool type_written = false;
        for (const field& f : fields_) {
            const std::string_view name = name_of(f);
            const std::string_view stored = value_of(f);
            std::string_view value = stored;
            if (f.id == header_id::content_length) {
                // The computed length replaces what the user wrote (first field only).
                if (length_written)
                    continue;
                length_written = true;
                value = length;
            } else if (f.id == header_id::content_type && content_type_) {
                if (type_written)
                    continue;
                type_written = true;
                value = *content_type_;
            }
            const std::size_t at = out.size();
            note_line(at, name, f.id, value);
            if (f.problem && value.data() == stored.data())
                note(f.problem->code, at + name.size() + 2 + f.problem->offset);
            detail::append_header_line(out, name, value);
        }
        if (content_type_ && !type_written) {
            note_line(out.size(), "Content-Type", header_id::content_type, *content_type_);
            detail::append_header_line(out, "Content-Type", *content_type_);
        }
        if (!length_written)
            detail::append_header_line(out, "Content-Length", length);
        out += "\r\n";
        out += body_;
    }

    message_kind kind_ = message_kind::request;
    int status_ = 0;
    std::string method_;
    std::string uri_;
    std::string reason_;
    std::vector<field> fields_;
    std::string arena_; // every field's name and value, back to back
    std::optional<std::string> content_type_;
    std::string body_;
};

/// The same as message_builder::response_to (RFC 3261 §8.2.6.2).
inline message_builder response_to(const message_view& request, int status, std::string_view reason,
                                   std::string_view to_tag = {}) {
    return message_builder::response_to(request, status, reason, to_tag);
}

} // namespace sipkit
