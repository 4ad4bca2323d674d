// message_view: a parsed SIP message that borrows the caller's buffer (zero-copy).
#pragma once

#include <sipkit/core/ascii.hpp>
#include <sipkit/message/header_field.hpp>
#include <sipkit/message/header_name.hpp>
#include <sipkit/message/typed_header.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <optional>
#include <string_view>

namespace sipkit {

enum class message_kind : std::uint8_t { request, response };

namespace detail {
struct message_parser;
struct message_access;

// One header line, as offsets into the parsed buffer (16 bytes).
struct header_slot {
    std::uint32_t name_offset;
    std::uint32_t value_offset;
    std::uint16_t name_length;
    std::uint16_t value_length;
    header_id id;
    std::uint8_t folded;
    std::uint16_t next; // index of the next field with the same id; no_slot at the end
};
inline constexpr std::uint16_t no_slot = 0xffff;

// A header_id index with no field: every entry no_slot.
inline constexpr std::array<std::uint16_t, header_id_count> empty_header_index = [] {
    std::array<std::uint16_t, header_id_count> a{};
    a.fill(no_slot);
    return a;
}();
} // namespace detail

/// A SIP message parsed by parse_message: start line, header fields in order (duplicates
/// kept) and body, all as views into the buffer it was parsed from. The view is valid while
/// that buffer is alive and unchanged; copying a message_view copies no message bytes.
///
/// Known headers (header_id) are indexed during the parse, so find() and all() for them do
/// not scan the header list. The view holds up to `capacity` header fields inline and never
/// allocates.
class message_view {
public:
    static constexpr std::size_t capacity = 128;

    message_view() noexcept {} // user-provided: value-initialization must not zero the slots
    message_view(const message_view& other) noexcept { copy_from(other); }
    message_view& operator=(const message_view& other) noexcept {
        if (this != &other)
            copy_from(other);
        return *this;
    }

    message_kind kind() const noexcept { return kind_; }
    bool is_request() const noexcept { return kind_ == message_kind::request; }
    bool is_response() const noexcept { return kind_ == message_kind::response; }

    /// The whole message as framed: start line through the end of the body. Octets after the
    /// body in a datagram (RFC 3261 §18.3) are not part of it.
    std::string_view bytes() const noexcept { return view(start_, end_ - start_); }
    /// The start line without its line break.
    std::string_view start_line() const noexcept { return view(start_, start_line_length_); }
    /// Request method (requests only; empty for a response).
    std::string_view method() const noexcept { return view(first_, first_length_); }
    /// Request-URI as written (requests only).
    std::string_view request_uri() const noexcept { return view(second_, second_length_); }
    /// SIP-Version as written ("SIP/2.0").
    std::string_view version() const noexcept { return view(version_, version_length_); }
    /// True when the version is SIP/2.0 (RFC 3261 §7.1; "SIP" is case-insensitive).
    bool is_sip_2_0() const noexcept { return iequals(version(), "SIP/2.0"); }
    /// Status-Code, 100 to 699 (responses only; 0 for a request).
    int status_code() const noexcept { return status_; }
    /// Reason-Phrase as written, possibly empty (responses only).
    std::string_view reason_phrase() const noexcept { return view(second_, second_length_); }

    /// Number of header fields (lines; a comma list counts once).
    std::size_t header_count() const noexcept { return count_; }
    /// The i-th header field in message order. Precondition: i < header_count().
    header_field header(std::size_t i) const noexcept {
        const detail::header_slot& s = slots_[i];
        return {view(s.name_offset, s.name_length), view(s.value_offset, s.value_length), s.id,
                s.folded != 0, s.name_offset};
    }

    /// Forward range over header fields: all of them, those with one header_id, or those
    /// with one unknown name.
    class header_range {
        enum class mode : std::uint8_t { every, by_id, by_name };

    public:
        class iterator {
        public:
            using value_type = header_field;
            using difference_type = std::ptrdiff_t;
            using iterator_category = std::forward_iterator_tag;
            using pointer = void;
            using reference = header_field;

            iterator() noexcept = default;
            header_field operator*() const noexcept { return message_->header(index_); }
            iterator& operator++() noexcept {
                index_ = next_after(message_, mode_, name_, index_);
                return *this;
            }
            iterator operator++(int) noexcept {
                iterator copy = *this;
                ++*this;
                return copy;
            }
            bool operator==(const iterator& other) const noexcept { return index_ == other.index_; }

        private:
            friend class header_range;
            iterator(const message_view* m, mode md, std::string_view name,
                     std::size_t index) noexcept
                : message_(m), name_(name), index_(index), mode_(md) {}
            const message_view* message_ = nullptr;
            std::string_view name_;
            std::size_t index_ = detail::no_slot;
            mode mode_ = mode::every;
        };

        iterator begin() const noexcept { return iterator(message_, mode_, name_, first_); }
        iterator end() const noexcept { return iterator(message_, mode_, name_, detail::no_slot); }
        bool empty() const noexcept { return first_ == detail::no_slot; }
        std::size_t size() const noexcept {
            std::size_t n = 0;
            for (std::size_t i = first_; i != detail::no_slot;
                 i = next_after(message_, mode_, name_, i))
                ++n;
            return n;
        }

    private:
        friend class message_view;

        header_range(const message_view* m, mode md, std::string_view name,
                     std::size_t first) noexcept
            : message_(m), name_(name), first_(first), mode_(md) {}

        static std::size_t next_after(const message_view* m, mode md, std::string_view name,
                                      std::size_t i) noexcept {
            switch (md) {
                case mode::every:
                    return i + 1 < m->count_ ? i + 1 : detail::no_slot;
                case mode::by_id:
                    return m->slots_[i].next;
                case mode::by_name:
                    return m->find_name_from(name, i + 1);
            }
            return detail::no_slot;
        }

        const message_view* message_;
        std::string_view name_;
        std::size_t first_;
        mode mode_;
    };

    /// Every header field, in order.
    header_range headers() const noexcept {
        return {this,
                header_range::mode::every,
                {},
                count_ ? std::size_t{0} : std::size_t{detail::no_slot}};
    }
    /// The header fields with this id (long and compact forms alike), in order.
    header_range all(header_id id) const noexcept {
        return {this, header_range::mode::by_id, {}, index_first_[static_cast<std::size_t>(id)]};
    }
    /// The header fields with this name, case-insensitively; a known name in either form
    /// finds both forms ("Via" finds "v").
    header_range all(std::string_view name) const noexcept {
        if (const header_id id = lookup_header_name(name); id != header_id::other)
            return all(id);
        return {this, header_range::mode::by_name, name, find_name_from(name, 0)};
    }
    /// The first header field with this id or name.
    std::optional<header_field> find(header_id id) const noexcept { return first_of(all(id)); }
    std::optional<header_field> find(std::string_view name) const noexcept {
        return first_of(all(name));
    }
    bool contains(header_id id) const noexcept { return !all(id).empty(); }
    bool contains(std::string_view name) const noexcept { return !all(name).empty(); }

    /// The values of typed header H in message order, parsed as the range is walked: for a
    /// list header (Via, Contact, Allow, ...) every comma-separated element of every field,
    /// otherwise every field's value. Each is a result<H>: a malformed one is an error naming
    /// the header, with its offset in the parsed input, and spoils none of the others.
    template <typed_header H>
    class typed_range {
    public:
        class iterator {
        public:
            using value_type = result<H>;
            using difference_type = std::ptrdiff_t;
            using iterator_category = std::input_iterator_tag;

            iterator() noexcept = default;
            result<H> operator*() const {
                const std::size_t at = static_cast<std::size_t>(element_.data() - base_);
                return parse_header<H>(element_, at);
            }
            iterator& operator++() noexcept {
                next_element();
                return *this;
            }
            iterator operator++(int) noexcept {
                iterator copy = *this;
                next_element();
                return copy;
            }
            bool operator==(const iterator& o) const noexcept {
                return fields_ == o.fields_ && (fields_ == fields_end_ || elements_ == o.elements_);
            }

        private:
            friend class typed_range;
            iterator(const char* base, header_range::iterator f,
                     header_range::iterator end) noexcept
                : base_(base), fields_(f), fields_end_(end) {
                enter_field();
            }

            // Moves to the first element of the current field, or past fields with none.
            void enter_field() noexcept {
                for (; fields_ != fields_end_; ++fields_) {
                    const std::string_view v = (*fields_).value;
                    if constexpr (H::list) {
                        elements_ = comma_values(v).begin();
                        if (elements_ != comma_values::iterator(comma_values(v).end())) {
                            element_ = *elements_;
                            return;
                        }
                    } else {
                        element_ = v;
                        return;
                    }
                }
            }
            void next_element() noexcept {
                if constexpr (H::list) {
                    if (++elements_ != comma_values((*fields_).value).end()) {
                        element_ = *elements_;
                        return;
                    }
                }
                ++fields_;
                enter_field();
            }

            const char* base_ = nullptr;
            header_range::iterator fields_;
            header_range::iterator fields_end_;
            comma_values::iterator elements_;
            std::string_view element_;
        };

        iterator begin() const noexcept { return iterator(base_, fields_.begin(), fields_.end()); }
        iterator end() const noexcept { return iterator(base_, fields_.end(), fields_.end()); }
        bool empty() const noexcept { return begin() == end(); }
        std::size_t size() const noexcept {
            std::size_t n = 0;
            for (auto it = begin(); it != end(); ++it)
                ++n;
            return n;
        }

    private:
        friend class message_view;
        typed_range(const char* base, header_range fields) noexcept
            : base_(base), fields_(fields) {}
        const char* base_;
        header_range fields_;
    };

    /// Every value of typed header H, parsed on demand (see typed_range).
    template <typed_header H>
    typed_range<H> all() const noexcept {
        return typed_range<H>(base_, all(H::id));
    }
    /// The first value of typed header H (for a list header, its first element), parsed now;
    /// errc::header_missing when the message has none.
    template <typed_header H>
    result<H> get() const {
        const std::uint16_t first = index_first_[static_cast<std::size_t>(H::id)];
        if (first == detail::no_slot)
            return unexpected(errc::header_missing, start_);
        const detail::header_slot& slot = slots_[first];
        const std::string_view value = view(slot.value_offset, slot.value_length);
        if constexpr (!H::list) {
            // One field, one value: what the range below would parse first.
            return parse_header<H>(value, slot.value_offset);
        } else {
            return first_element<H>(value);
        }
    }

    /// Content-Length as declared, if the message has the header (RFC 3261 §20.14).
    std::optional<std::size_t> content_length() const noexcept {
        if (!has_content_length_)
            return std::nullopt;
        return content_length_;
    }
    /// The body: Content-Length octets after the empty line, or on a datagram without
    /// Content-Length the rest of the datagram (RFC 3261 §18.3).
    std::string_view body() const noexcept { return view(body_, end_ - body_); }
    /// Offset of the message's first octet in the parsed input (after leading CRLFs).
    std::size_t offset() const noexcept { return start_; }

private:
    friend struct detail::message_parser;
    friend struct detail::message_access;

    std::string_view view(std::size_t offset, std::size_t length) const noexcept {
        return {base_ + offset, length};
    }

    static std::optional<header_field> first_of(const header_range& r) noexcept {
        if (r.empty())
            return std::nullopt;
        return *r.begin();
    }

    // get<H>() of a list header, whose first field has this value.
    template <typed_header H>
    result<H> first_element(std::string_view value) const {
        if constexpr (first_element_parser<H>) {
            // A type that can parse its first element in place (RFC 3261 §7.3.1: elements are
            // separated by COMMA = SWS "," SWS). The element ends where parsing stops, when
            // only LWS and then "," or the end of the value follow; otherwise the general path
            // below cuts the elements first and gives the same answer as always.
            std::size_t end = 0;
            result<H> r = H::parse_first_element(value, end);
            if (r && end != 0 && end <= value.size() && !grammar::is_wsp(value[end - 1]) &&
                value[end - 1] != '\r' && value[end - 1] != '\n') {
                const std::size_t next = grammar::skip_lws(value, end);
                if (next == value.size() || value[next] == ',')
                    return r;
            }
        }
        const typed_range<H> range = all<H>();
        const auto it = range.begin();
        if (it == range.end())
            return unexpected(errc::header_missing, start_);
        return *it;
    }

    std::size_t find_name_from(std::string_view name, std::size_t i) const noexcept {
        for (; i < count_; ++i) {
            const detail::header_slot& s = slots_[i];
            if (s.id == header_id::other && iequals(view(s.name_offset, s.name_length), name))
                return i;
        }
        return detail::no_slot;
    }

    void copy_from(const message_view& o) noexcept {
        // Copy the fixed part, then only the header slots in use.
        base_ = o.base_;
        start_ = o.start_;
        end_ = o.end_;
        body_ = o.body_;
        content_length_ = o.content_length_;
        first_ = o.first_;
        second_ = o.second_;
        version_ = o.version_;
        first_length_ = o.first_length_;
        second_length_ = o.second_length_;
        version_length_ = o.version_length_;
        start_line_length_ = o.start_line_length_;
        missing_body_ = o.missing_body_;
        count_ = o.count_;
        status_ = o.status_;
        kind_ = o.kind_;
        has_content_length_ = o.has_content_length_;
        index_first_ = o.index_first_;
        index_last_ = o.index_last_;
        std::memcpy(slots_.data(), o.slots_.data(), sizeof(detail::header_slot) * count_);
    }

    const char* base_ = "";
    std::uint32_t start_ = 0;
    std::uint32_t end_ = 0;
    std::uint32_t body_ = 0;
    std::uint32_t content_length_ = 0;
    std::uint32_t first_ = 0;  // method, or unused in a response
    std::uint32_t second_ = 0; // Request-URI, or Reason-Phrase
    std::uint32_t version_ = 0;
    std::uint32_t first_length_ = 0;
    std::uint32_t second_length_ = 0;
    std::uint32_t version_length_ = 0;
    std::uint32_t start_line_length_ = 0;
    std::uint32_t missing_body_ = 0; // stream framing only: body octets not yet received
    std::uint16_t count_ = 0;
    std::uint16_t status_ = 0;
    message_kind kind_ = message_kind::request;
    bool has_content_length_ = false;
    // Copied from a constant: a fill loop here would run in every parse.
    std::array<std::uint16_t, header_id_count> index_first_ = detail::empty_header_index;
    std::array<std::uint16_t, header_id_count> index_last_ = detail::empty_header_index;
    std::array<detail::header_slot, capacity> slots_;
};

} // namespace sipkit
