// alert_info, call_info, error_info (sipkit/message/info_headers.hpp): RFC 3261 §20.4, §20.9,
// §20.18 and §25.1: LAQUOT absoluteURI RAQUOT *( SEMI generic-param ).
#include <sipkit/message/info_headers.hpp>
#include <sipkit/message/parse_message.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck.h>
#include <rapidcheck/catch.h>

#include "../grammar/grammar_generators.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

using sipkit::alert_info;
using sipkit::call_info;
using sipkit::errc;
using sipkit::error_info;

namespace {

template <class H>
void check_rejected(std::string_view value, std::size_t offset) {
    INFO(value);
    const auto r = H::parse(value);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == H::invalid);
    CHECK(r.error().offset == offset);
}

} // namespace

TEST_CASE("§20.4 Alert-Info example") {
    const auto a = alert_info::parse("<http://www.example.com/sounds/moo.wav>");
    REQUIRE(a);
    CHECK(a->uri.is_absolute());
    CHECK(a->uri.text() == "http://www.example.com/sounds/moo.wav");
    CHECK(a->params.empty());
    CHECK(sipkit::to_string(*a) == "<http://www.example.com/sounds/moo.wav>");

    const std::string text = "INVITE sip:bob@biloxi.com SIP/2.0\r\n"
                             "Alert-Info: <http://www.example.com/sounds/moo.wav>\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto typed = m->get<alert_info>();
    REQUIRE(typed);
    CHECK(*typed == *a);
    CHECK(m->all<alert_info>().size() == 1);
}

TEST_CASE("§20.9 Call-Info example: two values with purpose icon and info") {
    const std::string text =
        "INVITE sip:bob@biloxi.com SIP/2.0\r\n"
        "Call-Info: <http://wwww.example.com/alice/photo.jpg> ;purpose=icon,\r\n"
        "  <http://www.example.com/alice/> ;purpose=info\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    std::vector<call_info> all;
    for (const auto c : m->all<call_info>()) {
        REQUIRE(c);
        all.push_back(*c);
    }
    REQUIRE(all.size() == 2);
    CHECK(all[0].uri.text() == "http://wwww.example.com/alice/photo.jpg");
    CHECK(all[0].purpose() == "icon");
    CHECK(all[1].purpose() == "info");
    CHECK(sipkit::to_string(all[0]) == "<http://wwww.example.com/alice/photo.jpg>;purpose=icon");
    CHECK(m->get<call_info>()->purpose() == "icon");
}

TEST_CASE("§20.9 Call-Info purpose: card, another token, absent") {
    CHECK(call_info::parse("<http://www.example.com/alice/card.vcf>;purpose=card")->purpose() ==
          "card");
    CHECK(call_info::parse("<http://x.example.com/>;Purpose=x-new ; foo")->purpose() == "x-new");
    CHECK_FALSE(call_info::parse("<http://x.example.com/>;foo=bar")->purpose());
}

TEST_CASE("§20.18 Error-Info example: a SIP URI is an absoluteURI too") {
    const std::string text = "SIP/2.0 404 The number you have dialed is not in service\r\n"
                             "Error-Info: <sip:not-in-service-recording@atlanta.com>\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto e = m->get<error_info>();
    REQUIRE(e);
    CHECK(e->uri.is_sip());
    CHECK(e->uri.as_sip()->user() == "not-in-service-recording");
    CHECK(m->get<alert_info>().error().code == errc::header_missing);
}

TEST_CASE("§25.1 info headers: folded LWS around RAQUOT, SEMI and EQUAL; quoted values") {
    const auto a = alert_info::parse("<http://e.example.com/ring.wav>\r\n ;\r\n\tappearance\r\n ="
                                     " \"line 2\" ; x");
    REQUIRE(a);
    CHECK(a->params.value("appearance") == "\"line 2\"");
    CHECK(sipkit::to_string(*a) == "<http://e.example.com/ring.wav>;appearance=\"line 2\";x");
    const auto urn = alert_info::parse("<urn:alert:service:call-waiting>"); // RFC 7462
    REQUIRE(urn);
    CHECK(urn->uri.scheme() == "urn");
}

TEST_CASE("§25.1 info headers reject what the grammar does not allow") {
    check_rejected<alert_info>("", 0);
    check_rejected<alert_info>("http://www.example.com/moo.wav", 0);       // LAQUOT required
    check_rejected<alert_info>("Moo <http://www.example.com/moo.wav>", 0); // no display name
    check_rejected<alert_info>("<http://www.example.com/moo.wav", 0);      // no RAQUOT
    check_rejected<alert_info>("< http://www.example.com/moo.wav>", 1);    // LWS inside <>
    check_rejected<alert_info>("<>", 1);
    check_rejected<call_info>("<http://a.example.com/>;purpose=", 32);
    check_rejected<call_info>("<http://a.example.com/> ;", 25);
    check_rejected<call_info>("<http://a.example.com/> junk", 24);
    check_rejected<error_info>("<sip:@atlanta.com>", 5);
    check_rejected<error_info>("<http://a.example.com/#frag>", 22); // a fragment is no part
}

TEST_CASE("typed access: all<error_info> over several fields names the header and offset") {
    const std::string text = "SIP/2.0 500 Oops\r\nError-Info: <http://a.example.com/>, bad\r\n"
                             "Error-Info: <mailto:help@example.com>\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    std::vector<std::string> good;
    for (const auto e : m->all<error_info>()) {
        if (e) {
            good.emplace_back(e->uri.text());
        } else {
            CHECK(e.error().code == errc::error_info_invalid);
            CHECK(e.error().offset == text.find("bad"));
        }
    }
    CHECK(good == std::vector<std::string>{"http://a.example.com/", "mailto:help@example.com"});
}

TEST_CASE("info header equality: URI by its scheme's rules, then parameters") {
    CHECK(*alert_info::parse("<HTTP://WWW.Example.com/a>;x=1") ==
          *alert_info::parse("<http://www.example.com/a> ; x = 1"));
    CHECK_FALSE(*alert_info::parse("<http://www.example.com/a>") ==
                *alert_info::parse("<http://www.example.com/A>"));
    CHECK_FALSE(*call_info::parse("<http://a.example.com/>;purpose=icon") ==
                *call_info::parse("<http://a.example.com/>;purpose=info"));
}

// ---- the round trip -------------------------------------------------------------------------

namespace {

rc::Gen<std::string> gen_sws() {
    return rc::gen::element<std::string>("", " ", "\t", "\r\n ", " \r\n\t");
}

rc::Gen<std::string> gen_info_uri() {
    return rc::gen::weightedOneOf<std::string>({
        {3, rc::gen::map(sipkit_test::gen_host(),
                         [](const std::string& h) { return "http://" + h + "/a%20b/c.wav"; })},
        {1, rc::gen::map(sipkit_test::gen_string_of(
                             std::string(sipkit_test::alphanum_chars) + "-_.!~*'", 1, 8),
                         [](const std::string& t) { return "mailto:" + t + "@example.com"; })},
        {1, rc::gen::map(sipkit_test::gen_host(),
                         [](const std::string& h) { return "sip:user@" + h + ";lr?x=y"; })},
        {1, rc::gen::element<std::string>("urn:alert:tone:busy", "HTTPS://Example.COM/?q=1",
                                          "tel:+1-201-555-0123")},
    });
}

// An element text: <uri> then parameters (purpose among them, in several spellings).
rc::Gen<std::string> gen_info_element() {
    return rc::gen::exec([] {
        std::string text = "<" + *gen_info_uri() + ">";
        const auto n = *rc::gen::inRange(0, 4);
        for (int i = 0; i < n; ++i) {
            text += *gen_sws() + ";" + *gen_sws();
            text += *rc::gen::weightedOneOf<std::string>({
                {1, rc::gen::element<std::string>("purpose=icon", "PURPOSE=Info", "purpose=card")},
                {2, sipkit_test::gen_token()},
                {1,
                 rc::gen::map(sipkit_test::gen_text(8),
                              [](const std::string& t) { return "q=" + sipkit_test::quote(t); })},
            });
        }
        return text;
    });
}

template <class H>
void round_trip() {
    const auto elements =
        *rc::gen::container<std::vector<std::string>>(*rc::gen::inRange(1, 4), gen_info_element());
    std::string value;
    for (const auto& e : elements)
        value += (value.empty() ? "" : *gen_sws() + "," + *gen_sws()) + e;
    const std::string text = "SIP/2.0 486 Busy\r\n" + std::string(sipkit::canonical_name(H::id)) +
                             ": " + value + "\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    RC_ASSERT(m.has_value());
    std::size_t i = 0;
    for (const auto h : m->template all<H>()) {
        RC_ASSERT(h.has_value());
        RC_ASSERT(i < elements.size());
        const auto direct = H::parse(elements[i++]);
        RC_ASSERT(direct.has_value());
        RC_ASSERT(*direct == *h);
        const std::string written = sipkit::to_string(*h);
        const auto back = H::parse(written);
        RC_ASSERT(back.has_value());
        RC_ASSERT(*back == *h);
        RC_ASSERT(sipkit::to_string(*back) == written);
    }
    RC_ASSERT(i == elements.size());
}

} // namespace

TEST_CASE("round trip: generated Alert-Info, Call-Info and Error-Info values") {
    rc::prop("alert_info round trip", [] { round_trip<alert_info>(); });
    rc::prop("call_info round trip", [] { round_trip<call_info>(); });
    rc::prop("error_info round trip", [] { round_trip<error_info>(); });
}
