// view_difference: two parsed messages compared field for field, for the tests and fuzz
// targets that check one way of making a message_view against parse_message.
#pragma once

#include <sipkit/message/header_name.hpp>
#include <sipkit/message/message_view.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sipkit_test {

// Every observable part of two views, compared exactly: start line, each field (name, value,
// id, folded, offsets), each known header's chain, framing and body. Returns what differs
// first, or "" when nothing does.
inline std::string view_difference(const sipkit::message_view& built,
                                   const sipkit::message_view& parsed) {
    if (built.bytes() != parsed.bytes() || built.offset() != parsed.offset())
        return "bytes";
    if (built.kind() != parsed.kind() || built.start_line() != parsed.start_line() ||
        built.method() != parsed.method() || built.request_uri() != parsed.request_uri() ||
        built.version() != parsed.version() || built.status_code() != parsed.status_code() ||
        built.reason_phrase() != parsed.reason_phrase())
        return "start line";
    if (built.header_count() != parsed.header_count())
        return "header count";
    const auto at = [](const sipkit::message_view& m, std::string_view part) {
        return part.data() - m.bytes().data();
    };
    for (std::size_t i = 0; i < built.header_count(); ++i) {
        const sipkit::header_field a = built.header(i);
        const sipkit::header_field b = parsed.header(i);
        if (a.name != b.name || a.value != b.value || at(built, a.value) != at(parsed, b.value) ||
            a.id != b.id || a.folded != b.folded || a.offset != b.offset)
            return "header " + std::to_string(i) + " (" + std::string(b.name) + ")";
    }
    for (std::size_t k = 0; k < sipkit::header_id_count; ++k) {
        const auto id = static_cast<sipkit::header_id>(k);
        std::vector<std::size_t> x, y;
        for (const sipkit::header_field f : built.all(id))
            x.push_back(f.offset);
        for (const sipkit::header_field f : parsed.all(id))
            y.push_back(f.offset);
        if (x != y)
            return "the chain of " + std::string(sipkit::canonical_name(id));
    }
    if (built.content_length() != parsed.content_length() || built.body() != parsed.body() ||
        at(built, built.body()) != at(parsed, parsed.body()))
        return "body";
    return {};
}

} // namespace sipkit_test
