// What the libFuzzer targets share: failing loudly (abort, so libFuzzer keeps the input) and
// "touching" views, which checks that a view lies inside the input and reads every octet of it
// so that ASan sees any view pointing elsewhere.
#pragma once

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace fuzz_support {

// The target's name, for the failure message; each target defines it.
extern const char* const target_name;

[[noreturn]] inline void fail(const char* what, std::string_view input = {}) {
    std::fprintf(stderr, "%s: %s (input %zu bytes)\n", target_name, what, input.size());
    std::abort();
}

// Sums every octet of v after checking that v lies inside `in`.
inline std::size_t touch(std::string_view in, std::string_view v, const char* what) {
    const char* const lo = in.data();
    const char* const hi = in.data() + in.size();
    if (!v.empty() &&
        (v.data() < lo || v.data() > hi || v.size() > static_cast<std::size_t>(hi - v.data())))
        fail(what, in);
    std::size_t sum = 0;
    for (const char c : v)
        sum += static_cast<unsigned char>(c);
    return sum;
}

// Keeps sums alive so the reads are not optimized away.
inline volatile std::size_t sink;

} // namespace fuzz_support
