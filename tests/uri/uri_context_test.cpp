// RFC 3261 §19.1.1 Table 1 (which URI components each context allows) and the grammar of the
// parameters with a meaning of their own (§25.1 transport-, user-, method-, ttl-, maddr-param).
#include <sipkit/uri/uri_context.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <string>
#include <string_view>

using sipkit::errc;
using sipkit::uri_context;

namespace {

sipkit::sip_uri parse(std::string_view text) {
    const auto u = sipkit::parse_sip_uri(text);
    INFO(text);
    if (!u)
        FAIL("rejected: " << u.error().name() << " at " << u.error().offset);
    return *u;
}

constexpr std::array<uri_context, 7> contexts = {
    uri_context::request_uri,    uri_context::to,
    uri_context::from,           uri_context::contact_registration,
    uri_context::contact_dialog, uri_context::route,
    uri_context::external};

/// One row of Table 1: the component in `text` (at `offset`) is allowed where `allowed` says,
/// in uri_context order.
void check_row(std::string_view text, std::size_t offset, std::array<bool, 7> allowed) {
    const sipkit::sip_uri u = parse(text);
    for (std::size_t i = 0; i < contexts.size(); ++i) {
        INFO(text << " in context " << i);
        const auto r = sipkit::validate(u, contexts[i]);
        CHECK(r.has_value() == allowed[i]);
        if (!r) {
            CHECK(r.error().code == errc::uri_component_not_allowed);
            CHECK(r.error().offset == offset);
        }
    }
}

} // namespace

TEST_CASE("RFC 3261 §19.1.1 Table 1 user, password, host, user-param and other-param are allowed "
          "everywhere") {
    check_row("sip:alice:pw@atlanta.com;user=phone;foo=bar", 0,
              {true, true, true, true, true, true, true});
}

TEST_CASE("RFC 3261 §19.1.1 Table 1 port: not in To or From") {
    check_row("sip:alice@atlanta.com:5070", 22, {true, false, false, true, true, true, true});
}

TEST_CASE("RFC 3261 §19.1.1 Table 1 method: only outside a message") {
    check_row("sip:atlanta.com;method=REGISTER", 16,
              {false, false, false, false, false, false, true});
}

TEST_CASE("RFC 3261 §19.1.1 Table 1 maddr-param: not in To or From") {
    check_row("sip:alice@atlanta.com;maddr=239.255.255.1", 22,
              {true, false, false, true, true, true, true});
}

TEST_CASE("RFC 3261 §19.1.1 Table 1 ttl-param: Request-URI, registration Contact, external") {
    check_row("sip:alice@atlanta.com;ttl=15", 22, {true, false, false, true, false, false, true});
}

TEST_CASE("RFC 3261 §19.1.1 Table 1 transport-param: not in To or From") {
    check_row("sip:alice@atlanta.com;TRANSPORT=tcp", 22,
              {true, false, false, true, true, true, true});
}

TEST_CASE("RFC 3261 §19.1.1 Table 1 lr-param: not in To, From or a registration Contact") {
    check_row("sip:proxy.atlanta.com;lr", 22, {true, false, false, false, true, true, true});
}

TEST_CASE("RFC 3261 §19.1.1 Table 1 headers: registration Contact and external only") {
    check_row("sip:alice@atlanta.com?subject=hi", 22,
              {false, false, false, true, false, false, true});
}

TEST_CASE("RFC 3261 §25.1 well-known parameter values are checked after unescaping") {
    CHECK(sipkit::validate_parameters(
        parse("sip:h;transport=tcp;user=phone;method=INVITE;ttl=255;maddr=[::1]")));
    CHECK(sipkit::validate_parameters(parse("sip:h;transport=%74cp;ttl=%32;maddr=%31.2.3.4")));
    CHECK(sipkit::validate_parameters(parse("sip:h;lr=on")));
    const auto expect = [](std::string_view text, std::size_t offset) {
        INFO(text);
        const auto r = sipkit::validate_parameters(parse(text));
        REQUIRE_FALSE(r);
        CHECK(r.error().code == errc::uri_parameter_value_invalid);
        CHECK(r.error().offset == offset);
    };
    expect("sip:h;ttl=256", 10);
    expect("sip:h;ttl=x", 10);
    expect("sip:h;ttl", 6);
    expect("sip:h;maddr=a..b", 12);
    expect("sip:h;transport=a%20b", 16);
    expect("sip:h;method=%22X", 13);
    expect("sips:h;transport=UDP", 17); // §19.1.1: SIPS needs a reliable transport
    CHECK(sipkit::validate_parameters(parse("sips:h;transport=tcp")));
    CHECK(sipkit::validate_parameters(parse("sip:h;transport=udp")));
}

TEST_CASE("RFC 3261 §19.1.1 validate also checks parameter values; tel and absolute URIs pass") {
    const auto r = sipkit::validate(parse("sip:h;ttl=300"), uri_context::request_uri);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::uri_parameter_value_invalid);
    CHECK(sipkit::validate_request_uri(*sipkit::parse_uri("tel:+1-201-555-0123")));
    CHECK(sipkit::validate_request_uri(*sipkit::parse_uri("urn:service:sos")));
}
