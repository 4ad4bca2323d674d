// message_editor: edits of a parsed message recorded as splices against its buffer, applied
// once when the message is written out.
#pragma once

#include <sipkit/core/error.hpp>
#include <sipkit/core/limits.hpp>
#include <sipkit/core/result.hpp>
#include <sipkit/grammar/char_class.hpp>
#include <sipkit/message/header_field.hpp>
#include <sipkit/message/header_name.hpp>
#include <sipkit/message/message.hpp>
#include <sipkit/message/message_builder.hpp>
#include <sipkit/message/message_view.hpp>
#include <sipkit/message/parse_message.hpp>
#include <sipkit/message/typed_header.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sipkit {

/// Edits a parsed message the way a proxy rewrites one (DESIGN.md "Editing"): each edit is a
/// splice against the original buffer (insert a header line before a position, replace a
/// span, delete a span), kept sorted by position and applied once by str()/build(). Octets
/// no splice touches are copied as they are: untouched header fields keep their exact
/// bytes (name form, folds, bare LF line ends), nothing is re-parsed or re-formatted.
///
///     sipkit::message_editor e(request);
///     e.prepend_via("SIP/2.0/UDP proxy.example.com;branch=z9hG4bK77");
///     e.pop_route();
///     auto forwarded = e.build();
///
/// Lifetime: the editor copies the message_view but not the bytes; the buffer the view was
/// parsed from (or the message it was made from) must outlive the editor, unchanged.
///
/// Edits see the message as edited so far: add_before and pop_route find fields added by
/// earlier edits, and pop_route after pop_route removes the next element. Header fields are
/// named by their index in the original message (message_view::header(i)); fields the
/// editor added have none. Conflicting edits of the same original field: the last one wins
/// (replace then remove removes it; remove then replace puts it back with the new value;
/// two replaces keep the second), and pop_route works on the field's current value. The
/// Content-Length and Content-Type written after set_body win over every other edit of
/// those fields (see set_body).
///
/// Edits are not checked when made: a value that cannot be written (as for message_builder),
/// an index out of range, or set_request_uri on a response makes build() fail; str() writes
/// what it can and skips the edits that name no field.
class message_editor {
public:
    /// Edits `original`, whose buffer must outlive the editor.
    explicit message_editor(const message_view& original) : view_(original) {
        base_ = detail::message_access::base(view_);
        start_ = view_.offset();
        end_ = start_ + view_.bytes().size();
        body_at_ = static_cast<std::size_t>(view_.body().data() - base_);
        header_end_ = view_.header_count() == 0
                          ? line_end(start_ + view_.start_line().size())
                          : line_end(value_end(view_.header(view_.header_count() - 1)));
    }
    /// Edits `original`, which must outlive the editor unmoved.
    explicit message_editor(const message& original) : message_editor(original.view()) {}
    explicit message_editor(message&&) = delete;

    /// The message as parsed, before any edit.
    const message_view& original() const noexcept { return view_; }

    /// Adds `name: value` at the end of the header section, after earlier additions there.
    message_editor& add(std::string_view name, std::string_view value) {
        insert_at_end(make_line(name, lookup_header_name(name), value));
        return *this;
    }
    /// Adds a known header under its canonical long name.
    message_editor& add(header_id id, std::string_view value) {
        insert_at_end(make_line(canonical_name(id), id, value));
        return *this;
    }
    /// Adds a typed header's canonical text (serialize_to) under its canonical name.
    template <typed_header H>
    message_editor& add(const H& h) {
        std::string value;
        serialize_to(value, h);
        return add(H::id, value);
    }

    /// Adds `name: value` just before the first field with id `before` (an added one
    /// included); at the end of the header section when there is none.
    message_editor& add_before(header_id before, std::string_view name, std::string_view value) {
        insert_before(before, make_line(name, lookup_header_name(name), value));
        return *this;
    }
    /// Adds a typed header before the first field with id `before`.
    template <typed_header H>
    message_editor& add_before(header_id before, const H& h) {
        std::string value;
        serialize_to(value, h);
        insert_before(before, make_line(canonical_name(H::id), H::id, value));
        return *this;
    }

    /// Removes original header field `index`.
    message_editor& remove(std::size_t index) {
        if (!check_index(index))
            return *this;
        const header_field f = view_.header(index);
        set_field_edit(index, splice{f.offset,
                                     line_end(value_end(f)),
                                     {},
                                     header_id::other,
                                     kind::field_remove,
                                     static_cast<std::uint16_t>(index),
                                     std::nullopt,
                                     0,
                                     false});
        return *this;
    }

    /// Replaces the value of original header field `index`; its name and the octets around
    /// the value stay as they are.
    message_editor& replace(std::size_t index, std::string_view value) {
        if (!check_index(index))
            return *this;
        set_value(index, std::string(value), false);
        return *this;
    }

    /// RFC 3261 §16.6 step 8: adds a Via field with `value` above every Via value (before
    /// the first Via field, an earlier prepended one included); at the end of the header
    /// section when the message has no Via.
    message_editor& prepend_via(std::string_view value) {
        insert_before(header_id::via,
                      make_line(canonical_name(header_id::via), header_id::via, value));
        return *this;
    }

    /// RFC 3261 §16.4, §16.12: removes the first Route header field value. The first Route
    /// field (as edited so far) loses its first comma-separated element; a field left with
    /// none is removed whole, otherwise it is rewritten from its second element on (that
    /// text as it was). False when the message has no Route field.
    bool pop_route() {
        for (std::size_t i = 0; i < view_.header_count(); ++i) {
            // Fields added before original field i come first.
            const std::size_t line = view_.header(i).offset;
            for (std::size_t k = 0; k < splices_.size(); ++k) {
                const splice& s = splices_[k];
                if (s.begin != line || s.what != kind::insert_line)
                    continue;
                if (s.id == header_id::route)
                    return pop_inserted_route(k);
            }
            const std::optional<std::size_t> edit = field_edit(i);
            if (edit && splices_[*edit].what == kind::field_remove)
                continue;
            const header_field f = view_.header(i);
            if (f.id != header_id::route)
                continue;
            const std::string current = edit ? splices_[*edit].text : std::string(f.value);
            // The rest of the original value (folds and all) needs no check; user text does.
            const bool original_text = edit ? splices_[*edit].original_text : true;
            if (std::optional<std::string> rest = after_first_element(current))
                set_value(i, std::move(*rest), original_text);
            else
                remove(i);
            return true;
        }
        for (std::size_t k = 0; k < splices_.size(); ++k)
            if (splices_[k].begin == header_end_ && splices_[k].what == kind::insert_line &&
                splices_[k].id == header_id::route)
                return pop_inserted_route(k);
        return false;
    }

    /// Replaces the Request-URI (RFC 3261 §7.1). On a response, build() fails with
    /// request_uri_invalid at offset 0. A URI that is empty or holds SP or a control
    /// character is request_uri_invalid at build().
    message_editor& set_request_uri(std::string_view uri) {
        if (!view_.is_request()) {
            note_misuse(errc::request_uri_invalid);
            return *this;
        }
        std::optional<error> problem;
        if (uri.empty())
            problem = error{errc::request_uri_invalid, 0};
        for (std::size_t i = 0; i < uri.size() && !problem; ++i)
            if (uri[i] == ' ' || grammar::is_ctl(uri[i]))
                problem = error{errc::request_uri_invalid, i};
        const auto at = static_cast<std::size_t>(view_.request_uri().data() - base_);
        place(splice{at, at + view_.request_uri().size(), std::string(uri), header_id::other,
                     kind::request_uri, detail::no_slot, problem, 0, false});
        return *this;
    }

    /// Replaces the body and keeps Content-Length right (RFC 3261 §20.14): when written, the
    /// first original Content-Length field holds the new length whatever other edits said,
    /// other Content-Length fields (original or added) are dropped, and without one a
    /// Content-Length field is added at the end of the header section. Content-Type is left
    /// as edited.
    message_editor& set_body(std::string_view bytes) {
        body_ = std::string(bytes);
        content_type_.reset();
        return *this;
    }
    /// As set_body(bytes), and Content-Type gets the same treatment: the first original
    /// Content-Type field holds `content_type`, other ones are dropped, and without one it is
    /// added at the end of the header section (before an added Content-Length).
    message_editor& set_body(std::string_view content_type, std::string_view bytes) {
        set_body(bytes);
        content_type_ = std::string(content_type);
        return *this;
    }

    /// The edited message's wire form: the original from its start line to the end of its
    /// body (leading line breaks and trailing datagram octets dropped) with the splices
    /// applied.
    std::string str() const {
        std::string out;
        write(out, nullptr);
        return out;
    }

    /// The edited message, parsed. Fails with the first problem of an edit (offset in str()
    /// of the offending octet; offset 0 for an index out of range, errc::header_missing, or
    /// set_request_uri on a response), or with the parser's error on str().
    result<message> build(const parse_limits& limits = {}) const {
        if (misuse_)
            return unexpected(*misuse_);
        std::string out;
        std::optional<error> problem;
        write(out, &problem);
        if (problem)
            return unexpected(*problem);
        return message::parse(std::move(out), limits);
    }

private:
    enum class kind : std::uint8_t {
        insert_line, // a new header line; begin == end
        field_value, // replaces an original field's value
        field_remove,
        request_uri,
        body,
    };

    /// Replace [begin, end) of the original buffer with text.
    struct splice {
        std::size_t begin;
        std::size_t end;
        std::string text;
        header_id id;
        kind what;
        std::uint16_t field;          // original field index (field_value, field_remove)
        std::optional<error> problem; // offset from the start of text
        std::size_t name_length;      // insert_line: the name's length in text
        bool original_text;           // text is octets of the original message, not checked
    };

    // ---- positions in the original buffer ----

    std::size_t value_offset(const header_field& f) const noexcept {
        return static_cast<std::size_t>(f.value.data() - base_);
    }
    std::size_t value_end(const header_field& f) const noexcept {
        return value_offset(f) + f.value.size();
    }
    // The start of the line after the header line holding `from`: past the first line break
    // not followed by SP or HTAB (a fold), as the parser reads it.
    std::size_t line_end(std::size_t from) const noexcept {
        for (;;) {
            const void* nl = std::memchr(base_ + from, '\n', end_ - from);
            if (nl == nullptr)
                return end_; // not reached for a parsed message
            from = static_cast<std::size_t>(static_cast<const char*>(nl) - base_) + 1;
            if (from >= end_ || !grammar::is_wsp(base_[from]))
                return from;
        }
    }

    // ---- making and placing splices ----

    // Replaces original field `index`'s value with `value`; user text is checked for line
    // breaks, octets taken from the original are not.
    void set_value(std::size_t index, std::string value, bool original_text) {
        const header_field f = view_.header(index);
        std::optional<error> problem;
        if (!original_text)
            if (const std::size_t brk = detail::find_line_break(value);
                brk != std::string_view::npos)
                problem = error{detail::header_value_error(f.id), brk};
        const std::size_t at = value_offset(f);
        set_field_edit(index,
                       splice{at, at + f.value.size(), std::move(value), f.id, kind::field_value,
                              static_cast<std::uint16_t>(index), problem, 0, original_text});
    }

    static splice make_line(std::string_view name, header_id id, std::string_view value) {
        std::string text;
        detail::append_header_line(text, name, value);
        return splice{0,
                      0,
                      std::move(text),
                      id,
                      kind::insert_line,
                      detail::no_slot,
                      detail::header_field_problem(name, id, value),
                      name.size(),
                      false};
    }

    static std::string_view line_value(const splice& s) noexcept {
        return std::string_view(s.text).substr(s.name_length + 2,
                                               s.text.size() - s.name_length - 4);
    }

    bool check_index(std::size_t index) {
        if (index < view_.header_count())
            return true;
        note_misuse(errc::header_missing);
        return false;
    }
    void note_misuse(errc code) {
        if (!misuse_)
            misuse_ = error{code, 0};
    }

    // Inserts s in position order: after every splice that starts before it and, at the
    // same position, after the insertions there (a replace or removal starting there, which
    // edits the field the insertions precede, stays after them).
    static void place_in(std::vector<splice>& list, splice s) {
        auto it = list.begin();
        while (it != list.end() &&
               (it->begin < s.begin || (it->begin == s.begin && it->what == kind::insert_line)))
            ++it;
        list.insert(it, std::move(s));
    }
    void place(splice s) {
        // At most one non-insertion splice per span: a later edit of the same thing replaces it.
        if (s.what == kind::request_uri || s.what == kind::body)
            std::erase_if(splices_, [&](const splice& x) { return x.what == s.what; });
        place_in(splices_, std::move(s));
    }

    std::optional<std::size_t> field_edit(std::size_t index) const noexcept {
        return find_field_edit(splices_, index);
    }
    static std::optional<std::size_t> find_field_edit(const std::vector<splice>& list,
                                                      std::size_t index) noexcept {
        for (std::size_t k = 0; k < list.size(); ++k)
            if (list[k].field == index &&
                (list[k].what == kind::field_value || list[k].what == kind::field_remove))
                return k;
        return std::nullopt;
    }
    static void set_field_edit_in(std::vector<splice>& list, std::size_t index, splice s) {
        if (const auto k = find_field_edit(list, index))
            list.erase(list.begin() + static_cast<std::ptrdiff_t>(*k));
        place_in(list, std::move(s));
    }
    void set_field_edit(std::size_t index, splice s) {
        set_field_edit_in(splices_, index, std::move(s));
    }

    void insert_at_end(splice s) {
        s.begin = s.end = header_end_;
        place_in(splices_, std::move(s));
    }

    // Before the first field with id `before` in the message as edited so far.
    void insert_before(header_id before, splice s) {
        for (std::size_t i = 0; i < view_.header_count(); ++i) {
            const header_field f = view_.header(i);
            for (std::size_t k = 0; k < splices_.size(); ++k) {
                if (splices_[k].begin == f.offset && splices_[k].what == kind::insert_line &&
                    splices_[k].id == before) {
                    s.begin = s.end = f.offset;
                    splices_.insert(splices_.begin() + static_cast<std::ptrdiff_t>(k),
                                    std::move(s));
                    return;
                }
            }
            const std::optional<std::size_t> edit = field_edit(i);
            if (f.id == before && !(edit && splices_[*edit].what == kind::field_remove)) {
                s.begin = s.end = f.offset;
                place_in(splices_, std::move(s));
                return;
            }
        }
        for (std::size_t k = 0; k < splices_.size(); ++k) {
            if (splices_[k].begin == header_end_ && splices_[k].what == kind::insert_line &&
                splices_[k].id == before) {
                s.begin = s.end = header_end_;
                splices_.insert(splices_.begin() + static_cast<std::ptrdiff_t>(k), std::move(s));
                return;
            }
        }
        insert_at_end(std::move(s));
    }

    // The text of a comma list from its second element on, or nullopt when it has one
    // element or none (RFC 3261 §7.3.1).
    static std::optional<std::string> after_first_element(std::string_view value) {
        const comma_values elements(value);
        auto it = elements.begin();
        if (it == elements.end() || ++it == elements.end())
            return std::nullopt;
        const std::string_view second = *it;
        return std::string(value.substr(static_cast<std::size_t>(second.data() - value.data())));
    }

    bool pop_inserted_route(std::size_t k) {
        splice& s = splices_[k];
        const std::optional<std::string> rest = after_first_element(line_value(s));
        if (!rest) {
            splices_.erase(splices_.begin() + static_cast<std::ptrdiff_t>(k));
            return true;
        }
        const std::string name(s.text.substr(0, s.name_length));
        splice line = make_line(name, s.id, *rest);
        line.begin = line.end = s.begin;
        s = std::move(line);
        return true;
    }

    // ---- writing ----

    // The splices with set_body's Content-Length and Content-Type applied.
    std::vector<splice> effective_splices() const {
        std::vector<splice> list = splices_;
        if (!body_)
            return list;
        place_in(list, splice{body_at_, end_, *body_, header_id::other, kind::body, detail::no_slot,
                              std::nullopt, 0, false});
        if (content_type_)
            own_header(list, header_id::content_type, *content_type_);
        own_header(list, header_id::content_length, std::to_string(body_->size()));
        return list;
    }

    // Makes `value` the only value of header `id`: the first original field holds it, other
    // original fields are removed, added ones dropped; without an original one it is added
    // at the end of the header section.
    void own_header(std::vector<splice>& list, header_id id, const std::string& value) const {
        std::erase_if(list,
                      [id](const splice& s) { return s.what == kind::insert_line && s.id == id; });
        bool first = true;
        for (const header_field f : view_.all(id)) {
            const std::size_t index = index_of(f);
            if (first) {
                std::optional<error> problem;
                if (const std::size_t brk = detail::find_line_break(value);
                    brk != std::string_view::npos)
                    problem = error{detail::header_value_error(id), brk};
                const std::size_t at = value_offset(f);
                set_field_edit_in(list, index,
                                  splice{at, at + f.value.size(), value, id, kind::field_value,
                                         static_cast<std::uint16_t>(index), problem, 0, false});
                first = false;
            } else {
                set_field_edit_in(list, index,
                                  splice{f.offset,
                                         line_end(value_end(f)),
                                         {},
                                         id,
                                         kind::field_remove,
                                         static_cast<std::uint16_t>(index),
                                         std::nullopt,
                                         0,
                                         false});
            }
        }
        if (first) {
            splice s = make_line(canonical_name(id), id, value);
            s.begin = s.end = header_end_;
            place_in(list, std::move(s));
        }
    }

    std::size_t index_of(const header_field& f) const noexcept {
        for (std::size_t i = 0; i < view_.header_count(); ++i)
            if (view_.header(i).offset == f.offset)
                return i;
        return 0;
    }

    void write(std::string& out, std::optional<error>* problem) const {
        const std::vector<splice> list = effective_splices();
        std::size_t need = end_ - start_;
        for (const splice& s : list)
            need += s.text.size();
        out.reserve(out.size() + need);
        std::size_t at = start_;
        for (const splice& s : list) {
            out.append(base_ + at, s.begin - at);
            if (problem != nullptr && !*problem && s.problem)
                *problem = error{s.problem->code, out.size() + s.problem->offset};
            out += s.text;
            at = s.end;
        }
        out.append(base_ + at, end_ - at);
    }

    message_view view_;
    const char* base_ = nullptr;
    std::size_t start_ = 0;      // the start line's first octet
    std::size_t end_ = 0;        // past the body
    std::size_t body_at_ = 0;    // the body's first octet
    std::size_t header_end_ = 0; // the empty line that ends the header section
    std::vector<splice> splices_;
    std::optional<std::string> body_;
    std::optional<std::string> content_type_;
    std::optional<error> misuse_;
};

} // namespace sipkit
