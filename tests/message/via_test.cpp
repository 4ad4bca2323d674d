// via (sipkit/message/via.hpp): RFC 3261 §20.42, §25.1, §8.1.1.7, RFC 3581 rport, and the Via
// values of the RFC 4475 torture messages.
#include <sipkit/message/parse_message.hpp>
#include <sipkit/message/via.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include "../grammar/grammar_generators.hpp"
#include "../support/corpus.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using sipkit::errc;
using sipkit::via;
using sipkit::grammar::host_kind;

namespace {

const std::string& corpus(std::string_view name) {
    return sipkit_test::rfc4475_file(std::string(name));
}

// Every Via value of a message, in order; fails the test if the message does not parse.
std::vector<sipkit::result<via>> vias_of(const std::string& text) {
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    std::vector<sipkit::result<via>> out;
    for (const auto v : m->all<via>())
        out.push_back(v);
    return out;
}

void check_rejected(std::string_view text, std::size_t offset) {
    INFO(text);
    const auto v = via::parse(text);
    REQUIRE_FALSE(v);
    CHECK(v.error().code == errc::via_invalid);
    CHECK(v.error().offset == offset);
}

} // namespace

TEST_CASE("§20.42 Via examples: sent-protocol, sent-by and branch") {
    const auto v = via::parse("SIP/2.0/UDP erlang.bell-telephone.com:5060;branch=z9hG4bK87asdks7");
    REQUIRE(v);
    CHECK(v->protocol_name == "SIP");
    CHECK(v->protocol_version == "2.0");
    CHECK(v->transport == "UDP");
    CHECK(v->host == "erlang.bell-telephone.com");
    CHECK(v->host_kind == host_kind::hostname);
    CHECK(v->port == 5060);
    CHECK(v->branch() == "z9hG4bK87asdks7");
    CHECK(v->has_magic_cookie());
    CHECK(v->is_sip_2_0());
    CHECK_FALSE(v->received());
    CHECK(sipkit::to_string(*v) ==
          "SIP/2.0/UDP erlang.bell-telephone.com:5060;branch=z9hG4bK87asdks7");
}

TEST_CASE("§20.42 Via example: LWS before a SEMI, folded, and received") {
    const auto v = via::parse("SIP/2.0/UDP 192.0.2.1:5060 ;received=192.0.2.207\r\n"
                              "     ;branch=z9hG4bK77asjd");
    REQUIRE(v);
    CHECK(v->host == "192.0.2.1");
    CHECK(v->host_kind == host_kind::ipv4);
    CHECK(v->port == 5060);
    CHECK(v->received() == "192.0.2.207");
    CHECK(v->branch() == "z9hG4bK77asjd");
    CHECK(v->params.size() == 2);
    CHECK(sipkit::to_string(*v) ==
          "SIP/2.0/UDP 192.0.2.1:5060;received=192.0.2.207;branch=z9hG4bK77asjd");
}

TEST_CASE("§20.42 Via example: LWS on either side of the \":\" or \"/\", ttl and maddr") {
    const auto v = via::parse("SIP / 2.0 / UDP first.example.com: 4000;ttl=16\r\n"
                              "      ;maddr=224.2.0.1 ;branch=z9hG4bKa7c6a8dlze.1");
    REQUIRE(v);
    CHECK(v->protocol_name == "SIP");
    CHECK(v->protocol_version == "2.0");
    CHECK(v->transport == "UDP");
    CHECK(v->host == "first.example.com");
    CHECK(v->port == 4000);
    CHECK(v->ttl() == 16);
    CHECK(v->maddr() == "224.2.0.1");
    CHECK(v->branch() == "z9hG4bKa7c6a8dlze.1");
    CHECK(sipkit::to_string(*v) ==
          "SIP/2.0/UDP first.example.com:4000;ttl=16;maddr=224.2.0.1;branch=z9hG4bKa7c6a8dlze.1");
}

TEST_CASE("§24.2 Via examples: the proxy's Via and the received parameter it adds") {
    const auto uac = via::parse("SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8");
    REQUIRE(uac);
    CHECK(uac->host == "pc33.atlanta.com");
    CHECK_FALSE(uac->port);
    const auto proxy =
        via::parse("SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1");
    REQUIRE(proxy);
    CHECK(proxy->branch() == "z9hG4bK77ef4c2312983.1");
    const auto with_received =
        via::parse("SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8;received=192.0.2.1");
    REQUIRE(with_received);
    CHECK(with_received->received() == "192.0.2.1");
    CHECK(with_received->branch() == uac->branch());
}

TEST_CASE("§25.1 Via sent-by: IPv6 reference host keeps its brackets") {
    const auto v = via::parse("SIP/2.0/TCP [2001:db8::9:1]:5061;branch=z9hG4bKas3");
    REQUIRE(v);
    CHECK(v->host == "[2001:db8::9:1]");
    CHECK(v->host_kind == host_kind::ipv6);
    CHECK(v->port == 5061);
    CHECK(sipkit::to_string(*v) == "SIP/2.0/TCP [2001:db8::9:1]:5061;branch=z9hG4bKas3");
}

TEST_CASE("RFC 4475 §3.1.1.1 wsinv: folded Vias with SWS around every SLASH parse") {
    const auto vs = vias_of(corpus("wsinv"));
    REQUIRE(vs.size() == 3);
    for (const auto& v : vs)
        REQUIRE(v);
    CHECK(vs[0]->transport == "UDP");
    CHECK(vs[0]->host == "192.0.2.2");
    CHECK(vs[0]->branch() == "390skdjuw");
    CHECK_FALSE(vs[0]->has_magic_cookie()); // an RFC 2543 branch
    CHECK(vs[1]->transport == "TCP");
    CHECK(vs[1]->host == "spindle.example.com");
    CHECK(vs[1]->branch() == "z9hG4bK9ikj8");
    CHECK(vs[2]->transport == "UDP");
    CHECK(vs[2]->host == "192.168.255.111");
    CHECK(vs[2]->branch() == "z9hG4bK30239");
    for (const auto& v : vs) {
        CHECK(v->is_sip_2_0());
        CHECK_FALSE(v->port);
    }
    CHECK(sipkit::to_string(*vs[1]) == "SIP/2.0/TCP spindle.example.com;branch=z9hG4bK9ikj8");
}

TEST_CASE("RFC 4475 §3.1.1.2 intmeth: a branch of every token character") {
    const auto vs = vias_of(corpus("intmeth"));
    REQUIRE(vs.size() == 1);
    REQUIRE(vs[0]);
    CHECK(vs[0]->branch() == "z9hG4bK-.!%66*_+`'~");
    CHECK(vs[0]->has_magic_cookie());
}

TEST_CASE("RFC 4475 §3.1.1.10 transports: UDP, SCTP, TLS, UNKNOWN and TCP are all legal") {
    const auto vs = vias_of(corpus("transports"));
    REQUIRE(vs.size() == 5);
    const std::vector<std::string_view> expected = {"UDP", "SCTP", "TLS", "UNKNOWN", "TCP"};
    for (std::size_t i = 0; i < vs.size(); ++i) {
        REQUIRE(vs[i]);
        CHECK(vs[i]->transport == expected[i]);
        CHECK(vs[i]->host == "t" + std::to_string(i + 1) + ".example.com");
    }
}

TEST_CASE("RFC 4475 §3.1.1.7 longreq: 34 Via values in long and compact form") {
    const auto vs = vias_of(corpus("longreq"));
    CHECK(vs.size() == 34);
    for (const auto& v : vs)
        REQUIRE(v);
    CHECK(vs.back()->received() == "192.0.2.5");
    CHECK(vs.back()->branch()->size() > 200);
}

TEST_CASE("RFC 4475 §3.1.2.1 badinv01: stray ; and , in Via are errors") {
    const std::string text = corpus("badinv01");
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto vs = vias_of(text);
    REQUIRE(vs.size() == 4); // "...15;;", ";", "", ""
    for (const auto& v : vs) {
        REQUIRE_FALSE(v);
        CHECK(v.error().code == errc::via_invalid);
    }
    // The first element fails at its second ";", where a parameter name is missing.
    const auto top = m->get<via>();
    REQUIRE_FALSE(top);
    CHECK(top.error().offset == text.find("15;;") + 3);
}

TEST_CASE("RFC 4475 §3.2.1 badbranch: a branch that is only the magic cookie") {
    const auto vs = vias_of(corpus("badbranch"));
    REQUIRE(vs.size() == 1);
    REQUIRE(vs[0]);
    CHECK(vs[0]->branch() == "z9hG4bK");
    // §8.1.1.7 asks only that the branch begin with the cookie; judging the missing
    // identifier is the transaction layer's business.
    CHECK(vs[0]->has_magic_cookie());
}

TEST_CASE("RFC 4475 §3.1.2.16 badvers: SIP/7.0 parses but is not SIP/2.0") {
    const auto vs = vias_of(corpus("badvers"));
    REQUIRE(vs.size() == 1);
    REQUIRE(vs[0]);
    CHECK(vs[0]->protocol_version == "7.0");
    CHECK_FALSE(vs[0]->is_sip_2_0());
}

TEST_CASE("RFC 4475 §3.3.10 bcast: a broadcast sent-by is an IPv4 address") {
    const auto vs = vias_of(corpus("bcast"));
    REQUIRE(vs.size() == 2);
    REQUIRE(vs[1]);
    CHECK(vs[1]->host == "255.255.255.255");
    CHECK(vs[1]->host_kind == host_kind::ipv4);
}

TEST_CASE("RFC 4475: every Via of every message but badinv01 parses") {
    for (const auto& row : sipkit_test::rfc4475_manifest()) {
        if (row.name == "badinv01")
            continue;
        const std::string text = corpus(row.name);
        const auto m = sipkit::parse_message(text);
        if (!m)
            continue; // framing rejects (clerr, ncl, mcl01...) are not about Via
        INFO(row.name);
        for (const auto v : m->all<via>()) {
            CHECK(v);
            if (v)
                CHECK(via::parse(sipkit::to_string(*v)));
        }
    }
}

TEST_CASE("§20.42 is_sip_2_0: protocol name case-insensitive, version exact") {
    CHECK(via::parse("sip/2.0/udp h")->is_sip_2_0());
    CHECK_FALSE(via::parse("SIP/2.1/UDP h")->is_sip_2_0());
    CHECK_FALSE(via::parse("XIP/2.0/UDP h")->is_sip_2_0());
}

TEST_CASE("RFC 3581 §3, §4: rport without a value, and with the port a server filled in") {
    const auto asked = via::parse("SIP/2.0/UDP 10.0.0.1:4540;rport;branch=z9hG4bK1");
    REQUIRE(asked);
    CHECK(asked->has_rport());
    CHECK_FALSE(asked->rport());
    const auto filled =
        via::parse("SIP/2.0/UDP 10.0.0.1:4540;received=192.0.2.1;rport=9988;branch=z9hG4bK1");
    REQUIRE(filled);
    CHECK(filled->has_rport());
    CHECK(filled->rport() == 9988);
    CHECK(filled->received() == "192.0.2.1");
    CHECK(via::parse("SIP/2.0/UDP h;rport=0")->rport() == 0);
    CHECK(via::parse("SIP/2.0/UDP h;RPORT=065535")->rport() == 65535);
    const auto none = via::parse("SIP/2.0/UDP h");
    CHECK_FALSE(none->has_rport());
    CHECK_FALSE(none->rport());
}

TEST_CASE("§25.1 via-ttl is 1*3DIGIT from 0 to 255") {
    CHECK(via::parse("SIP/2.0/UDP h;ttl=0")->ttl() == 0);
    CHECK(via::parse("SIP/2.0/UDP h;ttl=255")->ttl() == 255);
    CHECK(via::parse("SIP/2.0/UDP h;TTL=007")->ttl() == 7);
    check_rejected("SIP/2.0/UDP h;ttl=256", 18);
    check_rejected("SIP/2.0/UDP h;ttl=0255", 18); // four digits
    check_rejected("SIP/2.0/UDP h;ttl=1a", 18);
    check_rejected("SIP/2.0/UDP h;ttl", 17); // EQUAL ttl is required
    check_rejected("SIP/2.0/UDP h;ttl=\"1\"", 18);
}

TEST_CASE("§25.1 via-maddr is a host") {
    CHECK(via::parse("SIP/2.0/UDP h;maddr=224.2.0.1")->maddr() == "224.2.0.1");
    CHECK(via::parse("SIP/2.0/UDP h;maddr=mcast.example.com.")->maddr() == "mcast.example.com.");
    CHECK(via::parse("SIP/2.0/UDP h;maddr=[ff02::1]")->maddr() == "[ff02::1]");
    check_rejected("SIP/2.0/UDP h;maddr=-bad", 20);
    check_rejected("SIP/2.0/UDP h;maddr=a_b", 20);
    check_rejected("SIP/2.0/UDP h;maddr=\"h\"", 20);
    check_rejected("SIP/2.0/UDP h;maddr", 19);
}

TEST_CASE("§25.1 via-received is an address, not a host name") {
    CHECK(via::parse("SIP/2.0/UDP h;received=192.0.2.207")->received() == "192.0.2.207");
    check_rejected("SIP/2.0/UDP h;received=host.example.com", 23);
    check_rejected("SIP/2.0/UDP h;received=1.2.3.256", 23);
    check_rejected("SIP/2.0/UDP h;received=\"192.0.2.1\"", 23);
    check_rejected("SIP/2.0/UDP h;received", 22);
}

TEST_CASE("RFC 5118 §4.5 received with the [ ] delimiters is accepted and kept as written") {
    // RFC 3261 §25.1 writes via-received = "received" EQUAL (IPv4address / IPv6address);
    // RFC 5118 §4.5 asks receivers to be liberal and take the bracketed form as well.
    const auto v =
        via::parse("SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];branch=z9hG4bKas3-111");
    REQUIRE(v);
    CHECK(v->received() == "[2001:db8::9:255]");
    CHECK(v->branch() == "z9hG4bKas3-111");
}

TEST_CASE("RFC 5118 §4.5 received=IPv6address without [ ] is accepted whole") {
    // The strictly compliant form (RFC 3261 §25.1 via-received, RFC 5118 §4.5
    // via-received-param-no-delim): the colons do not end the value.
    const auto v =
        via::parse("SIP/2.0/UDP [2001:db8::9:ff];received=2001:db8::9:255;branch=z9hG4bKjhj1b7");
    REQUIRE(v);
    CHECK(v->received() == "2001:db8::9:255");
    CHECK(v->branch() == "z9hG4bKjhj1b7");
    CHECK(*via::parse(sipkit::to_string(*v)) == *v);
    // A token that merely continues with a colon is still cut there.
    check_rejected("SIP/2.0/UDP h;received=example.com:5060", 23);
}

TEST_CASE("§25.1 via-branch is a token; branch, ttl, maddr and received need a value") {
    check_rejected("SIP/2.0/UDP h;branch=\"z9hG4bK1\"", 21);
    check_rejected("SIP/2.0/UDP h;branch=[::1]", 21);
    check_rejected("SIP/2.0/UDP h;branch", 20);
    check_rejected("SIP/2.0/UDP h;branch=", 21);
    check_rejected("SIP/2.0/UDP h;rport=", 20);
    check_rejected("SIP/2.0/UDP h;rport=65536", 20);
    check_rejected("SIP/2.0/UDP h;rport=x", 20);
}

TEST_CASE("§25.1 via-extension: unknown parameters are kept, in order") {
    const auto v = via::parse("SIP/2.0/UDP h;BRANCH=z9hG4bKx;comp=sigcomp;x-q=\"a, b;c\";flag;"
                              "alias;k=[::1]");
    REQUIRE(v);
    CHECK(v->branch() == "z9hG4bKx"); // parameter names are case-insensitive (§7.3.1)
    CHECK(v->params.size() == 6);
    CHECK(v->params.value("comp") == "sigcomp");
    CHECK(v->params.value("x-q") == "\"a, b;c\"");
    CHECK(v->params.value("flag") == "");
    CHECK(v->params.value("k") == "[::1]");
    CHECK(sipkit::to_string(*v) ==
          "SIP/2.0/UDP h;BRANCH=z9hG4bKx;comp=sigcomp;x-q=\"a, b;c\";flag;alias;k=[::1]");
}

TEST_CASE("§25.1 via-parm rejects what the grammar does not allow, at the offending byte") {
    check_rejected("", 0);
    check_rejected(";", 0);
    check_rejected("SIP", 3);
    check_rejected("SIP 2.0/UDP h", 4);
    check_rejected("SIP/", 4);
    check_rejected("SIP//UDP h", 4);
    check_rejected("SIP/2.0", 7);
    check_rejected("SIP/2.0/", 8);
    check_rejected("SIP/2.0/UDP", 11);
    check_rejected("SIP/2.0/UDPh", 12); // "UDPh" is the transport; LWS and sent-by are missing
    check_rejected("SIP/2.0/UDP ", 12);
    check_rejected("SIP/2.0/UDP -h", 12);
    check_rejected("SIP/2.0/UDP [::1", 12);
    check_rejected("SIP/2.0/UDP h:", 14);
    check_rejected("SIP/2.0/UDP h:x", 14);
    check_rejected("SIP/2.0/UDP h:65536", 14);
    check_rejected("SIP/2.0/UDP h x", 14);
    check_rejected("SIP/2.0/UDP h;", 14);
    check_rejected("SIP/2.0/UDP h;;b", 14);
    check_rejected("SIP/2.0/UDP h;a=", 16);
    check_rejected("SIP/2.0/UDP h;a=\"x", 16);
    check_rejected("SIP/2.0/UDP h,", 13);
    check_rejected("SIP/2.0/UDP h (comment)", 14); // RFC 2543's comment is gone from RFC 3261
    check_rejected("SIP/2.0/UDP h\r\n", 13);
}

TEST_CASE("via ==: field-wise, case-insensitive where tokens and hosts are, port as a number") {
    const auto a = via::parse("SIP/2.0/UDP Host.Example.COM:5060;branch=z9hG4bK1;rport");
    const auto b = via::parse("sip / 2.0 / udp host.example.com : 05060 ; BRANCH = z9hG4bK1;RPORT");
    REQUIRE(a);
    REQUIRE(b);
    CHECK(*a == *b);
    CHECK_FALSE(*a == *via::parse("SIP/2.0/UDP host.example.com;branch=z9hG4bK1;rport"));
    CHECK_FALSE(*a == *via::parse("SIP/2.0/TCP host.example.com:5060;branch=z9hG4bK1;rport"));
    CHECK_FALSE(*a == *via::parse("SIP/2.0/UDP host.example.com:5060;branch=z9hG4bk1;rport"));
    CHECK_FALSE(*a == *via::parse("SIP/2.0/UDP host.example.com:5060;rport;branch=z9hG4bK1"));
}

TEST_CASE("typed access: get<via> is the top Via; all<via> walks fields and comma elements") {
    const std::string text = "SIP/2.0 200 OK\r\n"
                             "v: SIP/2.0/UDP p1.example.com;branch=z9hG4bK1, SIP/2.0/TCP "
                             "p2.example.com:5070;branch=z9hG4bK2\r\n"
                             "Via: SIP/2.0/UDP [2001:db8::1];branch=z9hG4bK3;rport=5060\r\n"
                             "Call-ID: x\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto top = m->get<via>();
    REQUIRE(top);
    CHECK(top->host == "p1.example.com");
    std::vector<std::string> branches;
    for (const auto v : m->all<via>()) {
        REQUIRE(v);
        branches.emplace_back(*v->branch());
    }
    CHECK(branches == std::vector<std::string>{"z9hG4bK1", "z9hG4bK2", "z9hG4bK3"});
}

TEST_CASE("typed access: a bad Via names the header and its offset in the message") {
    const std::string text = "OPTIONS sip:a@b SIP/2.0\r\n"
                             "Via: SIP/2.0/UDP h;ttl=300\r\n"
                             "Via: SIP/2.0/UDP g\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto top = m->get<via>();
    REQUIRE_FALSE(top);
    CHECK(top.error().code == errc::via_invalid);
    CHECK(top.error().offset == text.find("300"));
    std::size_t good = 0;
    for (const auto v : m->all<via>())
        good += v ? 1 : 0;
    CHECK(good == 1);
    const std::string none = "OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n";
    const auto n = sipkit::parse_message(none);
    REQUIRE(n);
    CHECK(n->get<via>().error().code == errc::header_missing);
}

namespace {

// RFC 3261 §25.1 SWS: nothing, blanks or a fold.
rc::Gen<std::string> gen_sws() {
    return rc::gen::element<std::string>("", "", " ", "\t", "  ", "\r\n ", " \r\n\t");
}
// RFC 3261 §25.1 LWS: at least one blank, maybe a fold.
rc::Gen<std::string> gen_lws() {
    return rc::gen::element<std::string>(" ", "\t", "   ", "\r\n ", " \r\n  ");
}

// The name in a random mix of cases.
std::string mixed_case(std::string name) {
    for (char& c : name)
        if (*rc::gen::inRange(0, 2) == 1)
            c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    return name;
}

struct param_spec {
    std::string name;
    std::optional<std::string> value;
};

rc::Gen<param_spec> gen_param() {
    using sipkit_test::gen_token;
    return rc::gen::exec([] {
        switch (*rc::gen::inRange(0, 8)) {
            case 0:
                return param_spec{mixed_case("branch"), "z9hG4bK" + *gen_token(0, 10)};
            case 1:
                return param_spec{mixed_case("ttl"), std::to_string(*rc::gen::inRange(0, 256))};
            case 2:
                return param_spec{mixed_case("maddr"), *sipkit_test::gen_host()};
            case 3:
                return param_spec{
                    mixed_case("received"),
                    *rc::gen::oneOf(sipkit_test::gen_ipv4(), sipkit_test::gen_ipv6_reference())};
            case 4:
                return param_spec{mixed_case("rport"), std::nullopt};
            case 5:
                return param_spec{mixed_case("rport"), std::to_string(*rc::gen::inRange(0, 65536))};
            case 6:
                return param_spec{"x-" + *gen_token(), std::nullopt};
            default:
                return param_spec{
                    "x-" + *gen_token(),
                    *rc::gen::oneOf(gen_token(), sipkit_test::gen_host(),
                                    rc::gen::map(sipkit_test::gen_text(), sipkit_test::quote))};
        }
    });
}

} // namespace

TEST_CASE("round trip: a generated Via parses to its parts; serialize_to then parse is equal") {
    rc::prop("via round trip", [] {
        const std::string name = *rc::gen::oneOf(rc::gen::element<std::string>("SIP", "sip", "Sip"),
                                                 sipkit_test::gen_token());
        const std::string version =
            *rc::gen::oneOf(rc::gen::just<std::string>("2.0"), sipkit_test::gen_token());
        const std::string transport = *rc::gen::oneOf(
            rc::gen::element<std::string>("UDP", "TCP", "TLS", "SCTP", "WS", "wss", "udp"),
            sipkit_test::gen_token());
        const std::string host = *sipkit_test::gen_host();
        const auto port = *rc::gen::maybe(rc::gen::inRange<std::uint32_t>(0, 65536));
        const auto params = *rc::gen::container<std::vector<param_spec>>(
            *rc::gen::inRange<std::size_t>(0, 6), gen_param());

        std::string text = name + *gen_sws() + "/" + *gen_sws() + version + *gen_sws() + "/" +
                           *gen_sws() + transport + *gen_lws() + host;
        if (port) {
            std::string digits = std::to_string(*port);
            digits.insert(0, *rc::gen::inRange<std::size_t>(0, 3), '0');
            text += *gen_sws() + ":" + *gen_sws() + digits;
        }
        for (const auto& p : params) {
            text += *gen_sws() + ";" + *gen_sws() + p.name;
            if (p.value)
                text += *gen_sws() + "=" + *gen_sws() + *p.value;
        }

        const sipkit_test::exact_buffer buffer(text);
        const auto parsed = via::parse(buffer.view());
        RC_ASSERT(parsed.has_value());
        RC_ASSERT(parsed->protocol_name == name);
        RC_ASSERT(parsed->protocol_version == version);
        RC_ASSERT(parsed->transport == transport);
        RC_ASSERT(parsed->host == host);
        RC_ASSERT(parsed->port ==
                  (port ? std::optional<std::uint16_t>(static_cast<std::uint16_t>(*port))
                        : std::nullopt));
        RC_ASSERT(parsed->params.size() == params.size());
        std::size_t i = 0;
        for (const auto& p : parsed->params) {
            RC_ASSERT(p.name == params[i].name);
            RC_ASSERT(p.has_value == params[i].value.has_value());
            if (p.has_value)
                RC_ASSERT(p.value == *params[i].value);
            ++i;
        }

        const std::string canonical = sipkit::to_string(*parsed);
        const auto back = via::parse(canonical);
        RC_ASSERT(back.has_value());
        RC_ASSERT(*back == *parsed);
        RC_ASSERT(sipkit::to_string(*back) == canonical);
    });
}
