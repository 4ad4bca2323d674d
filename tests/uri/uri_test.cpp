// parse_uri and the uri umbrella type: RFC 3261 §25.1 Request-URI / addr-spec = SIP-URI /
// SIPS-URI / absoluteURI, tel URIs (RFC 3966), and the URIs of the RFC 4475 torture tests.
//
// Every request of the RFC 4475 corpus has a test case of its own for its Request-URI: read
// from the file's Request-Line, parsed, and checked against RFC 3261 §19.1.1 Table 1.
#include <sipkit/uri/uri.hpp>
#include <sipkit/uri/uri_context.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

using namespace std::string_view_literals;
using sipkit::errc;
using sipkit::parse_uri;
using sipkit::uri;
using sipkit::uri_kind;

namespace {

uri parse(std::string_view text) {
    const auto u = parse_uri(text);
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

std::string read_corpus(const std::string& name) {
    const std::string path = std::string(SIPKIT_CORPUS_DIR) + "/rfc4475/" + name + ".dat";
    std::ifstream in(path, std::ios::binary);
    INFO(path);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The Request-URI of a corpus request: the Request-Line between the method (and any SPs
/// after it) and the last " SIP/" (trailing SPs dropped), so URIs with embedded LWS stay whole.
std::string request_uri_of(const std::string& name) {
    const std::string message = read_corpus(name);
    const std::string line = message.substr(0, message.find("\r\n"));
    std::size_t begin = line.find(' ');
    REQUIRE(begin != std::string::npos);
    while (begin < line.size() && line[begin] == ' ')
        ++begin;
    std::size_t end = line.rfind(" SIP/");
    REQUIRE(end != std::string::npos);
    while (end > begin && line[end - 1] == ' ')
        --end;
    return line.substr(begin, end - begin);
}

/// The Request-URI parses and RFC 3261 Table 1 allows it as a Request-URI.
uri check_valid_request_uri(const std::string& name, const std::string& text) {
    INFO(name << ": " << text);
    const auto u = parse_uri(text);
    if (!u)
        FAIL("rejected: " << u.error().name() << " at " << u.error().offset);
    const auto v = sipkit::validate_request_uri(*u);
    if (!v)
        FAIL("not allowed as a Request-URI: " << v.error().name() << " at " << v.error().offset);
    CHECK(u->text() == text);
    const std::string canonical = sipkit::to_string(*u);
    const auto again = parse_uri(canonical);
    REQUIRE(again);
    CHECK(*again == *u);
    return *u;
}

} // namespace

// ---- RFC 4475 Request-URIs, one test case per message ---------------------------------------

#define SIPKIT_VALID_RURI(name, section)                                                           \
    TEST_CASE("RFC 4475 §" section " " name ": the Request-URI is a valid Request-URI") {          \
        const std::string text = request_uri_of(name);                                             \
        check_valid_request_uri(name, text);                                                       \
    }

SIPKIT_VALID_RURI("lwsdisp", "3.1.1.6")
SIPKIT_VALID_RURI("longreq", "3.1.1.7")
SIPKIT_VALID_RURI("dblreq", "3.1.1.8")
SIPKIT_VALID_RURI("transports", "3.1.1.10")
SIPKIT_VALID_RURI("mpart01", "3.1.1.11")
SIPKIT_VALID_RURI("badinv01", "3.1.2.1")
SIPKIT_VALID_RURI("clerr", "3.1.2.2")
SIPKIT_VALID_RURI("ncl", "3.1.2.3")
SIPKIT_VALID_RURI("scalar02", "3.1.2.4")
SIPKIT_VALID_RURI("quotbal", "3.1.2.6")
SIPKIT_VALID_RURI("lwsstart", "3.1.2.9")
SIPKIT_VALID_RURI("trws", "3.1.2.10")
SIPKIT_VALID_RURI("baddate", "3.1.2.12")
SIPKIT_VALID_RURI("regbadct", "3.1.2.13")
SIPKIT_VALID_RURI("badaspec", "3.1.2.14")
SIPKIT_VALID_RURI("baddn", "3.1.2.15")
SIPKIT_VALID_RURI("badvers", "3.1.2.16")
SIPKIT_VALID_RURI("mismatch01", "3.1.2.17")
SIPKIT_VALID_RURI("mismatch02", "3.1.2.18")
SIPKIT_VALID_RURI("badbranch", "3.2.1")
SIPKIT_VALID_RURI("insuf", "3.3.1")
SIPKIT_VALID_RURI("unksm2", "3.3.4")
SIPKIT_VALID_RURI("bext01", "3.3.5")
SIPKIT_VALID_RURI("invut", "3.3.6")
SIPKIT_VALID_RURI("regaut01", "3.3.7")
SIPKIT_VALID_RURI("multi01", "3.3.8")
SIPKIT_VALID_RURI("mcl01", "3.3.9")
SIPKIT_VALID_RURI("zeromf", "3.3.11")
SIPKIT_VALID_RURI("cparam01", "3.3.12")
SIPKIT_VALID_RURI("cparam02", "3.3.13")
SIPKIT_VALID_RURI("regescrt", "3.3.14")
SIPKIT_VALID_RURI("sdp01", "3.3.15")
SIPKIT_VALID_RURI("inv2543", "3.4.1")

#undef SIPKIT_VALID_RURI

TEST_CASE("RFC 4475 §3.1.1.1 wsinv: the Request-URI keeps an unknown bare parameter") {
    const std::string text = request_uri_of("wsinv"); // the uri views it
    const uri u = check_valid_request_uri("wsinv", text);
    REQUIRE(u.is_sip());
    CHECK(u.as_sip()->host() == "chair-dnrc.example.com");
    CHECK(u.as_sip()->parameter("unknownparam") == ""sv);
}

TEST_CASE("RFC 4475 §3.1.1.2 intmeth: every legal user and password character") {
    const std::string text = request_uri_of("intmeth"); // the uri views it
    const uri u = check_valid_request_uri("intmeth", text);
    const sipkit::sip_uri& s = *u.as_sip();
    CHECK(s.user() == "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    CHECK(s.password() == "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
    CHECK(s.host() == "example.com");
    CHECK(s.parameters().empty());
    CHECK_FALSE(s.has_headers());
    // The To header field's URI: the same user, no password.
    const uri to = parse("sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*@example.com");
    CHECK(to.as_sip()->user() == s.user());
    CHECK_FALSE(to.as_sip()->password());
    CHECK_FALSE(to == u);
}

TEST_CASE("RFC 4475 §3.1.1.3 esc01: escapes in the Request-URI, To, From and Contact") {
    const std::string text = request_uri_of("esc01"); // the uri views it
    const uri r = check_valid_request_uri("esc01", text);
    CHECK(r.as_sip()->user() == "sips%3Auser%40example.com");
    CHECK(unescaped(*r.as_sip()->user()) == "sips:user@example.com");
    CHECK(r.as_sip()->host() == "example.net");
    const uri to = parse("sip:%75se%72@example.com");
    CHECK(unescaped(*to.as_sip()->user()) == "user");
    CHECK(to == parse("sip:user@example.com"));
    const uri from = parse("sip:I%20have%20spaces@example.net");
    CHECK(unescaped(*from.as_sip()->user()) == "I have spaces");
    // The Contact's escaped parameter name is lr; n%61me=v%61lue%25%34%31 is name=value%41.
    const uri contact = parse("sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31");
    const sipkit::sip_uri& c = *contact.as_sip();
    CHECK(unescaped(*c.user()) == "caller");
    CHECK(c.lr());
    CHECK(unescaped(*c.parameter("name")) == "value%41");
    CHECK(contact == parse("sip:caller@host5.example.net;lr;name=value%2541"));
    CHECK_FALSE(contact == parse("sip:caller@host5.example.net;lr;name=valueA"));
}

TEST_CASE("RFC 4475 §3.1.1.4 escnull: %00 in the user part; %00 and %00%00 are distinct") {
    const std::string text = request_uri_of("escnull");
    check_valid_request_uri("escnull", text);
    const uri to = parse("sip:null-%00-null@example.com");
    CHECK(unescaped(*to.as_sip()->user()) == std::string("null-\0-null", 11));
    const uri one = parse("sip:%00@host5.example.com");
    const uri two = parse("sip:%00%00@host5.example.com");
    CHECK_FALSE(one == two);
    CHECK(one == parse("sip:%00@HOST5.example.com"));
}

TEST_CASE("RFC 4475 §3.1.1.5 esc02: the Request-URI is plain") {
    const std::string text = request_uri_of("esc02"); // the uri views it
    const uri u = check_valid_request_uri("esc02", text);
    CHECK(u.as_sip()->host() == "registrar.example.com");
}

TEST_CASE("RFC 4475 §3.1.1.9 semiuri: ; and an escaped @ belong to the user part") {
    const std::string text = request_uri_of("semiuri"); // the uri views it
    const uri u = check_valid_request_uri("semiuri", text);
    const sipkit::sip_uri& s = *u.as_sip();
    CHECK(s.user() == "user;par=u%40example.net");
    CHECK(unescaped(*s.user()) == "user;par=u@example.net");
    CHECK(s.host() == "example.com");
    CHECK(s.parameters().empty());
}

TEST_CASE("RFC 4475 §3.1.2.7 ltgtruri: a Request-URI in <> is not a URI") {
    const std::string text = request_uri_of("ltgtruri");
    CHECK(text == "<sip:user@example.com>");
    const auto u = parse_uri(text);
    REQUIRE_FALSE(u);
    CHECK(u.error().code == errc::uri_scheme_invalid);
    CHECK(u.error().offset == 0);
}

TEST_CASE("RFC 4475 §3.1.2.8 lwsruri: LWS inside the Request-URI") {
    const std::string text = request_uri_of("lwsruri");
    CHECK(text == "sip:user@example.com; lr");
    const auto u = parse_uri(text);
    REQUIRE_FALSE(u);
    CHECK(u.error().code == errc::parameter_invalid);
    CHECK(u.error().offset == 21);
}

TEST_CASE("RFC 4475 §3.1.2.11 escruri: headers are not allowed in a Request-URI") {
    const std::string text = request_uri_of("escruri");
    const auto u = parse_uri(text);
    REQUIRE(u);
    CHECK(u->as_sip()->header("route") == "%3Csip:example.com%3E");
    CHECK(unescaped(*u->as_sip()->header("Route")) == "<sip:example.com>");
    const auto v = sipkit::validate_request_uri(*u);
    REQUIRE_FALSE(v);
    CHECK(v.error().code == errc::uri_component_not_allowed);
    CHECK(v.error().offset == text.find("Route"));
}

TEST_CASE("RFC 4475 §3.3.2 unkscm: an unknown scheme is kept with its scheme") {
    const std::string text = request_uri_of("unkscm"); // the uri views it
    const uri u = check_valid_request_uri("unkscm", text);
    CHECK(u.kind() == uri_kind::absolute);
    CHECK(u.scheme() == "nobodyKnowsThisScheme");
    CHECK(u.as_absolute()->scheme_specific_part() == "totallyopaquecontent");
}

TEST_CASE("RFC 4475 §3.3.3 novelsc: soap.beep is an absolute URI") {
    const std::string text = request_uri_of("novelsc"); // the uri views it
    const uri u = check_valid_request_uri("novelsc", text);
    CHECK(u.is_absolute());
    CHECK(u.scheme() == "soap.beep");
    CHECK(u.as_absolute()->authority() == "192.0.2.103:3002");
}

TEST_CASE("RFC 4475 §3.3.4 unksm2: isbn:, http: and name: URIs in To, From, Contact") {
    CHECK(parse("isbn:2983792873").scheme() == "isbn");
    CHECK(parse("http://www.example.com").as_absolute()->authority() == "www.example.com");
    CHECK(parse("name:John_Smith").is_absolute());
}

TEST_CASE("RFC 4475 §3.3.13 cparam02 and §3.3.14 regescrt: Contact URIs") {
    const uri c = parse("sip:+19725552222@gw1.example.net;unknownparam");
    CHECK(c.as_sip()->has_parameter("unknownparam"));
    const uri r = parse("sip:user@example.com?Route=%3Csip:sip.example.com%3E");
    CHECK(unescaped(*r.as_sip()->header("route")) == "<sip:sip.example.com>");
    CHECK(sipkit::validate(r, sipkit::uri_context::contact_registration));
}

// ---- parse_uri dispatch ---------------------------------------------------------------------

TEST_CASE("RFC 3261 §25.1 parse_uri picks the form from the case-insensitive scheme") {
    CHECK(parse("sip:alice@atlanta.com").kind() == uri_kind::sip);
    CHECK(parse("SIPS:alice@atlanta.com").as_sip()->secure());
    CHECK(parse("tel:+1-201-555-0123").kind() == uri_kind::tel);
    CHECK(parse("Tel:+1-201-555-0123").is_tel());
    CHECK(parse("sipx:whatever").is_absolute());
    CHECK(parse("mailto:alice@atlanta.com").scheme() == "mailto");
    CHECK(parse("tel:+1").as_sip() == nullptr);
}

TEST_CASE("RFC 3261 §25.1 parse_uri reports the error of the scheme's own grammar") {
    const auto expect = [](std::string_view text, errc code, std::size_t offset) {
        INFO(text);
        const auto u = parse_uri(text);
        REQUIRE_FALSE(u);
        CHECK(std::string(u.error().name()) == sipkit::to_string(code));
        CHECK(u.error().offset == offset);
    };
    expect("", errc::uri_scheme_invalid, 0);
    expect(":x", errc::uri_scheme_invalid, 0);
    expect("sip", errc::uri_scheme_invalid, 3);
    expect("sip:", errc::host_invalid, 4);
    expect("sip:[::1", errc::host_invalid, 4);
    expect("sip:u@h:70000", errc::port_invalid, 8);
    expect("sip:%G1@h", errc::uri_escape_invalid, 4);
    expect("sip:a b@h", errc::uri_character_invalid, 5);
    expect("tel:911", errc::tel_phone_context_missing, 7);
    expect("http://a b", errc::uri_character_invalid, 8);
}

TEST_CASE("URIs of different kinds are never equal") {
    CHECK_FALSE(parse("sip:+12015550123@example.com;user=phone") == parse("tel:+12015550123"));
    CHECK_FALSE(parse("sip:a@b") == parse("sipx:a@b"));
    CHECK(parse("tel:+1-201-555-0123") == parse("tel:+12015550123"));
    CHECK(parse("sip:%61@b") == parse("sip:a@b"));
    CHECK(parse("x:%7E") == parse("X:~"));
}

TEST_CASE("text() is the original text and to_string is canonical for every kind") {
    const uri s = parse("SIP:Alice@AtLanTa.CoM");
    CHECK(s.text() == "SIP:Alice@AtLanTa.CoM");
    CHECK(sipkit::to_string(s) == "sip:Alice@atlanta.com");
    CHECK(sipkit::to_string(parse("TEL:+1;EXT=2")) == "tel:+1;EXT=2");
    CHECK(sipkit::to_string(parse("Foo:%7e")) == "foo:~");
    std::string out = "<";
    sipkit::serialize_to(out, s);
    CHECK(out == "<sip:Alice@atlanta.com");
}
