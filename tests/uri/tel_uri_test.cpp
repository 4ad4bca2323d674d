// tel_uri: RFC 3966 §3 syntax, §4 comparison, §6 examples.
#include <sipkit/uri/tel_uri.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

using namespace std::string_view_literals;
using sipkit::errc;
using sipkit::parse_tel_uri;
using sipkit::tel_uri;

namespace {

tel_uri parse(std::string_view text) {
    const auto u = parse_tel_uri(text);
    INFO(text);
    if (!u)
        FAIL("rejected: " << u.error().name() << " at " << u.error().offset);
    return *u;
}

void check_error(std::string_view text, errc code, std::size_t offset) {
    INFO(text);
    const auto u = parse_tel_uri(text);
    REQUIRE_FALSE(u);
    CHECK(std::string(u.error().name()) == sipkit::to_string(code));
    CHECK(u.error().offset == offset);
}

} // namespace

TEST_CASE("RFC 3966 §6 global number with visual separators: tel:+1-201-555-0123") {
    const tel_uri u = parse("tel:+1-201-555-0123");
    CHECK(u.scheme() == "tel");
    CHECK(u.is_global());
    CHECK(u.number() == "+1-201-555-0123");
    CHECK(u.parameters().empty());
    CHECK_FALSE(u.phone_context());
}

TEST_CASE("RFC 3966 §6 local number with a domain context: tel:7042;phone-context=example.com") {
    const tel_uri u = parse("tel:7042;phone-context=example.com");
    CHECK_FALSE(u.is_global());
    CHECK(u.number() == "7042");
    CHECK(u.phone_context() == "example.com");
}

TEST_CASE("RFC 3966 §6 local number with a global-number context: "
          "tel:863-1234;phone-context=+1-914-555") {
    const tel_uri u = parse("tel:863-1234;phone-context=+1-914-555");
    CHECK(u.number() == "863-1234");
    CHECK(u.phone_context() == "+1-914-555");
}

TEST_CASE("RFC 3966 §5.2, §5.3 extension and ISDN subaddress") {
    const tel_uri u = parse("tel:+1-212-555-0101;ext=(12)3;isub=a%20b;x-param=v;flag");
    CHECK(u.extension() == "(12)3");
    CHECK(u.isdn_subaddress() == "a%20b");
    CHECK(u.parameter("X-PARAM") == "v");
    CHECK(u.parameter("flag") == ""sv);
    CHECK_FALSE(u.parameter("none"));
}

TEST_CASE("RFC 3966 §3 local numbers may hold hex digits, * and #") {
    const tel_uri u = parse("tel:*61#;phone-context=+1");
    CHECK(u.number() == "*61#");
    CHECK(parse("tel:AbC-1;phone-context=example.com").number() == "AbC-1");
}

TEST_CASE("RFC 3966 §3 malformed tel URIs fail with the offset of the fault") {
    check_error("tel:", errc::tel_number_invalid, 4);
    check_error("tel:+", errc::tel_number_invalid, 4);
    check_error("tel:+-.()", errc::tel_number_invalid, 4);
    check_error("tel:--", errc::tel_number_invalid, 4);
    check_error("tel:7042", errc::tel_phone_context_missing, 8); // §5.1.5 MUST
    check_error("tel:7042;ext=1", errc::tel_phone_context_missing, 14);
    check_error("tel:+1 201", errc::uri_character_invalid, 6);
    check_error("tel:+1;ext=12a", errc::uri_parameter_value_invalid, 11);
    check_error("tel:1;phone-context=example..com", errc::uri_parameter_value_invalid, 20);
    check_error("tel:1;phone-context=+", errc::uri_parameter_value_invalid, 20);
    check_error("tel:+1;", errc::parameter_invalid, 7);
    check_error("tel:+1;a_b=1", errc::uri_character_invalid, 8); // pname = 1*( alphanum / "-" )
    check_error("tel:+1;a=", errc::parameter_invalid, 9);
    check_error("tel:+1;isub=%zz", errc::uri_escape_invalid, 12);
    check_error("sip:+1", errc::uri_scheme_invalid, 0);
    check_error("tel", errc::uri_scheme_invalid, 3);
}

TEST_CASE("RFC 3966 §4 equivalent tel URIs") {
    const std::vector<std::vector<std::string_view>> sets = {
        {"tel:+1-201-555-0123", "tel:+12015550123", "TEL:+1(201)555.0123"},
        {"tel:7042;phone-context=example.com", "tel:7042;PHONE-CONTEXT=EXAMPLE.COM"},
        {"tel:863-1234;phone-context=+1-914-555", "tel:8631234;phone-context=+1914555"},
        {"tel:+358-555-1234567;postd=pp22", "tel:+358-555-1234567;POSTD=PP22"}, // RFC 3261 §19.1.6
        {"tel:+358-555-1234567;postd=pp22;isub=1411", "tel:+358-555-1234567;isub=1411;postd=pp22"},
        {"tel:+358-555-1234567;tsp=a.b;x=5", "tel:+358-555-1234567;x=5;tsp=a.b"},
        {"tel:+1;ext=1-2", "tel:+1;ext=12"},
        {"tel:abc;phone-context=example.com", "tel:ABC;phone-context=example.com"},
        {"tel:+1;isub=%61", "tel:+1;isub=a"},
    };
    for (const auto& set : sets)
        for (const auto a : set)
            for (const auto b : set) {
                INFO(a << " == " << b);
                CHECK(parse(a) == parse(b));
            }
}

TEST_CASE("RFC 3966 §4 tel URIs that are not equivalent") {
    const std::vector<std::pair<std::string_view, std::string_view>> pairs = {
        {"tel:+1-201-555-0123", "tel:1-201-555-0123;phone-context=+1"}, // global vs local
        {"tel:+1-201-555-0123", "tel:+1-201-555-0124"},
        {"tel:+1-201-555-0123", "tel:+1-201-555-0123;ext=1"}, // a parameter in only one
        {"tel:7042;phone-context=example.com", "tel:7042;phone-context=example.org"},
        {"tel:7042;phone-context=+1", "tel:7042;phone-context=+2"},
        {"tel:+1;isub=a", "tel:+1;isub=a%3B"},
        {"tel:+1;flag", "tel:+1;flag=1"},
    };
    for (const auto& [a, b] : pairs) {
        INFO(a << " != " << b);
        CHECK_FALSE(parse(a) == parse(b));
        CHECK_FALSE(parse(b) == parse(a));
    }
}

TEST_CASE("tel canonical text keeps the number and normalizes parameter escapes") {
    const tel_uri u = parse("TEL:+1-201;isub=%61%2f;X=%7E");
    CHECK(sipkit::to_string(u) == "tel:+1-201;isub=a%2F;X=~");
    CHECK(parse(sipkit::to_string(u)) == u);
}
