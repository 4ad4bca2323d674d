// A counting replacement of the global allocation functions (C++17 [new.delete]), for tests
// and benchmarks that prove a code path does not allocate. Include it in exactly one
// translation unit of a program: it defines the replaceable operator new and delete.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace sipkit_test {

inline std::atomic<std::size_t> allocation_count{0};

/// Allocations made so far by this program.
inline std::size_t allocations() noexcept {
    return allocation_count.load(std::memory_order_relaxed);
}

/// How many allocations f() made.
template <class F>
std::size_t allocations_during(F&& f) {
    const std::size_t before = allocations();
    f();
    return allocations() - before;
}

inline void* counted_alloc(std::size_t n) noexcept {
    allocation_count.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(n == 0 ? 1 : n);
}

inline void* counted_aligned_alloc(std::size_t n, std::align_val_t a) noexcept {
    allocation_count.fetch_add(1, std::memory_order_relaxed);
    const auto align = static_cast<std::size_t>(a);
    const std::size_t size = (n == 0 ? align : (n + align - 1) / align * align);
    return std::aligned_alloc(align, size);
}

// Out of line, so that g++ does not inline the free() into a caller that got its pointer from
// operator new and report a mismatch (-Wmismatched-new-delete): the pair is new -> malloc,
// delete -> free, as the standard allows for replacements.
[[gnu::noinline]] inline void counted_free(void* p) noexcept {
    std::free(p);
}

} // namespace sipkit_test

// g++ -O2 may inline these replacements into their callers and then sees `new` paired with
// free(): the replacements are that pairing's whole point (-Wmismatched-new-delete).
#if defined(__GNUC__) && !defined(__clang__)
#    pragma GCC diagnostic push
#    pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

// ---- the replaced global allocation functions (C++17 [new.delete]) --------------------------

void* operator new(std::size_t n) {
    if (void* p = sipkit_test::counted_alloc(n))
        return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
    if (void* p = sipkit_test::counted_alloc(n))
        return p;
    throw std::bad_alloc();
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    return sipkit_test::counted_alloc(n);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
    return sipkit_test::counted_alloc(n);
}
void* operator new(std::size_t n, std::align_val_t a) {
    if (void* p = sipkit_test::counted_aligned_alloc(n, a))
        return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n, std::align_val_t a) {
    if (void* p = sipkit_test::counted_aligned_alloc(n, a))
        return p;
    throw std::bad_alloc();
}
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
    return sipkit_test::counted_aligned_alloc(n, a);
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
    return sipkit_test::counted_aligned_alloc(n, a);
}
void operator delete(void* p) noexcept {
    sipkit_test::counted_free(p);
}
void operator delete[](void* p) noexcept {
    sipkit_test::counted_free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    sipkit_test::counted_free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    sipkit_test::counted_free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
    sipkit_test::counted_free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
    sipkit_test::counted_free(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
    sipkit_test::counted_free(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
    sipkit_test::counted_free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
    sipkit_test::counted_free(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
    sipkit_test::counted_free(p);
}
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept {
    sipkit_test::counted_free(p);
}
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept {
    sipkit_test::counted_free(p);
}

#if defined(__GNUC__) && !defined(__clang__)
#    pragma GCC diagnostic pop
#endif
