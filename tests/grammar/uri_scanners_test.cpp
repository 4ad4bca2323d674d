// URI character classes and scanners: RFC 3261 §25.1, RFC 3966 §3, RFC 3986 §2-3.
#include <sipkit/grammar/uri_scanners.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

using namespace sipkit::grammar;

namespace {

std::string members(std::uint16_t classes) {
    std::string out;
    for (int i = 0; i < 256; ++i)
        if (is_uri_char(static_cast<char>(i), classes))
            out += static_cast<char>(i);
    return out;
}

const std::string alphanum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

} // namespace

TEST_CASE("RFC 3261 §25.1 user, password, paramchar and hname/hvalue character sets") {
    // Sorted by octet value.
    CHECK(members(uc_user) == "!$&'()*+,-./" + alphanum.substr(0, 10) + ";=?" +
                                  alphanum.substr(10, 26) + "_" + alphanum.substr(36) + "~");
    CHECK(members(uc_password) == "!$&'()*+,-." + alphanum.substr(0, 10) + "=" +
                                      alphanum.substr(10, 26) + "_" + alphanum.substr(36) + "~");
    CHECK(members(uc_paramchar) == "!$&'()*+-./" + alphanum.substr(0, 10) + ":" +
                                       alphanum.substr(10, 26) + "[]_" + alphanum.substr(36) + "~");
    CHECK(members(uc_hnv) == "!$'()*+-./" + alphanum.substr(0, 10) + ":?" +
                                 alphanum.substr(10, 26) + "[]_" + alphanum.substr(36) + "~");
}

TEST_CASE("RFC 3966 §3 phonedigit, phonedigit-hex and visual-separator") {
    CHECK(members(uc_visual_separator) == "()-.");
    CHECK(members(uc_phonedigit) == "()-.0123456789");
    CHECK(members(uc_phonedigit_hex) == "#()*-.0123456789ABCDEFabcdef");
}

TEST_CASE("RFC 3261 §25.1 escaped = \"%\" HEXDIG HEXDIG") {
    CHECK(is_escaped_at("%4a", 0));
    CHECK_FALSE(is_escaped_at("%4", 0));
    CHECK_FALSE(is_escaped_at("%g0", 0));
    CHECK(scan_user("al%69ce@h", 0).value() == 7);
    const auto bad = scan_user("a%zz", 0);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == sipkit::errc::uri_escape_invalid);
    CHECK(bad.error().offset == 1);
    CHECK(scan_password("pw;x", 0).value() == 2);
    CHECK(scan_paramchars("a=b", 0).value() == 1);
    CHECK(scan_hnv("a=b&c", 2).value() == 3);
}

TEST_CASE("RFC 3986 §3.1 scheme = ALPHA *( ALPHA / DIGIT / \"+\" / \"-\" / \".\" )") {
    CHECK(scan_scheme("soap.beep://x", 0) == 9);
    CHECK(scan_scheme("a+b-c.d1:", 0) == 8);
    CHECK(scan_scheme("1abc:", 0) == 0);
    CHECK(scan_scheme("", 0) == 0);
}

TEST_CASE("RFC 3966 §3 global-number-digits and local-number-digits need a digit") {
    CHECK(scan_global_number_digits("+1-201-555-0123;x", 0) == 15);
    CHECK(scan_global_number_digits("+-.()", 0) == 0);
    CHECK(scan_global_number_digits("1", 0) == 0);
    CHECK(scan_local_number_digits("*61#;p", 0) == 4);
    CHECK(scan_local_number_digits("--", 0) == 0);
    CHECK(scan_local_number_digits("-a-", 0) == 3);
}
