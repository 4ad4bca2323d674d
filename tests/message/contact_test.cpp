// contact (sipkit/message/name_addr.hpp): RFC 3261 §20.10, §10.2, §25.1 Contact, the STAR form,
// the q and expires parameters, and the RFC 4475 messages about them.
#include <sipkit/core/ascii.hpp>
#include <sipkit/message/name_addr.hpp>
#include <sipkit/message/parse_message.hpp>
#include <sipkit/message/via.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck.h>
#include <rapidcheck/catch.h>

#include "../grammar/grammar_generators.hpp"
#include "../support/corpus.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using sipkit::contact;
using sipkit::errc;

namespace {

const std::string& corpus(const std::string& name) {
    const std::string& bytes = sipkit_test::rfc4475_file(name);
    REQUIRE_FALSE(bytes.empty());
    return bytes;
}

// Every Contact element of an RFC 4475 message, parsed.
std::vector<sipkit::result<contact>> contacts_of(const std::string& name) {
    const auto m = sipkit::parse_message(corpus(name));
    REQUIRE(m);
    std::vector<sipkit::result<contact>> out;
    for (const auto c : m->all<contact>())
        out.push_back(c);
    return out;
}

void check_rejected(std::string_view value, std::size_t offset) {
    INFO(value);
    const auto r = contact::parse(value);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::contact_invalid);
    CHECK(r.error().offset == offset);
}

std::optional<std::uint32_t> q_of(std::string_view value) {
    const auto c = contact::parse(value);
    REQUIRE(c);
    return c->q();
}

std::optional<std::uint32_t> expires_of(std::string_view value) {
    const auto c = contact::parse(value);
    REQUIRE(c);
    return c->expires();
}

} // namespace

TEST_CASE("§20.10 Contact examples: two values with q and expires, compact m with expires") {
    const std::string text = "REGISTER sip:registrar.biloxi.com SIP/2.0\r\n"
                             "Contact: \"Mr. Watson\" <sip:watson@worcester.bell-telephone.com>\r\n"
                             "   ;q=0.7; expires=3600,\r\n"
                             "   \"Mr. Watson\" <mailto:watson@bell-telephone.com> ;q=0.1\r\n"
                             "m: <sips:bob@192.0.2.4>;expires=60\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    std::vector<contact> all;
    for (const auto c : m->all<contact>()) {
        REQUIRE(c);
        all.push_back(*c);
    }
    REQUIRE(all.size() == 3);
    CHECK(all[0].display_name_text() == "Mr. Watson");
    CHECK(all[0].uri.as_sip()->host() == "worcester.bell-telephone.com");
    CHECK(all[0].q() == 700u);
    CHECK(all[0].expires() == 3600u);
    CHECK(all[1].uri.scheme() == "mailto");
    CHECK(all[1].q() == 100u);
    CHECK_FALSE(all[1].expires());
    CHECK(all[2].uri.as_sip()->secure());
    CHECK(all[2].expires() == 60u);
    CHECK_FALSE(all[2].q());
    CHECK_FALSE(all[2].star);
    CHECK(sipkit::to_string(all[0]) ==
          "\"Mr. Watson\" <sip:watson@worcester.bell-telephone.com>;q=0.7;expires=3600");
}

TEST_CASE("§10.2.2 Contact: * (STAR) removes all bindings") {
    const std::string text = "REGISTER sip:registrar.biloxi.com SIP/2.0\r\nContact: *\r\n"
                             "Expires: 0\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto c = m->get<contact>();
    REQUIRE(c);
    CHECK(c->star);
    CHECK(c->params.empty());
    CHECK(c->display_name.empty());
    CHECK(sipkit::to_string(*c) == "*");
    CHECK(*c == *contact::parse("*"));
    CHECK_FALSE(*c == *contact::parse("<sip:a@b>"));
    CHECK_FALSE(*contact::parse("<sip:a@b>") == *c);
    // "*" is also a token, so it may be a display name; only the whole element is STAR.
    const auto named = contact::parse("* <sip:a@b>");
    REQUIRE(named);
    CHECK_FALSE(named->star);
    CHECK(named->display_name == "*");
    check_rejected("*;expires=0", 0); // STAR takes no parameters; "*" is no URI
    check_rejected("**", 0);
}

TEST_CASE("§20.10 c-p-q: qvalue in thousandths; anything else reads as no q") {
    CHECK(q_of("<sip:a@b>;q=0") == 0u);
    CHECK(q_of("<sip:a@b>;q=0.") == 0u);
    CHECK(q_of("<sip:a@b>;q=0.001") == 1u);
    CHECK(q_of("<sip:a@b>;q=0.33") == 330u);
    CHECK(q_of("<sip:a@b>;Q=0.5") == 500u); // parameter names are case-insensitive
    CHECK(q_of("<sip:a@b>;q=1") == 1000u);
    CHECK(q_of("<sip:a@b>;q=1.000") == 1000u);
    CHECK_FALSE(q_of("<sip:a@b>"));
    // contact-extension (generic-param) admits these, so the value parses; q() says no.
    for (const std::string_view bad :
         {"<sip:a@b>;q", "<sip:a@b>;q=1.001", "<sip:a@b>;q=2", "<sip:a@b>;q=.5",
          "<sip:a@b>;q=0.1234", "<sip:a@b>;q=0x1", "<sip:a@b>;q=\"0.5\"", "<sip:a@b>;q=1.5"}) {
        INFO(bad);
        CHECK_FALSE(q_of(bad));
    }
}

TEST_CASE("§20.10 c-p-expires: delta-seconds up to 2**32-1; more reads as no expires") {
    CHECK(expires_of("<sip:a@b>;expires=0") == 0u);
    CHECK(expires_of("<sip:a@b>;expires=3600") == 3600u);
    CHECK(expires_of("<sip:a@b>;EXPIRES=007") == 7u);
    CHECK(expires_of("<sip:a@b>;expires=4294967295") == 4294967295u);
    CHECK_FALSE(expires_of("<sip:a@b>;expires=4294967296"));
    CHECK_FALSE(expires_of("<sip:a@b>;expires=-1"));
    CHECK_FALSE(expires_of("<sip:a@b>;expires=\"60\""));
    CHECK_FALSE(expires_of("<sip:a@b>;expires"));
    CHECK_FALSE(expires_of("<sip:a@b>"));
}

TEST_CASE("§20.10 Contact rejections name Contact and the first bad octet") {
    check_rejected("", 0);
    check_rejected("<sip:a@b>;", 10);
    check_rejected("<sip:a@b>;q=", 12);
    check_rejected("<sip:a@b", 0);
    check_rejected("<sip:a@b> x", 10);
    check_rejected("sip:a@b?subject=x", 7);
    check_rejected("sip:a,b@c", 5);
    check_rejected("\"Joe <sip:a@b>", 0);
    check_rejected("Joe Bloggs sip:a@b", 3);
}

TEST_CASE("RFC 4475 §3.1.2.13 regbadct: Contact addr-spec with ?Route=... is contact_invalid") {
    const std::string& bytes = corpus("regbadct");
    const auto cs = contacts_of("regbadct");
    REQUIRE(cs.size() == 1);
    REQUIRE_FALSE(cs[0]);
    CHECK(cs[0].error().code == errc::contact_invalid);
    CHECK(cs[0].error().offset == bytes.find("?Route="));
}

TEST_CASE("RFC 4475 §3.1.2.1 badinv01: Contact ending in ;;;; is contact_invalid") {
    const std::string& bytes = corpus("badinv01");
    const auto cs = contacts_of("badinv01");
    REQUIRE(cs.size() == 1);
    REQUIRE_FALSE(cs[0]);
    CHECK(cs[0].error().code == errc::contact_invalid);
    CHECK(cs[0].error().offset == bytes.find(";;;;") + 1);
}

TEST_CASE("RFC 4475 §3.3.12 cparam01: after a bare addr-spec, unknownparam is a contact param") {
    const auto cs = contacts_of("cparam01");
    REQUIRE(cs.size() == 1);
    REQUIRE(cs[0]);
    CHECK_FALSE(cs[0]->bracketed);
    CHECK(cs[0]->uri.text() == "sip:+19725552222@gw1.example.net");
    CHECK(cs[0]->uri.as_sip()->parameters_text().empty());
    CHECK(cs[0]->params.contains("unknownparam"));
}

TEST_CASE("RFC 4475 §3.3.13 cparam02: inside <>, unknownparam is a URI parameter") {
    const auto cs = contacts_of("cparam02");
    REQUIRE(cs.size() == 1);
    REQUIRE(cs[0]);
    CHECK(cs[0]->bracketed);
    CHECK(cs[0]->uri.as_sip()->has_parameter("unknownparam"));
    CHECK(cs[0]->params.empty());
    CHECK(sipkit::to_string(*cs[0]) == "<sip:+19725552222@gw1.example.net;unknownparam>");
}

TEST_CASE("RFC 4475 §3.3.14 regescrt: an escaped Route header inside <> is kept in the URI") {
    const auto cs = contacts_of("regescrt");
    REQUIRE(cs.size() == 1);
    REQUIRE(cs[0]);
    CHECK(cs[0]->uri.as_sip()->header("Route") == "%3Csip:sip.example.com%3E");
    const std::string written = sipkit::to_string(*cs[0]);
    CHECK(written == "<sip:user@example.com?Route=%3Csip:sip.example.com%3E>");
    CHECK(*contact::parse(written) == *cs[0]);
}

TEST_CASE("RFC 4475 §3.1.1.4 escnull: Contacts %00 and %00%00 are two distinct bindings") {
    const auto cs = contacts_of("escnull");
    REQUIRE(cs.size() == 2);
    REQUIRE(cs[0]);
    REQUIRE(cs[1]);
    CHECK(cs[0]->uri.as_sip()->user() == "%00");
    CHECK(cs[1]->uri.as_sip()->user() == "%00%00");
    CHECK_FALSE(*cs[0] == *cs[1]);
}

TEST_CASE("RFC 4475 §3.1.1.3 esc01: escaped Contact URI parameters compare decoded") {
    const auto cs = contacts_of("esc01");
    REQUIRE(cs.size() == 1);
    REQUIRE(cs[0]);
    CHECK(cs[0]->uri.as_sip()->parameter("n%61me") == "v%61lue%25%34%31");
    CHECK(*cs[0] == *contact::parse("<sip:caller@host5.example.net;lr;name=value%2541>"));
}

TEST_CASE("RFC 4475 §3.1.1.1 wsinv: folded Contact parameters, q = 0.33") {
    const auto cs = contacts_of("wsinv");
    REQUIRE(cs.size() == 1);
    REQUIRE(cs[0]);
    CHECK(cs[0]->display_name_text() == "Quoted string \"\"");
    CHECK(cs[0]->params.value("newparam") == "newvalue");
    CHECK(cs[0]->params.contains("secondparam"));
    CHECK(cs[0]->q() == 330u);
    CHECK(sipkit::to_string(*cs[0]) ==
          "\"Quoted string \\\"\\\"\" "
          "<sip:jdrosen@example.com>;newparam=newvalue;secondparam;q=0.33");
}

TEST_CASE("RFC 4475 §3.1.2.4 scalar02: an overlarge expires parses and reads as no expires") {
    const auto cs = contacts_of("scalar02");
    REQUIRE(cs.size() == 1);
    REQUIRE(cs[0]);
    CHECK(cs[0]->params.value("expires") == "280297596632815");
    CHECK_FALSE(cs[0]->expires()); // the registrar applies its default (RFC 4475 §3.1.2.4)
}

TEST_CASE("RFC 4475 §3.3.4 unksm2: Contact <name:John_Smith> is an absolute URI") {
    const auto cs = contacts_of("unksm2");
    REQUIRE(cs.size() == 1);
    REQUIRE(cs[0]);
    CHECK(cs[0]->uri.is_absolute());
    CHECK(cs[0]->uri.scheme() == "name");
}

TEST_CASE("RFC 4475: every Contact of the accepted messages parses") {
    int values = 0;
    for (const auto& row : sipkit_test::rfc4475_manifest()) {
        if (row.parse != "accept")
            continue;
        INFO(row.name);
        for (const auto& c : contacts_of(row.name)) {
            CHECK(c);
            ++values;
        }
    }
    CHECK(values >= 20);
}

TEST_CASE("typed access: all<contact> walks every element of every field, good and bad") {
    const std::string text = "REGISTER sip:r SIP/2.0\r\nContact: <sip:a@b>, <sip:c@d>;q=0.5\r\n"
                             "Call-ID: x\r\nm: sip:e@f;expires=10, <sip:g@h\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    std::vector<std::string> good;
    std::vector<std::size_t> bad;
    for (const auto c : m->all<contact>()) {
        if (c)
            good.push_back(sipkit::to_string(*c));
        else
            bad.push_back(c.error().offset);
    }
    CHECK(good == std::vector<std::string>{"<sip:a@b>", "<sip:c@d>;q=0.5", "sip:e@f;expires=10"});
    CHECK(bad == std::vector<std::size_t>{text.find("<sip:g@h")});
    CHECK(m->get<contact>()->uri.text() == "sip:a@b");
}

// ---- the round trip -------------------------------------------------------------------------

namespace {

struct generated_contact {
    std::string text;
    bool star = false;
    std::optional<std::uint32_t> q;
    std::optional<std::uint32_t> expires;
};

// A qvalue spelled in one of its legal forms, with its value in thousandths.
rc::Gen<std::pair<std::string, std::uint32_t>> gen_qvalue() {
    return rc::gen::exec([] {
        if (*rc::gen::inRange(0, 5) == 0)
            return std::pair<std::string, std::uint32_t>(
                *rc::gen::element<std::string>("1", "1.", "1.0", "1.00", "1.000"), 1000);
        const auto thousandths = *rc::gen::inRange<std::uint32_t>(0, 1000);
        std::string digits = std::to_string(1000 + thousandths).substr(1); // three digits
        const auto keep = *rc::gen::inRange<std::size_t>(0, 4);
        for (std::size_t i = keep; i < 3; ++i)
            if (digits[i] != '0') // dropping a non-zero digit would change the value
                return std::pair<std::string, std::uint32_t>("0." + digits, thousandths);
        return std::pair<std::string, std::uint32_t>(
            keep == 0 ? std::string("0") : "0." + digits.substr(0, keep), thousandths);
    });
}

rc::Gen<generated_contact> gen_contact() {
    return rc::gen::exec([] {
        generated_contact g;
        if (*rc::gen::inRange(0, 10) == 0) {
            g.star = true;
            g.text = "*";
            return g;
        }
        const std::string sws = *rc::gen::element<std::string>("", " ", "\r\n ", "\t");
        const std::string host = *sipkit_test::gen_host();
        switch (*rc::gen::inRange(0, 3)) {
            case 0:
                g.text = "sip:" +
                         *sipkit_test::gen_string_of(
                             std::string(sipkit_test::alphanum_chars) + "-_.!~*'", 1, 8) +
                         "@" + host;
                break;
            case 1:
                g.text = "<sips:" + host + ";transport=tcp>";
                break;
            default:
                g.text =
                    sipkit_test::quote(*sipkit_test::gen_text(12)) + sws + "<sip:" + host + ">";
                break;
        }
        std::vector<std::string> params;
        if (*rc::gen::inRange(0, 2) == 0) {
            const auto [text, value] = *gen_qvalue();
            params.push_back(*rc::gen::element<std::string>("q", "Q") + sws + "=" + sws + text);
            g.q = value;
        }
        if (*rc::gen::inRange(0, 2) == 0) {
            g.expires = *rc::gen::arbitrary<std::uint32_t>();
            params.push_back("expires=" + std::to_string(*g.expires));
        }
        if (*rc::gen::inRange(0, 2) == 0)
            params.push_back("+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\"");
        if (*rc::gen::inRange(0, 2) == 0) // an extension parameter, neither q nor expires
            params.push_back(*rc::gen::suchThat(sipkit_test::gen_token(), [](const std::string& t) {
                return !sipkit::iequals(t, "q") && !sipkit::iequals(t, "expires");
            }));
        // Any order: start the list at a random parameter.
        const std::size_t first =
            params.empty() ? 0 : *rc::gen::inRange<std::size_t>(0, params.size());
        for (std::size_t i = 0; i < params.size(); ++i)
            g.text += sws + ";" + sws + params[(first + i) % params.size()];
        return g;
    });
}

} // namespace

TEST_CASE("round trip: generated Contacts keep star, q and expires through serialize_to") {
    rc::prop("contact round trip", [] {
        const auto gs = *rc::gen::container<std::vector<generated_contact>>(*rc::gen::inRange(1, 4),
                                                                            gen_contact());
        std::string value;
        for (const auto& g : gs)
            value += (value.empty() ? "" : " ,\r\n ") + g.text;
        const std::string text = "REGISTER sip:r SIP/2.0\r\nm: " + value + "\r\n\r\n";
        const auto m = sipkit::parse_message(text);
        RC_ASSERT(m.has_value());
        std::size_t i = 0;
        for (const auto c : m->all<contact>()) {
            RC_ASSERT(c.has_value());
            RC_ASSERT(i < gs.size());
            const generated_contact& g = gs[i++];
            RC_LOG() << g.text << "\n";
            RC_ASSERT(c->star == g.star);
            RC_ASSERT(c->q() == g.q);
            RC_ASSERT(c->expires() == g.expires);
            const std::string written = sipkit::to_string(*c);
            const auto back = contact::parse(written);
            RC_ASSERT(back.has_value());
            RC_ASSERT(*back == *c);
            RC_ASSERT(back->q() == g.q);
            RC_ASSERT(back->expires() == g.expires);
            RC_ASSERT(back->display_name_text() == c->display_name_text());
            RC_ASSERT(sipkit::to_string(*back) == written);
        }
        RC_ASSERT(i == gs.size());
    });
}

// message_view::get<H>() parses the first element of a list header in place when it can
// (first_element_parser); it must agree with cutting the elements first (all<H>()).
template <class H>
static void check_first_element_agrees(const std::string& name, const std::string& value) {
    const std::string text = "OPTIONS sip:a@b SIP/2.0\r\n" + name + ": " + value + "\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto got = m->get<H>();
    const auto cut = *m->all<H>().begin();
    INFO(name << ": " << value);
    REQUIRE(got.has_value() == cut.has_value());
    if (got) {
        CHECK(*got == *cut);
        CHECK(sipkit::to_string(*got) == sipkit::to_string(*cut));
    } else {
        CHECK(got.error().code == cut.error().code);
        CHECK(got.error().offset == cut.error().offset);
    }
}

TEST_CASE("§7.3.1 get<H>() of a list header gives the first comma-separated element") {
    for (const char* v :
         {"*", "* , <sip:a@b>", "* <sip:a@b>", "*;expires=0", "<sip:a@b>;q=0.5 , <sip:c@d>",
          "sip:a@b , sip:c@d", "sip:a@b,sip:c@d", "sip:a(b@h;x=1 , <sip:c@d>",
          "\"A, B\" <sip:a@b>;tag=1,<sip:c@d>", "<sip:a@b> x, <sip:c@d>", "<sip:a@b>;x=\"1,2\"",
          ", <sip:a@b>", "<sip:a@b>\r\n ,\r\n <sip:c@d>", "Bob <sip:a@b>;expires=60"})
        check_first_element_agrees<contact>("Contact", v);
    for (const char* v :
         {"SIP/2.0/UDP a.example.com;branch=z9hG4bK1 , SIP/2.0/TCP b",
          "SIP/2.0/UDP h;x=\"a,b\",SIP/2.0/UDP i", "SIP/2.0/UDP h x, SIP/2.0/UDP i",
          "SIP/2.0/UDP 192.0.2.1:5060;received=192.0.2.2;rport=1;branch=z9hG4bKx",
          "SIP/2.0/UDP [2001:db8::1];received=2001:db8::2,SIP/2.0/UDP i", "SIP/2.0/UDP h;ttl=256"})
        check_first_element_agrees<sipkit::via>("Via", v);
    for (const char* v :
         {"<sip:p1;lr>,<sip:p2;lr>", "sip:p1, <sip:p2>", "<sip:p1;lr> ;x , <sip:p2>"})
        check_first_element_agrees<sipkit::route>("Route", v);
}
