// One scanner per RFC 3261 §25.1 ABNF rule (sipkit/grammar/scanners.hpp): where each match
// ends, and for the failing ones, which error and at which offset.
#include <sipkit/grammar/scanners.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace g = sipkit::grammar;
using sipkit::errc;
using namespace std::string_view_literals;

namespace {

// The end of a scan that must succeed, or a failing check naming the error.
template <class R>
std::size_t ok_end(const R& r) {
    if (!r)
        FAIL("unexpected error " << r.error().name() << " at offset " << r.error().offset);
    return *r;
}

struct host_result {
    bool ok = false;
    std::size_t end = 0;
    g::host_kind kind = g::host_kind::hostname;
    sipkit::error error{};
};

host_result host(std::string_view s, std::size_t pos = 0) {
    const auto r = g::scan_host(s, pos);
    if (!r)
        return {false, 0, {}, r.error()};
    return {true, r->end, r->kind, {}};
}

struct param {
    std::string name;
    std::string value;
    bool has_value;
    bool operator==(const param&) const = default;
};

std::ostream& operator<<(std::ostream& os, const param& p) {
    return os << p.name << (p.has_value ? "=" + p.value : std::string{});
}

struct params_result {
    sipkit::result<std::size_t> end;
    std::vector<param> params;
};

params_result params(std::string_view s, std::size_t pos = 0) {
    std::vector<param> out;
    auto end = g::scan_generic_params(s, pos, [&](const g::generic_param& p) {
        out.push_back({std::string(p.name), std::string(p.value), p.has_value});
    });
    return {end, out};
}

} // namespace

// ---- token, word, DIGIT, WSP ---------------------------------------------------------------

TEST_CASE("RFC 3261 §25.1 token: scan_token stops at the first non-token octet") {
    CHECK(g::scan_token("INVITE sip:a@b SIP/2.0", 0) == 6);
    CHECK(g::scan_token("z9hG4bK-.!%*_+`'~x;", 0) == 18);
    CHECK(g::scan_token("a;b", 2) == 3);        // from the middle, to the end
    CHECK(g::scan_token("Via: x", 0) == 3);     // ':' is a separator
    CHECK(g::scan_token("<sip:x>", 0) == 0);    // no match returns pos
    CHECK(g::scan_token("ab\xC3\xA9", 0) == 2); // UTF-8 is not token
    CHECK(g::scan_token("abc", 3) == 3);        // at the end: no match
    for (const char sep : "()<>@,;:\\\"/[]?={} \t"sv) {
        const std::string s = std::string("tok") + sep + "x";
        INFO(s);
        CHECK(g::scan_token(s, 0) == 3);
    }
}

TEST_CASE(
    "RFC 3261 §25.1 word (Call-ID): scan_word takes the extra word characters but stops at \"@\"") {
    constexpr std::string_view callid = "f81d4fae-7dec(11d0)<a765>:\"00\"/[c9]?{1e}@foo.bar.com";
    CHECK(g::scan_word(callid, 0) == callid.find('@'));
    CHECK(g::scan_word(callid, callid.find('@') + 1) == callid.size());
    CHECK(g::scan_word("a b", 0) == 1);
    CHECK(g::scan_word(";x", 0) == 0);
}

TEST_CASE("DIGIT and WSP runs: scan_digits and skip_wsp") {
    CHECK(g::scan_digits("5060;transport", 0) == 4);
    CHECK(g::scan_digits("x1", 0) == 0);
    CHECK(g::scan_digits("x1", 1) == 2);
    CHECK(g::skip_wsp(" \t x", 0) == 3);
    CHECK(g::skip_wsp("x", 0) == 0);
    CHECK(g::skip_wsp(" \r\n x", 0) == 1); // a line break is not WSP
}

// ---- line breaks, LWS, SWS ------------------------------------------------------------------

TEST_CASE("line_break_at: CRLF is 2, a bare LF 1 (accepted leniently), a lone CR 0") {
    CHECK(g::line_break_at("\r\nx", 0) == 2);
    CHECK(g::line_break_at("\nx", 0) == 1);
    CHECK(g::line_break_at("\rx", 0) == 0);
    CHECK(g::line_break_at("\r", 0) == 0);
    CHECK(g::line_break_at("x\r\n", 1) == 2);
    CHECK(g::line_break_at("x", 1) == 0); // at the end
}

TEST_CASE("RFC 3261 §25.1 LWS = [*WSP CRLF] 1*WSP: whitespace, with at most one fold") {
    CHECK(g::skip_lws(" x", 0) == 1);
    CHECK(g::skip_lws(" \t x", 0) == 3);
    CHECK(g::skip_lws("\r\n x", 0) == 3); // CRLF then WSP: a fold
    CHECK(g::skip_lws("\r\n\tx", 0) == 3);
    CHECK(g::skip_lws("  \r\n   x", 0) == 7); // WSP, CRLF, WSP
    CHECK(g::skip_lws("\n x", 0) == 2);       // bare LF accepted as the line break
    CHECK(g::skip_lws("a \r\n b", 1) == 5);   // from the middle
}

TEST_CASE("RFC 3261 §25.1 LWS: a CRLF not followed by WSP is not LWS (it ends the line)") {
    CHECK(g::skip_lws("\r\nx", 0) == 0);
    CHECK(g::skip_lws("\r\n", 0) == 0);
    CHECK(g::skip_lws("\r\n\r\n", 0) == 0);
    // WSP before such a CRLF is LWS on its own; the CRLF is left in place.
    CHECK(g::skip_lws("  \r\nx", 0) == 2);
    CHECK(g::skip_lws(" \r\n", 0) == 1);
    // One LWS holds one line break: a second fold is a second LWS.
    CHECK(g::skip_lws("\r\n \r\n x", 0) == 3);
    CHECK(g::skip_lws("x", 0) == 0); // none at all returns pos
}

TEST_CASE("RFC 3261 §25.1 SWS = [LWS]: optional, so no whitespace is a match of length 0") {
    CHECK(g::skip_sws("x", 0) == 0);
    CHECK(g::skip_sws(" x", 0) == 1);
    CHECK(g::skip_sws("\r\n x", 0) == 3);
    CHECK(g::skip_sws("\r\nx", 0) == 0);
}

TEST_CASE("RFC 3261 §25.1 SEMI, COLON, EQUAL ... = SWS c SWS: scan_separator") {
    CHECK(g::scan_separator(";x", 0, ';') == 1);
    CHECK(g::scan_separator(" ; x", 0, ';') == 3);
    CHECK(g::scan_separator(" \r\n ;\r\n\tx", 0, ';') == 8); // folds on both sides
    CHECK(g::scan_separator(" = x", 0, '=') == 3);
    CHECK(g::scan_separator(" , x", 0, ';') == 0); // another separator: no match, pos
    CHECK(g::scan_separator("a ; b", 1, ';') == 4);
    CHECK(g::scan_separator(";", 0, ';') == 1); // at the end of input
    CHECK(g::scan_separator("", 0, ';') == 0);
    CHECK(g::scan_separator("x;", 1, ';') == 2);
    CHECK(g::scan_separator(";;", 0, ';') == 1);    // one separator only
    CHECK(g::scan_separator("; ", 0, ';') == 2);    // trailing SWS up to the end
    CHECK(g::scan_separator(";\x01", 0, ';') == 1); // a control octet is not LWS
    CHECK(g::scan_separator("\x01;", 0, ';') == 0);
    CHECK(g::scan_separator(" x", 0, ';') == 0);    // LWS, then no separator: pos
    CHECK(g::scan_separator("\r\n;", 0, ';') == 0); // CRLF without WSP is not LWS
}

TEST_CASE("RFC 3261 §25.1 1*DIGIT: scan_number reads every digit and stops at its maximum") {
    const auto value = [](std::string_view s, std::uint64_t max) {
        const auto r = g::scan_number(s, 0, max);
        if (!r)
            FAIL("unexpected error " << r.error().name() << " at offset " << r.error().offset);
        return std::pair{r->value, r->end};
    };
    CHECK(value("65535", 65535) == std::pair<std::uint64_t, std::size_t>{65535, 5});
    CHECK(value("0004294967295x", 0xffffffffu) ==
          std::pair<std::uint64_t, std::size_t>{4294967295u, 13}); // RFC 4475 §3.1.1.1
    CHECK(value("18446744073709551615", ~std::uint64_t{0}) ==
          std::pair<std::uint64_t, std::size_t>{~std::uint64_t{0}, 20});
    CHECK(value("0", 0) == std::pair<std::uint64_t, std::size_t>{0, 1});
    const auto error = [](std::string_view s, std::uint64_t max) {
        const auto r = g::scan_number(s, 0, max);
        return r ? sipkit::error{} : r.error();
    };
    CHECK(error("65536", 65535) == sipkit::error{errc::number_out_of_range, 0});
    CHECK(error("4294967296", 0xffffffffu) == sipkit::error{errc::number_out_of_range, 0});
    CHECK(error("18446744073709551616", ~std::uint64_t{0}) ==
          sipkit::error{errc::number_out_of_range, 0});
    CHECK(error("99999999999999999999999", 255) == sipkit::error{errc::number_out_of_range, 0});
    CHECK(error("5", 3) == sipkit::error{errc::number_out_of_range, 0});
    CHECK(error("x1", 9) == sipkit::error{errc::number_invalid, 0});
}

// ---- UTF-8 and TEXT-UTF8-TRIM ---------------------------------------------------------------

TEST_CASE(
    "RFC 3261 §25.1 UTF8-NONASCII: 2-, 3- and 4-octet sequences, continuation octets checked") {
    CHECK(g::utf8_nonascii_length("\xC3\xA9", 0) == 2);         // é
    CHECK(g::utf8_nonascii_length("\xE2\x82\xAC", 0) == 3);     // €
    CHECK(g::utf8_nonascii_length("\xF0\x9F\x98\x80", 0) == 4); // 😀
    CHECK(g::utf8_nonascii_length("x\xD0\x9F", 1) == 2);        // Cyrillic П, from the middle
    CHECK(g::utf8_nonascii_length("a", 0) == 0);                // ASCII is not UTF8-NONASCII
    CHECK(g::utf8_nonascii_length("\x80", 0) == 0);             // a lone continuation octet
    CHECK(g::utf8_nonascii_length("\xBF", 0) == 0);
    CHECK(g::utf8_nonascii_length("\xC3", 0) == 0); // truncated
    CHECK(g::utf8_nonascii_length("\xE2\x82", 0) == 0);
    CHECK(g::utf8_nonascii_length("\xC3(", 0) == 0);        // ASCII where UTF8-CONT belongs
    CHECK(g::utf8_nonascii_length("\xE2\x82\xC3", 0) == 0); // lead octet where UTF8-CONT belongs
    CHECK(g::utf8_nonascii_length("\xFE\x80", 0) == 0);     // never a lead octet
    CHECK(g::utf8_nonascii_length("\xFF", 0) == 0);
}

TEST_CASE("RFC 3261 §25.1 TEXT-UTF8-TRIM: visible text with inner LWS, trailing LWS excluded") {
    CHECK(ok_end(g::scan_text_utf8_trim("Hello world", 0)) == 11);
    CHECK(ok_end(g::scan_text_utf8_trim("Hello world  \r\n", 0)) == 11);
    CHECK(ok_end(g::scan_text_utf8_trim("a \r\n b\r\nNext", 0)) == 6); // inner fold is part of it
    CHECK(ok_end(g::scan_text_utf8_trim("a\r\nb", 0)) == 1);           // CRLF without WSP ends it
    CHECK(ok_end(g::scan_text_utf8_trim("ab\x01"
                                        "cd",
                                        0)) == 2);                  // a CTL ends it
    CHECK(ok_end(g::scan_text_utf8_trim("x: Busy Here", 3)) == 12); // from the middle
}

TEST_CASE("RFC 3261 §25.1 TEXT-UTF8-TRIM starts with a TEXT-UTF8char: leading LWS is no match") {
    CHECK(ok_end(g::scan_text_utf8_trim(" x", 0)) == 0);
    CHECK(ok_end(g::scan_text_utf8_trim("\r\n x", 0)) == 0);
    CHECK(ok_end(g::scan_text_utf8_trim("", 0)) == 0);
    CHECK(ok_end(g::scan_text_utf8_trim("\x01", 0)) == 0);
}

TEST_CASE("RFC 3261 §25.1 TEXT-UTF8-TRIM: valid 2-, 3- and 4-octet UTF-8 is text") {
    // "Привет" (Cyrillic, 2-octet), "€ 5" (3-octet), "ok 😀" (4-octet)
    constexpr std::string_view cyrillic = "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82";
    CHECK(ok_end(g::scan_text_utf8_trim(cyrillic, 0)) == cyrillic.size());
    CHECK(ok_end(g::scan_text_utf8_trim("\xE2\x82\xAC 5", 0)) == 5);
    CHECK(ok_end(g::scan_text_utf8_trim("ok \xF0\x9F\x98\x80  ", 0)) == 7);
}

TEST_CASE(
    "RFC 3261 §25.1 TEXT-UTF8-TRIM: malformed UTF-8 fails with utf8_invalid at the bad sequence") {
    const auto lone = g::scan_text_utf8_trim("ab\x80"
                                             "cd",
                                             0);
    REQUIRE_FALSE(lone);
    CHECK(lone.error() == sipkit::error{errc::utf8_invalid, 2});

    const auto bad_cont = g::scan_text_utf8_trim("Hi \xC3(", 0);
    REQUIRE_FALSE(bad_cont);
    CHECK(bad_cont.error() == sipkit::error{errc::utf8_invalid, 3});

    const auto truncated = g::scan_text_utf8_trim("abc \xE2\x82", 0);
    REQUIRE_FALSE(truncated);
    CHECK(truncated.error() == sipkit::error{errc::utf8_invalid, 4});

    const auto first = g::scan_text_utf8_trim("xx\xFF", 2);
    REQUIRE_FALSE(first);
    CHECK(first.error() == sipkit::error{errc::utf8_invalid, 2});
}

// ---- quoted-string --------------------------------------------------------------------------

TEST_CASE("RFC 3261 §25.1 quoted-string: from the opening DQUOTE to after the closing one") {
    CHECK(ok_end(g::scan_quoted_string(R"("abc")", 0)) == 5);
    CHECK(ok_end(g::scan_quoted_string(R"("")", 0)) == 2);
    CHECK(ok_end(g::scan_quoted_string(R"(x="Bob" <sip:b@x>)", 2)) == 7);
    CHECK(ok_end(g::scan_quoted_string(R"("a;b,c=<d>" rest)", 0)) == 11); // separators are qdtext
    CHECK(ok_end(g::scan_quoted_string("\"a \t b\"", 0)) == 7);
}

TEST_CASE("RFC 3261 §25.1 quoted-pair = \"\\\" (%x00-09 / %x0B-0C / %x0E-7F): escaped quote and "
          "backslash") {
    CHECK(ok_end(g::scan_quoted_string(R"("a\"b")", 0)) == 6); // \" does not close
    CHECK(ok_end(g::scan_quoted_string(R"("a\\")", 0)) == 5);  // \\ then the closing quote
    CHECK(ok_end(g::scan_quoted_string(R"("\\\"")", 0)) == 6);
    CHECK(ok_end(g::scan_quoted_string(R"("\x")", 0)) == 4);    // any ASCII may be escaped
    CHECK(ok_end(g::scan_quoted_string("\"\\\x01\"", 0)) == 4); // even a control character
    CHECK(ok_end(g::scan_quoted_string(std::string_view("\"\\\0\"", 4), 0)) == 4); // and NUL
}

TEST_CASE("RFC 3261 §25.1 quoted-string without its closing DQUOTE is quoted_string_unterminated "
          "at the opening one") {
    const auto r = g::scan_quoted_string(R"(To: "abc)", 4);
    REQUIRE_FALSE(r);
    CHECK(r.error() == sipkit::error{errc::quoted_string_unterminated, 4});

    const auto escaped_close = g::scan_quoted_string(R"("abc\")", 0); // the last quote is escaped
    REQUIRE_FALSE(escaped_close);
    CHECK(escaped_close.error() == sipkit::error{errc::quoted_string_unterminated, 0});

    const auto trailing_backslash = g::scan_quoted_string(R"("abc\)", 0);
    REQUIRE_FALSE(trailing_backslash);
    CHECK(trailing_backslash.error().code == errc::quoted_string_unterminated);
}

TEST_CASE("RFC 3261 §25.1 quoted-pair excludes CR and LF: quoted_pair_invalid at the backslash") {
    const auto cr = g::scan_quoted_string("\"ab\\\r\n x\"", 0);
    REQUIRE_FALSE(cr);
    CHECK(cr.error() == sipkit::error{errc::quoted_pair_invalid, 3});

    const auto lf = g::scan_quoted_string("\"\\\nx\"", 0);
    REQUIRE_FALSE(lf);
    CHECK(lf.error() == sipkit::error{errc::quoted_pair_invalid, 1});

    const auto high = g::scan_quoted_string("\"\\\xC3\xA9\"", 0); // %x80 and up is not in %x0E-7F
    REQUIRE_FALSE(high);
    CHECK(high.error() == sipkit::error{errc::quoted_pair_invalid, 1});
}

TEST_CASE(
    "RFC 3261 §25.1 qdtext excludes raw CTLs: quoted_string_invalid at the control character") {
    const auto ctl = g::scan_quoted_string("\"a\x01"
                                           "b\"",
                                           0);
    REQUIRE_FALSE(ctl);
    CHECK(ctl.error() == sipkit::error{errc::quoted_string_invalid, 2});

    const auto nul = g::scan_quoted_string(std::string_view("x \"a\0\"", 6), 2);
    REQUIRE_FALSE(nul);
    CHECK(nul.error() == sipkit::error{errc::quoted_string_invalid, 4});

    const auto del = g::scan_quoted_string("\"\x7f\"", 0);
    REQUIRE_FALSE(del);
    CHECK(del.error() == sipkit::error{errc::quoted_string_invalid, 1});

    // A line break is allowed only as part of LWS (a fold); a bare CRLF is not qdtext.
    const auto bare = g::scan_quoted_string("\"a\r\nb\"", 0);
    REQUIRE_FALSE(bare);
    CHECK(bare.error() == sipkit::error{errc::quoted_string_invalid, 2});
    CHECK(ok_end(g::scan_quoted_string("\"a\r\n b\"", 0)) == 7);
}

TEST_CASE("RFC 3261 §25.1 qdtext admits UTF8-NONASCII") {
    CHECK(ok_end(g::scan_quoted_string("\"\xD0\x9F\xD1\x80\xD0\xB8\" <", 0)) == 8);
    CHECK(ok_end(g::scan_quoted_string("\"\xF0\x9F\x98\x80\"", 0)) == 6);
}

TEST_CASE("scan_quoted_string must start at a DQUOTE: token_invalid otherwise") {
    const auto r = g::scan_quoted_string("abc", 0);
    REQUIRE_FALSE(r);
    CHECK(r.error() == sipkit::error{errc::token_invalid, 0});
    const auto at_end = g::scan_quoted_string("ab", 2);
    REQUIRE_FALSE(at_end);
    CHECK(at_end.error() == sipkit::error{errc::token_invalid, 2});
}

// ---- host -----------------------------------------------------------------------------------

TEST_CASE("RFC 3261 §25.1 hostname = *(domainlabel \".\") toplabel [\".\"]") {
    auto h = host("example.com");
    CHECK((h.ok && h.end == 11 && h.kind == g::host_kind::hostname));
    h = host("example.com."); // the optional trailing dot
    CHECK((h.ok && h.end == 12));
    h = host("a-b.ex--ample.com"); // "-" inside labels, even doubled
    CHECK((h.ok && h.end == 17));
    h = host("123.com"); // a domainlabel may start with a digit
    CHECK((h.ok && h.end == 7));
    h = host("x");
    CHECK((h.ok && h.end == 1));
    h = host("sip:atlanta.com:5060;lr", 4); // stops at the port, offsets are absolute
    CHECK((h.ok && h.end == 15));
    h = host("host_name"); // "_" is not a hostname character: the match stops
    CHECK((h.ok && h.end == 4));
}

TEST_CASE("RFC 3261 §25.1 toplabel = ALPHA / ALPHA *(alphanum / \"-\") alphanum") {
    for (const std::string_view bad :
         {"example.123", "1.2.3", "-a.com", "a-.com", "example.com-", "", ".com", "[x"}) {
        INFO(bad);
        const auto h = host(bad);
        CHECK_FALSE(h.ok);
        CHECK(h.error == sipkit::error{errc::host_invalid, 0});
    }
    const auto h = host("sip:-x", 4);
    CHECK(h.error == sipkit::error{errc::host_invalid, 4});
}

TEST_CASE("RFC 3261 §25.1 IPv4address = 1*3DIGIT \".\" 1*3DIGIT \".\" 1*3DIGIT \".\" 1*3DIGIT, "
          "each at most 255") {
    auto h = host("192.0.2.1");
    CHECK((h.ok && h.end == 9 && h.kind == g::host_kind::ipv4));
    h = host("255.255.255.255");
    CHECK((h.ok && h.end == 15 && h.kind == g::host_kind::ipv4));
    h = host("0.0.0.0:5060");
    CHECK((h.ok && h.end == 7 && h.kind == g::host_kind::ipv4));
    h = host("192.0.2.1.example.com"); // digits-first labels, but a hostname after all
    CHECK((h.ok && h.end == 21 && h.kind == g::host_kind::hostname));
    for (const std::string_view bad :
         {"256.1.1.1", "1.2.3.256", "999.0.0.1", "1234.1.1.1", "1.2.3"}) {
        INFO(bad);
        CHECK_FALSE(host(bad).ok);
    }
}

TEST_CASE("RFC 3261 §25.1 IPv6reference = \"[\" IPv6address \"]\"") {
    struct row {
        std::string_view text;
        std::size_t end;
    };
    for (const row r : {row{"[2001:db8:0:0:0:0:0:1]", 22},  // full, eight groups
                        row{"[2001:DB8::1]", 13},           // compressed, upper-case hex
                        row{"[::1]", 5},                    // leading ::
                        row{"[::]", 4},                     // the unspecified address
                        row{"[fe80::]", 8},                 // trailing ::
                        row{"[1:2:3:4:5:6:7::]", 17},       // :: standing for one group
                        row{"[::ffff:192.0.2.1]", 18},      // embedded IPv4, compressed
                        row{"[1:2:3:4:5:6:192.0.2.1]", 23}, // embedded IPv4, six groups
                        row{"[::1]:5060", 5}}) {            // stops after "]"
        INFO(r.text);
        const auto h = host(r.text);
        CHECK(h.ok);
        CHECK(h.end == r.end);
        CHECK(h.kind == g::host_kind::ipv6);
    }
}

TEST_CASE("RFC 3261 §25.1 IPv6reference: malformed addresses are host_invalid at the \"[\"") {
    for (const std::string_view bad : {
             "[1:2:3:4:5:6:7:8:9]",     // too many groups
             "[1:2:3:4:5:6:7]",         // too few without ::
             "[1:2:3:4:5:6:7::8]",      // :: plus eight groups
             "[1::2::3]",               // two ::
             "[::1",                    // missing ]
             "[2001:db8::1",            // missing ]
             "[12345::1]",              // five hex digits in a group
             "[:1]",                    // a single leading colon
             "[1:]",                    // a single trailing colon
             "[]",                      // empty
             "[1:2:3:4:5:192.0.2.1]",   // five groups before an embedded IPv4
             "[1:2:3:4:5:6:7:1.2.3.4]", // seven groups before an embedded IPv4
             "[::256.1.1.1]",           // embedded IPv4 out of range
             "[g::1]",                  // not hex
         }) {
        INFO(bad);
        const auto h = host(bad);
        CHECK_FALSE(h.ok);
        CHECK(h.error == sipkit::error{errc::host_invalid, 0});
    }
    const auto h = host("sip:[::1", 4);
    CHECK(h.error == sipkit::error{errc::host_invalid, 4});
}

// ---- port -----------------------------------------------------------------------------------

TEST_CASE("RFC 3261 §25.1 port = 1*DIGIT, 0 to 65535") {
    std::uint16_t port = 1;
    CHECK(ok_end(g::scan_port("0", 0, port)) == 1);
    CHECK(port == 0);
    CHECK(ok_end(g::scan_port("65535", 0, port)) == 5);
    CHECK(port == 65535);
    CHECK(ok_end(g::scan_port("x:5060;lr", 2, port)) == 6);
    CHECK(port == 5060);
    CHECK(ok_end(g::scan_port("00080", 0, port)) == 5); // leading zeros
    CHECK(port == 80);
}

TEST_CASE("RFC 3261 §25.1 port: 65536 and up, or no digits, are port_invalid at the port") {
    std::uint16_t port = 7;
    for (const std::string_view bad : {"65536", "70000", "99999999999999999999", "", ";", "-1"}) {
        INFO(bad);
        const auto r = g::scan_port(bad, 0, port);
        REQUIRE_FALSE(r);
        CHECK(r.error() == sipkit::error{errc::port_invalid, 0});
    }
    CHECK(port == 7); // untouched on failure
    const auto r = g::scan_port("host:65536", 5, port);
    REQUIRE_FALSE(r);
    CHECK(r.error().offset == 5);
}

// ---- generic-param --------------------------------------------------------------------------

TEST_CASE("RFC 3261 §25.1 generic-param = token [EQUAL gen-value], gen-value = token / host / "
          "quoted-string") {
    g::generic_param p;
    CHECK(ok_end(g::scan_generic_param("lr", 0, p)) == 2);
    CHECK(p.name == "lr");
    CHECK_FALSE(p.has_value);
    CHECK(p.value.empty());

    CHECK(ok_end(g::scan_generic_param("branch=z9hG4bK776;x", 0, p)) == 17);
    CHECK(p.name == "branch");
    CHECK(p.has_value);
    CHECK(p.value == "z9hG4bK776");

    CHECK(ok_end(g::scan_generic_param("received=192.0.2.1", 0, p)) == 18);
    CHECK(p.value == "192.0.2.1");

    CHECK(ok_end(g::scan_generic_param(R"(text="a;b")", 0, p)) == 10);
    CHECK(p.value == R"("a;b")"); // quotes kept

    CHECK(ok_end(g::scan_generic_param("maddr=[2001:db8::1]", 0, p)) == 19);
    CHECK(p.value == "[2001:db8::1]");

    CHECK(ok_end(g::scan_generic_param("q = 0.5", 0, p)) == 7); // EQUAL = SWS "=" SWS
    CHECK(p.value == "0.5");
}

TEST_CASE("RFC 3261 §25.1 *(SEMI generic-param): ;a;b=c;d=\"q;x\";e=[::1]") {
    const std::string_view s = R"(;a;b=c;d="q;x";e=[::1])";
    const auto r = params(s);
    CHECK(ok_end(r.end) == s.size());
    CHECK(r.params ==
          std::vector<param>{
              {"a", "", false}, {"b", "c", true}, {"d", R"("q;x")", true}, {"e", "[::1]", true}});
}

TEST_CASE("RFC 3261 §25.1 SEMI = SWS \";\" SWS: whitespace and folds around the separators") {
    const std::string_view s = "sip:x ;lr ; transport = tcp\r\n ;\tttl=1>";
    const auto r = params(s, 5);
    CHECK(ok_end(r.end) == s.size() - 1); // stops at ">"
    CHECK(r.params ==
          std::vector<param>{{"lr", "", false}, {"transport", "tcp", true}, {"ttl", "1", true}});

    const auto none = params("a, b", 1); // no SEMI: zero parameters, end = pos
    CHECK(ok_end(none.end) == 1);
    CHECK(none.params.empty());

    const auto stop = params(";a=b c", 0); // the list ends before " c"
    CHECK(ok_end(stop.end) == 4);
}

TEST_CASE(
    "RFC 3261 §25.1 generic-param: a dangling \";\" or a missing value is parameter_invalid") {
    const auto dangling = params(";a;", 0);
    REQUIRE_FALSE(dangling.end);
    CHECK(dangling.end.error() == sipkit::error{errc::parameter_invalid, 3});
    CHECK(dangling.params.size() == 1); // "a" was visited before the failure

    const auto dangling_ws = params(";a; ", 0); // offset after SEMI's trailing SWS
    REQUIRE_FALSE(dangling_ws.end);
    CHECK(dangling_ws.end.error() == sipkit::error{errc::parameter_invalid, 4});

    const auto double_semi = params(";;a", 0);
    REQUIRE_FALSE(double_semi.end);
    CHECK(double_semi.end.error() == sipkit::error{errc::parameter_invalid, 1});

    const auto no_value = params(";a=", 0);
    REQUIRE_FALSE(no_value.end);
    CHECK(no_value.end.error() == sipkit::error{errc::parameter_invalid, 3});

    const auto bad_value = params(";a=;b", 0);
    REQUIRE_FALSE(bad_value.end);
    CHECK(bad_value.end.error() == sipkit::error{errc::parameter_invalid, 3});
}

TEST_CASE("RFC 3261 §25.1 gen-value errors come from the quoted-string and host scanners") {
    const auto quote = params(R"(;a="x)", 0);
    REQUIRE_FALSE(quote.end);
    CHECK(quote.end.error() == sipkit::error{errc::quoted_string_unterminated, 3});

    const auto v6 = params(";maddr=[::1", 0);
    REQUIRE_FALSE(v6.end);
    CHECK(v6.end.error() == sipkit::error{errc::host_invalid, 7});
}

TEST_CASE("the scanners are usable in constant expressions") {
    STATIC_REQUIRE(g::scan_token("INVITE sip:x", 0) == 6);
    STATIC_REQUIRE(g::skip_lws("\r\n x", 0) == 3);
    STATIC_REQUIRE(*g::scan_quoted_string(R"("a\"b")", 0) == 6);
    STATIC_REQUIRE(g::scan_host("[::1]", 0)->end == 5);
}
