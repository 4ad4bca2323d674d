// header_parameters: the *(SEMI generic-param) tail of a header value (RFC 3261 §25.1), as a
// view: iterate, look a parameter up by name, write it out canonically.
#pragma once

#include <sipkit/core/ascii.hpp>
#include <sipkit/core/result.hpp>
#include <sipkit/grammar/scanners.hpp>

#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

namespace sipkit {

/// A run of header parameters (";tag=1928301774;q=0.7;lr") already checked by
/// header_parameters::scan. Views into the header value: valid while it is. A value keeps its
/// quotes when it had them (see grammar::generic_param).
class header_parameters {
public:
    constexpr header_parameters() noexcept = default;

    /// RFC 3261 §25.1: *( SEMI generic-param ) from pos. Returns the end; `out` views the
    /// text from pos to the end ("" when there are no parameters).
    static constexpr result<std::size_t> scan(std::string_view s, std::size_t pos,
                                              header_parameters& out) noexcept {
        return scan(s, pos, out, [](const grammar::generic_param&) -> std::optional<std::size_t> {
            return std::nullopt;
        });
    }

    /// The same, calling check(const generic_param&) on each parameter as it is scanned (one
    /// pass): a returned offset stops the scan with that error offset (the caller's header
    /// error replaces the code), nullopt accepts the parameter.
    template <class Check>
    static constexpr result<std::size_t> scan(std::string_view s, std::size_t pos,
                                              header_parameters& out, Check&& check) {
        std::size_t p = pos;
        for (;;) {
            const std::size_t q = grammar::scan_separator(s, p, ';');
            if (q == p)
                break;
            grammar::generic_param param;
            const auto end = grammar::scan_generic_param(s, q, param);
            if (!end)
                return end;
            if (const std::optional<std::size_t> bad = check(param))
                return unexpected(errc::parameter_invalid, *bad);
            p = *end;
        }
        out.text_ = grammar::slice(s, pos, p);
        return p;
    }

    class iterator {
    public:
        using value_type = grammar::generic_param;
        using difference_type = std::ptrdiff_t;
        using iterator_category = std::forward_iterator_tag;
        using pointer = const grammar::generic_param*;
        using reference = const grammar::generic_param&;

        constexpr iterator() noexcept = default;
        constexpr const grammar::generic_param& operator*() const noexcept { return current_; }
        constexpr const grammar::generic_param* operator->() const noexcept { return &current_; }
        constexpr iterator& operator++() noexcept {
            read();
            return *this;
        }
        constexpr iterator operator++(int) noexcept {
            iterator copy = *this;
            read();
            return copy;
        }
        constexpr bool operator==(const iterator& o) const noexcept {
            return done_ == o.done_ && (done_ || pos_ == o.pos_);
        }

    private:
        friend class header_parameters;
        constexpr explicit iterator(std::string_view text) noexcept : text_(text) { read(); }

        constexpr void read() noexcept {
            const std::size_t p = grammar::scan_separator(text_, pos_, ';');
            if (p == pos_) {
                done_ = true;
                return;
            }
            const auto end = grammar::scan_generic_param(text_, p, current_);
            if (!end) { // cannot happen on text that scan() accepted
                done_ = true;
                return;
            }
            pos_ = *end;
        }

        std::string_view text_;
        grammar::generic_param current_;
        std::size_t pos_ = 0;
        bool done_ = false;
    };

    constexpr iterator begin() const noexcept { return iterator(text_); }
    constexpr iterator end() const noexcept {
        iterator it;
        it.done_ = true;
        return it;
    }
    constexpr bool empty() const noexcept { return text_.empty(); }
    constexpr std::size_t size() const noexcept {
        std::size_t n = 0;
        for (auto it = begin(); it != end(); ++it)
            ++n;
        return n;
    }

    /// The parameters as written, leading ";" included.
    constexpr std::string_view text() const noexcept { return text_; }

    /// The first parameter called `name` (names are case-insensitive, RFC 3261 §7.3.1).
    constexpr std::optional<grammar::generic_param> find(std::string_view name) const noexcept {
        for (const grammar::generic_param& p : *this)
            if (iequals(p.name, name))
                return p;
        return std::nullopt;
    }
    constexpr bool contains(std::string_view name) const noexcept { return find(name).has_value(); }
    /// The value of the first parameter called `name`: "" for a parameter without a value,
    /// nullopt when there is none. A quoted value keeps its quotes.
    constexpr std::optional<std::string_view> value(std::string_view name) const noexcept {
        const auto p = find(name);
        return p ? std::optional<std::string_view>(p->value) : std::nullopt;
    }

    /// Same parameters in the same order; names compare case-insensitively, values exactly.
    friend constexpr bool operator==(const header_parameters& a,
                                     const header_parameters& b) noexcept {
        auto i = a.begin();
        auto j = b.begin();
        for (; i != a.end() && j != b.end(); ++i, ++j)
            if (!iequals(i->name, j->name) || i->has_value != j->has_value || i->value != j->value)
                return false;
        return i == a.end() && j == b.end();
    }

private:
    std::string_view text_;
};

/// Appends the parameters canonically: ";name=value" for each, no whitespace.
inline void serialize_to(std::string& out, const header_parameters& params) {
    for (const grammar::generic_param& p : params) {
        out += ';';
        out += p.name;
        if (p.has_value) {
            out += '=';
            out += p.value;
        }
    }
}

} // namespace sipkit
