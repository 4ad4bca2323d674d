// libFuzzer target: every typed header parser (RFC 3261 §20), dispatched on a header name.
//
// Input: "Name:value". The name picks the typed header (long or compact form, any case; an
// unknown name picks one by the first octet, so every parser is reached); the value is trimmed
// the way the message parser trims it, and split on commas for list headers.
//
// Invariants checked (abort on violation, so libFuzzer keeps the input):
//   - an error names the header (its errc is the header's own) and its offset lies within the
//     value;
//   - a parsed value's canonical text (serialize_to) parses again, to an equal value, and
//     serializing that gives the same text (serialize_to is idempotent);
//   - the same input inside a whole message gives the same verdict through message_view::all<H>,
//     and check_typed_headers / validate_request / validate_response never crash.
//
// Build:  clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
//             fuzz/fuzz_typed_headers.cpp -o /tmp/fuzz-typed-headers
// Run:    /tmp/fuzz-typed-headers -dict=fuzz/fuzz-typed-headers.dict -max_len=512 \
//             /tmp/corpus-typed fuzz/corpus/fuzz-typed-headers
#include <sipkit/sipkit.hpp>

#include "fuzz_support.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

const char* const fuzz_support::target_name = "fuzz_typed_headers";

namespace {

using fuzz_support::fail;
using fuzz_support::touch;

// The typed header ids, for picking one when the name is unknown.
constexpr auto typed_ids = [] {
    std::array<sipkit::header_id, sipkit::typed_header_count> ids{};
    std::size_t n = 0;
    for (std::size_t i = 1; i < sipkit::header_id_count; ++i)
        if (sipkit::visit_header_type(static_cast<sipkit::header_id>(i), []<class H>() {}))
            ids[n++] = static_cast<sipkit::header_id>(i);
    return ids;
}();

std::string_view trim(std::string_view s) {
    // As the message parser trims: leading whitespace includes a fold's line break.
    while (!s.empty() &&
           (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
        s.remove_prefix(1);
    while (!s.empty() &&
           (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

template <class H>
bool check_value(std::string_view in, std::string_view value) {
    const auto r = sipkit::parse_header<H>(value);
    if (!r) {
        if (r.error().code != H::invalid && !sipkit::is_typed_header_error(r.error().code))
            fail("an error that does not name the header", in);
        if (r.error().offset > value.size())
            fail("error offset past the end of the value", in);
        return false;
    }
    const std::string text = sipkit::to_string(*r);
    const auto again = sipkit::parse_header<H>(text);
    if (!again)
        fail("serialize_to output does not parse", in);
    if (!(*again == *r))
        fail("parse(serialize(v)) != v", in);
    if (sipkit::to_string(*again) != text)
        fail("serialize_to is not idempotent", in);
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    const std::size_t colon = in.find(':');
    if (colon == std::string_view::npos || colon == 0)
        return 0;
    const std::string_view name = in.substr(0, colon);
    const std::string_view value = trim(in.substr(colon + 1));
    if (value.find('\n') != std::string_view::npos && value.find("\n ") == std::string_view::npos &&
        value.find("\n\t") == std::string_view::npos)
        return 0; // a bare line break would end the header: not a single header value
    sipkit::header_id id = sipkit::lookup_header_name(name);
    if (!sipkit::visit_header_type(id, []<class H>() {}))
        id = typed_ids[static_cast<unsigned char>(name[0]) % typed_ids.size()];

    std::size_t good = 0;
    sipkit::visit_header_type(id, [&]<class H>() {
        if constexpr (H::list) {
            for (const std::string_view element : sipkit::comma_values(value)) {
                fuzz_support::sink = touch(in, element, "comma element outside the input");
                good += check_value<H>(in, element);
            }
        } else {
            good += check_value<H>(in, value);
        }

        // The same value inside a message.
        std::string message = "OPTIONS sip:a@b SIP/2.0\r\n";
        message += sipkit::canonical_name(id);
        message += ": ";
        message += value;
        message += "\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\n"
                   "To: <sip:c@d>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\n\r\n";
        const auto m = sipkit::parse_message(message);
        if (!m)
            return;
        // Compare only when the value survives inside a message unchanged (a bare line break
        // in it would end the field early).
        const auto field = m->find(id);
        if (!field || field->value != value)
            return;
        std::size_t typed_good = 0;
        for (const auto v : m->template all<H>())
            typed_good += v.has_value();
        if (id != sipkit::header_id::via && id != sipkit::header_id::from &&
            id != sipkit::header_id::to && id != sipkit::header_id::call_id &&
            id != sipkit::header_id::cseq && id != sipkit::header_id::content_length &&
            typed_good != good)
            fail("all<H>() and parse_header disagree", in);
        (void)sipkit::check_typed_headers(*m);
        for (const auto role : {sipkit::element_role::uas, sipkit::element_role::proxy,
                                sipkit::element_role::registrar})
            (void)sipkit::validate_request(*m, sipkit::validation_policy::for_role(role));
    });
    return 0;
}
