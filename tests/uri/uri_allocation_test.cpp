// The URI layer never allocates while parsing, comparing, validating or walking parameters
// and headers: this test replaces the global operator new and delete with counting versions
// and checks that the count does not move. Only unescape, escape and the canonical writers,
// which fill a std::string, may allocate.
#include <sipkit/uri/uri.hpp>
#include <sipkit/uri/uri_context.hpp>

#include <catch2/catch.hpp>

#include "../support/counting_allocator.hpp"

#include <string>
#include <string_view>

namespace {

using sipkit_test::allocations;

// Long enough that no small-buffer optimization could hide an allocation.
constexpr std::string_view uris[] = {
    "sip:alice:secretword@atlanta.com;transport=tcp",
    "sips:alice@atlanta.com?subject=project%20x&priority=urgent",
    "sip:+1-212-555-1212:1234@gateway.com;user=phone",
    "sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com",
    "sip:alice;day=tuesday@atlanta.com",
    "sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31",
    "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/"
    ";;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)"
    "@example.com",
    "sip:user@[2001:db8::10]:5070;maddr=[2001:db8::1];ttl=15;lr",
    "tel:+1-201-555-0123;ext=1234;isub=a%20b;phone-context=example.com",
    "tel:863-1234;phone-context=+1-914-555",
    "nobodyKnowsThisScheme:totallyopaquecontent",
    "soap.beep://192.0.2.103:3002/path?query=%7Ex",
    "sip:alice@example.com:65536",
    "sip:%G1@example.com",
};

} // namespace

TEST_CASE("RFC 3261 §19.1 parsing, comparing and validating URIs does not allocate") {
    std::size_t work = 0;
    const std::size_t before = allocations();
    for (const std::string_view a : uris) {
        const auto u = sipkit::parse_uri(a);
        if (!u) {
            work += u.error().offset;
            continue;
        }
        for (const std::string_view b : uris)
            if (const auto v = sipkit::parse_uri(b))
                work += (*u == *v) + (*v == *u);
        work += sipkit::validate_request_uri(*u).has_value();
        if (const auto* s = u->as_sip()) {
            for (const auto p : s->parameters())
                work += p.name.size() + p.value.size();
            for (const auto h : s->headers())
                work += h.name.size() + h.value.size();
            work += s->ttl().value_or(0) + s->lr() + s->has_parameter("maddr");
            work += s->header("subject").has_value();
            work += sipkit::validate(*s, sipkit::uri_context::contact_registration).has_value();
        }
        if (const auto* t = u->as_tel())
            work += t->phone_context().has_value();
        const sipkit::uri copy = *u;
        work += copy.text().size();
    }
    const std::size_t after = allocations();
    CHECK(work > 0);
    CHECK(after == before);
}

TEST_CASE("the allocation counter sees the allocations of the canonical writer") {
    const auto u = sipkit::parse_uri(uris[0]);
    REQUIRE(u);
    const std::size_t before = allocations();
    const std::string canonical = sipkit::to_string(*u);
    CHECK(allocations() > before);
    CHECK(canonical == uris[0]);
}
