// libFuzzer target: message_builder::build(), which lays out the parsed view of what it wrote
// instead of parsing it, against parse_message of the same text.
//
// Input: a flags octet, then lines split on LF: the first is the start line's parts ("METHOD
// URI" for a request, "REASON" for a response, whose status is the next two octets), every
// later line "name:value" a header field (added by header_id when the flags say so and the name
// is known), and a line starting with "#" the body (its Content-Type, when the flags ask for
// one, is "text/plain" or empty). Names and values keep whatever octets they hold: CR, SP, empty
// values, non-token names, so every path of build() is reached, the parser fallback included.
//
// Invariants checked (abort on violation, so libFuzzer keeps the input):
//   - build() and std::move(copy).build() agree: both fail with the same error, or both make
//     the same message;
//   - when they make one, its bytes are str() and its view is parse_message(str())'s, field for
//     field (tests/support/view_difference.hpp), under the same limits, and every view lies in
//     the message's bytes.
//
// Build:  clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
//             fuzz/fuzz_message_builder.cpp -o /tmp/fuzz-message-builder
// Run:    /tmp/fuzz-message-builder -max_len=1024 /tmp/corpus-builder
// fuzz/corpus/fuzz-message-builder
#include <sipkit/sipkit.hpp>

#include "../tests/support/view_difference.hpp"
#include "fuzz_support.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

const char* const fuzz_support::target_name = "fuzz_message_builder";

namespace {

using fuzz_support::fail;
using fuzz_support::touch;

// The next line of `in` from `at` (without its LF); `at` moves past it.
std::string_view next_line(std::string_view in, std::size_t& at) {
    const std::size_t end = std::min(in.find('\n', at), in.size());
    const std::string_view line = in.substr(at, end - at);
    at = end < in.size() ? end + 1 : in.size();
    return line;
}

sipkit::message_builder make_builder(std::string_view in, std::uint8_t flags) {
    std::size_t at = 0;
    const bool request = (flags & 1) != 0;
    sipkit::message_builder b = [&] {
        if (request) {
            const std::string_view line = next_line(in, at);
            const std::size_t sp = std::min(line.find(' '), line.size());
            return sipkit::message_builder::request(line.substr(0, sp),
                                                    line.substr(std::min(sp + 1, line.size())));
        }
        int status = 200;
        if (in.size() >= 2) {
            status = static_cast<unsigned char>(in[0]) * 256 + static_cast<unsigned char>(in[1]);
            status = 50 + status % 700; // mostly 100..699, some outside
            at = 2;
        }
        return sipkit::message_builder::response(status, next_line(in, at));
    }();
    const bool by_id = (flags & 2) != 0;
    while (at < in.size()) {
        const std::string_view line = next_line(in, at);
        if (!line.empty() && line[0] == '#') {
            if ((flags & 4) != 0)
                b.body((flags & 0x10) != 0 ? "" : "text/plain", line.substr(1));
            else
                b.body(line.substr(1));
            continue;
        }
        const std::size_t colon = std::min(line.find(':'), line.size());
        const std::string_view name = line.substr(0, colon);
        const std::string_view value = line.substr(std::min(colon + 1, line.size()));
        const sipkit::header_id id = sipkit::lookup_header_name(name);
        if (by_id && id != sipkit::header_id::other)
            b.add(id, value);
        else
            b.add(name, value);
    }
    return b;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0 || size > 4096)
        return 0;
    const auto flags = static_cast<std::uint8_t>(data[0]);
    const std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
    sipkit::parse_limits limits;
    if ((flags & 8) != 0) { // tight limits now and then: the layout must leave them to the parser
        limits.max_message_size = 64 + (flags >> 4) * 40;
        limits.max_header_count = 1 + (flags >> 4);
        limits.max_header_line_length = 8 + (flags >> 4) * 6;
        limits.max_header_value_length = 1 + (flags >> 4) * 5;
    }

    const sipkit::message_builder b = make_builder(in, flags);
    const std::string wire = b.str();
    const auto built = b.build(limits);
    sipkit::message_builder copy = b;
    const auto moved = std::move(copy).build(limits);
    if (built.has_value() != moved.has_value())
        fail("build() and std::move(b).build() disagree on success", in);
    if (!built) {
        if (!(built.error() == moved.error()))
            fail("build() and std::move(b).build() fail differently", in);
        return 0;
    }
    const auto parsed = sipkit::parse_message(wire, limits);
    if (!parsed)
        fail("build() made a message that parse_message(str()) rejects", in);
    for (const auto* m : {&*built, &*moved}) {
        if ((*m)->bytes() != wire || m->bytes() != wire)
            fail("built bytes differ from str()", in);
        if (!sipkit_test::view_difference(m->view(), *parsed).empty())
            fail("built view differs from parse_message(str())", in);
        const std::string_view all = m->bytes();
        std::size_t sum = touch(all, (*m)->start_line(), "start line");
        for (const sipkit::header_field f : (*m)->headers())
            sum += touch(all, f.name, "name") + touch(all, f.value, "value");
        sum += touch(all, (*m)->body(), "body");
        fuzz_support::sink = sum;
    }
    return 0;
}
