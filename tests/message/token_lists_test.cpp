// require, proxy_require, supported, unsupported, allow and priority
// (sipkit/message/token_lists.hpp): RFC 3261 §19.2, §20.5, §20.26, §20.29, §20.32, §20.37,
// §20.40, §25.1.
#include <sipkit/message/parse_message.hpp>
#include <sipkit/message/token_lists.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include "../support/corpus.hpp"
#include "media_test_helpers.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

using sipkit::allow;
using sipkit::errc;
using sipkit::priority;
using sipkit::proxy_require;
using sipkit::require;
using sipkit::supported;
using sipkit::unsupported;
using sipkit_test::canonical_elements;
using sipkit_test::check_rejections;

namespace {

using strings = std::vector<std::string>;

std::string request(std::string_view headers) {
    return "OPTIONS sip:a@b SIP/2.0\r\n" + std::string(headers) + "\r\n";
}

} // namespace

// ---- option tags ----------------------------------------------------------------------------

TEST_CASE("§20.32 §20.29 §20.37 §20.40 option-tag examples: 100rel, foo") {
    CHECK(canonical_elements<require>(request("Require: 100rel\r\n")) == strings{"100rel"});
    CHECK(canonical_elements<proxy_require>(request("Proxy-Require: foo\r\n")) == strings{"foo"});
    CHECK(canonical_elements<supported>(request("Supported: 100rel\r\n")) == strings{"100rel"});
    CHECK(canonical_elements<unsupported>(request("Unsupported: foo\r\n")) == strings{"foo"});
    const auto r = require::parse("100rel");
    REQUIRE(r);
    CHECK(r->tag == "100rel");
}

TEST_CASE("§20.37 Supported: compact form k, folded lists, several fields") {
    const std::string text = request("k: 100rel ,\r\n\ttimer\r\nSupported: path, gruu\r\n");
    CHECK(canonical_elements<supported>(text) == strings{"100rel", "timer", "path", "gruu"});
}

TEST_CASE("§20.37 an empty Supported has no elements: no extensions are supported") {
    const std::string text = request("Supported:\r\n");
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    CHECK(m->all<supported>().empty());
    CHECK(m->contains(sipkit::header_id::supported));
}

TEST_CASE("RFC 4475 §3.3.5 bext01: Require and Proxy-Require list unknown option tags") {
    const std::string bytes = sipkit_test::read_binary(sipkit_test::rfc4475_dir + "bext01.dat");
    REQUIRE_FALSE(bytes.empty());
    CHECK(canonical_elements<require>(bytes) ==
          strings{"nothingSupportsThis", "nothingSupportsThisEither"});
    CHECK(canonical_elements<proxy_require>(bytes) ==
          strings{"noProxiesSupportThis", "norDoAnyProxiesSupportThis"});
}

TEST_CASE("§7.3.1 option tags are tokens, which are always case-insensitive") {
    CHECK(*require::parse("100REL") == *require::parse("100rel"));
    CHECK_FALSE(*require::parse("100rel") == *require::parse("timer"));
}

TEST_CASE("§25.1 option-tag = token: near-valid tags are rejected at the offending byte") {
    check_rejections<require>({{"", 0}, {"100rel timer", 6}});
    check_rejections<proxy_require>({{"foo/bar", 3}});
    check_rejections<supported>({{"\"100rel\"", 0}, {"t@g", 1}});
    check_rejections<unsupported>({{"foo;x=1", 3}});
}

TEST_CASE("typed access: a bad option tag names its header and offset, the rest parse") {
    const std::string text = request("Require: 100rel, bad tag, timer\r\n");
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    strings got;
    for (const auto r : m->all<require>()) {
        got.push_back(r ? std::string(r->tag) : "!");
        if (!r) {
            CHECK(r.error().code == errc::require_invalid);
            CHECK(r.error().offset == text.find("bad tag") + 3);
        }
    }
    CHECK(got == strings{"100rel", "!", "timer"});
    // The same text under another option-tag header names that header.
    const std::string un = request("Unsupported: a b\r\n");
    const auto mu = sipkit::parse_message(un);
    REQUIRE(mu);
    const auto u = mu->get<unsupported>();
    REQUIRE_FALSE(u);
    CHECK(u.error().code == errc::unsupported_invalid);
    CHECK(u.error().offset == un.find("a b") + 1);
}

TEST_CASE("round trip: option tags -> serialize -> parse, every option-tag header") {
    rc::prop("option tag round trip", [] {
        const std::string tag = *sipkit_test::gen_token();
        const auto check = [&]<class H>() {
            const auto parsed = H::parse(tag);
            RC_ASSERT(parsed.has_value());
            RC_ASSERT(parsed->tag == tag);
            const std::string canonical = sipkit::to_string(*parsed); // back views it
            const auto back = H::parse(canonical);
            RC_ASSERT(back.has_value());
            RC_ASSERT(*back == *parsed);
        };
        check.operator()<require>();
        check.operator()<proxy_require>();
        check.operator()<supported>();
        check.operator()<unsupported>();
    });
}

// ---- Allow ----------------------------------------------------------------------------------

TEST_CASE("§20.5 Allow example: INVITE, ACK, OPTIONS, CANCEL, BYE") {
    CHECK(canonical_elements<allow>(request("Allow: INVITE, ACK, OPTIONS, CANCEL, BYE\r\n")) ==
          strings{"INVITE", "ACK", "OPTIONS", "CANCEL", "BYE"});
}

TEST_CASE("§20.5 Allow: extension methods, an empty field, and case-sensitive methods") {
    CHECK(canonical_elements<allow>(request("Allow: SUBSCRIBE,NOTIFY ,\r\n REFER\r\nAllow:\r\n")) ==
          strings{"SUBSCRIBE", "NOTIFY", "REFER"});
    // RFC 3261 §7.1: the method is case-sensitive, so "invite" is not INVITE.
    CHECK_FALSE(*allow::parse("invite") == *allow::parse("INVITE"));
    CHECK(*allow::parse("INVITE") == *allow::parse("INVITE"));
}

TEST_CASE("§25.1 Allow: Method = token; near-valid methods are rejected") {
    check_rejections<allow>({{"", 0}, {"INVITE ACK", 6}, {"INV:ITE", 3}});
    const std::string text = request("Allow: INVITE,,BYE\r\n");
    CHECK(canonical_elements<allow>(text) == strings{"INVITE", "!", "BYE"});
}

TEST_CASE("round trip: Allow -> serialize -> parse") {
    rc::prop("allow round trip", [] {
        const std::string method =
            *rc::gen::oneOf(rc::gen::element<std::string>("INVITE", "ACK", "OPTIONS", "BYE",
                                                          "CANCEL", "REGISTER", "PRACK", "UPDATE"),
                            sipkit_test::gen_token());
        const auto parsed = allow::parse(method);
        RC_ASSERT(parsed.has_value());
        RC_ASSERT(parsed->method == method);
        const std::string canonical = sipkit::to_string(*parsed); // back views it
        const auto back = allow::parse(canonical);
        RC_ASSERT(back.has_value());
        RC_ASSERT(*back == *parsed);
    });
}

// ---- Priority -------------------------------------------------------------------------------

TEST_CASE("§20.26 Priority examples: emergency; non-urgent") {
    const std::string text = "INVITE sip:a@b SIP/2.0\r\nSubject: A tornado is heading our way!\r\n"
                             "Priority: emergency\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto p = m->get<priority>();
    REQUIRE(p);
    CHECK(p->value == "emergency");
    CHECK(p->is("emergency"));
    const auto weekend = priority::parse("non-urgent");
    REQUIRE(weekend);
    CHECK(weekend->is("non-urgent"));
    CHECK(sipkit::to_string(*weekend) == "non-urgent");
}

TEST_CASE("§20.26 Priority: values ignore case; other-priority is any token") {
    CHECK(priority::parse("Urgent")->is("urgent"));
    CHECK(*priority::parse("NORMAL") == *priority::parse("normal"));
    CHECK(priority::parse("x-very-high")->is("x-very-high"));
}

TEST_CASE("§25.1 Priority is one token, not a list") {
    check_rejections<priority>(
        {{"", 0}, {"urgent, normal", 6}, {"very urgent", 4}, {"urgent;x=1", 6}});
    const std::string text = "INVITE sip:a@b SIP/2.0\r\nPriority: \"urgent\"\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto p = m->get<priority>();
    REQUIRE_FALSE(p);
    CHECK(p.error().code == errc::priority_invalid);
    CHECK(p.error().offset == text.find("\"urgent\""));
}

TEST_CASE("round trip: Priority -> serialize -> parse") {
    rc::prop("priority round trip", [] {
        const std::string value =
            *rc::gen::oneOf(sipkit_test::gen_case_of("emergency"),
                            sipkit_test::gen_case_of("urgent"), sipkit_test::gen_case_of("normal"),
                            sipkit_test::gen_case_of("non-urgent"), sipkit_test::gen_token());
        const auto parsed = priority::parse(value);
        RC_ASSERT(parsed.has_value());
        RC_ASSERT(parsed->value == value);
        const std::string canonical = sipkit::to_string(*parsed); // back views it
        const auto back = priority::parse(canonical);
        RC_ASSERT(back.has_value());
        RC_ASSERT(*back == *parsed);
    });
}
