// content_disposition (sipkit/message/content_disposition.hpp): RFC 3261 §20.11, §25.1.
#include <sipkit/message/content_disposition.hpp>
#include <sipkit/message/parse_message.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include "media_test_helpers.hpp"

#include <cstddef>
#include <string>
#include <string_view>

using sipkit::content_disposition;
using sipkit::errc;
using sipkit_test::check_rejections;

TEST_CASE("§20.11 Content-Disposition example: session") {
    const std::string text = "INVITE sip:a@b SIP/2.0\r\nContent-Disposition: session\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto d = m->get<content_disposition>();
    REQUIRE(d);
    CHECK(d->disp_type == "session");
    CHECK(d->is("session"));
    CHECK(d->params.empty());
    CHECK(sipkit::to_string(*d) == "session");
}

TEST_CASE("§20.11 handling: \"required\" is assumed when the parameter is missing") {
    const auto d = content_disposition::parse("render");
    REQUIRE(d);
    CHECK(d->handling() == "required");
    CHECK_FALSE(d->handling_optional());
}

TEST_CASE("§25.1 handling-param = \"handling\" EQUAL ( \"optional\" / \"required\" / token )") {
    const auto optional = content_disposition::parse("icon ;\r\n Handling = Optional");
    REQUIRE(optional);
    CHECK(optional->handling() == "Optional");
    CHECK(optional->handling_optional());
    CHECK(sipkit::to_string(*optional) == "icon;Handling=Optional");

    const auto required = content_disposition::parse("alert;handling=required");
    REQUIRE(required);
    CHECK_FALSE(required->handling_optional());

    const auto other = content_disposition::parse("session;handling=x-later");
    REQUIRE(other);
    CHECK(other->handling() == "x-later");
    CHECK_FALSE(other->handling_optional());
}

TEST_CASE("§20.11 disp-extension-token and generic params (RFC 2183 style filename)") {
    const auto d = content_disposition::parse("attachment; filename=\"a b.txt\";size=12;x");
    REQUIRE(d);
    CHECK(d->is("ATTACHMENT"));
    CHECK(d->params.value("filename") == "\"a b.txt\"");
    CHECK(d->params.contains("x"));
    CHECK(d->handling() == "required");
    CHECK(sipkit::to_string(*d) == "attachment;filename=\"a b.txt\";size=12;x");
}

TEST_CASE("§20.11 Content-Disposition equality: disp-type ignoring case, same parameters") {
    CHECK(*content_disposition::parse("Session;handling=optional") ==
          *content_disposition::parse("session ; HANDLING=optional"));
    CHECK_FALSE(*content_disposition::parse("session;handling=optional") ==
                *content_disposition::parse("session;handling=OPTIONAL"));
    CHECK_FALSE(*content_disposition::parse("session") ==
                *content_disposition::parse("session;handling=required"));
}

TEST_CASE("§25.1 Content-Disposition rejects near-valid values at the offending byte") {
    check_rejections<content_disposition>({
        {"", 0},
        {";handling=optional", 0},
        {"ses sion", 3},
        {"session x", 7},
        {"session;", 8},
        {"session;handling", 16}, // handling-param needs its value
        {"session;handling=", 17},
        {"session;handling=\"optional\"", 17}, // other-handling = token, not quoted-string
        {"session;handling=[::1]", 17},
        {"session;HANDLING", 16},
        {"session, render", 7}, // not a list
        {"session;a=\"open", 10},
    });
}

TEST_CASE("typed access: a bad Content-Disposition names the header and its offset") {
    const std::string text =
        "INVITE sip:a@b SIP/2.0\r\nContent-Disposition: session;handling=\"x\"\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto d = m->get<content_disposition>();
    REQUIRE_FALSE(d);
    CHECK(d.error().code == errc::content_disposition_invalid);
    CHECK(d.error().offset == text.find("\"x\""));
}

TEST_CASE("round trip: Content-Disposition with handling, LWS and case -> serialize -> parse") {
    rc::prop("content_disposition round trip", [] {
        using namespace sipkit_test;
        const std::string type =
            *rc::gen::oneOf(gen_case_of("render"), gen_case_of("session"), gen_case_of("icon"),
                            gen_case_of("alert"), gen_token());
        auto params = *gen_params(param_rules{true, true, {"handling"}}, 3);
        std::string handling = "required";
        if (*rc::gen::arbitrary<bool>()) {
            handling =
                *rc::gen::oneOf(gen_case_of("optional"), gen_case_of("required"), gen_token());
            const auto at = *rc::gen::inRange<std::size_t>(0, params.size() + 1);
            params.insert(params.begin() + static_cast<std::ptrdiff_t>(at),
                          generated_param{*gen_case_of("handling"), handling, true});
        }
        const std::string text = type + *gen_params_text(params);
        const auto parsed = content_disposition::parse(text);
        RC_ASSERT(parsed.has_value());
        RC_ASSERT(parsed->disp_type == type);
        RC_ASSERT(same_params(parsed->params, params));
        RC_ASSERT(parsed->handling() == handling);
        RC_ASSERT(parsed->handling_optional() == sipkit::iequals(handling, "optional"));
        const std::string canonical = sipkit::to_string(*parsed);
        const auto back = content_disposition::parse(canonical);
        RC_ASSERT(back.has_value());
        RC_ASSERT(*back == *parsed);
        RC_ASSERT(sipkit::to_string(*back) == canonical);
    });
}
