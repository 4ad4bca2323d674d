// absolute_uri: RFC 3261 §25.1 absoluteURI read with RFC 3986 §3, compared per RFC 3986 §6.2.2.
#include <sipkit/uri/absolute_uri.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

using namespace std::string_view_literals;
using sipkit::absolute_uri;
using sipkit::errc;
using sipkit::parse_absolute_uri;

namespace {

absolute_uri parse(std::string_view text) {
    const auto u = parse_absolute_uri(text);
    INFO(text);
    if (!u)
        FAIL("rejected: " << u.error().name() << " at " << u.error().offset);
    return *u;
}

void check_error(std::string_view text, errc code, std::size_t offset) {
    INFO(text);
    const auto u = parse_absolute_uri(text);
    REQUIRE_FALSE(u);
    CHECK(std::string(u.error().name()) == sipkit::to_string(code));
    CHECK(u.error().offset == offset);
}

} // namespace

TEST_CASE("RFC 4475 §3.3.2 an unknown scheme keeps its opaque content") {
    const absolute_uri u = parse("nobodyKnowsThisScheme:totallyopaquecontent");
    CHECK(u.scheme() == "nobodyKnowsThisScheme");
    CHECK(u.scheme_specific_part() == "totallyopaquecontent");
    CHECK_FALSE(u.authority());
    CHECK(u.path() == "totallyopaquecontent");
    CHECK_FALSE(u.query());
}

TEST_CASE("RFC 4475 §3.3.3 soap.beep://192.0.2.103:3002 has an authority") {
    const absolute_uri u = parse("soap.beep://192.0.2.103:3002");
    CHECK(u.scheme() == "soap.beep");
    CHECK(u.authority() == "192.0.2.103:3002");
    CHECK(u.path().empty());
}

TEST_CASE("RFC 4475 §3.3.4 isbn:, http: and name: URIs") {
    CHECK(parse("isbn:2983792873").path() == "2983792873");
    const absolute_uri http = parse("http://www.example.com/a/b?x=1&y");
    CHECK(http.authority() == "www.example.com");
    CHECK(http.path() == "/a/b");
    CHECK(http.query() == "x=1&y");
    CHECK(parse("name:John_Smith").path() == "John_Smith");
    CHECK(parse("urn:").path().empty());
    CHECK(parse("mailto:a@b?subject=hi").query() == "subject=hi");
}

TEST_CASE("RFC 3986 §3 malformed absolute URIs fail with the offset of the fault") {
    check_error("", errc::uri_scheme_invalid, 0);
    check_error("1abc:x", errc::uri_scheme_invalid, 0);
    check_error("abc", errc::uri_scheme_invalid, 3);
    check_error("ab_c:x", errc::uri_scheme_invalid, 2);
    check_error("http://a b", errc::uri_character_invalid, 8);
    check_error("http://a#frag", errc::uri_character_invalid, 8);
    check_error("http://a/%zz", errc::uri_escape_invalid, 9);
    check_error("http://a/<b>", errc::uri_character_invalid, 9);
}

TEST_CASE("RFC 3986 §6.2.2 comparison: case and percent-encoding normalization") {
    CHECK(parse("HTTP://www.Example.COM/a") == parse("http://www.example.com/a"));
    CHECK(parse("http://example.com/%7Euser") == parse("http://example.com/~user"));
    CHECK(parse("http://example.com/a%2fb") == parse("http://example.com/a%2Fb"));
    CHECK_FALSE(parse("http://example.com/a%2Fb") == parse("http://example.com/a/b"));
    CHECK_FALSE(parse("http://example.com/A") == parse("http://example.com/a"));
    CHECK_FALSE(parse("http://User@example.com/") == parse("http://user@example.com/"));
    CHECK_FALSE(parse("http://example.com/a") == parse("http://example.com/a?"));
    CHECK_FALSE(parse("http://example.com/a") == parse("https://example.com/a"));
    CHECK_FALSE(parse("foo:x") == parse("foo://x"));
    CHECK(parse("nobodyKnowsThisScheme:totallyopaquecontent") ==
          parse("NOBODYKNOWSTHISSCHEME:totallyopaquecontent"));
}

TEST_CASE("absolute canonical text: lower-case scheme and host, normalized escapes") {
    const absolute_uri u = parse("HTTP://Us%65r@WWW.Example.COM%3a80/P%61th%2f?Q%7e");
    CHECK(sipkit::to_string(u) == "http://User@www.example.com%3A80/Path%2F?Q~");
    CHECK(parse(sipkit::to_string(u)) == u);
}
