// URI escaping: RFC 3261 §19.1.2 (what must be escaped), §19.1.4 (escaped equivalence),
// RFC 3986 §2.1, §6.2.2 (hex case, percent-encoding normalization).
#include <sipkit/uri/escape.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

using namespace std::string_view_literals;
using sipkit::equivalent_escaped;
using sipkit::escape_rule;
using sipkit::letter_case;
using sipkit::uri_component;

TEST_CASE("RFC 3261 §19.1.2 unescape decodes every escape once") {
    std::string out;
    REQUIRE(sipkit::unescape("sips%3Auser%40example.com", out));
    CHECK(out == "sips:user@example.com");
    out.clear();
    // RFC 4475 §3.1.1.3: n%61me=v%61lue%25%34%31 decodes to value%41, not valueA.
    REQUIRE(sipkit::unescape("v%61lue%25%34%31", out));
    CHECK(out == "value%41");
}

TEST_CASE("RFC 4475 §3.1.1.4 %00 decodes to a NUL octet that does not end the string") {
    std::string out;
    REQUIRE(sipkit::unescape("null-%00-null", out));
    CHECK(out == std::string("null-\0-null", 11));
    std::string one;
    std::string two;
    REQUIRE(sipkit::unescape("%00", one));
    REQUIRE(sipkit::unescape("%00%00", two));
    CHECK(one != two);
    CHECK_FALSE(equivalent_escaped("%00", "%00%00"));
}

TEST_CASE(
    "RFC 3261 §25.1 escaped = % HEXDIG HEXDIG; anything else fails and leaves the output alone") {
    std::string out = "kept";
    const auto r = sipkit::unescape("ab%G1", out);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == sipkit::errc::uri_escape_invalid);
    CHECK(r.error().offset == 2);
    CHECK(out == "kept");
    CHECK_FALSE(sipkit::unescape("%", out));
    CHECK_FALSE(sipkit::unescape("%4", out));
    CHECK(sipkit::is_valid_escaping("a%4fb%4F"));
    CHECK_FALSE(sipkit::is_valid_escaping("a%4"));
}

TEST_CASE("RFC 3261 §19.1.2 escape keeps the characters each component allows") {
    // "@" is not in the user set: "j@s0n" must be written "j%40s0n".
    CHECK(sipkit::escape("j@s0n", uri_component::user) == "j%40s0n");
    CHECK(sipkit::escape("alice;day=tuesday", uri_component::user) == "alice;day=tuesday");
    CHECK(sipkit::escape("a;b:c", uri_component::password) == "a%3Bb%3Ac");
    CHECK(sipkit::escape("[v]/:&+$=;", uri_component::parameter) == "[v]/:&+$%3D%3B");
    CHECK(sipkit::escape("project x?&=", uri_component::header) == "project%20x?%26%3D");
    CHECK(sipkit::escape("100%", uri_component::user) == "100%25");
    CHECK(sipkit::escape(std::string_view("\0\xff", 2), uri_component::user) == "%00%FF");
    CHECK(sipkit::escape("a b#c", uri_component::absolute) == "a%20b%23c");
}

TEST_CASE("RFC 3261 §19.1.4 characters outside the reserved set equal their escapes") {
    CHECK(equivalent_escaped("%61lice", "alice"));
    CHECK(equivalent_escaped("%61lice", "%61lice"));
    CHECK(equivalent_escaped("%7e%7E", "~~"));
    CHECK(equivalent_escaped("a%2fb", "a%2Fb"));     // hex digits are case-insensitive
    CHECK_FALSE(equivalent_escaped("a%2Fb", "a/b")); // "/" is reserved
    CHECK_FALSE(equivalent_escaped("a%3Bb", "a;b"));
    CHECK_FALSE(equivalent_escaped("%41", "a"));
    CHECK(equivalent_escaped("%41", "a", letter_case::insensitive));
    CHECK(equivalent_escaped("TCP", "tcp", letter_case::insensitive));
    CHECK_FALSE(equivalent_escaped("TCP", "tcp"));
    CHECK_FALSE(equivalent_escaped("ab", "abc"));
    CHECK_FALSE(equivalent_escaped("abc", "ab"));
    CHECK(equivalent_escaped("", ""));
}

TEST_CASE("RFC 3986 §6.2.2.2 only unreserved characters equal their percent-encodings") {
    CHECK(equivalent_escaped("%7Euser", "~user", letter_case::sensitive, escape_rule::rfc3986));
    CHECK_FALSE(equivalent_escaped("%21", "!", letter_case::sensitive, escape_rule::rfc3986));
    CHECK(equivalent_escaped("%21", "!", letter_case::sensitive, escape_rule::rfc3261));
}

TEST_CASE("RFC 3986 §6.2.2 normalize_escapes decodes unreserved and upper-cases the rest") {
    std::string out;
    sipkit::normalize_escapes("%61%3b%7e%20%21", escape_rule::rfc3261, out);
    CHECK(out == "a%3B~%20!");
    out.clear();
    sipkit::normalize_escapes("%61%3b%7e%20%21", escape_rule::rfc3986, out);
    CHECK(out == "a%3B~%20%21");
}
