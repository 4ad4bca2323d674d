// result<T>: a value or a sipkit::error, shaped like C++23 std::expected.
#pragma once

#include <sipkit/core/error.hpp>

#include <exception>
#include <type_traits>
#include <utility>
#include <variant>

namespace sipkit {

/// Thrown by result<T>::value() when the result holds an error (the caller asked for exceptions).
class bad_result_access : public std::exception {
public:
    explicit bad_result_access(sipkit::error e) noexcept : error_(e) {}
    const char* what() const noexcept override { return to_string(error_.code); }
    const sipkit::error& error() const noexcept { return error_; }

private:
    sipkit::error error_;
};

/// Tag for constructing a failed result: `return unexpected(errc::x, offset);`.
struct unexpected {
    sipkit::error error;
    constexpr unexpected(errc code, std::size_t offset = 0) noexcept : error{code, offset} {}
    constexpr explicit unexpected(sipkit::error e) noexcept : error(e) {}
};

template <class T>
class [[nodiscard]] result {
public:
    using value_type = T;
    using error_type = sipkit::error;

    template <class U = T>
        requires std::is_constructible_v<T, U&&>
    constexpr result(U&& value) noexcept(std::is_nothrow_constructible_v<T, U&&>)
        : state_(std::in_place_index<0>, std::forward<U>(value)) {}
    constexpr result(unexpected u) noexcept : state_(std::in_place_index<1>, u.error) {}
    template <class... Args>
    constexpr explicit result(std::in_place_t, Args&&... args)
        : state_(std::in_place_index<0>, std::forward<Args>(args)...) {}

    constexpr bool has_value() const noexcept { return state_.index() == 0; }
    constexpr explicit operator bool() const noexcept { return has_value(); }

    constexpr T& value() & { return check(), *std::get_if<0>(&state_); }
    constexpr const T& value() const& { return check(), *std::get_if<0>(&state_); }
    constexpr T&& value() && { return check(), std::move(*std::get_if<0>(&state_)); }

    /// Precondition: has_value().
    constexpr T& operator*() & noexcept { return *std::get_if<0>(&state_); }
    constexpr const T& operator*() const& noexcept { return *std::get_if<0>(&state_); }
    constexpr T&& operator*() && noexcept { return std::move(*std::get_if<0>(&state_)); }
    constexpr T* operator->() noexcept { return std::get_if<0>(&state_); }
    constexpr const T* operator->() const noexcept { return std::get_if<0>(&state_); }

    /// Precondition: !has_value().
    constexpr const sipkit::error& error() const noexcept { return *std::get_if<1>(&state_); }

    template <class U>
    constexpr T value_or(U&& fallback) const& {
        return has_value() ? **this : static_cast<T>(std::forward<U>(fallback));
    }

private:
    constexpr void check() const {
        if (!has_value())
            throw bad_result_access(error());
    }

    std::variant<T, sipkit::error> state_;
};

/// result<void>: success or an error.
template <>
class [[nodiscard]] result<void> {
public:
    using value_type = void;
    using error_type = sipkit::error;

    constexpr result() noexcept = default;
    constexpr result(unexpected u) noexcept : failed_(true), error_(u.error) {}

    constexpr bool has_value() const noexcept { return !failed_; }
    constexpr explicit operator bool() const noexcept { return has_value(); }
    constexpr void value() const {
        if (failed_)
            throw bad_result_access(error_);
    }
    constexpr const sipkit::error& error() const noexcept { return error_; }

private:
    bool failed_ = false;
    sipkit::error error_{};
};

} // namespace sipkit
