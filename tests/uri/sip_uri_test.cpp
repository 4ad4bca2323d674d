// sip_uri: RFC 3261 §19.1 components, §19.1.3 examples, §19.1.4 comparison, §25.1 errors.
#include <sipkit/uri/sip_uri.hpp>

#include <catch2/catch.hpp>

#include <iterator>
#include <ranges>
#include <string>
#include <string_view>
#include <vector>

using namespace std::string_view_literals;
using sipkit::errc;
using sipkit::parse_sip_uri;
using sipkit::sip_uri;

namespace {

sip_uri parse(std::string_view text) {
    const auto u = parse_sip_uri(text);
    INFO(text);
    if (!u)
        FAIL("rejected: " << u.error().name() << " at " << u.error().offset);
    return *u;
}

std::string unescaped(std::string_view s) {
    std::string out;
    REQUIRE(sipkit::unescape(s, out));
    return out;
}

std::vector<std::pair<std::string, std::string>> params_of(const sip_uri& u) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto p : u.parameters())
        out.emplace_back(std::string(p.name),
                         p.has_value ? std::string(p.value) : std::string("<none>"));
    return out;
}

void check_error(std::string_view text, errc code, std::size_t offset) {
    INFO(text);
    const auto u = parse_sip_uri(text);
    REQUIRE_FALSE(u);
    CHECK(sipkit::to_string(u.error().code) == std::string(sipkit::to_string(code)));
    CHECK(u.error().offset == offset);
}

} // namespace

TEST_CASE("RFC 3261 §19.1.3 sip:alice@atlanta.com") {
    const sip_uri u = parse("sip:alice@atlanta.com");
    CHECK_FALSE(u.secure());
    CHECK(u.scheme() == "sip");
    CHECK(u.user() == "alice");
    CHECK_FALSE(u.password());
    CHECK(u.host() == "atlanta.com");
    CHECK(u.host_kind() == sipkit::grammar::host_kind::hostname);
    CHECK_FALSE(u.port());
    CHECK(u.parameters_text().empty());
    CHECK(u.parameters().empty());
    CHECK_FALSE(u.has_headers());
    CHECK(u.text() == "sip:alice@atlanta.com");
}

TEST_CASE("RFC 3261 §19.1.3 sip:alice:secretword@atlanta.com;transport=tcp") {
    const sip_uri u = parse("sip:alice:secretword@atlanta.com;transport=tcp");
    CHECK(u.user() == "alice");
    CHECK(u.password() == "secretword");
    CHECK(u.host() == "atlanta.com");
    CHECK(u.transport() == "tcp");
    CHECK(u.parameter("TRANSPORT") == "tcp");
    CHECK(u.parameters_text() == ";transport=tcp");
}

TEST_CASE("RFC 3261 §19.1.3 sips:alice@atlanta.com?subject=project%20x&priority=urgent") {
    const sip_uri u = parse("sips:alice@atlanta.com?subject=project%20x&priority=urgent");
    CHECK(u.secure());
    CHECK(u.scheme() == "sips");
    CHECK(u.host() == "atlanta.com");
    CHECK(u.headers_text() == "subject=project%20x&priority=urgent");
    std::vector<std::pair<std::string_view, std::string_view>> headers;
    for (const auto h : u.headers())
        headers.emplace_back(h.name, h.value);
    CHECK(headers == std::vector<std::pair<std::string_view, std::string_view>>{
                         {"subject", "project%20x"}, {"priority", "urgent"}});
    CHECK(unescaped(*u.header("Subject")) == "project x");
    CHECK(u.header("priority") == "urgent");
    CHECK_FALSE(u.header("to"));
}

TEST_CASE("RFC 3261 §19.1.3 sip:+1-212-555-1212:1234@gateway.com;user=phone") {
    const sip_uri u = parse("sip:+1-212-555-1212:1234@gateway.com;user=phone");
    CHECK(u.user() == "+1-212-555-1212");
    CHECK(u.password() == "1234");
    CHECK(u.host() == "gateway.com");
    CHECK(u.user_param() == "phone");
}

TEST_CASE("RFC 3261 §19.1.3 sips:1212@gateway.com") {
    const sip_uri u = parse("sips:1212@gateway.com");
    CHECK(u.secure());
    CHECK(u.user() == "1212");
    CHECK(u.host() == "gateway.com");
}

TEST_CASE("RFC 3261 §19.1.3 sip:alice@192.0.2.4") {
    const sip_uri u = parse("sip:alice@192.0.2.4");
    CHECK(u.user() == "alice");
    CHECK(u.host() == "192.0.2.4");
    CHECK(u.host_kind() == sipkit::grammar::host_kind::ipv4);
}

TEST_CASE("RFC 3261 §19.1.3 sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com") {
    const sip_uri u = parse("sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com");
    CHECK_FALSE(u.user());
    CHECK(u.host() == "atlanta.com");
    CHECK(u.method() == "REGISTER");
    CHECK(u.header("to") == "alice%40atlanta.com");
    CHECK(unescaped(*u.header("to")) == "alice@atlanta.com");
}

TEST_CASE("RFC 3261 §19.1.3 sip:alice;day=tuesday@atlanta.com has the user alice;day=tuesday") {
    const sip_uri u = parse("sip:alice;day=tuesday@atlanta.com");
    CHECK(u.user() == "alice;day=tuesday");
    CHECK(u.host() == "atlanta.com");
    CHECK(u.parameters().empty());
    CHECK_FALSE(u.has_parameter("day"));
}

TEST_CASE("RFC 3261 §19.1.1 maddr and ttl: sip:alice@atlanta.com;maddr=239.255.255.1;ttl=15") {
    const sip_uri u = parse("sip:alice@atlanta.com;maddr=239.255.255.1;ttl=15");
    CHECK(u.maddr() == "239.255.255.1");
    CHECK(u.ttl() == 15);
    CHECK_FALSE(u.transport());
    CHECK_FALSE(u.lr());
}

TEST_CASE("RFC 3261 §19.1.6 a telephone-subscriber with parameters stays in the user part") {
    const sip_uri u = parse("sip:+358-555-1234567;postd=pp22@foo.com;user=phone");
    CHECK(u.user() == "+358-555-1234567;postd=pp22");
    CHECK(params_of(u) == std::vector<std::pair<std::string, std::string>>{{"user", "phone"}});
}

TEST_CASE("RFC 3261 §25.1 parameters: bare names, order kept, lr, ttl range") {
    const sip_uri u = parse("sip:proxy.example.com:5060;lr;transport=udp;ttl=255;x");
    CHECK(u.port() == 5060);
    CHECK(u.lr());
    CHECK(u.parameter("lr") == ""sv);
    CHECK(u.ttl() == 255);
    CHECK(params_of(u) ==
          std::vector<std::pair<std::string, std::string>>{
              {"lr", "<none>"}, {"transport", "udp"}, {"ttl", "255"}, {"x", "<none>"}});
    CHECK_FALSE(parse("sip:h;ttl=256").ttl());
    CHECK_FALSE(parse("sip:h;ttl=1000").ttl());
    CHECK_FALSE(parse("sip:h;ttl=abc").ttl());
    CHECK(parse("sip:h;ttl=0").ttl() == 0);
    CHECK(parse("sip:h;ttl=%31%35").ttl() == 15);
}

TEST_CASE("RFC 3261 §25.1 hosts: IPv6 references, trailing dot, ports") {
    const sip_uri v6 = parse("sip:user@[2001:db8::10]:5070;transport=tcp");
    CHECK(v6.host() == "[2001:db8::10]");
    CHECK(v6.host_kind() == sipkit::grammar::host_kind::ipv6);
    CHECK(v6.port() == 5070);
    CHECK(parse("sip:[2001:db8::10:5070]").host() == "[2001:db8::10:5070]");
    CHECK_FALSE(parse("sip:[2001:db8::10:5070]").port());
    CHECK(parse("sip:[::ffff:192.0.2.10]").host_kind() == sipkit::grammar::host_kind::ipv6);
    CHECK(parse("sip:example.com.").host() == "example.com.");
    CHECK(parse("sip:h:0").port() == 0);
    CHECK(parse("sip:h:65535").port() == 65535);
    CHECK(parse("SIP:ALICE@AtLanTa.CoM").scheme() == "SIP");
}

TEST_CASE("RFC 3261 §19.1.2 escapes stay as written; unescape decodes them once") {
    const sip_uri u = parse("sip:sips%3Auser%40example.com@example.net");
    CHECK(u.user() == "sips%3Auser%40example.com");
    CHECK(unescaped(*u.user()) == "sips:user@example.com");
    CHECK(u.host() == "example.net");
}

TEST_CASE("RFC 3261 §19.1.4 equivalent URIs") {
    const std::vector<std::vector<std::string_view>> sets = {
        {"sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp"},
        {"sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5",
         "sip:carol@chicago.com;security=on"},
        {"sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
         "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com"},
        {"sip:alice@atlanta.com?subject=project%20x&priority=urgent",
         "sip:alice@atlanta.com?priority=urgent&subject=project%20x"},
    };
    for (const auto& set : sets)
        for (const auto a : set)
            for (const auto b : set) {
                INFO(a << " == " << b);
                CHECK(parse(a) == parse(b));
            }
}

TEST_CASE("RFC 3261 §19.1.4 URIs that are not equivalent") {
    const std::vector<std::pair<std::string_view, std::string_view>> pairs = {
        {"SIP:ALICE@AtLanTa.CoM;Transport=udp",
         "sip:alice@AtLanTa.CoM;Transport=UDP"},           // different usernames
        {"sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"}, // can resolve to different ports
        {"sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp"},      // different transports
        {"sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp"}, // port and transport
        {"sip:carol@chicago.com",
         "sip:carol@chicago.com?Subject=next%20meeting"},        // different header component
        {"sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4"}, // even though it resolves there
    };
    for (const auto& [a, b] : pairs) {
        INFO(a << " != " << b);
        CHECK_FALSE(parse(a) == parse(b));
        CHECK_FALSE(parse(b) == parse(a));
        CHECK(parse(a) != parse(b));
    }
}

TEST_CASE("RFC 3261 §19.1.4 equality is not transitive") {
    const sip_uri plain = parse("sip:carol@chicago.com");
    const sip_uri on = parse("sip:carol@chicago.com;security=on");
    const sip_uri off = parse("sip:carol@chicago.com;security=off");
    CHECK(plain == on);
    CHECK(plain == off);
    CHECK_FALSE(on == off);
}

TEST_CASE("RFC 3261 §19.1.4 component rules") {
    SECTION("a SIP and a SIPS URI are never equivalent") {
        CHECK_FALSE(parse("sip:alice@atlanta.com") == parse("sips:alice@atlanta.com"));
    }
    SECTION("the scheme is case-insensitive") {
        CHECK(parse("SIPS:alice@atlanta.com") == parse("sips:alice@atlanta.com"));
    }
    SECTION("userinfo is case-sensitive, passwords and telephone-subscribers included") {
        CHECK_FALSE(parse("sip:alice:PW@h") == parse("sip:alice:pw@h"));
        CHECK_FALSE(parse("sip:+1-212-555-1212;Isub=1@h") == parse("sip:+1-212-555-1212;isub=1@h"));
    }
    SECTION("a URI omitting the user or password does not match one that includes it") {
        CHECK_FALSE(parse("sip:h") == parse("sip:u@h"));
        CHECK_FALSE(parse("sip:u@h") == parse("sip:u:@h"));
        CHECK_FALSE(parse("sip:u:p@h") == parse("sip:u@h"));
    }
    SECTION("escapes of reserved characters are not their characters") {
        CHECK_FALSE(parse("sip:a%3Bb@h") == parse("sip:a;b@h"));
        CHECK(parse("sip:a%3bb@h") == parse("sip:a%3Bb@h"));
        CHECK(parse("sip:%41@h") == parse("sip:A@h"));
        CHECK_FALSE(parse("sip:%41@h") == parse("sip:a@h"));
    }
    SECTION("user, ttl, method, maddr and transport present in only one URI never match") {
        for (const auto p :
             {";user=ip", ";ttl=1", ";method=INVITE", ";maddr=239.255.255.1", ";transport=udp"}) {
            INFO(p);
            CHECK_FALSE(parse("sip:a@h") == parse(std::string("sip:a@h") + p));
        }
    }
    SECTION("parameters in both must match; lr and others in one are ignored") {
        CHECK(parse("sip:h;lr") == parse("sip:h"));
        CHECK_FALSE(parse("sip:h;lr") == parse("sip:h;lr=on"));
        CHECK(parse("sip:h;maddr=EXAMPLE.com") == parse("sip:h;maddr=example.COM"));
        CHECK(parse("sip:h;n%61me=v%61lue") == parse("sip:h;NAME=Value"));
    }
    SECTION("the method parameter is case-sensitive (RFC 3261 §7.1)") {
        CHECK_FALSE(parse("sip:h;method=INVITE") == parse("sip:h;method=invite"));
    }
    SECTION("headers compare as a set with case-insensitive names and exact values") {
        CHECK(parse("sip:h?To=x&Subject=y") == parse("sip:h?subject=y&to=x"));
        CHECK_FALSE(parse("sip:h?subject=Y") == parse("sip:h?subject=y"));
        CHECK_FALSE(parse("sip:h?a=1") == parse("sip:h?a=1&b=2"));
        CHECK(parse("sip:h?a=%31") == parse("sip:h?a=1"));
    }
    SECTION("the host compares case-insensitively; textual IP addresses by value (RFC 5954 §4)") {
        CHECK(parse("sip:[2001:db8::10]") == parse("sip:[2001:DB8:0:0:0:0:0:10]"));
        CHECK(parse("sip:[::ffff:192.0.2.10]") == parse("sip:[0:0:0:0:0:FFFF:C000:020A]"));
        CHECK_FALSE(parse("sip:[::ffff:192.0.2.10]") == parse("sip:192.0.2.10"));
        CHECK(parse("sip:192.0.2.010") == parse("sip:192.0.2.10"));
        CHECK_FALSE(parse("sip:example.com.") == parse("sip:example.com"));
    }
    SECTION("the port compares by value") {
        CHECK(parse("sip:h:05060") == parse("sip:h:5060"));
    }
}

TEST_CASE("RFC 3261 §25.1 malformed SIP URIs fail with the offset of the fault") {
    check_error("", errc::uri_scheme_invalid, 0);
    check_error("sip", errc::uri_scheme_invalid, 3);
    check_error("mailto:a@b", errc::uri_scheme_invalid, 0);
    check_error("sip:", errc::host_invalid, 4);
    check_error("sip:alice@", errc::host_invalid, 10);
    check_error("sip:@example.com", errc::uri_userinfo_invalid,
                4); // §19.1.1: user MUST NOT be empty
    check_error("sip::pw@example.com", errc::uri_userinfo_invalid, 4);
    check_error("sip:a:b:c@example.com", errc::uri_userinfo_invalid,
                7); // ":" is not a password character
    check_error("sip:a:b;c@example.com", errc::uri_userinfo_invalid, 7);
    check_error("sip:%G1@example.com", errc::uri_escape_invalid, 4);
    check_error("sip:alice%2@example.com", errc::uri_escape_invalid, 9);
    check_error("sip:alice@example.com;p=%", errc::uri_escape_invalid, 24);
    check_error("sip:alice@example.com?h=%4", errc::uri_escape_invalid, 24);
    check_error("sip:alice@ex%61mple.com", errc::uri_character_invalid,
                12); // §19.1.2: no escapes in the host
    check_error("sip:alice@example.com:65536", errc::port_invalid, 22);
    check_error("sip:alice@example.com:99999999999", errc::port_invalid, 22);
    check_error("sip:alice@example.com:", errc::port_invalid, 22);
    check_error("sip:alice@[2001:db8::10", errc::host_invalid, 10);
    check_error("sip:alice@[2001:db8::10]x", errc::uri_character_invalid, 24);
    check_error("sip:alice@[1:2:3:4:5:6:7:8:9]", errc::host_invalid, 10);
    check_error("sip:alice@192.0.2.256", errc::host_invalid, 10);
    check_error("sip:alice@example.com; lr", errc::parameter_invalid, 22); // RFC 4475 §3.1.2.8
    check_error("sip:alice smith@example.com", errc::uri_character_invalid, 9);
    check_error("sip:alice@example.com;", errc::parameter_invalid, 22);
    check_error("sip:alice@example.com;a=", errc::parameter_invalid, 24);
    check_error("sip:alice@example.com;=b", errc::parameter_invalid, 22);
    check_error("sip:alice@example.com?", errc::uri_header_invalid, 22);
    check_error("sip:alice@example.com?a", errc::uri_header_invalid, 23);
    check_error("sip:alice@example.com?=b", errc::uri_header_invalid, 22);
    check_error("sip:alice@example.com?a=b&", errc::uri_header_invalid, 26);
    check_error("sip:alice@example.com>", errc::uri_character_invalid, 21);
    check_error(std::string_view("sip:a\0b@h", 9), errc::uri_character_invalid, 5);
}

TEST_CASE("RFC 3261 §25.1 headers may have empty values and a ? inside") {
    const sip_uri u = parse("sip:h?a=&b=c?d");
    CHECK(u.header("a") == ""sv);
    CHECK(u.header("b") == "c?d");
}

TEST_CASE("canonical text: lower-case scheme and host, normalized escapes, same components") {
    const sip_uri u =
        parse("SIPS:%61l%69ce:p%3aw@AtLanTa.CoM:05060;Transport=TCP;n%61me=%7e?Subject=a%2fb");
    const std::string canonical = sipkit::to_string(u);
    CHECK(canonical == "sips:alice:p%3Aw@atlanta.com:5060;Transport=TCP;name=~?Subject=a%2Fb");
    CHECK(parse(canonical) == u);
    CHECK(sipkit::to_string(parse(canonical)) == canonical);
}

TEST_CASE("uri parameters and headers are lazy forward ranges over the raw text") {
    static_assert(std::forward_iterator<sipkit::uri_parameter_range::iterator>);
    static_assert(std::ranges::forward_range<sipkit::uri_parameter_range>);
    static_assert(std::ranges::forward_range<sipkit::uri_header_range>);
    const sip_uri u = parse("sip:h;a;b=c;%64?x=1&y=");
    CHECK(std::ranges::distance(u.parameters()) == 3);
    CHECK(std::ranges::distance(u.headers()) == 2);
    CHECK(u.parameter("d") == ""sv); // escaped name found by its unescaped form
    CHECK(std::ranges::distance(sipkit::uri_parameter_range()) == 0);
    for (const auto p : u.parameters())
        CHECK(u.text().find(p.name) != std::string_view::npos);
}
