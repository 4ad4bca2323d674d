// Host comparison: RFC 3261 §19.1.4 (case-insensitive, no DNS), RFC 5954 §4 (IP addresses by
// value), RFC 5954 §4.1 IPv6address forms.
#include <sipkit/uri/host.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <string_view>

using sipkit::host_equal;
using sipkit::parse_ipv4;
using sipkit::parse_ipv6;

TEST_CASE("RFC 3261 §25.1 IPv4address parts are 1*3DIGIT up to 255") {
    CHECK(parse_ipv4("192.0.2.4") == std::array<std::uint8_t, 4>{192, 0, 2, 4});
    CHECK(parse_ipv4("192.000.002.004") == std::array<std::uint8_t, 4>{192, 0, 2, 4});
    CHECK_FALSE(parse_ipv4("192.0.2.256"));
    CHECK_FALSE(parse_ipv4("192.0.2"));
    CHECK_FALSE(parse_ipv4("192.0.2.4."));
    CHECK_FALSE(parse_ipv4("1.2.3.0004"));
    CHECK_FALSE(parse_ipv4(""));
}

TEST_CASE("RFC 5954 §4.1 IPv6address forms") {
    using bytes = std::array<std::uint8_t, 16>;
    const bytes loopback{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    CHECK(parse_ipv6("::1") == loopback);
    CHECK(parse_ipv6("0:0:0:0:0:0:0:1") == loopback);
    CHECK(parse_ipv6("::") == bytes{});
    CHECK(parse_ipv6("1::") == bytes{0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    CHECK(parse_ipv6("::ffff:192.0.2.128") ==
          bytes{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 128});
    CHECK(parse_ipv6("1:2:3:4:5:6:7::") == bytes{0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0});
    CHECK(parse_ipv6("1:2:3:4:5:6:192.0.2.1").has_value());
    CHECK_FALSE(parse_ipv6("1:2:3:4:5:6:7:8:9"));
    CHECK_FALSE(parse_ipv6("1:2:3:4:5:6:7"));
    CHECK_FALSE(parse_ipv6("1::2::3"));
    CHECK_FALSE(parse_ipv6("12345::"));
    CHECK_FALSE(parse_ipv6(":1"));
    CHECK_FALSE(parse_ipv6("1:"));
    CHECK_FALSE(parse_ipv6("1:2:3:4:5:6:7:192.0.2.1"));
    CHECK_FALSE(parse_ipv6("1:2:3:4:5:6:7:8::"));
    CHECK_FALSE(parse_ipv6("::g"));
}

TEST_CASE("RFC 5954 §4 textual IP addresses match when their binary values do") {
    CHECK(host_equal("[2001:db8::10]", "[2001:DB8:0000:0000:0000:0000:0000:0010]"));
    CHECK(host_equal("[::ffff:192.0.2.128]", "[::FFFF:C000:280]"));
    CHECK(host_equal("192.0.2.4", "192.000.002.004"));
    CHECK_FALSE(host_equal("[2001:db8::10]", "[2001:db8::11]"));
    CHECK_FALSE(host_equal("[::ffff:192.0.2.128]", "192.0.2.128"));
}

TEST_CASE("RFC 3261 §19.1.4 host names compare case-insensitively and never match an address") {
    CHECK(host_equal("AtLanTa.CoM", "atlanta.com"));
    CHECK_FALSE(host_equal("phone21.boxesbybob.com", "192.0.2.4"));
    CHECK_FALSE(host_equal("atlanta.com", "atlanta.com."));
}
