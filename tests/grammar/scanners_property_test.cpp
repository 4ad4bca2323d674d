// Properties of the RFC 3261 §25.1 scanners: they never read past the end of their input, and
// each one matches exactly the text its rule generates.
#include <sipkit/grammar/scanners.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include "grammar_generators.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace g = sipkit::grammar;
using namespace sipkit_test;

namespace {

/// Strings made mostly of the octets the scanners branch on, so that random input gets
/// into their inner loops: separators, quotes, escapes, line breaks, brackets, hex digits,
/// UTF-8 lead and continuation octets.
rc::Gen<std::string> gen_scanner_soup() {
    return rc::gen::weightedOneOf<std::string>({
        {1, gen_bytes(64)},
        {3, rc::gen::exec([] {
             const auto n = *rc::gen::inRange(0, 48);
             std::string s;
             for (int i = 0; i < n; ++i)
                 s += *rc::gen::weightedOneOf<std::string>({
                     {6,
                      rc::gen::map(rc::gen::elementOf(std::string(" \t\r\n\"\\<>;,=:[].%/-aZ09fF")),
                                   [](char c) { return std::string(1, c); })},
                     {1, gen_utf8_nonascii()},
                     {1, rc::gen::map(gen_byte(), [](char c) { return std::string(1, c); })},
                     {1, gen_token(1, 4)},
                 });
             return s;
         })},
    });
}

template <class R>
void check_result(const R& r, std::size_t pos, std::size_t size) {
    if (r) {
        RC_ASSERT(*r >= pos);
        RC_ASSERT(*r <= size);
    } else {
        RC_ASSERT(r.error().offset <= size);
    }
}

/// Runs every scanner at every position of `s`, checking each answer lies in [pos, size].
void scan_everywhere(std::string_view s) {
    const std::size_t size = s.size();
    for (std::size_t pos = 0; pos <= size; ++pos) {
        for (const std::size_t end :
             {g::scan_token(s, pos), g::scan_word(s, pos), g::scan_digits(s, pos),
              g::skip_wsp(s, pos), g::skip_lws(s, pos), g::skip_sws(s, pos),
              g::scan_separator(s, pos, ';'), g::scan_separator(s, pos, ','),
              g::scan_separator(s, pos, '='), g::scan_separator(s, pos, ':')}) {
            RC_ASSERT(end >= pos);
            RC_ASSERT(end <= size);
        }
        RC_ASSERT(pos + g::line_break_at(s, pos) <= size);
        if (pos < size)
            RC_ASSERT(pos + g::utf8_nonascii_length(s, pos) <= size);
        check_result(g::scan_text_utf8_trim(s, pos), pos, size);
        check_result(g::scan_quoted_string(s, pos), pos, size);
        std::uint16_t port = 0;
        check_result(g::scan_port(s, pos, port), pos, size);
        if (const auto h = g::scan_host(s, pos)) {
            RC_ASSERT(h->end > pos);
            RC_ASSERT(h->end <= size);
        } else {
            RC_ASSERT(h.error().offset <= size);
        }
        g::generic_param param;
        check_result(g::scan_generic_param(s, pos, param), pos, size);
        const auto params = g::scan_generic_params(s, pos, [&](const g::generic_param& p) {
            RC_ASSERT(view_within(s, p.name));
            RC_ASSERT((p.has_value ? view_within(s, p.value) : p.value.empty()));
        });
        check_result(params, pos, size);
    }
}

// Octets that end a token / host without being part of it.
rc::Gen<std::string> gen_terminator() {
    return rc::gen::element<std::string>("", " ", ";", ",", ":5060", ">", "\r\n", "?x=1", "/",
                                         "\"");
}

} // namespace

TEST_CASE("RFC 3261 §25.1: no scanner reads past the end of its input",
          "[property][scanners][robustness]") {
    rc::prop("every scanner at every position of a random string stays within [pos, size]", [] {
        const std::string text = *gen_scanner_soup();
        const exact_buffer buffer(text); // ASan: one octet past the end is unaddressable
        scan_everywhere(buffer.view());
    });
}

TEST_CASE("RFC 3261 §25.1: scan_token matches a whole token and stops at the first other octet",
          "[property][scanners]") {
    rc::prop("scan_token(prefix + token + terminator, prefix size) ends after the token", [] {
        const std::string prefix = *rc::gen::element<std::string>("", " ", "INVITE ", ";");
        const std::string token = *gen_token(1, 24);
        const exact_buffer buffer(prefix + token + *gen_terminator());
        RC_ASSERT(g::scan_token(buffer.view(), prefix.size()) == prefix.size() + token.size());
        // Every token character is a word character too (RFC 3261 §25.1 word).
        RC_ASSERT(g::scan_word(buffer.view(), prefix.size()) >= prefix.size() + token.size());
    });
}

TEST_CASE("RFC 3261 §25.1: a quoted-string built by escaping any content is scanned whole",
          "[property][scanners]") {
    rc::prop("scan_quoted_string(quote(content) + rest) ends after the closing DQUOTE", [] {
        const std::string content = *rc::gen::oneOf(gen_bytes(40), gen_text(20));
        const std::string quoted = quote(content);
        const std::string prefix = *rc::gen::element<std::string>("", "realm=", " ");
        const std::string rest =
            *rc::gen::element<std::string>("", ";tag=1", ", next", " <sip:a>", "\"", "\\");
        const exact_buffer buffer(prefix + quoted + rest);
        const auto r = g::scan_quoted_string(buffer.view(), prefix.size());
        if (!r)
            RC_FAIL(std::string("rejected: ") + r.error().name() + " at " +
                    std::to_string(r.error().offset));
        RC_ASSERT(*r == prefix.size() + quoted.size());
    });
    rc::prop("a quoted-string cut before its closing DQUOTE is unterminated, never overrun", [] {
        const std::string quoted = quote(*gen_bytes(40));
        const auto cut = *rc::gen::inRange<std::size_t>(1, quoted.size());
        const exact_buffer buffer(std::string_view(quoted).substr(0, cut));
        const auto r = g::scan_quoted_string(buffer.view(), 0);
        RC_ASSERT(!r);
    });
}

TEST_CASE("RFC 3261 §25.1: generated hosts scan whole, with the right kind",
          "[property][scanners]") {
    const auto check_host = [](const std::string& host, g::host_kind kind) {
        const std::string prefix = *rc::gen::element<std::string>("", "sip:", "alice@");
        const exact_buffer buffer(prefix + host + *gen_terminator());
        const auto r = g::scan_host(buffer.view(), prefix.size());
        if (!r)
            RC_FAIL(std::string("rejected: ") + r.error().name() + " at " +
                    std::to_string(r.error().offset));
        RC_ASSERT(r->end == prefix.size() + host.size());
        RC_ASSERT(r->kind == kind);
    };
    rc::prop("hostname = *( domainlabel \".\" ) toplabel [ \".\" ]",
             [&] { check_host(*gen_hostname(), g::host_kind::hostname); });
    rc::prop("IPv4address = 1*3DIGIT 3( \".\" 1*3DIGIT )",
             [&] { check_host(*gen_ipv4(), g::host_kind::ipv4); });
    rc::prop("IPv6reference in every compressed form, with and without an embedded IPv4address",
             [&] { check_host(*gen_ipv6_reference(), g::host_kind::ipv6); });
}

TEST_CASE("RFC 3261 §25.1: port = 1*DIGIT scans to its value up to 65535 and fails above",
          "[property][scanners]") {
    rc::prop("scan_port(to_string(n)) == n for n <= 65535, port_invalid above", [] {
        const auto n = *rc::gen::inRange<std::uint32_t>(0, 200000);
        const std::string digits =
            std::string(static_cast<std::size_t>(*rc::gen::inRange(0, 3)), '0') + std::to_string(n);
        const exact_buffer buffer(digits + *gen_terminator());
        std::uint16_t port = 0;
        const auto r = g::scan_port(buffer.view(), 0, port);
        if (n <= 65535) {
            RC_ASSERT(r.has_value());
            RC_ASSERT(*r == digits.size());
            RC_ASSERT(port == n);
        } else {
            RC_ASSERT(!r);
            RC_ASSERT(r.error().code == sipkit::errc::port_invalid);
        }
    });
}

TEST_CASE("RFC 3261 §25.1: generic-params scan back to the names and values they were written from",
          "[property][scanners]") {
    rc::prop(
        "*( SEMI generic-param ) with token, host and quoted-string values and SWS around "
        "separators",
        [] {
            struct param {
                std::string name;
                std::string value;
                bool has_value;
            };
            const auto count = *rc::gen::inRange(0, 6);
            std::vector<param> params;
            std::string text;
            for (int i = 0; i < count; ++i) {
                param p{*gen_token(1, 10), {}, *rc::gen::inRange(0, 3) != 0};
                if (p.has_value)
                    p.value = *rc::gen::oneOf(
                        gen_token(1, 12), gen_ipv6_reference(),
                        rc::gen::map(gen_text(12), [](const std::string& s) { return quote(s); }));
                text += *rc::gen::element<std::string>("", " ", "\r\n ") + ";" +
                        *rc::gen::element<std::string>("", " ") + p.name;
                if (p.has_value)
                    text += *rc::gen::element<std::string>("=", " = ", "=\r\n\t") + p.value;
                params.push_back(p);
            }
            const std::string rest = *rc::gen::element<std::string>("", ",", ">", "\r\n", "?");
            const exact_buffer buffer(text + rest);
            std::vector<param> seen;
            const auto r = g::scan_generic_params(buffer.view(), 0, [&](const g::generic_param& p) {
                seen.push_back({std::string(p.name), std::string(p.value), p.has_value});
            });
            if (!r)
                RC_FAIL(std::string("rejected: ") + r.error().name() + " at " +
                        std::to_string(r.error().offset));
            RC_ASSERT(*r == text.size());
            RC_ASSERT(seen.size() == params.size());
            for (std::size_t i = 0; i < params.size(); ++i) {
                RC_ASSERT(seen[i].name == params[i].name);
                RC_ASSERT(seen[i].has_value == params[i].has_value);
                RC_ASSERT(seen[i].value == params[i].value);
            }
        });
}

TEST_CASE("RFC 3261 §25.1: TEXT-UTF8-TRIM ends at the last TEXT-UTF8char, before trailing LWS",
          "[property][scanners]") {
    rc::prop("words of TEXT-UTF8char joined by LWS scan to the end of the last word", [] {
        const auto word = rc::gen::exec([] {
            const auto n = *rc::gen::inRange(1, 6);
            std::string w;
            for (int i = 0; i < n; ++i)
                w += *rc::gen::oneOf(
                    rc::gen::map(rc::gen::inRange(0x21, 0x7f),
                                 [](int c) { return std::string(1, static_cast<char>(c)); }),
                    gen_utf8_nonascii());
            return w;
        });
        const auto lws = rc::gen::element<std::string>(" ", "\t", "  ", "\r\n ", " \r\n\t");
        const auto words = *rc::gen::nonEmpty(rc::gen::container<std::vector<std::string>>(word));
        std::string text;
        for (std::size_t i = 0; i < words.size(); ++i)
            text += (i > 0 ? *lws : std::string()) + words[i];
        const std::string tail =
            *rc::gen::element<std::string>("", " ", "\r\n", " \r\n", "\t\r\nX:");
        const exact_buffer buffer(text + tail);
        const auto r = g::scan_text_utf8_trim(buffer.view(), 0);
        RC_ASSERT(r.has_value());
        RC_ASSERT(*r == text.size());
    });
}
