// Lazy views over the raw parameter and header sections of a parsed URI: RFC 3261 §25.1
// uri-parameters (";" name ["=" value], also RFC 3966 tel parameters) and headers
// ("?" hname "=" hvalue *( "&" ... )). Nothing is decoded or copied: names and values are the
// escaped text as written, views into the caller's string.
#pragma once

#include <sipkit/grammar/scanners.hpp>
#include <sipkit/uri/escape.hpp>

#include <cstddef>
#include <iterator>
#include <optional>
#include <string_view>

namespace sipkit {

/// One URI parameter: name and value as written (escapes kept); has_value is false for a bare
/// name such as "lr". A parsed URI never holds an empty name, nor "=" with an empty value.
using uri_parameter = grammar::generic_param;

/// One URI header (RFC 3261 §19.1.1 "headers"): hname and hvalue as written (escapes kept).
struct uri_header {
    std::string_view name;
    std::string_view value;
};

namespace detail {

/// A forward range over the items of `text` separated by `sep`, starting with a separator
/// when `leading` is set (";a=b;c") and without one otherwise ("a=b&c=d").
template <class Item, char Sep, bool Leading, class Split>
class split_range {
public:
    class iterator {
    public:
        using value_type = Item;
        using difference_type = std::ptrdiff_t;
        using reference = Item;
        using pointer = void;
        using iterator_category = std::forward_iterator_tag;
        using iterator_concept = std::forward_iterator_tag;

        constexpr iterator() noexcept = default;
        constexpr iterator(std::string_view rest, bool at_end) noexcept
            : rest_(rest), end_(at_end) {
            load();
        }

        constexpr Item operator*() const noexcept { return Split{}(item_); }
        constexpr iterator& operator++() noexcept {
            if (item_.size() >= rest_.size()) {
                end_ = true;
                rest_ = {};
            } else {
                rest_.remove_prefix(item_.size() + 1);
            }
            load();
            return *this;
        }
        constexpr iterator operator++(int) noexcept {
            iterator old = *this;
            ++*this;
            return old;
        }
        friend constexpr bool operator==(const iterator& a, const iterator& b) noexcept {
            return a.end_ == b.end_ && (a.end_ || a.rest_.data() == b.rest_.data());
        }

    private:
        constexpr void load() noexcept {
            if (end_)
                return;
            const std::size_t next = rest_.find(Sep);
            item_ = rest_.substr(0, next);
        }

        std::string_view rest_;
        std::string_view item_;
        bool end_ = true;
    };

    constexpr split_range() noexcept = default;
    constexpr explicit split_range(std::string_view text) noexcept : text_(text) {}

    constexpr iterator begin() const noexcept {
        if (text_.empty())
            return end();
        return iterator(Leading ? text_.substr(1) : text_, false);
    }
    constexpr iterator end() const noexcept { return iterator({}, true); }
    constexpr bool empty() const noexcept { return text_.empty(); }
    /// The raw text the range walks over.
    constexpr std::string_view text() const noexcept { return text_; }

private:
    std::string_view text_;
};

struct split_parameter {
    constexpr uri_parameter operator()(std::string_view item) const noexcept {
        const std::size_t eq = item.find('=');
        if (eq == std::string_view::npos)
            return {item, {}, false};
        return {item.substr(0, eq), item.substr(eq + 1), true};
    }
};

struct split_header {
    constexpr uri_header operator()(std::string_view item) const noexcept {
        const std::size_t eq = item.find('=');
        if (eq == std::string_view::npos)
            return {item, {}};
        return {item.substr(0, eq), item.substr(eq + 1)};
    }
};

} // namespace detail

/// Forward range of uri_parameter over ";name[=value]..." (the leading ";" included).
using uri_parameter_range = detail::split_range<uri_parameter, ';', true, detail::split_parameter>;
/// Forward range of uri_header over "hname=hvalue&..." (without the "?").
using uri_header_range = detail::split_range<uri_header, '&', false, detail::split_header>;

/// The first parameter whose name matches `name`: ASCII case-insensitively, an escaped
/// unreserved character matching its literal (RFC 3261 §19.1.4), so "%6C%72" finds "lr".
constexpr std::optional<uri_parameter> find_uri_parameter(uri_parameter_range params,
                                                          std::string_view name) noexcept {
    for (const uri_parameter p : params)
        if (equivalent_escaped(p.name, name, letter_case::insensitive))
            return p;
    return std::nullopt;
}

/// The first header whose hname matches `name` (case-insensitively, escapes as above).
constexpr std::optional<uri_header> find_uri_header(uri_header_range headers,
                                                    std::string_view name) noexcept {
    for (const uri_header h : headers)
        if (equivalent_escaped(h.name, name, letter_case::insensitive))
            return h;
    return std::nullopt;
}

} // namespace sipkit
