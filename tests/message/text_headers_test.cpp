// subject and organization (sipkit/message/text_headers.hpp): RFC 3261 §20.36, §20.25.
#include <sipkit/message/parse_message.hpp>
#include <sipkit/message/text_headers.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include "../grammar/grammar_generators.hpp"
#include "../support/corpus.hpp"

#include <string>
#include <string_view>

using sipkit::errc;
using sipkit::organization;
using sipkit::subject;

namespace {

/// RFC 3261 §25.1 TEXT-UTF8-TRIM = 1*TEXT-UTF8char *(*LWS TEXT-UTF8char), or "" (the headers
/// take [TEXT-UTF8-TRIM]): words of visible ASCII and UTF-8 apart by LWS, folds included.
rc::Gen<std::string> gen_text_utf8_trim() {
    return rc::gen::exec([] {
        const auto words = *rc::gen::inRange(0, 5);
        std::string out;
        for (int w = 0; w < words; ++w) {
            if (w > 0)
                out += *rc::gen::element<std::string>(" ", "  ", "\t", "\r\n ", " \r\n\t ");
            const auto n = *rc::gen::inRange(1, 6);
            for (int i = 0; i < n; ++i) {
                out += *rc::gen::weightedOneOf<std::string>({
                    {4, rc::gen::map(rc::gen::inRange(0x21, 0x7f),
                                     [](int c) { return std::string(1, static_cast<char>(c)); })},
                    {1, sipkit_test::gen_utf8_nonascii()},
                });
            }
        }
        return out;
    });
}

} // namespace

TEST_CASE("§20.36 Subject examples: \"Need more boxes\", \"Tech Support\"") {
    for (const std::string_view v : {"Need more boxes", "Tech Support"}) {
        const auto s = subject::parse(v);
        REQUIRE(s);
        CHECK(s->text == v);
        CHECK(sipkit::to_string(*s) == v);
    }
}

TEST_CASE("§20.25 Organization example: Boxes by Bob") {
    const auto o = organization::parse("Boxes by Bob");
    REQUIRE(o);
    CHECK(o->text == "Boxes by Bob");
    CHECK(sipkit::to_string(*o) == "Boxes by Bob");
}

TEST_CASE("§20.36 Subject may be empty ([TEXT-UTF8-TRIM]); RFC 4475 wsinv has \"s :\"") {
    const auto s = subject::parse("");
    REQUIRE(s);
    CHECK(s->empty());
    CHECK(sipkit::to_string(*s).empty());
    const auto o = organization::parse("");
    REQUIRE(o);
    CHECK(o->empty());

    const std::string text = sipkit_test::read_binary(sipkit_test::rfc4475_dir + "wsinv.dat");
    REQUIRE_FALSE(text.empty());
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto from_message = m->get<subject>();
    REQUIRE(from_message);
    CHECK(from_message->empty());
}

TEST_CASE("§25.1 TEXT-UTF8-TRIM: UTF-8 and folded LWS inside; LWS reads as one SP") {
    const auto s = subject::parse("Caf\xc3\xa9  \r\n  r\xc3\xa9union\tdemain");
    REQUIRE(s);
    CHECK(s->text.size() == 26);
    CHECK(sipkit::to_string(*s) == "Caf\xc3\xa9 r\xc3\xa9union demain");
    CHECK(*s == subject{"Caf\xc3\xa9 r\xc3\xa9union demain"});
    CHECK_FALSE(*s == subject{"caf\xc3\xa9 r\xc3\xa9union demain"}); // case matters
}

TEST_CASE("§25.1 Subject and Organization reject near-valid text with its offset") {
    struct bad_case {
        std::string_view text;
        errc code;
        std::size_t offset;
    };
    const bad_case cases[] = {
        {" leading", errc::subject_invalid, 0},          // the value arrives trimmed
        {"trailing ", errc::subject_invalid, 8},         // the trailing LWS itself
        {"bell\x07here", errc::subject_invalid, 4},      // CTL
        {"a \x7f", errc::subject_invalid, 2},            // DEL after LWS
        {"a\r\nb", errc::subject_invalid, 1},            // a line break that is no fold
        {"caf\xc3", errc::utf8_invalid, 3},              // truncated UTF-8
        {"bad \xff byte", errc::utf8_invalid, 4},        // not UTF-8
        {"over\xc3\xa9\x80long", errc::utf8_invalid, 6}, // a stray continuation octet
    };
    for (const auto& c : cases) {
        INFO(c.text);
        const auto s = subject::parse(c.text);
        REQUIRE_FALSE(s);
        CHECK(s.error().code == c.code);
        CHECK(s.error().offset == c.offset);
        // Through parse_header every failure names the header.
        const auto named = sipkit::parse_header<organization>(c.text, 100);
        REQUIRE_FALSE(named);
        CHECK(named.error().code == errc::organization_invalid);
        CHECK(named.error().offset == 100 + c.offset);
    }
}

TEST_CASE("typed access: get<subject> and get<organization> through parse_message") {
    const std::string text = "MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
                             "Subject: Lunch\r\n  at noon?\r\nOrganization: Caf\xc3\xa9 \xff\r\n"
                             "Call-ID: x\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto s = m->get<subject>();
    REQUIRE(s);
    CHECK(sipkit::to_string(*s) == "Lunch at noon?");
    const auto o = m->get<organization>();
    REQUIRE_FALSE(o);
    CHECK(o.error().code == errc::organization_invalid);
    CHECK(o.error().offset == text.find('\xff'));
    CHECK(m->find(sipkit::header_id::call_id));

    const auto compact = sipkit::parse_message("MESSAGE sip:a@b SIP/2.0\r\ns: hi\r\n\r\n");
    REQUIRE(compact);
    REQUIRE(compact->get<subject>());
    CHECK(compact->get<subject>()->text == "hi");
    CHECK(compact->get<organization>().error().code == errc::header_missing);
}

TEST_CASE("round trip: serialize_to then parse gives the same Subject and Organization") {
    rc::prop("text headers round trip", [] {
        const std::string text = *gen_text_utf8_trim();
        const auto s = subject::parse(text);
        RC_ASSERT(s.has_value());
        RC_ASSERT(s->text == text);
        const std::string written = sipkit::to_string(*s);
        const auto back = subject::parse(written);
        RC_ASSERT(back.has_value());
        RC_ASSERT(*back == *s);
        RC_ASSERT(sipkit::to_string(*back) == written);

        const auto o = organization::parse(text);
        RC_ASSERT(o.has_value());
        const std::string o_written = sipkit::to_string(*o); // o_back views it
        const auto o_back = organization::parse(o_written);
        RC_ASSERT(o_back.has_value());
        RC_ASSERT(*o_back == *o);
    });
}
