// validate_request / validate_response / verdict_for_parse_error / make_error_response
// (sipkit/message/validation.hpp): RFC 3261 §8.2.1–§8.2.3, §16.3, §10.3, §8.1.3.3, §8.2.6.
#include <sipkit/message/message.hpp>
#include <sipkit/message/parse_message.hpp>
#include <sipkit/message/validation.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include <array>
#include <string>
#include <string_view>
#include <vector>

using sipkit::element_role;
using sipkit::header_id;
using sipkit::validation_policy;
using sipkit::verdict;

namespace {

constexpr std::string_view base_headers[] = {
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds",
    "Max-Forwards: 70",
    "To: Bob <sip:bob@biloxi.example.com>",
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
};

// A request: the start line, the base headers (minus any named in `drop`), CSeq with
// `cseq_method` (the method by default), the extra lines, then the body.
std::string request(std::string_view method, std::vector<std::string> extra = {},
                    std::string_view body = {}, std::vector<std::string_view> drop = {},
                    std::string_view cseq_method = {},
                    std::string_view uri = "sip:bob@biloxi.example.com",
                    std::string_view version = "SIP/2.0") {
    std::string out =
        std::string(method) + " " + std::string(uri) + " " + std::string(version) + "\r\n";
    for (const std::string_view h : base_headers) {
        bool dropped = false;
        for (const std::string_view d : drop)
            dropped = dropped || h.substr(0, d.size()) == d;
        if (!dropped)
            out += std::string(h) + "\r\n";
    }
    if (std::find(drop.begin(), drop.end(), "CSeq") == drop.end())
        out += "CSeq: 314159 " + std::string(cseq_method.empty() ? method : cseq_method) + "\r\n";
    for (const auto& e : extra)
        out += e + "\r\n";
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    out += body;
    return out;
}

sipkit::validation_result check(const std::string& text, const validation_policy& p = {}) {
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    return m->is_request() ? sipkit::validate_request(*m, p) : sipkit::validate_response(*m, p);
}

constexpr std::string_view sdp = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n";

} // namespace

TEST_CASE("§8.2 a well-formed INVITE with SDP is acceptable to a UAS") {
    const auto v = check(request("INVITE", {"Content-Type: application/sdp"}, sdp));
    CHECK(v.acceptable());
    CHECK(v.status == 0);
    CHECK(v.reason.empty());
}

TEST_CASE("§8.2 / §21.5.6 a version other than SIP/2.0 gets 505") {
    const auto v =
        check(request("OPTIONS", {}, {}, {}, {}, "sip:bob@biloxi.example.com", "SIP/3.0"));
    CHECK(v.verdict == verdict::respond);
    CHECK(v.status == 505);
    CHECK(v.reason == "Version Not Supported");
}

TEST_CASE("§8.2.1 an unknown method gets 501, a known but unimplemented one 405") {
    CHECK(check(request("FROBNICATE")).status == 501);
    const auto v = check(request("SUBSCRIBE"));
    CHECK(v.status == 405);
    CHECK(v.reason == "Method Not Allowed");
    // A proxy forwards methods it does not know (§16.3 has no method check).
    CHECK(check(request("FROBNICATE"), validation_policy::for_role(element_role::proxy))
              .acceptable());
}

TEST_CASE("§8.1.1 a request missing To, From, CSeq, Call-ID or Via gets 400 naming it") {
    for (const auto& [drop, id] :
         std::vector<std::pair<std::string_view, header_id>>{{"To", header_id::to},
                                                             {"From", header_id::from},
                                                             {"CSeq", header_id::cseq},
                                                             {"Call-ID", header_id::call_id},
                                                             {"Via", header_id::via}}) {
        INFO(drop);
        const auto v = check(request("OPTIONS", {}, {}, {drop}));
        CHECK(v.status == 400);
        CHECK(v.header == id);
        CHECK_FALSE(v.detail.empty());
    }
    // Max-Forwards may be missing at a UAS (a proxy adds it, §16.6 step 3).
    CHECK(check(request("OPTIONS", {}, {}, {"Max-Forwards"})).acceptable());
}

TEST_CASE("§20 single-valued headers appearing twice get 400 (RFC 4475 §3.3.8)") {
    const auto v = check(request("OPTIONS", {"Call-ID: second@example.com"}));
    CHECK(v.status == 400);
    CHECK(v.header == header_id::call_id);
    const std::string text = request("OPTIONS", {"Max-Forwards: 5"});
    const auto w = check(text);
    CHECK(w.status == 400);
    CHECK(w.header == header_id::max_forwards);
    CHECK(w.offset == text.find("Max-Forwards: 5"));
}

TEST_CASE("§8.2 a malformed header the element relies on gets 400 with its offset") {
    const std::string text = request("OPTIONS", {"Contact: <sip:a@b>;;"});
    const auto v = check(text);
    CHECK(v.status == 400);
    CHECK(v.header == header_id::contact);
    CHECK(v.offset > text.find("Contact:"));
    // A malformed Date is not the element's business (RFC 4475 §3.1.2.12).
    CHECK(check(request("OPTIONS", {"Date: Fri, 01 Jan 2010 16:00:00 EST"})).acceptable());
}

TEST_CASE("§8.1.1.5 / §20.16 a CSeq method other than the request's gets 400") {
    const auto v = check(request("OPTIONS", {}, {}, {}, "INVITE"));
    CHECK(v.status == 400);
    CHECK(v.header == header_id::cseq);
}

TEST_CASE("§8.2.2.1 a Request-URI scheme the element lacks gets 416") {
    CHECK(check(request("OPTIONS", {}, {}, {}, {}, "urn:service:sos")).status == 416);
    CHECK(check(request("OPTIONS", {}, {}, {}, {}, "tel:+1-201-555-0123")).acceptable());
    std::array<std::string_view, 1> only_sip = {"sip"};
    validation_policy p;
    p.uri_schemes = only_sip;
    CHECK(check(request("OPTIONS", {}, {}, {}, {}, "tel:+1-201-555-0123"), p).status == 416);
}

TEST_CASE("§19.1.1 Table 1: headers in the Request-URI get 400 unless the element is liberal") {
    const std::string text = request("OPTIONS", {}, {}, {}, {}, "sip:bob@example.com?Subject=hi");
    CHECK(check(text).status == 400);
    validation_policy liberal;
    liberal.check_request_uri_components = false;
    CHECK(check(text, liberal).acceptable());
}

TEST_CASE("§8.2.2.3 Require with an unsupported option tag gets 420 with Unsupported") {
    const std::string text = request("INVITE", {"Require: 100rel, foo"});
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    std::array<std::string_view, 1> supported = {"100rel"};
    validation_policy p;
    p.option_tags = supported;
    const auto v = sipkit::validate_request(*m, p);
    CHECK(v.status == 420);
    CHECK(v.reason == "Bad Extension");
    const auto response = sipkit::make_error_response(*m, v, p, "5f1a");
    REQUIRE(response);
    const auto built = response->build();
    REQUIRE(built);
    CHECK((*built)->status_code() == 420);
    CHECK((*built)->find(header_id::unsupported)->value == "foo");
    // Supported tags pass; CANCEL ignores Require (§8.2.2.3).
    std::array<std::string_view, 2> both = {"100rel", "FOO"};
    p.option_tags = both;
    CHECK(sipkit::validate_request(*m, p).acceptable());
    CHECK(check(request("CANCEL", {"Require: foo"})).acceptable());
}

TEST_CASE("§16.3 step 5 a proxy answers an unsupported Proxy-Require with 420; a UAS ignores it") {
    const std::string text = request("OPTIONS", {"Proxy-Require: foo"});
    const auto proxy = validation_policy::for_role(element_role::proxy);
    const auto v = check(text, proxy);
    CHECK(v.status == 420);
    CHECK(v.header == header_id::proxy_require);
    CHECK(check(text).acceptable());
}

TEST_CASE("§16.3 step 3 a proxy answers Max-Forwards 0 with 483; a UAS accepts it") {
    const std::string text = request("INVITE", {}, {}, {"Max-Forwards"});
    const std::string zero = text.substr(0, text.find("\r\n") + 2) + "Max-Forwards: 0\r\n" +
                             text.substr(text.find("\r\n") + 2);
    CHECK(check(zero, validation_policy::for_role(element_role::proxy)).status == 483);
    CHECK(check(zero).acceptable());
}

TEST_CASE("§8.2.3 a body of an unsupported type or encoding gets 415 with Accept or "
          "Accept-Encoding") {
    const std::string text = request("INVITE", {"Content-Type: application/x-unknown"}, "data");
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto v = sipkit::validate_request(*m);
    CHECK(v.status == 415);
    const auto r = sipkit::make_error_response(*m, v, {}, "t1");
    REQUIRE(r);
    const auto built = r->build();
    REQUIRE(built);
    CHECK((*built)->find(header_id::accept)->value == "application/sdp, multipart/mixed");

    const std::string gz =
        request("INVITE", {"Content-Type: application/sdp", "Content-Encoding: gzip"}, "data");
    const auto m2 = sipkit::parse_message(gz);
    REQUIRE(m2);
    const auto w = sipkit::validate_request(*m2);
    CHECK(w.status == 415);
    CHECK(w.header == header_id::content_encoding);
    const auto built2 = sipkit::make_error_response(*m2, w)->build();
    REQUIRE(built2);
    CHECK((*built2)->find(header_id::accept_encoding)->value == "identity");
    // No body, no content check.
    CHECK(check(request("INVITE", {"Content-Type: application/x-unknown"})).acceptable());
}

TEST_CASE("§21.4.7 an INVITE whose Accept admits nothing the answer can carry gets 406") {
    CHECK(check(request("INVITE", {"Accept: text/plain"})).status == 406);
    CHECK(check(request("INVITE", {"Accept: application/*"})).acceptable());
    CHECK(check(request("INVITE", {"Accept: text/plain, */*;q=0.1"})).acceptable());
    CHECK(check(request("INVITE", {"Accept: application/sdp;q=0"})).status == 406);
    CHECK(check(request("BYE", {"Accept: text/plain"})).acceptable());
}

TEST_CASE("§10.3 a registrar needs a SIP or SIPS To and a lone Contact * with Expires: 0") {
    const auto registrar = validation_policy::for_role(element_role::registrar);
    CHECK(check(request("REGISTER", {"Contact: <sip:alice@192.0.2.4>"}), registrar).acceptable());
    CHECK(check(request("REGISTER", {"Contact: *", "Expires: 0"}), registrar).acceptable());
    CHECK(check(request("REGISTER", {"Contact: *"}), registrar).status == 400);
    CHECK(check(request("REGISTER", {"Contact: *", "Expires: 60"}), registrar).status == 400);
    CHECK(check(request("REGISTER", {"Contact: *, <sip:a@b>", "Expires: 0"}), registrar).status ==
          400);
    std::string tel = request("REGISTER");
    tel.replace(tel.find("To: Bob <sip:bob@biloxi.example.com>"), 37, "To: <tel:+12015550123>");
    CHECK(check(tel, registrar).status == 400);
    // A UAS does not implement REGISTER: 405.
    CHECK(check(request("REGISTER")).status == 405);
}

TEST_CASE("§17 an ACK is never answered: its faults give discard") {
    const auto v = check(request("ACK", {}, {}, {"Call-ID"}));
    CHECK(v.verdict == verdict::discard);
    CHECK(v.header == header_id::call_id);
}

TEST_CASE("§8.1.3.3 a response with more than one Via is discarded by a UAC, not by a proxy") {
    const std::string one = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1\r\n"
                            "From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: x\r\n"
                            "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
    CHECK(check(one).acceptable());
    const std::string two = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1\r\n"
                            "Via: SIP/2.0/UDP b;branch=z9hG4bK2\r\n"
                            "From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: x\r\n"
                            "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
    CHECK(check(two).verdict == verdict::discard);
    CHECK(check(two, validation_policy::for_role(element_role::proxy)).acceptable());
    std::string bad = one;
    bad.replace(bad.find("CSeq: 1"), 7, "CSeq: x");
    CHECK(check(bad).verdict == verdict::discard);
}

TEST_CASE("RFC 3261 §18.3 / RFC 4475 §3.1.2 parse errors: 400 for a request, discard for a "
          "response") {
    const std::string req = "INVITE sip:a@b SIP/2.0\r\nContent-Length: 99\r\n\r\nshort";
    const auto r = sipkit::parse_message(req);
    REQUIRE_FALSE(r);
    const auto v = sipkit::verdict_for_parse_error(req, r.error());
    CHECK(v.status == 400);
    CHECK(v.offset == r.error().offset);
    const std::string resp = "\r\nSIP/2.0 999999 Huh\r\n\r\n";
    const auto s = sipkit::parse_message(resp);
    REQUIRE_FALSE(s);
    CHECK(sipkit::verdict_for_parse_error(resp, s.error()).verdict == verdict::discard);
}

TEST_CASE("§8.2.6.2 make_error_response copies Via, From, To (with the tag), Call-ID, CSeq and "
          "adds Allow to 405/501") {
    const std::string text = request("FROBNICATE");
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto v = sipkit::validate_request(*m);
    REQUIRE(v.status == 501);
    const auto built = sipkit::make_error_response(*m, v, {}, "88sja8x")->build();
    REQUIRE(built);
    const sipkit::message_view& r = **built;
    CHECK(r.status_code() == 501);
    CHECK(r.reason_phrase() == "Not Implemented");
    CHECK(r.find(header_id::via)->value == m->find(header_id::via)->value);
    CHECK(r.find(header_id::from)->value == m->find(header_id::from)->value);
    CHECK(r.find(header_id::to)->value == "Bob <sip:bob@biloxi.example.com>;tag=88sja8x");
    CHECK(r.find(header_id::call_id)->value == m->find(header_id::call_id)->value);
    CHECK(r.find(header_id::cseq)->value == "314159 FROBNICATE");
    CHECK(r.find(header_id::allow)->value == "INVITE, ACK, CANCEL, BYE, OPTIONS");
    CHECK_FALSE(sipkit::make_error_response(*m, sipkit::validation_result{}).has_value());
}

TEST_CASE("property: a request built with every mandatory header and a supported method is "
          "acceptable; a mismatched CSeq method is 400") {
    rc::prop("validate_request on generated requests", [] {
        const auto method =
            *rc::gen::element<std::string>("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS");
        const auto number = *rc::gen::inRange<std::uint32_t>(0, 0x7fffffff);
        const auto mf = *rc::gen::inRange(0, 256);
        const auto tag = *rc::gen::element<std::string>("1", "abc", "x-Y.z!%*_+`'~");
        auto b = sipkit::message_builder::request(method, "sip:bob@example.com");
        b.add(header_id::via, "SIP/2.0/TCP client.example.com:5061;branch=z9hG4bK" + tag)
            .add(header_id::max_forwards, std::to_string(mf))
            .add(header_id::to, "<sip:bob@example.com>")
            .add(header_id::from, "\"A\" <sip:alice@example.com>;tag=" + tag)
            .add(header_id::call_id, tag + "@example.com")
            .add(header_id::cseq, std::to_string(number) + " " + method);
        const auto m = b.build();
        RC_ASSERT(m.has_value());
        RC_ASSERT(sipkit::validate_request(m->view()).acceptable());

        const auto other = *rc::gen::element<std::string>("INFO", "PRACK", "UPDATE");
        auto c = sipkit::message_builder::request(method, "sip:bob@example.com");
        c.add(header_id::via, "SIP/2.0/TCP client.example.com:5061;branch=z9hG4bK" + tag)
            .add(header_id::to, "<sip:bob@example.com>")
            .add(header_id::from, "<sip:alice@example.com>;tag=" + tag)
            .add(header_id::call_id, tag + "@example.com")
            .add(header_id::cseq, std::to_string(number) + " " + other);
        const auto n = c.build();
        RC_ASSERT(n.has_value());
        const auto v = sipkit::validate_request(n->view());
        const bool expected = method == "ACK" ? v.verdict == verdict::discard : v.status == 400;
        RC_ASSERT(expected);
    });
}
