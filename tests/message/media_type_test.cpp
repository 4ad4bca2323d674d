// content_type and accept (sipkit/message/media_type.hpp), and the shared qvalue parser
// (sipkit/message/qvalue.hpp): RFC 3261 §20.1, §20.15, §25.1.
#include <sipkit/message/media_type.hpp>
#include <sipkit/message/parse_message.hpp>
#include <sipkit/message/qvalue.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include "../support/corpus.hpp"
#include "media_test_helpers.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using sipkit::accept;
using sipkit::content_type;
using sipkit::errc;
using sipkit::detail::parse_qvalue;
using sipkit_test::check_rejections;

namespace {

const std::string& corpus(const std::string& name) {
    return sipkit_test::rfc4475_file(name);
}

} // namespace

// ---- qvalue ---------------------------------------------------------------------------------

TEST_CASE("§25.1 qvalue: 0 to 1 with up to three decimals, in thousandths") {
    static_assert(*parse_qvalue("0.5") == 500);
    const std::pair<std::string_view, std::uint16_t> good[] = {
        {"0", 0},       {"0.", 0},   {"0.0", 0},   {"0.5", 500},  {"0.05", 50},    {"0.125", 125},
        {"0.999", 999}, {"1", 1000}, {"1.", 1000}, {"1.0", 1000}, {"1.000", 1000}, {"0.001", 1}};
    for (const auto& [text, value] : good) {
        INFO(text);
        const auto q = parse_qvalue(text);
        REQUIRE(q);
        CHECK(*q == value);
    }
}

TEST_CASE("§25.1 qvalue rejections name the first offending byte") {
    const struct {
        std::string_view text;
        errc code;
        std::size_t offset;
    } bad[] = {
        {"", errc::number_invalid, 0},           {".5", errc::number_invalid, 0},
        {"2", errc::number_out_of_range, 0},     {"1.5", errc::number_out_of_range, 2},
        {"1.001", errc::number_out_of_range, 4}, {"10", errc::number_out_of_range, 1},
        {"0.1234", errc::number_invalid, 5},     {"01", errc::number_invalid, 1},
        {"0.5x", errc::number_invalid, 3},       {"0,5", errc::number_invalid, 1},
        {"\"0.5\"", errc::number_invalid, 0},    {"-0", errc::number_invalid, 0},
        {" 0", errc::number_invalid, 0},         {"0 ", errc::number_invalid, 1},
    };
    for (const auto& b : bad) {
        INFO(b.text);
        const auto q = parse_qvalue(b.text);
        REQUIRE_FALSE(q);
        CHECK(q.error().code == b.code);
        CHECK(q.error().offset == b.offset);
    }
}

TEST_CASE("round trip: every qvalue text parses to its value") {
    rc::prop("qvalue", [] {
        const auto q = *sipkit_test::gen_qvalue();
        const auto parsed = parse_qvalue(q.text);
        RC_ASSERT(parsed.has_value());
        RC_ASSERT(*parsed == q.thousandths);
    });
}

// ---- Content-Type ---------------------------------------------------------------------------

TEST_CASE("§20.15 Content-Type examples: application/sdp; text/html; charset=ISO-8859-4") {
    const auto sdp = content_type::parse("application/sdp");
    REQUIRE(sdp);
    CHECK(sdp->type == "application");
    CHECK(sdp->subtype == "sdp");
    CHECK(sdp->params.empty());
    CHECK(sipkit::to_string(*sdp) == "application/sdp");

    const auto html = content_type::parse("text/html; charset=ISO-8859-4");
    REQUIRE(html);
    CHECK(html->matches("text", "html"));
    CHECK(html->params.value("charset") == "ISO-8859-4");
    CHECK(sipkit::to_string(*html) == "text/html;charset=ISO-8859-4");
}

TEST_CASE("§25.1 Content-Type: SLASH, SEMI and EQUAL admit folded LWS; quoted m-values") {
    const auto c = content_type::parse("Multipart / Mixed ;\r\n boundary = \"a b;c\" ;x=1");
    REQUIRE(c);
    CHECK(c->type == "Multipart");
    CHECK(c->subtype == "Mixed");
    CHECK(c->params.value("boundary") == "\"a b;c\"");
    CHECK(sipkit::to_string(*c) == "Multipart/Mixed;boundary=\"a b;c\";x=1");
}

TEST_CASE("§20.15 Content-Type: matches and == ignore the case of type and subtype") {
    const auto c = content_type::parse("Application/SDP");
    REQUIRE(c);
    CHECK(c->matches("application", "sdp"));
    CHECK_FALSE(c->matches("application", "sdpx"));
    CHECK(*c == *content_type::parse("application/sdp"));
    CHECK_FALSE(*c == *content_type::parse("application/sdp;level=1"));
    // Parameter values compare exactly (header_parameters ==).
    CHECK_FALSE(*content_type::parse("text/plain;charset=a") ==
                *content_type::parse("text/plain;charset=A"));
}

TEST_CASE("§25.1 Content-Type rejects what media-type does not allow") {
    check_rejections<content_type>({
        {"", 0},
        {"application", 11},
        {"application/", 12},
        {"/sdp", 0},
        {"text html", 4},
        {"te@xt/html", 2},
        {"text/html x", 9},
        {"text/html;", 10},
        {"text/html;;a=b", 10},
        {"text/html;charset", 17},       // m-parameter = m-attribute EQUAL m-value
        {"text/html;charset=", 18},      // m-value missing
        {"text/html;charset=[::1]", 18}, // m-value = token / quoted-string, not host
        {"text/html;charset=\"unterminated", 18},
        {"text/html, text/plain", 9}, // not a list
    });
}

TEST_CASE("§20.15 Content-Type: \"*/*\" is a plain token pair here, not a range") {
    const auto c = content_type::parse("*/*");
    REQUIRE(c);
    CHECK(c->type == "*");
    CHECK_FALSE(c->matches("application", "sdp"));
}

TEST_CASE("typed access: get<content_type> in long and compact form (RFC 4475 esc01: \"C:\")") {
    const std::string& text = corpus("esc01");
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto c = m->get<content_type>();
    REQUIRE(c);
    CHECK(c->matches("application", "sdp"));
}

TEST_CASE("RFC 4475 §3.1.1.11 mpart01: multipart/mixed with a boundary parameter") {
    const auto m = sipkit::parse_message(corpus("mpart01"));
    REQUIRE(m);
    const auto c = m->get<content_type>();
    REQUIRE(c);
    CHECK(c->matches("multipart", "mixed"));
    CHECK(c->params.value("boundary") == "7a9cbec02ceef655");
}

TEST_CASE("RFC 4475 §3.3.6 invut: an unknown Content-Type parses; judging it is the UAS's job") {
    const auto m = sipkit::parse_message(corpus("invut"));
    REQUIRE(m);
    const auto c = m->get<content_type>();
    REQUIRE(c);
    CHECK(c->matches("application", "unknownformat"));
}

TEST_CASE("typed access: a bad Content-Type names the header and its offset in the message") {
    const std::string text = "MESSAGE sip:a@b SIP/2.0\r\nc: text/plain;charset\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto c = m->get<content_type>();
    REQUIRE_FALSE(c);
    CHECK(c.error().code == errc::content_type_invalid);
    CHECK(c.error().offset == text.find(";charset") + 8);
}

TEST_CASE("round trip: Content-Type with LWS, quoted values and case -> serialize -> parse") {
    rc::prop("content_type round trip", [] {
        using namespace sipkit_test;
        const std::string type = *rc::gen::oneOf(
            gen_case_of("application"), gen_case_of("text"), gen_case_of("multipart"),
            rc::gen::map(gen_token(), [](std::string t) { return "x-" + t; }), gen_token());
        const std::string subtype = *gen_token();
        const auto params = *gen_params(param_rules{false, false, {}});
        const std::string text = type + *gen_separator('/') + subtype + *gen_params_text(params);
        const auto parsed = content_type::parse(text);
        RC_ASSERT(parsed.has_value());
        RC_ASSERT(parsed->type == type);
        RC_ASSERT(parsed->subtype == subtype);
        RC_ASSERT(same_params(parsed->params, params));
        const std::string canonical = sipkit::to_string(*parsed);
        const auto back = content_type::parse(canonical);
        RC_ASSERT(back.has_value());
        RC_ASSERT(*back == *parsed);
        RC_ASSERT(sipkit::to_string(*back) == canonical);
    });
}

// ---- Accept ---------------------------------------------------------------------------------

TEST_CASE("§20.1 Accept example: application/sdp;level=1, application/x-private, text/html") {
    const std::string text = "OPTIONS sip:a@b SIP/2.0\r\n"
                             "Accept: application/sdp;level=1, application/x-private, text/html\r\n"
                             "\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    std::vector<std::string> ranges;
    for (const auto a : m->all<accept>()) {
        REQUIRE(a);
        ranges.push_back(sipkit::to_string(*a));
    }
    CHECK(ranges == std::vector<std::string>{"application/sdp;level=1", "application/x-private",
                                             "text/html"});
    const auto first = m->get<accept>();
    REQUIRE(first);
    CHECK(first->params.value("level") == "1");
    CHECK_FALSE(first->q());
}

TEST_CASE("§20.1 an empty Accept has no elements (no formats acceptable); absent is different") {
    const std::string empty = "OPTIONS sip:a@b SIP/2.0\r\nAccept:\r\nCall-ID: x\r\n\r\n";
    const auto m = sipkit::parse_message(empty);
    REQUIRE(m);
    CHECK(m->all<accept>().empty());
    CHECK(m->contains(sipkit::header_id::accept)); // present, with no element
    CHECK(m->get<accept>().error().code == errc::header_missing);

    const std::string blank = "OPTIONS sip:a@b SIP/2.0\r\nAccept:   \r\n\r\n";
    const auto b = sipkit::parse_message(blank);
    REQUIRE(b);
    CHECK(b->all<accept>().empty());

    // Absent: the server SHOULD assume application/sdp (§20.1), which contains() tells apart.
    const auto none = sipkit::parse_message(std::string_view("OPTIONS sip:a@b SIP/2.0\r\n\r\n"));
    REQUIRE(none);
    CHECK(none->all<accept>().empty());
    CHECK_FALSE(none->contains(sipkit::header_id::accept));
}

TEST_CASE("§20.1 Accept media ranges: */*, type/*, and matches") {
    const auto all = accept::parse("*/*");
    REQUIRE(all);
    CHECK(all->matches("application", "sdp"));
    CHECK(all->matches("x-anything", "y"));

    const auto text = accept::parse("Text/*;q=0.3");
    REQUIRE(text);
    CHECK(text->type == "Text");
    CHECK(text->subtype == "*");
    CHECK(text->matches("text", "html"));
    CHECK_FALSE(text->matches("application", "sdp"));
    CHECK(text->q() == std::uint16_t{300});

    const auto sdp = accept::parse("application/SDP");
    REQUIRE(sdp);
    CHECK(sdp->matches("Application", "sdp"));
    CHECK_FALSE(sdp->matches("application", "sdp2"));
}

TEST_CASE("§20.1 Accept: \"*/subtype\" is not a media range (rejected at the subtype)") {
    check_rejections<accept>({{"*/html", 2}, {"* / html;q=1", 4}});
}

TEST_CASE("§25.1 Accept q-values: accept-param \"q\" EQUAL qvalue, any case") {
    const std::pair<std::string_view, std::uint16_t> good[] = {
        {"text/html;q=0.5", 500},
        {"text/html;Q=1", 1000},
        {"text/html;q=0", 0},
        {"text/html ; q = 0.125", 125},
        {"text/html;level=1;q=1.000", 1000},
        {"text/html;q=0.7;ext=\"x\"", 700},
    };
    for (const auto& [text, q] : good) {
        INFO(text);
        const auto a = accept::parse(text);
        REQUIRE(a);
        CHECK(a->q() == q);
    }
}

TEST_CASE("§25.1 Accept rejects bad q-values and near-valid ranges at the offending byte") {
    check_rejections<accept>({
        {"", 0},
        {"text", 4},
        {"text/", 5},
        {"text/html;q=1.5", 14},
        {"text/html;q=2", 12},
        {"text/html;q=0.1234", 17},
        {"text/html;q", 11},
        {"text/html;q=", 12},
        {"text/html;q=\"0.5\"", 12},
        {"text/html;q=0.5x", 15},
        {"text/html;q=0.5;Q=7", 18},
        {"text/html;", 10},
        {"text/html q=1", 9},
    });
}

TEST_CASE("§25.1 Accept: generic accept-params may be bare or an IPv6 reference") {
    const auto a = accept::parse("application/sdp;foo;bar=[::1];q=0.9");
    REQUIRE(a);
    CHECK(a->params.contains("foo"));
    CHECK(a->params.value("bar") == "[::1]");
    CHECK(a->q() == std::uint16_t{900});
}

TEST_CASE("RFC 4475 §3.3.15 sdp01: Accept lists only text/nobodyKnowsThis") {
    const auto m = sipkit::parse_message(corpus("sdp01"));
    REQUIRE(m);
    std::size_t n = 0;
    bool sdp_acceptable = false;
    for (const auto a : m->all<accept>()) {
        REQUIRE(a);
        CHECK(a->matches("text", "nobodyKnowsThis"));
        sdp_acceptable = sdp_acceptable || a->matches("application", "sdp");
        ++n;
    }
    CHECK(n == 1);
    CHECK_FALSE(sdp_acceptable);
}

TEST_CASE("RFC 4475 §3.1.1.9 semiuri: a folded Accept list gives every range") {
    const auto m = sipkit::parse_message(corpus("semiuri"));
    REQUIRE(m);
    std::vector<std::string> ranges;
    for (const auto a : m->all<accept>()) {
        REQUIRE(a);
        ranges.push_back(sipkit::to_string(*a));
    }
    CHECK(ranges == std::vector<std::string>{"application/sdp", "application/pkcs7-mime",
                                             "multipart/mixed", "multipart/signed", "message/sip",
                                             "message/sipfrag"});
}

TEST_CASE("typed access: a bad Accept element is an error at its offset; the others parse") {
    const std::string text =
        "OPTIONS sip:a@b SIP/2.0\r\nAccept: text/html, text/plain;q=5, */*\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    std::vector<bool> ok;
    for (const auto a : m->all<accept>()) {
        ok.push_back(a.has_value());
        if (!a) {
            CHECK(a.error().code == errc::accept_invalid);
            CHECK(a.error().offset == text.find("q=5") + 2);
        }
    }
    CHECK(ok == std::vector<bool>{true, false, true});
}

TEST_CASE("round trip: Accept ranges with wildcards, q-values, LWS and case") {
    rc::prop("accept round trip", [] {
        using namespace sipkit_test;
        const auto form = *rc::gen::inRange(0, 3);
        std::string type = form == 0 ? "*" : *gen_token();
        if (form == 2 && type == "*")
            type = "x*"; // "*/subtype" is not a media range
        const std::string subtype =
            form == 0 ? "*" : (form == 1 ? "*" : *gen_case_of(*gen_token()));
        auto params = *gen_params(param_rules{true, true, {"q"}});
        std::optional<generated_qvalue> q;
        if (*rc::gen::arbitrary<bool>()) {
            q = *gen_qvalue();
            const auto at = *rc::gen::inRange<std::size_t>(0, params.size() + 1);
            params.insert(params.begin() + static_cast<std::ptrdiff_t>(at),
                          generated_param{*gen_case_of("q"), q->text, true});
        }
        const std::string text = type + *gen_separator('/') + subtype + *gen_params_text(params);
        const auto parsed = accept::parse(text);
        RC_ASSERT(parsed.has_value());
        RC_ASSERT(parsed->type == type);
        RC_ASSERT(parsed->subtype == subtype);
        RC_ASSERT(same_params(parsed->params, params));
        RC_ASSERT(parsed->q() == (q ? std::optional<std::uint16_t>(q->thousandths)
                                    : std::optional<std::uint16_t>()));
        const std::string canonical = sipkit::to_string(*parsed);
        const auto back = accept::parse(canonical);
        RC_ASSERT(back.has_value());
        RC_ASSERT(*back == *parsed);
        RC_ASSERT(sipkit::to_string(*back) == canonical);
    });
}
