// libFuzzer target: parse_message (RFC 3261 §7 message syntax, §18.3 datagram framing).
//
// Every input is parsed twice, with the default limits and with tiny ones. Invariants
// checked (abort on violation, so libFuzzer keeps the input):
//   - an error's offset lies within the input;
//   - every view of a parsed message lies inside the input (and is read in full, so ASan
//     sees any view that points outside it);
//   - a message accepted under tiny limits is accepted, equal, under the default ones;
//   - parse(serialize(m)) is same_message to m for every header_name_form, and serializing
//     that reparse gives the same bytes again.
//
// Build:  clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
//             fuzz/fuzz_parse_message.cpp -o /tmp/fuzz-parse
// Run:    /tmp/fuzz-parse -dict=fuzz/fuzz-parse-message.dict -max_len=8192 \
//             /tmp/corpus fuzz/corpus/fuzz-parse-message
#include <sipkit/sipkit.hpp>

#include "fuzz_support.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

const char* const fuzz_support::target_name = "fuzz_parse_message";

namespace {

using fuzz_support::fail;
using fuzz_support::sink;
using fuzz_support::touch;

std::size_t touch_all(std::string_view in, const sipkit::message_view& m) {
    std::size_t sum = touch(in, m.bytes(), "bytes() outside the input");
    sum += touch(in, m.start_line(), "start_line() outside the input");
    sum += touch(in, m.method(), "method() outside the input");
    sum += touch(in, m.request_uri(), "request_uri() outside the input");
    sum += touch(in, m.version(), "version() outside the input");
    sum += touch(in, m.body(), "body() outside the input");
    if (m.offset() > in.size())
        fail("offset() past the end", in);
    for (const sipkit::header_field h : m.headers()) {
        sum += touch(in, h.name, "header name outside the input");
        sum += touch(in, h.value, "header value outside the input");
        if (h.offset > in.size())
            fail("header offset past the end", in);
        for (const std::string_view e : sipkit::comma_values(h.value))
            sum += touch(in, e, "comma value outside");
    }
    // Indexed access must agree with the linear list.
    for (std::size_t i = 0; i < m.header_count(); ++i) {
        const sipkit::header_field h = m.header(i);
        const auto f =
            m.find(h.id == sipkit::header_id::other ? h.name : sipkit::canonical_name(h.id));
        if (!f)
            fail("find() misses a header that is there", in);
    }
    return sum;
}

// Limits large enough that serializing (which may lengthen names and lines) never trips them.
constexpr sipkit::parse_limits roomy{std::size_t{1} << 24, sipkit::message_view::capacity,
                                     std::size_t{1} << 24, std::size_t{1} << 24};

void round_trip(std::string_view in, const sipkit::message_view& m) {
    using sipkit::header_name_form;
    for (const header_name_form form : {header_name_form::long_form, header_name_form::compact_form,
                                        header_name_form::as_received}) {
        const std::string wire = sipkit::serialize(m, {form});
        const auto again = sipkit::parse_message(wire, roomy);
        if (!again)
            fail("serialize() output does not parse", in);
        if (!sipkit::same_message(m, *again))
            fail("parse(serialize(m)) is not same_message to m", in);
        if (sipkit::serialize(*again, {form}) != wire)
            fail("serialize is not idempotent", in);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);

    const auto full = sipkit::parse_message(in);
    if (!full) {
        if (full.error().offset > in.size())
            fail("error offset past the end (default limits)", in);
    } else {
        sink = touch_all(in, *full);
        round_trip(in, *full);
    }

    constexpr sipkit::parse_limits tiny{256, 4, 64, 32};
    const auto small = sipkit::parse_message(in, tiny);
    if (!small) {
        if (small.error().offset > in.size())
            fail("error offset past the end (tiny limits)", in);
    } else {
        sink = touch_all(in, *small);
        if (!full)
            fail("accepted under tiny limits but rejected under the default ones", in);
        if (!sipkit::same_message(*small, *full))
            fail("tiny and default limits parse differently", in);
        round_trip(in, *small);
    }
    return 0;
}
