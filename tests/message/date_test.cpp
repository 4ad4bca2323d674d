// date (sipkit/message/date.hpp): RFC 3261 §20.17, the rfc1123-date in GMT.
#include <sipkit/message/date.hpp>
#include <sipkit/message/parse_message.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include "../support/corpus.hpp"

#include <cstdint>
#include <string>
#include <string_view>

using sipkit::date;
using sipkit::errc;

TEST_CASE("§20.17 Date example: Sat, 13 Nov 2010 23:29:00 GMT") {
    const auto d = date::parse("Sat, 13 Nov 2010 23:29:00 GMT");
    REQUIRE(d);
    CHECK(d->weekday == 6);
    CHECK(d->day == 13);
    CHECK(d->month == 11);
    CHECK(d->year == 2010);
    CHECK(d->hour == 23);
    CHECK(d->minute == 29);
    CHECK(d->second == 0);
    CHECK(d->weekday_matches());
    CHECK(d->seconds_since_epoch() == 1289690940);
    CHECK(sipkit::to_string(*d) == "Sat, 13 Nov 2010 23:29:00 GMT");
}

TEST_CASE("§20.17 Date in RFC 4475 mpart01 parses; baddate's EST is date_invalid at the zone") {
    const std::string good = sipkit_test::read_binary(sipkit_test::rfc4475_dir + "mpart01.dat");
    REQUIRE_FALSE(good.empty());
    const auto m = sipkit::parse_message(good);
    REQUIRE(m);
    const auto d = m->get<date>();
    REQUIRE(d);
    CHECK(sipkit::to_string(*d) == "Sat, 15 Oct 2005 04:44:56 GMT");
    CHECK(d->seconds_since_epoch() == 1129351496);

    const std::string bad = sipkit_test::read_binary(sipkit_test::rfc4475_dir + "baddate.dat");
    REQUIRE_FALSE(bad.empty());
    const auto b = sipkit::parse_message(bad);
    REQUIRE(b); // the message parses; only typed access to Date fails
    const auto e = b->get<date>();
    REQUIRE_FALSE(e);
    CHECK(e.error().code == errc::date_invalid);
    CHECK(e.error().offset == bad.find("EST"));
    CHECK(b->find(sipkit::header_id::contact));
}

TEST_CASE("§20.17 seconds_since_epoch: epoch, before it, and the ends of 4DIGIT years") {
    struct epoch_case {
        std::string_view text;
        std::int64_t seconds;
    };
    const epoch_case cases[] = {
        {"Thu, 01 Jan 1970 00:00:00 GMT", 0},
        {"Wed, 31 Dec 1969 23:59:59 GMT", -1},
        {"Tue, 29 Feb 2000 12:00:00 GMT", 951825600},
        {"Tue, 19 Jan 2038 03:14:08 GMT", 2147483648},
        {"Sat, 01 Jan 0000 00:00:00 GMT", -62167219200},
        {"Fri, 31 Dec 9999 23:59:59 GMT", 253402300799},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        const auto d = date::parse(c.text);
        REQUIRE(d);
        CHECK(d->seconds_since_epoch() == c.seconds);
        CHECK(d->weekday_matches());
        CHECK(date::from_seconds_since_epoch(c.seconds) == *d);
    }
}

TEST_CASE("§20.17 the weekday is kept as written, not checked (decision)") {
    // 1 January 2010 was a Friday. The weekday is redundant; judging it is validation's job.
    const auto d = date::parse("Mon, 01 Jan 2010 16:00:00 GMT");
    REQUIRE(d);
    CHECK(d->weekday == 1);
    CHECK(d->computed_weekday() == 5);
    CHECK_FALSE(d->weekday_matches());
    CHECK(sipkit::to_string(*d) == "Mon, 01 Jan 2010 16:00:00 GMT");
}

TEST_CASE("§20.17 Date rejects near-valid dates at the offending part") {
    struct bad_case {
        std::string_view text;
        std::size_t offset;
    };
    const bad_case cases[] = {
        {"Fri, 01 Jan 2010 16:00:00 EST", 26},  // RFC 4475 §3.1.2.12
        {"Fri, 01 Jan 2010 16:00:00 UTC", 26},  // only GMT
        {"Fri, 01 Jan 2010 16:00:00 gmt", 26},  // case-sensitive (§20.17)
        {"Fri, 01 Jan 2010 16:00:00 GMT ", 29}, // nothing after GMT
        {"Fri, 01 Jan 2010 16:00:00", 25},
        {"fri, 01 Jan 2010 16:00:00 GMT", 0}, // case-sensitive
        {"Friday, 01 Jan 2010 16:00:00 GMT", 3},
        {"Fri 01 Jan 2010 16:00:00 GMT", 3},
        {"Fri,01 Jan 2010 16:00:00 GMT", 4},
        {"Fri,  01 Jan 2010 16:00:00 GMT", 5},    // SP is one SP
        {"Fri,\r\n 01 Jan 2010 16:00:00 GMT", 4}, // and no fold
        {"Fri, 1 Jan 2010 16:00:00 GMT", 5},      // 2DIGIT
        {"Fri, 00 Jan 2010 16:00:00 GMT", 5},
        {"Fri, 32 Xyz 2010 16:00:00 GMT", 5}, // the day first: no month has 32 days
        {"Fri, 31 Apr 2010 16:00:00 GMT", 5}, // April has 30
        {"Mon, 29 Feb 1900 16:00:00 GMT", 5}, // 1900 was no leap year
        {"Fri, 01 jan 2010 16:00:00 GMT", 8},
        {"Fri, 01 January 2010 16:00:00 GMT", 11},
        {"Fri, 01 Jan 10 16:00:00 GMT", 12}, // 4DIGIT
        {"Fri, 01 Jan 201x 16:00:00 GMT", 12},
        {"Fri, 01 Jan 2010 24:00:00 GMT", 17}, // 00:00:00 - 23:59:59
        {"Fri, 01 Jan 2010 16.00:00 GMT", 19},
        {"Fri, 01 Jan 2010 16:60:00 GMT", 20},
        {"Fri, 01 Jan 2010 16:00:60 GMT", 23}, // no leap second (decision)
        {"Fri, 01 Jan 2010 16:00 GMT", 22},
        {"", 0},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        const auto d = date::parse(c.text);
        REQUIRE_FALSE(d);
        CHECK(d.error().code == errc::date_invalid);
        CHECK(d.error().offset == c.offset);
    }
    // 29 February in a leap year is a date.
    CHECK(date::parse("Thu, 29 Feb 2024 00:00:00 GMT"));
    CHECK(date::parse("Tue, 29 Feb 2000 00:00:00 GMT"));
}

TEST_CASE("typed access: get<date> names the header and the offset") {
    const std::string text = "OPTIONS sip:a@b SIP/2.0\r\nDate: Fri, 01 Jan 2010 25:00:00 GMT\r\n"
                             "Call-ID: x\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto d = m->get<date>();
    REQUIRE_FALSE(d);
    CHECK(d.error().code == errc::date_invalid);
    CHECK(d.error().offset == text.find("25:00"));
}

TEST_CASE("round trip: serialize_to then parse gives the same Date") {
    rc::prop("date round trip", [] {
        const auto seconds = *rc::gen::inRange<std::int64_t>(-62167219200, 253402300799 + 1);
        date value = date::from_seconds_since_epoch(seconds);
        RC_ASSERT(value.seconds_since_epoch() == seconds);
        RC_ASSERT(value.weekday_matches());
        if (*rc::gen::inRange(0, 4) == 0) // a weekday that does not match is still legal
            value.weekday = *rc::gen::inRange<std::uint8_t>(1, 8);
        const std::string text = sipkit::to_string(value);
        RC_ASSERT(text.size() == 29u);
        const auto back = date::parse(text);
        RC_ASSERT(back.has_value());
        RC_ASSERT(*back == value);
        RC_ASSERT(back->seconds_since_epoch() == seconds);
    });
}
