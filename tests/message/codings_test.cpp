// content_encoding, accept_encoding, content_language and accept_language
// (sipkit/message/codings.hpp): RFC 3261 §20.2, §20.3, §20.12, §20.13, §25.1.
#include <sipkit/message/codings.hpp>
#include <sipkit/message/parse_message.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include "media_test_helpers.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using sipkit::accept_encoding;
using sipkit::accept_language;
using sipkit::content_encoding;
using sipkit::content_language;
using sipkit::errc;
using sipkit_test::canonical_elements;
using sipkit_test::check_rejections;

namespace {

using strings = std::vector<std::string>;

/// A language-tag (RFC 3261 §25.1) with subtags of letters and digits (RFC 3066 §2.1).
rc::Gen<std::string> gen_language_tag() {
    return rc::gen::exec([] {
        using namespace sipkit_test;
        std::string tag = *gen_string_of(alpha_chars, 1, 8);
        const auto subtags = *rc::gen::inRange(0, 3);
        for (int i = 0; i < subtags; ++i)
            tag += "-" + *gen_string_of(alphanum_chars, 1, 8);
        return tag;
    });
}

/// Accept-style parameters: generic params plus, now and then, a "q" somewhere among them.
struct accept_params {
    std::vector<sipkit_test::generated_param> params;
    std::optional<std::uint16_t> q;
};

rc::Gen<accept_params> gen_accept_params() {
    return rc::gen::exec([] {
        using namespace sipkit_test;
        accept_params out{*gen_params(param_rules{true, true, {"q"}}, 3), std::nullopt};
        if (*rc::gen::arbitrary<bool>()) {
            const auto q = *gen_qvalue();
            out.q = q.thousandths;
            const auto at = *rc::gen::inRange<std::size_t>(0, out.params.size() + 1);
            out.params.insert(out.params.begin() + static_cast<std::ptrdiff_t>(at),
                              generated_param{*gen_case_of("q"), q.text, true});
        }
        return out;
    });
}

} // namespace

// ---- Content-Encoding -----------------------------------------------------------------------

TEST_CASE("§20.12 Content-Encoding examples: gzip; compact e: tar") {
    const auto c = content_encoding::parse("gzip");
    REQUIRE(c);
    CHECK(c->coding == "gzip");
    CHECK(canonical_elements<content_encoding>("MESSAGE sip:a@b SIP/2.0\r\ne: tar\r\n\r\n") ==
          strings{"tar"});
}

TEST_CASE("§20.12 Content-Encoding: codings listed in the order applied, across fields") {
    const std::string text = "MESSAGE sip:a@b SIP/2.0\r\nContent-Encoding: gzip ,\r\n deflate\r\n"
                             "e: x-custom\r\n\r\n";
    CHECK(canonical_elements<content_encoding>(text) == strings{"gzip", "deflate", "x-custom"});
}

TEST_CASE("§20.12 content-coding values are case-insensitive") {
    CHECK(*content_encoding::parse("GZip") == *content_encoding::parse("gzip"));
    CHECK_FALSE(*content_encoding::parse("gzip") == *content_encoding::parse("tar"));
}

TEST_CASE("§25.1 Content-Encoding rejects what content-coding = token does not allow") {
    check_rejections<content_encoding>({
        {"", 0},
        {"gz ip", 2},
        {"gz/ip", 2},
        {"gzip;q=1", 4}, // Content-Encoding has no parameters
        {"\"gzip\"", 0},
    });
}

TEST_CASE("typed access: an empty Content-Encoding element names the header and offset") {
    const std::string text = "MESSAGE sip:a@b SIP/2.0\r\nContent-Encoding: gzip,,tar\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    std::vector<bool> ok;
    for (const auto c : m->all<content_encoding>()) {
        ok.push_back(c.has_value());
        if (!c) {
            CHECK(c.error().code == errc::content_encoding_invalid);
            CHECK(c.error().offset == text.find(",,") + 1);
        }
    }
    CHECK(ok == std::vector<bool>{true, false, true});
}

TEST_CASE("round trip: Content-Encoding -> serialize -> parse") {
    rc::prop("content_encoding round trip", [] {
        const std::string coding = *sipkit_test::gen_token();
        const auto parsed = content_encoding::parse(coding);
        RC_ASSERT(parsed.has_value());
        RC_ASSERT(parsed->coding == coding);
        const std::string canonical = sipkit::to_string(*parsed); // back views it
        const auto back = content_encoding::parse(canonical);
        RC_ASSERT(back.has_value());
        RC_ASSERT(*back == *parsed);
    });
}

// ---- Accept-Encoding ------------------------------------------------------------------------

TEST_CASE("§20.2 Accept-Encoding example: gzip") {
    const auto a = accept_encoding::parse("gzip");
    REQUIRE(a);
    CHECK(a->coding == "gzip");
    CHECK(a->params.empty());
    CHECK_FALSE(a->q());
}

TEST_CASE("§20.2 Accept-Encoding: \"*\", q-values and LWS ([H14.3] forms)") {
    const std::string text = "OPTIONS sip:a@b SIP/2.0\r\n"
                             "Accept-Encoding: gzip;q=1.0, identity ; q=0.5,\r\n *;q=0\r\n\r\n";
    CHECK(canonical_elements<accept_encoding>(text) ==
          strings{"gzip;q=1.0", "identity;q=0.5", "*;q=0"});
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    std::vector<std::optional<std::uint16_t>> qs;
    for (const auto a : m->all<accept_encoding>())
        qs.push_back(a->q());
    CHECK(qs == std::vector<std::optional<std::uint16_t>>{1000, 500, 0});
}

TEST_CASE("§20.2 an empty Accept-Encoding is permissible and has no elements (identity only)") {
    const auto m = sipkit::parse_message(std::string_view(
        "OPTIONS sip:a@b SIP/2.0\r\nAccept-Encoding:\r\nAccept-Encoding: \r\n\r\n"));
    REQUIRE(m);
    CHECK(m->all<accept_encoding>().empty());
    CHECK(m->contains(sipkit::header_id::accept_encoding));
}

TEST_CASE("§25.1 Accept-Encoding rejects bad codings and q-values at the offending byte") {
    check_rejections<accept_encoding>({
        {"", 0},
        {";q=1", 0},
        {"gzip q=1", 4},
        {"gzip;q=2", 7},
        {"gzip;q=0.5000", 12},
        {"gzip;q", 6},
        {"gzip;", 5},
        {"gz(ip)", 2},
    });
}

TEST_CASE("§20.2 Accept-Encoding equality: coding ignoring case, parameters in order") {
    CHECK(*accept_encoding::parse("GZIP;q=0.5") == *accept_encoding::parse("gzip ; Q=0.5"));
    CHECK_FALSE(*accept_encoding::parse("gzip;q=0.5") == *accept_encoding::parse("gzip;q=0.50"));
}

TEST_CASE("round trip: Accept-Encoding with q-values and parameters -> serialize -> parse") {
    rc::prop("accept_encoding round trip", [] {
        const std::string coding =
            *rc::gen::oneOf(rc::gen::just(std::string("*")), sipkit_test::gen_token());
        const auto ap = *gen_accept_params();
        const std::string text = coding + *sipkit_test::gen_params_text(ap.params);
        const auto parsed = accept_encoding::parse(text);
        RC_ASSERT(parsed.has_value());
        RC_ASSERT(parsed->coding == coding);
        RC_ASSERT(sipkit_test::same_params(parsed->params, ap.params));
        RC_ASSERT(parsed->q() == ap.q);
        const std::string canonical = sipkit::to_string(*parsed);
        const auto back = accept_encoding::parse(canonical);
        RC_ASSERT(back.has_value());
        RC_ASSERT(*back == *parsed);
        RC_ASSERT(sipkit::to_string(*back) == canonical);
    });
}

// ---- Content-Language -----------------------------------------------------------------------

TEST_CASE("§20.13 Content-Language example: fr") {
    const auto c = content_language::parse("fr");
    REQUIRE(c);
    CHECK(c->tag == "fr");
    const std::string text = "MESSAGE sip:a@b SIP/2.0\r\nContent-Language: fr, en-GB\r\n\r\n";
    CHECK(canonical_elements<content_language>(text) == strings{"fr", "en-GB"});
}

TEST_CASE("§25.1 language-tag = primary-tag *( \"-\" subtag ), up to 8 letters each") {
    for (const std::string_view tag : {"i-klingon", "en-US", "x-pig-latin", "abcdefgh-abcdefgh"}) {
        INFO(tag);
        CHECK(content_language::parse(tag));
    }
}

TEST_CASE("§20.13 language subtags may hold digits (RFC 3066 §2.1): es-419, de-CH-1996") {
    // RFC 3261 §25.1 (after RFC 1766) has subtag = 1*8ALPHA; RFC 3066 and BCP 47, which
    // replaced it, allow digits in subtags. The primary tag stays letters only.
    CHECK(content_language::parse("es-419"));
    CHECK(content_language::parse("de-CH-1996"));
    CHECK(accept_language::parse("es-419;q=0.5"));
    check_rejections<content_language>({{"419", 0}, {"e1", 1}});
}

TEST_CASE("§25.1 Content-Language rejects near-valid tags at the offending byte") {
    check_rejections<content_language>({
        {"", 0},
        {"francaise", 8}, // primary-tag is 1*8ALPHA
        {"en-", 3},
        {"en--gb", 3},
        {"en-abcdefghi", 11},
        {"-en", 0},
        {"*", 0}, // a range, not a tag
        {"en gb", 2},
        {"en_GB", 2},
        {"en;q=1", 2}, // Content-Language has no parameters
    });
}

TEST_CASE("§20.13 language tags compare case-insensitively") {
    CHECK(*content_language::parse("en-gb") == *content_language::parse("EN-GB"));
    CHECK_FALSE(*content_language::parse("en") == *content_language::parse("en-gb"));
}

TEST_CASE("round trip: Content-Language -> serialize -> parse") {
    rc::prop("content_language round trip", [] {
        const std::string tag = *gen_language_tag();
        const auto parsed = content_language::parse(tag);
        RC_ASSERT(parsed.has_value());
        RC_ASSERT(parsed->tag == tag);
        const std::string canonical = sipkit::to_string(*parsed); // back views it
        const auto back = content_language::parse(canonical);
        RC_ASSERT(back.has_value());
        RC_ASSERT(*back == *parsed);
    });
}

// ---- Accept-Language ------------------------------------------------------------------------

TEST_CASE("§20.3 Accept-Language example: da, en-gb;q=0.8, en;q=0.7") {
    const std::string text =
        "INVITE sip:a@b SIP/2.0\r\nAccept-Language: da, en-gb;q=0.8, en;q=0.7\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    std::vector<std::pair<std::string, std::optional<std::uint16_t>>> got;
    for (const auto a : m->all<accept_language>()) {
        REQUIRE(a);
        got.emplace_back(std::string(a->range), a->q());
    }
    CHECK(got == std::vector<std::pair<std::string, std::optional<std::uint16_t>>>{
                     {"da", std::nullopt}, {"en-gb", 800}, {"en", 700}});
}

TEST_CASE("§25.1 Accept-Language: the \"*\" range and an empty field") {
    const auto star = accept_language::parse("*;q=0.1");
    REQUIRE(star);
    CHECK(star->range == "*");
    CHECK(star->q() == std::uint16_t{100});
    const auto m = sipkit::parse_message(
        std::string_view("OPTIONS sip:a@b SIP/2.0\r\nAccept-Language:\r\n\r\n"));
    REQUIRE(m);
    CHECK(m->all<accept_language>().empty());
}

TEST_CASE("§25.1 Accept-Language rejects near-valid ranges at the offending byte") {
    check_rejections<accept_language>({
        {"", 0},
        {"*-en", 1},
        {"en-*", 3},
        {"en;q=1.1", 7},
        {"en;q=", 5},
        {"englishes", 8},
        {"en gb", 2},
        {"en;", 3},
    });
}

TEST_CASE("typed access: a bad Accept-Language element names the header and offset") {
    const std::string text = "OPTIONS sip:a@b SIP/2.0\r\nAccept-Language: da, en-gb;q=2\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto first = m->get<accept_language>();
    REQUIRE(first);
    CHECK(first->range == "da");
    std::size_t failures = 0;
    for (const auto a : m->all<accept_language>()) {
        if (a)
            continue;
        ++failures;
        CHECK(a.error().code == errc::accept_language_invalid);
        CHECK(a.error().offset == text.find("q=2") + 2);
    }
    CHECK(failures == 1);
}

TEST_CASE("round trip: Accept-Language with q-values and parameters -> serialize -> parse") {
    rc::prop("accept_language round trip", [] {
        const std::string range =
            *rc::gen::oneOf(rc::gen::just(std::string("*")), gen_language_tag());
        const auto ap = *gen_accept_params();
        const std::string text = range + *sipkit_test::gen_params_text(ap.params);
        const auto parsed = accept_language::parse(text);
        RC_ASSERT(parsed.has_value());
        RC_ASSERT(parsed->range == range);
        RC_ASSERT(sipkit_test::same_params(parsed->params, ap.params));
        RC_ASSERT(parsed->q() == ap.q);
        const std::string canonical = sipkit::to_string(*parsed);
        const auto back = accept_language::parse(canonical);
        RC_ASSERT(back.has_value());
        RC_ASSERT(*back == *parsed);
        RC_ASSERT(sipkit::to_string(*back) == canonical);
    });
}
