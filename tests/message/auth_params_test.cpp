// Authentication headers (sipkit/message/auth_params.hpp): RFC 3261 §20.6, §20.7, §20.27,
// §20.28, §20.44, §22.2, §25.1; RFC 2617 §2, §3.5; RFC 7616 §3.9.1; RFC 8760; RFC 4475 §3.3.7.
#include <sipkit/message/auth_params.hpp>
#include <sipkit/message/parse_message.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include "../support/corpus.hpp"

#include <cctype>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using sipkit::errc;

namespace {

/// Where an expected error points: at the last occurrence of `marker` in `text`, or at the
/// end of `text` when the marker is empty.
struct rejection {
    std::string_view text;
    std::string_view marker;

    std::size_t offset() const { return marker.empty() ? text.size() : text.rfind(marker); }
};

template <class H>
void check_rejections(std::initializer_list<rejection> cases) {
    for (const rejection& r : cases) {
        INFO(r.text);
        REQUIRE(r.offset() != std::string_view::npos);
        const auto h = H::parse(r.text);
        REQUIRE_FALSE(h);
        CHECK(h.error().code == H::invalid);
        CHECK(h.error().offset == r.offset());
    }
}

std::vector<std::string> names(const sipkit::auth_param_list& params) {
    std::vector<std::string> out;
    for (const sipkit::auth_param& p : params)
        out.emplace_back(p.name);
    return out;
}

std::vector<std::string_view> tokens(const sipkit::qop_list& qops) {
    return {qops.begin(), qops.end()};
}

} // namespace

// ---- RFC examples ---------------------------------------------------------------------------

TEST_CASE("§20.44 WWW-Authenticate example parses, folded as the RFC prints it") {
    const std::string_view text = "Digest realm=\"atlanta.com\",\r\n"
                                  "        domain=\"sip:boxesbybob.com\", qop=\"auth\",\r\n"
                                  "        nonce=\"f84f1cec41e6cbe5aea9c8e88d359\",\r\n"
                                  "        opaque=\"\", stale=FALSE, algorithm=MD5";
    const auto c = sipkit::www_authenticate::parse(text);
    REQUIRE(c);
    CHECK(c->scheme == "Digest");
    CHECK(c->is_digest());
    CHECK(c->realm() == "atlanta.com");
    CHECK(c->domain() == "sip:boxesbybob.com");
    CHECK(tokens(c->qop_options()) == std::vector<std::string_view>{"auth"});
    CHECK(c->nonce() == "f84f1cec41e6cbe5aea9c8e88d359");
    CHECK(c->opaque() == "");
    CHECK_FALSE(c->stale());
    CHECK(c->algorithm() == "MD5");
    CHECK(c->token68.empty());
    CHECK(c->params.size() == 7);
    CHECK(sipkit::to_string(*c) ==
          "Digest realm=\"atlanta.com\", domain=\"sip:boxesbybob.com\", qop=\"auth\", "
          "nonce=\"f84f1cec41e6cbe5aea9c8e88d359\", opaque=\"\", stale=FALSE, algorithm=MD5");
}

TEST_CASE("§20.27 Proxy-Authenticate example parses") {
    const auto c = sipkit::proxy_authenticate::parse(
        "Digest realm=\"atlanta.com\",\r\n domain=\"sip:ss1.carrier.com\", qop=\"auth\",\r\n "
        "nonce=\"f84f1cec41e6cbe5aea9c8e88d359\",\r\n opaque=\"\", stale=FALSE, algorithm=MD5");
    REQUIRE(c);
    CHECK(c->realm() == "atlanta.com");
    CHECK(c->domain() == "sip:ss1.carrier.com");
    CHECK(c->qop_options().contains("auth"));
    CHECK_FALSE(c->qop_options().contains("auth-int"));
}

TEST_CASE("§20.6 Authentication-Info example parses") {
    const auto a = sipkit::authentication_info::parse("nextnonce=\"47364c23432d2e131a5fb210812c\"");
    REQUIRE(a);
    CHECK(a->nextnonce() == "47364c23432d2e131a5fb210812c");
    CHECK_FALSE(a->rspauth());
    CHECK(sipkit::to_string(*a) == "nextnonce=\"47364c23432d2e131a5fb210812c\"");
}

TEST_CASE("§20.7 Authorization example: its 35-digit response breaks request-digest "
          "(Erratum 1682); the corrected example parses") {
    const std::string_view original = "Digest username=\"Alice\", realm=\"atlanta.com\",\r\n"
                                      " nonce=\"84a4cc6f3082121f32b42a2187831a9e\",\r\n"
                                      " response=\"7587245234b3434cc3412213e5f113a5432\"";
    const auto bad = sipkit::authorization::parse(original);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == errc::authorization_invalid);
    CHECK(bad.error().offset == original.find("\"7587"));

    const auto c =
        sipkit::authorization::parse("Digest username=\"Alice\", realm=\"atlanta.com\",\r\n"
                                     " nonce=\"84a4cc6f3082121f32b42a2187831a9e\",\r\n"
                                     " response=\"7587245234b3434cc3412213e5f113a5\"");
    REQUIRE(c);
    CHECK(c->username() == "Alice");
    CHECK(c->realm() == "atlanta.com");
    CHECK(c->nonce() == "84a4cc6f3082121f32b42a2187831a9e");
    CHECK(c->response() == "7587245234b3434cc3412213e5f113a5");
    CHECK_FALSE(c->algorithm());
    CHECK_FALSE(c->uri());
}

TEST_CASE("§20.28 Proxy-Authorization example: its 27-digit response is not an MD5 "
          "request-digest, so it is rejected; with 32 digits it parses") {
    const std::string_view original =
        "Digest username=\"Alice\", realm=\"atlanta.com\",\r\n"
        " nonce=\"c60f3082ee1212b402a21831ae\",\r\n response=\"245f23415f11432b3434341c022\"";
    const auto bad = sipkit::proxy_authorization::parse(original);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == errc::proxy_authorization_invalid);
    CHECK(bad.error().offset == original.find("\"245f"));
    const auto c = sipkit::proxy_authorization::parse(
        "Digest username=\"Alice\", realm=\"atlanta.com\",\r\n"
        " nonce=\"c60f3082ee1212b402a21831ae\",\r\n response=\"245f23415f11432b3434341c02200000\"");
    REQUIRE(c);
    CHECK(c->response() == "245f23415f11432b3434341c02200000");
}

TEST_CASE("§22.2 WWW-Authenticate and Authorization examples (qop list, nc, cnonce)") {
    const auto c = sipkit::www_authenticate::parse(
        "Digest\r\n        realm=\"biloxi.com\",\r\n        qop=\"auth,auth-int\",\r\n"
        "        nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\",\r\n"
        "        opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
    REQUIRE(c);
    CHECK(c->realm() == "biloxi.com");
    CHECK(tokens(c->qop_options()) == std::vector<std::string_view>{"auth", "auth-int"});
    CHECK(c->opaque() == "5ccc069c403ebaf9f0171e9517f40e41");

    const auto a = sipkit::authorization::parse(
        "Digest username=\"bob\",\r\n        realm=\"biloxi.com\",\r\n"
        "        nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\",\r\n"
        "        uri=\"sip:bob@biloxi.com\",\r\n        qop=auth,\r\n        nc=00000001,\r\n"
        "        cnonce=\"0a4f113b\",\r\n        response=\"6629fae49393a05397450978507c4ef1\",\r\n"
        "        opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
    REQUIRE(a);
    CHECK(a->username() == "bob");
    CHECK(a->uri() == "sip:bob@biloxi.com");
    CHECK(a->qop() == "auth");
    CHECK(a->nc() == "00000001");
    CHECK(sipkit::nonce_count(*a->nc()) == 1u);
    CHECK(a->cnonce() == "0a4f113b");
    CHECK(a->response() == "6629fae49393a05397450978507c4ef1");
    CHECK(a->opaque() == "5ccc069c403ebaf9f0171e9517f40e41");
    CHECK(a->params.size() == 9);
}

TEST_CASE("RFC 2617 §3.5 Digest example (HTTP abs_path as the digest-uri)") {
    const auto a = sipkit::authorization::parse(
        "Digest username=\"Mufasa\",\r\n realm=\"testrealm@host.com\",\r\n"
        " nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\",\r\n uri=\"/dir/index.html\",\r\n"
        " qop=auth,\r\n nc=00000001,\r\n cnonce=\"0a4f113b\",\r\n"
        " response=\"6629fae49393a05397450978507c4ef1\",\r\n"
        " opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
    REQUIRE(a);
    CHECK(a->uri() == "/dir/index.html");
    CHECK(a->realm() == "testrealm@host.com");
}

TEST_CASE("RFC 2617 §2 Basic: a realm challenge and token68 credentials") {
    const auto c = sipkit::www_authenticate::parse("Basic realm=\"WallyWorld\"");
    REQUIRE(c);
    CHECK_FALSE(c->is_digest());
    CHECK(c->realm() == "WallyWorld");
    const auto a = sipkit::authorization::parse("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    REQUIRE(a);
    CHECK(a->scheme == "Basic");
    CHECK(a->token68 == "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    CHECK(a->params.empty());
    CHECK(sipkit::to_string(*a) == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
}

TEST_CASE("RFC 7616 §3.9.1 SHA-256 example: a 64-digit response is accepted") {
    const auto c = sipkit::www_authenticate::parse(
        "Digest\r\n       realm=\"http-auth@example.org\",\r\n       qop=\"auth, auth-int\",\r\n"
        "       algorithm=SHA-256,\r\n"
        "       nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\",\r\n"
        "       opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
    REQUIRE(c);
    CHECK(c->algorithm() == "SHA-256");
    CHECK(tokens(c->qop_options()) == std::vector<std::string_view>{"auth", "auth-int"});

    const std::string_view sha256 =
        "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1";
    const std::string text =
        "Digest username=\"Mufasa\",\r\n       realm=\"http-auth@example.org\",\r\n"
        "       uri=\"/dir/index.html\",\r\n       algorithm=SHA-256,\r\n"
        "       nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\",\r\n"
        "       nc=00000001,\r\n       cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\",\r\n"
        "       qop=auth,\r\n       response=\"" +
        std::string(sha256) +
        "\",\r\n       opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
    const auto a = sipkit::authorization::parse(text);
    REQUIRE(a);
    CHECK(a->response() == sha256);
    CHECK(a->algorithm() == "SHA-256");
}

TEST_CASE("RFC 8760 response length follows the algorithm; unknown algorithms and an empty "
          "response are not length-checked") {
    const std::string md5(32, 'a');
    const std::string sha(64, 'b');
    for (const std::string& ok : std::vector<std::string>{
             "Digest response=\"" + md5 + "\"",
             "Digest algorithm=md5-SESS, response=\"" + md5 + "\"",
             "Digest response=\"" + sha + "\", algorithm=SHA-512-256-sess",
             "Digest algorithm=AKAv1-MD5, response=\"0123\"", "Digest response=\"\", nonce=\"\""}) {
        INFO(ok);
        CHECK(sipkit::authorization::parse(ok));
    }
    const std::string sha_short = "Digest algorithm=SHA-256, response=\"" + md5 + "\"";
    const std::string md5_long = "Digest response=\"" + sha + "\"";
    check_rejections<sipkit::authorization>({{sha_short, "\"aaaa"}, {md5_long, "\"bbbb"}});
}

TEST_CASE("RFC 4475 §3.3.7 regaut01: an unknown scheme keeps its parameters raw") {
    const std::string bytes = sipkit_test::read_binary(sipkit_test::rfc4475_dir + "regaut01.dat");
    REQUIRE_FALSE(bytes.empty());
    const auto m = sipkit::parse_message(bytes);
    REQUIRE(m);
    const auto a = m->get<sipkit::authorization>();
    REQUIRE(a);
    CHECK(a->scheme == "NoOneKnowsThisScheme");
    CHECK_FALSE(a->is_digest());
    CHECK(a->params.value("opaque-data") == "here");
    CHECK(sipkit::to_string(*a) == "NoOneKnowsThisScheme opaque-data=here");
}

// ---- decisions where the RFCs allow two readings ---------------------------------------------

TEST_CASE("RFC 7235 §2.1 token68 is kept raw for non-Digest schemes, never for Digest") {
    const auto bearer = sipkit::authorization::parse("Bearer abc.def=");
    REQUIRE(bearer);
    CHECK(bearer->token68 == "abc.def=");
    CHECK(bearer->params.empty());
    const auto slash = sipkit::proxy_authorization::parse("Bearer\r\n a-b_c~d+e/f==");
    REQUIRE(slash);
    CHECK(slash->token68 == "a-b_c~d+e/f==");
    // "abc=def" is an auth-param, not a token68 ("=" only ends a token68)
    const auto param = sipkit::authorization::parse("Bearer abc=def");
    REQUIRE(param);
    CHECK(param->token68.empty());
    CHECK(param->params.value("abc") == "def");
    check_rejections<sipkit::authorization>({{"Digest abc.def=", ""}, {"Digest QWxh==", "="}});
}

TEST_CASE("RFC 7235 §2.1 a non-Digest scheme may stand alone; Digest may not (RFC 3261 §25.1)") {
    const auto c = sipkit::www_authenticate::parse("Negotiate");
    REQUIRE(c);
    CHECK(c->params.empty());
    CHECK(c->token68.empty());
    CHECK(sipkit::to_string(*c) == "Negotiate");
    check_rejections<sipkit::www_authenticate>({{"Digest", ""}, {"digest", ""}});
}

TEST_CASE("§25.1 the Digest scheme and parameter names compare without case") {
    const auto c = sipkit::www_authenticate::parse("dIgEsT REALM=\"x\", Stale=true, QOP=\"auth\"");
    REQUIRE(c);
    CHECK(c->is_digest());
    CHECK(c->realm() == "x");
    CHECK(c->stale());
    CHECK(c->qop_options().contains("AUTH"));
    // Still a Digest challenge, so the Digest rules apply whatever the case.
    check_rejections<sipkit::www_authenticate>({{"DIGEST REALM=x", "x"}});
}

TEST_CASE("RFC 7235 §2.1 a Digest parameter named twice is rejected at the second name; "
          "unknown parameters may repeat") {
    check_rejections<sipkit::www_authenticate>(
        {{"Digest realm=\"a\", nonce=\"n\", Realm=\"b\"", "Realm"}});
    check_rejections<sipkit::authentication_info>({{"nc=00000001, NC=00000002", "NC"}});
    const auto c = sipkit::www_authenticate::parse("Digest x=1, x=2, realm=\"a\"");
    REQUIRE(c);
    CHECK(c->params.value("x") == "1");
    CHECK(sipkit::www_authenticate::parse("Other realm=\"a\", realm=\"b\""));
}

// ---- rejections -------------------------------------------------------------------------------

TEST_CASE("§25.1 challenge rejects near-valid input at the first offending byte") {
    check_rejections<sipkit::www_authenticate>({
        {"", ""},
        {"\"Digest\" realm=\"a\"", "\"Digest"},
        {"Digest,realm=\"a\"", ","},
        {"Digest realm", ""},
        {"Digest realm=", ""},
        {"Digest realm=\"a\" nonce=\"b\"", "nonce"},   // the comma §20.7's erratum adds
        {"Digest realm=\"a\",", ""},                   // trailing comma
        {"Digest realm=\"a\",,nonce=\"b\"", ",nonce"}, // empty element
        {"Digest realm=a", "a"},                       // realm-value = quoted-string
        {"Digest nonce=abc", "abc"},
        {"Digest opaque=x", "x"},
        {"Digest domain=sip:a", ":a"}, // a token ends at ":"
        {"Digest stale=maybe", "maybe"},
        {"Digest stale=\"true\"", "\"true\""},
        {"Digest algorithm=\"MD5\"", "\"MD5\""},
        {"Digest qop=auth", "auth"},
        {"Digest qop=\"auth,\"", "\""},
        {"Digest qop=\"\"", "\""},
        {"Digest qop=\"auth auth-int\"", " auth-int"},
        {"Digest qop=\"auth,,auth-int\"", ",auth-int"},
        {"Digest realm=\"unterminated", "\"unterminated"},
        {"Digest realm=\"a\"; nonce=\"b\"", ";"},
        {"Digest realm=\"a\\\r\nb\"", "\\"}, // quoted-pair cannot escape CR
        {"Basic a b", "b"},
        {"Basic @", "@"},
    });
}

TEST_CASE("§25.1 credentials reject near-valid input at the first offending byte") {
    check_rejections<sipkit::authorization>({
        {"Digest username=bob", "bob"},
        {"Digest uri=sip:bob@biloxi.com", ":bob"}, // a token ends at ":"
        {"Digest cnonce=0a4f113b", "0a4f"},
        {"Digest qop=\"auth\"", "\"auth\""}, // message-qop is a token
        {"Digest nc=0000001", "0000001"},    // nc-value = 8LHEX
        {"Digest nc=000000001", "000000001"},
        {"Digest nc=0000000A", "A"}, // LHEX is lowercase
        {"Digest nc=0000000g", "g"},
        {"Digest nc=\"00000001\"", "\"0000"},
        {"Digest response=6629fae49393a05397450978507c4ef1", "6629"},
        {"Digest response=\"6629FAE49393a05397450978507c4ef1\"", "FAE"},
        {"Digest response=\"6629fae4939 a05397450978507c4ef1\"", " a053"},
        {"Digest response=\"6629fae49393a05397450978507c4ef\"", "\"6629"},
        {"Digest username=\"a\", response=\"\", username=\"b\"", "username"},
    });
    check_rejections<sipkit::proxy_authorization>({{"Digest nc=1", "1"}});
}

TEST_CASE("§20.6 Authentication-Info rejects near-valid input at the first offending byte") {
    check_rejections<sipkit::authentication_info>({
        {"", ""},
        {"nextnonce=abc", "abc"},
        {"nextnonce=\"a\" qop=auth", "qop"},
        {"nextnonce=\"a\",", ""},
        {"rspauth=\"ABC\"", "ABC"},
        {"rspauth=abc", "abc"},
        {"qop=\"auth\"", "\"auth\""},
        {"nc=1", "1"},
        {"cnonce=x", "x"},
        {"Digest nextnonce=\"a\"", "nextnonce"},
    });
}

// ---- accepted odd-but-legal forms ------------------------------------------------------------

TEST_CASE("§25.1 LWS may be folded around the scheme, EQUAL and COMMA") {
    const std::string_view text =
        "Digest\r\n\trealm\r\n =\r\n \"a b\"\r\n ,\r\n nonce = \"n\" ,qop=\"auth\r\n , auth-int\"";
    const auto c = sipkit::www_authenticate::parse(text);
    REQUIRE(c);
    CHECK(names(c->params) == std::vector<std::string>{"realm", "nonce", "qop"});
    CHECK(c->realm() == "a b");
    CHECK(c->nonce() == "n");
    CHECK(tokens(c->qop_options()) == std::vector<std::string_view>{"auth", "auth-int"});
    CHECK(sipkit::to_string(*c) ==
          "Digest realm=\"a b\", nonce=\"n\", qop=\"auth\r\n , auth-int\"");
}

TEST_CASE("§25.1 quoted-string values: quoted-pairs are resolved by the accessors only") {
    const auto c = sipkit::authorization::parse(R"(Digest username="a\"b\\c", realm="caf)"
                                                "\xc3\xa9"
                                                R"(", opaque="x,y=z", rspauth="0")");
    REQUIRE(c);
    CHECK(c->params.value("username") == R"("a\"b\\c")");
    CHECK(c->username() == R"(a"b\c)");
    CHECK(c->realm() == "caf\xc3\xa9");
    CHECK(c->opaque() == "x,y=z");
    CHECK(c->params.unquoted("rspauth") == "0"); // not a credentials parameter: left alone
}

TEST_CASE("§25.1 extension auth-params pass through Digest values unchecked") {
    const auto c = sipkit::authorization::parse(
        "Digest username=\"u\", userhash=true, charset=UTF-8, x-token=\"q\", auts=\"AAA=\"");
    REQUIRE(c);
    CHECK(c->params.value("userhash") == "true");
    CHECK(c->params.size() == 5);
    const auto a = sipkit::authentication_info::parse(
        "qop=auth, rspauth=\"\", cnonce=\"0a4f113b\", nc=0000000a, extra=1");
    REQUIRE(a);
    CHECK(a->qop() == "auth");
    CHECK(a->rspauth() == "");
    CHECK(a->cnonce() == "0a4f113b");
    CHECK(sipkit::nonce_count(*a->nc()) == 10u);
    CHECK(a->params.value("extra") == "1");
}

TEST_CASE("nonce_count reads 8LHEX and nothing else") {
    CHECK(sipkit::nonce_count("ffffffff") == 0xffffffffu);
    CHECK(sipkit::nonce_count("0000a0b1") == 0xa0b1u);
    CHECK_FALSE(sipkit::nonce_count("FFFFFFFF"));
    CHECK_FALSE(sipkit::nonce_count("1"));
    CHECK_FALSE(sipkit::nonce_count("000000001"));
}

TEST_CASE("auth_param_list: iterate, find without case, values with quotes, unquoted") {
    const std::string_view text = R"(a=1, B="two", c="t\"hree")";
    sipkit::auth_param_list params;
    const auto end = sipkit::auth_param_list::scan(text, 0, params);
    REQUIRE(end);
    CHECK(*end == text.size());
    CHECK(params.text() == text);
    CHECK(names(params) == std::vector<std::string>{"a", "B", "c"});
    CHECK(params.size() == 3);
    CHECK(params.contains("b"));
    CHECK_FALSE(params.contains("d"));
    CHECK(params.value("b") == "\"two\"");
    CHECK(params.unquoted("B") == "two");
    CHECK(params.unquoted("C") == "t\"hree");
    CHECK(params.unquoted("a") == "1");
    CHECK_FALSE(params.value("x"));
    CHECK(params.find("A")->value == "1");
    // scan stops where the list stops; the caller decides what follows may be
    sipkit::auth_param_list partial;
    const auto stop = sipkit::auth_param_list::scan("x=1, y=2 rest", 0, partial);
    REQUIRE(stop);
    CHECK(*stop == 8);
    CHECK(partial.size() == 2);
}

TEST_CASE("== is semantic: scheme and names without case, order ignored, values exact") {
    const auto a = sipkit::www_authenticate::parse("Digest realm=\"a\", nonce=\"n\"");
    const auto b = sipkit::www_authenticate::parse("DIGEST NONCE=\"n\",\r\n REALM = \"a\"");
    const auto c = sipkit::www_authenticate::parse("Digest realm=\"A\", nonce=\"n\"");
    const auto d = sipkit::www_authenticate::parse("Digest realm=\"a\"");
    const auto e = sipkit::www_authenticate::parse("Digest realm=\"a\", nonce=\"n\", x=1");
    REQUIRE((a && b && c && d && e));
    CHECK(*a == *b);
    CHECK_FALSE(*a == *c);
    CHECK_FALSE(*a == *d);
    CHECK_FALSE(*a == *e);
    const auto t1 = sipkit::authorization::parse("Bearer abc=");
    const auto t2 = sipkit::authorization::parse("bearer abc=");
    const auto t3 = sipkit::authorization::parse("Bearer ABC=");
    REQUIRE((t1 && t2 && t3));
    CHECK(*t1 == *t2);
    CHECK_FALSE(*t1 == *t3);
    const auto m1 = sipkit::authorization::parse("Bearer x=1, x=2, x=1");
    const auto m2 = sipkit::authorization::parse("Bearer x=2, x=1, x=1");
    const auto m3 = sipkit::authorization::parse("Bearer x=2, x=2, x=1");
    REQUIRE((m1 && m2 && m3));
    CHECK(*m1 == *m2);
    CHECK_FALSE(*m1 == *m3);
}

// ---- typed access through parse_message ------------------------------------------------------

TEST_CASE("typed access: each WWW-Authenticate field is one challenge, commas and all") {
    const std::string text =
        "SIP/2.0 401 Unauthorized\r\n"
        "Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
        "WWW-Authenticate: Digest realm=\"biloxi.com\", algorithm=SHA-256,\r\n"
        " nonce=\"n1\", qop=\"auth\"\r\n"
        "WWW-Authenticate: Digest realm=\"biloxi.com\", algorithm=MD5, nonce=\"n2\"\r\n"
        "Proxy-Authenticate: Digest realm=\"atlanta.com\", nonce=\"p\", stale=TRUE\r\n"
        "Call-ID: x\r\nCSeq: 1 REGISTER\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    std::vector<std::string> algorithms;
    for (const auto c : m->all<sipkit::www_authenticate>()) {
        REQUIRE(c);
        algorithms.emplace_back(*c->algorithm());
    }
    CHECK(algorithms == std::vector<std::string>{"SHA-256", "MD5"});
    const auto p = m->get<sipkit::proxy_authenticate>();
    REQUIRE(p);
    CHECK(p->stale());
    CHECK(p->realm() == "atlanta.com");
    const auto missing = m->get<sipkit::authentication_info>();
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == errc::header_missing);
}

TEST_CASE("typed access: a bad Authorization names the header and the offset in the message") {
    const std::string text = "REGISTER sip:biloxi.com SIP/2.0\r\n"
                             "Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
                             "Proxy-Authorization: Digest username=\"bob\", nc=00000001\r\n"
                             "Authorization: Digest username=\"bob\", nc=0000001G\r\n"
                             "Call-ID: x\r\nCSeq: 2 REGISTER\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto a = m->get<sipkit::authorization>();
    REQUIRE_FALSE(a);
    CHECK(a.error().code == errc::authorization_invalid);
    CHECK(a.error().offset == text.find("0000001G") + 7);
    const auto p = m->get<sipkit::proxy_authorization>();
    REQUIRE(p);
    CHECK(p->username() == "bob");
    CHECK(m->all<sipkit::proxy_authorization>().size() == 1);
}

TEST_CASE("typed access: Authentication-Info in a 200 is one value holding the list") {
    const std::string text = "SIP/2.0 200 OK\r\n"
                             "Authentication-Info: nextnonce=\"47364c23432d2e131a5fb210812c\",\r\n"
                             " qop=auth, rspauth=\"6629fae49393a05397450978507c4ef1\",\r\n"
                             " cnonce=\"0a4f113b\", nc=00000001\r\n"
                             "Call-ID: x\r\nCSeq: 2 REGISTER\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    CHECK(m->all<sipkit::authentication_info>().size() == 1);
    const auto a = m->get<sipkit::authentication_info>();
    REQUIRE(a);
    CHECK(a->nextnonce() == "47364c23432d2e131a5fb210812c");
    CHECK(a->rspauth() == "6629fae49393a05397450978507c4ef1");
    CHECK(a->nc() == "00000001");
}

// ---- round-trip properties ---------------------------------------------------------------------

namespace {

rc::Gen<std::string> token_gen() {
    return rc::gen::nonEmpty(rc::gen::container<std::string>(
        rc::gen::elementOf(std::string("abcxyzABCXYZ0129-.!%*_+`'~"))));
}

rc::Gen<std::string> lhex_gen(std::size_t n) {
    return rc::gen::container<std::string>(n, rc::gen::elementOf(std::string("0123456789abcdef")));
}

/// Quoted-string content (without the quotes): printable ASCII with quotes, backslashes,
/// separators, tabs and UTF-8.
rc::Gen<std::string> text_gen() {
    return rc::gen::map(
        rc::gen::container<std::vector<std::string>>(rc::gen::element<std::string>(
            "a", "Z", "0", " ", "\t", "\"", "\\", ",", "=", ";", "@", ":", "/", "\xc3\xa9")),
        [](const std::vector<std::string>& pieces) {
            std::string s;
            for (const auto& p : pieces)
                s += p;
            return s;
        });
}

std::string quote(std::string_view text) {
    std::string out;
    sipkit::grammar::append_quoted(out, text);
    return out;
}

/// SWS, as RFC 3261 §25.1 allows it around EQUAL and COMMA.
std::string sws() {
    return *rc::gen::element<std::string>("", "", " ", "  ", "\t", "\r\n ", " \r\n\t");
}

/// LWS (at least one WSP), as after the scheme.
std::string lws() {
    return *rc::gen::element<std::string>(" ", "\t ", "\r\n ", "\r\n\t\t");
}

/// `name` with each letter's case chosen at random.
std::string random_case(std::string_view name) {
    std::string out(name);
    for (char& c : out)
        if (*rc::gen::arbitrary<bool>())
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

/// A generated auth-param: name, value as it will be written, and (for quoted ones) the text
/// an accessor must return.
struct gen_param {
    std::string name;
    std::string value;
    std::optional<std::string> unquoted;
};

/// The parameters joined by COMMA, with SWS around EQUAL and COMMA.
std::string join_params(const std::vector<gen_param>& params) {
    std::string out;
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (i > 0)
            out += sws() + "," + sws();
        out += params[i].name + sws() + "=" + sws() + params[i].value;
    }
    return out;
}

std::string join(const std::string& scheme, const std::vector<gen_param>& params) {
    return scheme + lws() + join_params(params);
}

gen_param quoted_param(std::string name) {
    const std::string text = *text_gen();
    return {random_case(name), quote(text), text};
}

/// Extension params whose names cannot clash with a Digest parameter.
void add_extensions(std::vector<gen_param>& params) {
    const int n = *rc::gen::inRange(0, 3);
    for (int i = 0; i < n; ++i) {
        std::string name = "x" + std::to_string(i) + "-" + *token_gen(); // unique names
        if (*rc::gen::arbitrary<bool>())
            params.push_back({name, *token_gen(), std::nullopt});
        else
            params.push_back(quoted_param(name));
    }
}

template <class T>
std::vector<T> shuffled(std::vector<T> v) {
    for (std::size_t i = v.size(); i > 1; --i)
        std::swap(v[i - 1], v[*rc::gen::inRange<std::size_t>(0, i)]);
    return v;
}

/// A valid Digest challenge: a random subset of the digest-cln parameters in random order.
std::string digest_challenge(std::vector<gen_param>& params) {
    if (*rc::gen::arbitrary<bool>())
        params.push_back(quoted_param("realm"));
    if (*rc::gen::arbitrary<bool>())
        params.push_back({random_case("domain"), "\"sip:a.example.com /b\"", std::nullopt});
    if (*rc::gen::arbitrary<bool>())
        params.push_back(quoted_param("nonce"));
    if (*rc::gen::arbitrary<bool>())
        params.push_back(quoted_param("opaque"));
    if (*rc::gen::arbitrary<bool>())
        params.push_back({"stale", random_case("true"), std::nullopt});
    if (*rc::gen::arbitrary<bool>())
        params.push_back(
            {"algorithm", *rc::gen::element<std::string>("MD5", "SHA-256", "tok"), std::nullopt});
    if (*rc::gen::arbitrary<bool>()) {
        std::string list = *token_gen();
        for (int i = *rc::gen::inRange(0, 3); i > 0; --i)
            list += sws() + "," + sws() + *token_gen();
        params.push_back({"qop", "\"" + list + "\"", std::nullopt});
    }
    add_extensions(params);
    if (params.empty())
        params.push_back(quoted_param("realm"));
    params = shuffled(params);
    return join(random_case("Digest"), params);
}

/// Valid Digest credentials: a random subset of the dig-resp parameters in random order.
std::string digest_credentials(std::vector<gen_param>& params) {
    const std::string algorithm =
        *rc::gen::element<std::string>("", "MD5", "MD5-sess", "SHA-256", "sha-512-256", "AKAv1");
    if (!algorithm.empty())
        params.push_back({"algorithm", algorithm, std::nullopt});
    if (*rc::gen::arbitrary<bool>()) {
        std::size_t digits = sipkit::detail::digest_hex_length(
            algorithm.empty() ? std::nullopt : std::optional<std::string_view>(algorithm));
        if (digits == 0)
            digits = *rc::gen::inRange<std::size_t>(1, 80);
        if (*rc::gen::inRange(0, 5) == 0)
            digits = 0;
        params.push_back({"response", "\"" + *lhex_gen(digits) + "\"", std::nullopt});
    }
    for (const char* name : {"username", "realm", "nonce", "cnonce", "opaque"})
        if (*rc::gen::arbitrary<bool>())
            params.push_back(quoted_param(name));
    if (*rc::gen::arbitrary<bool>())
        params.push_back({"uri", "\"sip:bob@biloxi.com;transport=tcp\"", std::nullopt});
    if (*rc::gen::arbitrary<bool>())
        params.push_back({"qop", *token_gen(), std::nullopt});
    if (*rc::gen::arbitrary<bool>())
        params.push_back({random_case("nc"), *lhex_gen(8), std::nullopt});
    add_extensions(params);
    if (params.empty())
        params.push_back(quoted_param("username"));
    params = shuffled(params);
    return join(random_case("Digest"), params);
}

/// Another scheme: auth-params, a token68, or nothing.
std::string other_scheme() {
    std::string scheme = *token_gen();
    while (sipkit::iequals(scheme, "Digest"))
        scheme += "x";
    switch (*rc::gen::inRange(0, 3)) {
        case 0: {
            std::vector<gen_param> params;
            params.push_back(quoted_param("realm"));
            add_extensions(params);
            return join(scheme, params);
        }
        case 1: {
            std::string t68 = *rc::gen::nonEmpty(
                rc::gen::container<std::string>(rc::gen::elementOf(std::string("aZ09-._~+/"))));
            return scheme + lws() + t68 + std::string(*rc::gen::inRange(0, 3), '=');
        }
        default:
            return scheme;
    }
}

/// parse -> serialize -> parse gives an equal value, and serialize is a fixpoint.
template <class H>
H check_round_trip(const std::string& text) {
    const auto first = H::parse(text);
    if (!first)
        RC_FAIL("generated value does not parse: " + text + " at " +
                std::to_string(first.error().offset));
    const std::string canonical = sipkit::to_string(*first);
    const auto second = H::parse(canonical);
    if (!second)
        RC_FAIL("canonical form does not parse: " + canonical);
    RC_ASSERT(*second == *first);
    RC_ASSERT(sipkit::to_string(*second) == canonical);
    return *first;
}

void check_params(const sipkit::auth_param_list& parsed, const std::vector<gen_param>& params) {
    RC_ASSERT(parsed.size() == params.size());
    for (const gen_param& p : params) {
        RC_ASSERT(parsed.value(p.name) == std::optional<std::string_view>(p.value));
        if (p.unquoted)
            RC_ASSERT(parsed.unquoted(p.name) == p.unquoted);
    }
}

} // namespace

TEST_CASE("round trip: challenges (WWW-Authenticate, Proxy-Authenticate)") {
    rc::prop("digest challenge round trip", [] {
        std::vector<gen_param> params;
        const std::string text = digest_challenge(params);
        const auto c = check_round_trip<sipkit::www_authenticate>(text);
        RC_ASSERT(c.is_digest());
        check_params(c.params, params);
        check_round_trip<sipkit::proxy_authenticate>(text);
    });
    rc::prop("other-scheme challenge round trip", [] {
        const std::string text = other_scheme();
        const auto c = check_round_trip<sipkit::www_authenticate>(text);
        RC_ASSERT(!c.is_digest());
    });
}

TEST_CASE("round trip: credentials (Authorization, Proxy-Authorization)") {
    rc::prop("digest credentials round trip", [] {
        std::vector<gen_param> params;
        const std::string text = digest_credentials(params);
        const auto c = check_round_trip<sipkit::authorization>(text);
        check_params(c.params, params);
        check_round_trip<sipkit::proxy_authorization>(text);
    });
    rc::prop("other-scheme credentials round trip",
             [] { check_round_trip<sipkit::proxy_authorization>(other_scheme()); });
}

TEST_CASE("round trip: Authentication-Info") {
    rc::prop("authentication-info round trip", [] {
        std::vector<gen_param> params;
        if (*rc::gen::arbitrary<bool>())
            params.push_back(quoted_param("nextnonce"));
        if (*rc::gen::arbitrary<bool>())
            params.push_back({"qop", *token_gen(), std::nullopt});
        if (*rc::gen::arbitrary<bool>())
            params.push_back({random_case("rspauth"),
                              "\"" + *lhex_gen(*rc::gen::inRange<std::size_t>(0, 70)) + "\"",
                              std::nullopt});
        if (*rc::gen::arbitrary<bool>())
            params.push_back(quoted_param("cnonce"));
        if (*rc::gen::arbitrary<bool>())
            params.push_back({"nc", *lhex_gen(8), std::nullopt});
        add_extensions(params);
        if (params.empty())
            params.push_back(quoted_param("nextnonce"));
        params = shuffled(params);
        const std::string text = join_params(params);
        const auto a = check_round_trip<sipkit::authentication_info>(text);
        check_params(a.params, params);
    });
}
