// grammar::scan_comment and the LWS-as-SP helpers (sipkit/grammar/comment.hpp): RFC 3261 §25.1.
#include <sipkit/grammar/comment.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include "grammar_generators.hpp"

#include <string>
#include <string_view>

using sipkit::errc;
using sipkit::grammar::append_lws_collapsed;
using sipkit::grammar::lws_collapsed_equal;
using sipkit::grammar::scan_comment;

namespace {

/// RFC 3261 §25.1 comment, nesting up to `depth` levels: ctext (ASCII and UTF-8), quoted-pairs
/// of any octet the rule allows, LWS with folds, nested comments.
rc::Gen<std::string> gen_comment(int depth) {
    return rc::gen::exec([depth] {
        std::string out = "(";
        const auto n = *rc::gen::inRange(0, 8);
        for (int i = 0; i < n; ++i) {
            const auto kind = *rc::gen::inRange(0, depth > 0 ? 6 : 5);
            switch (kind) {
                case 0:
                case 1: // ctext = %x21-27 / %x2A-5B / %x5D-7E
                    out += *rc::gen::suchThat(rc::gen::inRange<char>(0x21, 0x7f), [](char c) {
                        return c != '(' && c != ')' && c != '\\';
                    });
                    break;
                case 2: // UTF8-NONASCII
                    out += *sipkit_test::gen_utf8_nonascii();
                    break;
                case 3: // LWS, folded or not
                    out += *rc::gen::element<std::string>(" ", "\t", "  ", "\r\n ", " \r\n\t");
                    break;
                case 4: { // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)
                    out += '\\';
                    out += *rc::gen::suchThat(rc::gen::inRange<char>(0, 0x7f),
                                              [](char c) { return c != '\r' && c != '\n'; });
                    break;
                }
                default:
                    out += *gen_comment(depth - 1);
                    break;
            }
        }
        return out + ")";
    });
}

} // namespace

TEST_CASE("§25.1 comment: RFC 3261's own examples") {
    // §20.41 mpart01 "SIPimp.org/0.2.5 (curses)", §20.33 "120 (I'm in a meeting)"
    for (const std::string_view c : {"(curses)", "(I'm in a meeting)", "()"}) {
        INFO(c);
        const auto end = scan_comment(c, 0);
        REQUIRE(end);
        CHECK(*end == c.size());
    }
}

TEST_CASE("§25.1 comment: nests, and a quoted-pair escapes a parenthesis") {
    const std::string_view s = "(a (b (c)) d) rest";
    const auto end = scan_comment(s, 0);
    REQUIRE(end);
    CHECK(s.substr(0, *end) == "(a (b (c)) d)");

    const std::string_view escaped = R"((a \) b \( c \\))";
    const auto e = scan_comment(escaped, 0);
    REQUIRE(e);
    CHECK(*e == escaped.size());
}

TEST_CASE("§25.1 comment: ctext holds LWS (folded too) and UTF-8") {
    const std::string_view s = "(one\r\n two\t three \xc3\xa9t\xc3\xa9)";
    const auto end = scan_comment(s, 0);
    REQUIRE(end);
    CHECK(*end == s.size());
}

TEST_CASE("§25.1 comment: quoted-pair admits NUL and other control characters") {
    const std::string s("(a\\\0b\\\x7f)", 8);
    const auto end = scan_comment(s, 0);
    REQUIRE(end);
    CHECK(*end == s.size());
}

TEST_CASE("§25.1 comment rejects near-valid input with the error and its offset") {
    struct bad_case {
        std::string_view text;
        errc code;
        std::size_t offset;
    };
    const bad_case cases[] = {
        {"x(a)", errc::token_invalid, 0},                // no "(" at pos
        {"", errc::token_invalid, 0},                    // nothing at all
        {"(a", errc::quoted_string_unterminated, 0},     // never closed
        {"(a (b)", errc::quoted_string_unterminated, 0}, // the outer one never closed
        {"(a\\", errc::quoted_string_unterminated, 0},   // a lone backslash at the end
        {"(a\x01)", errc::quoted_string_invalid, 2},     // CTL outside a quoted-pair
        {"(a\x7f)", errc::quoted_string_invalid, 2},     // DEL
        {"(a\r\nb)", errc::quoted_string_invalid, 2},    // a line break that is no fold
        {"(a\\\r\n b)", errc::quoted_pair_invalid, 2},   // "\" cannot escape CR
        {"(a\\\xc3\xa9)", errc::quoted_pair_invalid, 2}, // nor a non-ASCII octet
        {"(caf\xc3)", errc::utf8_invalid, 4},            // truncated UTF-8
        {"(\xff)", errc::utf8_invalid, 1},               // not UTF-8 at all
    };
    for (const auto& c : cases) {
        INFO(c.text);
        const auto r = scan_comment(c.text, 0);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == c.code);
        CHECK(r.error().offset == c.offset);
    }
}

TEST_CASE("§25.1 comment: any depth is scanned without recursion") {
    const std::string deep = std::string(100000, '(') + std::string(100000, ')');
    const auto end = scan_comment(deep, 0);
    REQUIRE(end);
    CHECK(*end == deep.size());
    CHECK_FALSE(scan_comment(deep.substr(0, deep.size() - 1), 0));
}

TEST_CASE("§25.1 LWS has the semantics of SP: runs collapse to one SP") {
    std::string out;
    append_lws_collapsed(out, "a \r\n  b\t\tc  \r\n \r\n d", false);
    CHECK(out == "a b c d");
    CHECK(lws_collapsed_equal("a \r\n  b", "a b", false));
    CHECK_FALSE(lws_collapsed_equal("ab", "a b", false));
    CHECK_FALSE(lws_collapsed_equal("a b", "a b ", false));
    // With quoted-pairs, "\ " is an escaped SP, kept as written.
    out.clear();
    append_lws_collapsed(out, "(a\\  b)", true);
    CHECK(out == "(a\\  b)");
    CHECK_FALSE(lws_collapsed_equal("(a\\  b)", "(a\\ b)", true));
    out.clear();
    append_lws_collapsed(out, "(a\\  b)", false);
    CHECK(out == "(a\\ b)");
}

TEST_CASE("round trip: a generated comment scans whole; collapsed, it scans and compares equal") {
    rc::prop("comment round trip", [] {
        const std::string comment = *gen_comment(3);
        const std::string suffix = *rc::gen::element<std::string>("", " x", ";p=1", ")");
        const std::string text = comment + suffix;
        const auto end = scan_comment(text, 0);
        RC_ASSERT(end.has_value());
        RC_ASSERT(*end == comment.size());

        std::string written;
        append_lws_collapsed(written, comment, true);
        const auto again = scan_comment(written, 0);
        RC_ASSERT(again.has_value());
        RC_ASSERT(*again == written.size());
        RC_ASSERT(lws_collapsed_equal(comment, written, true));
        std::string twice; // collapsing is idempotent
        append_lws_collapsed(twice, written, true);
        RC_ASSERT(twice == written);
    });
}
