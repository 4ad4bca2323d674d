// The ABNF character classes of RFC 3261 §25.1 (sipkit/grammar/char_class.hpp), checked
// against the RFC's own lists over all 256 octet values.
#include <sipkit/grammar/char_class.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

namespace g = sipkit::grammar;

namespace {

constexpr bool ascii_alpha(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
constexpr bool ascii_digit(int c) {
    return c >= '0' && c <= '9';
}
constexpr bool listed(int c, std::string_view set) {
    return c >= 0 && c < 0x80 && set.find(static_cast<char>(c)) != std::string_view::npos;
}

// RFC 3261 §25.1, verbatim lists.
constexpr std::string_view token_extra = "-.!%*_+`'~";
constexpr std::string_view word_extra = "-.!%*_+`'~()<>:\\\"/[]?{}";
constexpr std::string_view separators = "()<>@,;:\\\"/[]?={} \t";
constexpr std::string_view mark = "-_.!~*'()";
constexpr std::string_view reserved = ";/?:@&=+$,";

std::string describe(int c) {
    std::string s = "octet 0x";
    constexpr char hex[] = "0123456789ABCDEF";
    s += hex[(c >> 4) & 0xF];
    s += hex[c & 0xF];
    if (c > 0x20 && c < 0x7f) {
        s += " '";
        s += static_cast<char>(c);
        s += "'";
    }
    return s;
}

} // namespace

TEST_CASE("RFC 3261 §25.1 token = 1*(alphanum / \"-\" / \".\" / \"!\" / \"%\" / \"*\" / \"_\" / "
          "\"+\" / \"`\" / \"'\" / \"~\")") {
    // The RFC lists ten characters besides alphanum.
    CHECK(token_extra.size() == 10);
    for (const char c : token_extra) {
        INFO(describe(static_cast<unsigned char>(c)));
        CHECK(g::is_token_char(c));
    }
    for (int c = 0; c < 256; ++c) {
        INFO(describe(c));
        CHECK(g::is_token_char(static_cast<char>(c)) ==
              (ascii_alpha(c) || ascii_digit(c) || listed(c, token_extra)));
    }
}

TEST_CASE("RFC 3261 §25.1 separators are never token characters") {
    CHECK(separators.size() == 19);
    for (const char c : separators) {
        INFO(describe(static_cast<unsigned char>(c)));
        CHECK(g::is_separator(c));
        CHECK_FALSE(g::is_token_char(c));
    }
    for (int c = 0; c < 256; ++c) {
        INFO(describe(c));
        CHECK(g::is_separator(static_cast<char>(c)) == listed(c, separators));
        CHECK_FALSE(
            (g::is_separator(static_cast<char>(c)) && g::is_token_char(static_cast<char>(c))));
    }
}

TEST_CASE("RFC 3261 §25.1 word = 1*(alphanum / token extras / \"(\" / \")\" / \"<\" / \">\" / "
          "\":\" / \"\\\" / DQUOTE / \"/\" / \"[\" / \"]\" / \"?\" / \"{\" / \"}\")") {
    for (int c = 0; c < 256; ++c) {
        INFO(describe(c));
        CHECK(g::is_word_char(static_cast<char>(c)) ==
              (ascii_alpha(c) || ascii_digit(c) || listed(c, word_extra)));
        // Every token character is a word character.
        if (g::is_token_char(static_cast<char>(c)))
            CHECK(g::is_word_char(static_cast<char>(c)));
    }
    // word admits some separators but not "@", which splits a Call-ID (callid = word ["@" word]).
    CHECK(g::is_word_char('<'));
    CHECK(g::is_word_char('"'));
    CHECK_FALSE(g::is_word_char('@'));
    CHECK_FALSE(g::is_word_char(';'));
    CHECK_FALSE(g::is_word_char('='));
    CHECK_FALSE(g::is_word_char(' '));
}

TEST_CASE("RFC 5234 ALPHA, DIGIT, HEXDIG and RFC 3261 alphanum") {
    for (int c = 0; c < 256; ++c) {
        INFO(describe(c));
        const char ch = static_cast<char>(c);
        CHECK(g::is_alpha(ch) == ascii_alpha(c));
        CHECK(g::is_digit(ch) == ascii_digit(c));
        CHECK(g::is_alphanum(ch) == (ascii_alpha(c) || ascii_digit(c)));
        CHECK(g::is_hex(ch) == (ascii_digit(c) || listed(c, "abcdefABCDEF")));
    }
}

TEST_CASE("hex_value gives 0-15 for HEXDIG in either case and -1 for anything else") {
    CHECK(g::hex_value('0') == 0);
    CHECK(g::hex_value('9') == 9);
    CHECK(g::hex_value('a') == 10);
    CHECK(g::hex_value('A') == 10);
    CHECK(g::hex_value('f') == 15);
    CHECK(g::hex_value('F') == 15);
    for (int c = 0; c < 256; ++c) {
        INFO(describe(c));
        const char ch = static_cast<char>(c);
        if (g::is_hex(ch)) {
            CHECK(g::hex_value(ch) >= 0);
            CHECK(g::hex_value(ch) <= 15);
        } else {
            CHECK(g::hex_value(ch) == -1);
        }
    }
}

TEST_CASE("RFC 5234 WSP = SP / HTAB; CTL = %x00-1F / %x7F") {
    for (int c = 0; c < 256; ++c) {
        INFO(describe(c));
        const char ch = static_cast<char>(c);
        CHECK(g::is_wsp(ch) == (c == ' ' || c == '\t'));
        CHECK(g::is_ctl(ch) == (c < 0x20 || c == 0x7f));
    }
    // CR and LF are CTLs, not WSP: a line break is never whitespace by itself.
    CHECK(g::is_ctl('\r'));
    CHECK(g::is_ctl('\n'));
    CHECK_FALSE(g::is_wsp('\r'));
    CHECK_FALSE(g::is_wsp('\n'));
}

TEST_CASE("RFC 3261 §25.1 unreserved = alphanum / mark; reserved = \";\" / \"/\" / \"?\" / \":\" / "
          "\"@\" / \"&\" / \"=\" / \"+\" / \"$\" / \",\"") {
    for (int c = 0; c < 256; ++c) {
        INFO(describe(c));
        const char ch = static_cast<char>(c);
        CHECK(g::is_unreserved(ch) == (ascii_alpha(c) || ascii_digit(c) || listed(c, mark)));
        CHECK(g::is_reserved(ch) == listed(c, reserved));
        CHECK_FALSE((g::is_reserved(ch) && g::is_unreserved(ch)));
    }
    // "%" is neither: it only appears as part of an escaped octet.
    CHECK_FALSE(g::is_unreserved('%'));
    CHECK_FALSE(g::is_reserved('%'));
}

TEST_CASE("octets above 0x7F belong to no ASCII class (UTF-8 is handled by the scanners)") {
    for (int c = 0x80; c < 256; ++c) {
        INFO(describe(c));
        const char ch = static_cast<char>(c);
        CHECK_FALSE(g::is_token_char(ch));
        CHECK_FALSE(g::is_word_char(ch));
        CHECK_FALSE(g::is_separator(ch));
        CHECK_FALSE(g::is_alphanum(ch));
        CHECK_FALSE(g::is_hex(ch));
        CHECK_FALSE(g::is_unreserved(ch));
        CHECK_FALSE(g::is_reserved(ch));
        CHECK_FALSE(g::is_ctl(ch));
        CHECK_FALSE(g::is_wsp(ch));
    }
}

TEST_CASE("the character classes are usable in constant expressions") {
    STATIC_REQUIRE(g::is_token_char('~'));
    STATIC_REQUIRE_FALSE(g::is_token_char('@'));
    STATIC_REQUIRE(g::is_separator('\t'));
    STATIC_REQUIRE(g::is_word_char('}'));
    STATIC_REQUIRE(g::hex_value('c') == 12);
    STATIC_REQUIRE(g::is(' ', g::cc_wsp | g::cc_separator));
}
