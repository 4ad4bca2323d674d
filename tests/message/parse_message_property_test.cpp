// Properties of parse_message, serialize and comma_values over generated messages and
// near-messages (RFC 3261 §7, §7.3.1, §18.3).
#include <sipkit/sipkit.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include "message_generators.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

using namespace sipkit_test;
using sipkit::header_id;
using sipkit::header_name_form;

namespace {

constexpr header_name_form all_forms[] = {
    header_name_form::long_form, header_name_form::compact_form, header_name_form::as_received};

constexpr sipkit::parse_limits tiny_limits{256, 4, 64, 32};

// Limits that serializing cannot trip (names and lines may grow), for reparsing output.
constexpr sipkit::parse_limits roomy_limits{std::size_t{1} << 24, sipkit::message_view::capacity,
                                            std::size_t{1} << 24, std::size_t{1} << 24};

std::string describe(const sipkit::error& e) {
    return std::string(e.name()) + " at offset " + std::to_string(e.offset);
}

/// The wire form serialize must write for `g` with names as received: start line, each
/// field as `name: value` with folds turned into one SP, the empty line, the body.
std::string expected_serialization(const generated_message& g) {
    std::string out = g.start_line() + "\r\n";
    for (const generated_header& h : g.headers)
        out += h.name + ": " + unfold(h.value) + "\r\n";
    return out + "\r\n" + g.body;
}

/// Every view of `m` lies inside `in`; reads each of them in full (so ASan checks them).
void check_views_inside(std::string_view in, const sipkit::message_view& m) {
    std::size_t sum = 0;
    const auto touch = [&](std::string_view v) {
        RC_ASSERT(view_within(in, v));
        for (const char c : v)
            sum += static_cast<unsigned char>(c);
    };
    touch(m.bytes());
    touch(m.start_line());
    touch(m.method());
    touch(m.request_uri());
    touch(m.version());
    touch(m.reason_phrase());
    touch(m.body());
    RC_ASSERT(m.offset() <= in.size());
    RC_ASSERT(m.header_count() <= sipkit::message_view::capacity);
    for (const sipkit::header_field h : m.headers()) {
        touch(h.name);
        touch(h.value);
        RC_ASSERT(h.offset <= in.size());
        for (const std::string_view e : sipkit::comma_values(h.value))
            touch(e);
    }
    RC_ASSERT(sum < ~std::size_t{0}); // keep the reads
}

/// parse(serialize(m)) == m for every name form, and serialize is idempotent.
void check_round_trip(const sipkit::message_view& m) {
    for (const header_name_form form : all_forms) {
        const std::string wire = sipkit::serialize(m, {form});
        const auto again = sipkit::parse_message(wire, roomy_limits);
        if (!again)
            RC_FAIL("serialize() output does not parse: " + describe(again.error()) + "\n" + wire);
        RC_ASSERT(sipkit::same_message(m, *again));
        RC_ASSERT(sipkit::serialize(*again, {form}) == wire);
    }
}

/// Whatever the input, parse_message returns, with an in-range error offset, or a message
/// whose views all lie in the input and that survives serialize + reparse.
void check_any_input(std::string_view bytes, const sipkit::parse_limits& limits) {
    const exact_buffer buffer(bytes);
    const std::string_view in = buffer.view();
    const auto r = sipkit::parse_message(in, limits);
    if (!r) {
        RC_ASSERT(r.error().offset <= in.size());
        return;
    }
    check_views_inside(in, *r);
    check_round_trip(*r);
}

// ---- near-messages -------------------------------------------------------------------------

/// Byte-level mutations of a valid message: flip, insert, delete, truncate, duplicate a
/// line, inject CR / LF / NUL.
rc::Gen<std::string> gen_mutated_message() {
    return rc::gen::exec([] {
        std::string s = (*gen_message()).wire;
        const auto n = *rc::gen::inRange(1, 5);
        for (int i = 0; i < n; ++i) {
            const auto at = *rc::gen::inRange<std::size_t>(0, s.size() + 1);
            switch (*rc::gen::inRange(0, 6)) {
                case 0:
                    if (at < s.size())
                        s[at] = static_cast<char>(s[at] ^ *rc::gen::inRange(1, 256));
                    break;
                case 1:
                    s.insert(at, *gen_bytes(4));
                    break;
                case 2:
                    s.erase(at, static_cast<std::size_t>(*rc::gen::inRange(1, 9)));
                    break;
                case 3:
                    s.resize(at);
                    break;
                case 4: {
                    const auto b = s.rfind('\n', at == 0 ? 0 : at - 1);
                    const std::size_t line = b == std::string::npos ? 0 : b + 1;
                    const auto e = s.find('\n', line);
                    const std::string copy =
                        s.substr(line, e == std::string::npos ? std::string::npos : e - line + 1);
                    s.insert(line, copy);
                    break;
                }
                default:
                    s.insert(at,
                             *rc::gen::element<std::string>("\r", "\n", std::string(1, '\0'),
                                                            "\r\n", "\r\n ", "\r\n\r\n", ":", " "));
                    break;
            }
        }
        return s;
    });
}

/// Random concatenations of SIP fragments and arbitrary octets: garbage that gets past the
/// first few checks more often than uniform bytes do.
rc::Gen<std::string> gen_sip_soup() {
    return rc::gen::exec([] {
        const auto n = *rc::gen::inRange(0, 40);
        std::string s;
        for (int i = 0; i < n; ++i)
            s += *rc::gen::weightedOneOf<std::string>({
                {4, rc::gen::element<std::string>(
                        "SIP/2.0", "INVITE", " ", "\t", "\r\n", "\n", "\r", ":", "sip:a@b",
                        "Content-Length", "l", "v", "Via", "0", "12", "\r\n ", "\"", "\\", "<", ">",
                        ",", ";", "200", "SIP/2.0 ", std::string(1, '\0'))},
                {1, gen_token(1, 6)},
                {1, gen_bytes(3)},
            });
        return s;
    });
}

} // namespace

TEST_CASE(
    "RFC 3261 §7: a generated message parses to the start line, fields and body it was built from",
    "[property][parse_message]") {
    rc::prop("parse_message(wire(g)) reports g's method, URI, status, reason, names, ids, values "
             "and body",
             [](const generated_message& g) {
                 const exact_buffer buffer(g.wire);
                 const auto r = sipkit::parse_message(buffer.view());
                 if (!r)
                     RC_FAIL("a valid message was rejected: " + describe(r.error()));
                 const sipkit::message_view& m = *r;

                 RC_ASSERT(m.offset() == g.start);
                 RC_ASSERT(std::string(m.bytes()) == std::string(g.framed()));
                 RC_ASSERT(std::string(m.start_line()) == g.start_line());
                 RC_ASSERT(std::string(m.version()) == g.version);
                 RC_ASSERT(m.is_sip_2_0() == sipkit::iequals(g.version, "SIP/2.0"));
                 if (g.request) {
                     RC_ASSERT(m.is_request());
                     RC_ASSERT(std::string(m.method()) == g.method);
                     RC_ASSERT(std::string(m.request_uri()) == g.uri);
                     RC_ASSERT(m.status_code() == 0);
                 } else {
                     RC_ASSERT(m.is_response());
                     RC_ASSERT(m.status_code() == g.status);
                     RC_ASSERT(std::string(m.reason_phrase()) == g.reason);
                     RC_ASSERT(m.method().empty());
                 }

                 RC_ASSERT(m.header_count() == g.headers.size());
                 for (std::size_t i = 0; i < g.headers.size(); ++i) {
                     const generated_header& e = g.headers[i];
                     const sipkit::header_field h = m.header(i);
                     RC_ASSERT(std::string(h.name) == e.name);
                     RC_ASSERT(static_cast<int>(h.id) == static_cast<int>(e.id));
                     RC_ASSERT(std::string(h.value) == e.value);
                     RC_ASSERT(h.folded == (e.value.find('\n') != std::string::npos));
                     RC_ASSERT(h.offset == e.offset);
                     if (e.id != header_id::other)
                         RC_ASSERT(std::string(h.canonical_name()) ==
                                   std::string(sipkit::canonical_name(e.id)));
                     // Indexed lookups find the same fields, in order, under either name form.
                     std::size_t expected = 0;
                     for (const generated_header& o : g.headers)
                         expected += e.id == header_id::other ? sipkit::iequals(o.name, e.name)
                                                              : o.id == e.id;
                     RC_ASSERT(m.all(e.name).size() == expected);
                     const auto first = m.find(e.name);
                     RC_ASSERT(first.has_value());
                     RC_ASSERT(first->offset <= h.offset);
                 }

                 RC_ASSERT(std::string(m.body()) == g.body);
                 if (g.has_content_length) {
                     RC_ASSERT(m.content_length().has_value());
                     RC_ASSERT(*m.content_length() == g.body.size());
                 } else {
                     RC_ASSERT(!m.content_length().has_value());
                 }
             });
}

TEST_CASE(
    "RFC 3261 §7.3.1: serialize writes each field as name: value with folds replaced by one SP",
    "[property][serialize]") {
    rc::prop("serialize(parse(wire(g)), as_received) is g's canonical wire form",
             [](const generated_message& g) {
                 const auto r = sipkit::parse_message(g.wire);
                 RC_ASSERT(r.has_value());
                 RC_ASSERT(sipkit::serialize(*r, {header_name_form::as_received}) ==
                           expected_serialization(g));
             });
}

TEST_CASE("RFC 3261 §7.3.1: parse(serialize(m)) is the same message for every header name form",
          "[property][serialize]") {
    rc::prop("parse(serialize(m, form)) is same_message to m, and serialize is idempotent",
             [](const generated_message& g) {
                 const auto r = sipkit::parse_message(g.wire);
                 RC_ASSERT(r.has_value());
                 check_round_trip(*r);
             });
}

TEST_CASE("RFC 3261 §7.3.3: compact and long names serialize to the same message",
          "[property][serialize]") {
    rc::prop("serialize in long and compact form reparse to same_message of each other",
             [](const generated_message& g) {
                 const auto r = sipkit::parse_message(g.wire);
                 RC_ASSERT(r.has_value());
                 const std::string long_wire = sipkit::serialize(*r, {header_name_form::long_form});
                 const std::string compact_wire =
                     sipkit::serialize(*r, {header_name_form::compact_form});
                 const auto a = sipkit::parse_message(long_wire, roomy_limits);
                 const auto b = sipkit::parse_message(compact_wire, roomy_limits);
                 RC_ASSERT(a.has_value());
                 RC_ASSERT(b.has_value());
                 RC_ASSERT(sipkit::same_message(*a, *b));
                 for (std::size_t i = 0; i < a->header_count(); ++i) {
                     const sipkit::header_field h = a->header(i);
                     if (h.id != header_id::other)
                         RC_ASSERT(std::string(h.name) ==
                                   std::string(sipkit::canonical_name(h.id)));
                 }
             });
}

TEST_CASE("RFC 3261 §7: arbitrary octets never crash the parser; errors point inside the input",
          "[property][parse_message][robustness]") {
    rc::prop("random octets: an error with offset <= size, or views inside the input", [] {
        check_any_input(*gen_bytes(300), *rc::gen::element(sipkit::parse_limits{}, tiny_limits));
    });
    rc::prop("random SIP fragments: an error with offset <= size, or views inside the input", [] {
        check_any_input(*gen_sip_soup(), *rc::gen::element(sipkit::parse_limits{}, tiny_limits));
    });
}

TEST_CASE("RFC 3261 §7: mutated messages never crash the parser; what parses round-trips",
          "[property][parse_message][robustness]") {
    rc::prop(
        "flipped, inserted, deleted, truncated, duplicated-line and CR/LF/NUL-injected messages",
        [] {
            check_any_input(*gen_mutated_message(),
                            *rc::gen::element(sipkit::parse_limits{}, tiny_limits));
        });
}

TEST_CASE("RFC 3261 §7: a message within small limits parses the same under the default ones",
          "[property][parse_message][limits]") {
    rc::prop("limits only ever reject, never change a parse", [] {
        constexpr sipkit::parse_limits small_limits{700, 6, 120, 80};
        const auto few = message_options{false, 5};
        const std::string input = *rc::gen::weightedOneOf<std::string>(
            {{3, rc::gen::map(gen_message(few), [](const generated_message& g) { return g.wire; })},
             {1, gen_mutated_message()}});
        const auto small = sipkit::parse_message(input, small_limits);
        const auto full = sipkit::parse_message(input);
        if (!small)
            return; // rejected by a limit, or malformed
        RC_ASSERT(full.has_value());
        RC_ASSERT(sipkit::same_message(*small, *full));
        RC_ASSERT(small->bytes() == full->bytes());
    });
}

// ---- comma_values ------------------------------------------------------------------------

namespace {

// One list element (RFC 3261 §7.3.1 header-value) holding commas only where they do not split:
// inside quoted strings, angle brackets and comments.
rc::Gen<std::string> gen_comma_element() {
    return rc::gen::weightedOneOf<std::string>({
        {1, rc::gen::just(std::string())},
        {3, gen_token(1, 12)},
        {3, gen_name_addr()},
        {2, gen_via()},
        {2, rc::gen::map(gen_text(16), [](const std::string& s) { return quote(s); })},
        {1, rc::gen::map(gen_string_of(std::string(alphanum_chars) + " ,;=", 0, 12),
                         [](const std::string& s) { return "<sip:" + s + "@example.com>"; })},
        {1, rc::gen::map(gen_string_of(std::string(alphanum_chars) + " ,;=", 0, 12),
                         [](const std::string& s) { return "agent/1.0 (" + s + ")"; })},
    });
}

// SWS (RFC 3261 §25.1), folds included.
rc::Gen<std::string> gen_sws() {
    return rc::gen::element<std::string>("", "", " ", "\t", "  ", "\r\n ", " \r\n\t", "\n ");
}

} // namespace

TEST_CASE(
    "RFC 3261 §7.3.1: comma_values splits a list joined with SWS COMMA SWS back into its elements",
    "[property][comma_values]") {
    rc::prop("split(join(elements, SWS \",\" SWS)) == elements", [] {
        const auto count = *rc::gen::inRange<std::size_t>(0, 9);
        const auto elements =
            *rc::gen::container<std::vector<std::string>>(count, gen_comma_element());
        std::string value = *gen_sws();
        for (std::size_t i = 0; i < elements.size(); ++i) {
            if (i > 0)
                value += *gen_sws() + "," + *gen_sws();
            value += elements[i];
        }
        value += *gen_sws();

        std::vector<std::string> split;
        for (const std::string_view e : sipkit::comma_values(value))
            split.emplace_back(e);
        // One empty element is indistinguishable from an empty value: no elements.
        const bool lone_empty = elements.size() == 1 && elements[0].empty();
        RC_ASSERT(split == (lone_empty ? std::vector<std::string>{} : elements));
    });
}
