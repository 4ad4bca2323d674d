// call_id and in_reply_to (sipkit/message/call_id.hpp): RFC 3261 §20.8, §20.21, §25.1 callid.
#include <sipkit/message/call_id.hpp>
#include <sipkit/message/parse_message.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include "../grammar/grammar_generators.hpp"
#include "../support/corpus.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

using sipkit::call_id;
using sipkit::errc;
using sipkit::in_reply_to;

namespace {

const std::string& corpus(std::string_view name) {
    return sipkit_test::rfc4475_file(std::string(name));
}

// RFC 3261 §25.1: word = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" /
// "~" / "(" / ")" / "<" / ">" / ":" / "\" / DQUOTE / "/" / "[" / "]" / "?" / "{" / "}")
constexpr std::string_view word_chars =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~()<>:\\\"/[]?{}";

} // namespace

TEST_CASE("§20.8 Call-ID examples") {
    const auto a = call_id::parse("f81d4fae-7dec-11d0-a765-00a0c91e6bf6@biloxi.com");
    REQUIRE(a);
    CHECK(a->value == "f81d4fae-7dec-11d0-a765-00a0c91e6bf6@biloxi.com");
    CHECK(sipkit::to_string(*a) == "f81d4fae-7dec-11d0-a765-00a0c91e6bf6@biloxi.com");
    const auto b = call_id::parse("f81d4fae-7dec-11d0-a765-00a0c91e6bf6@192.0.2.4");
    REQUIRE(b);
    CHECK(b->value == "f81d4fae-7dec-11d0-a765-00a0c91e6bf6@192.0.2.4");
}

TEST_CASE("§24 Call-ID examples: with and without the @ part") {
    CHECK(call_id::parse("843817637684230@998sdasdh09")->value == "843817637684230@998sdasdh09");
    CHECK(call_id::parse("a84b4c76e66710")->value == "a84b4c76e66710");
}

TEST_CASE("§20.8 Call-IDs are case-sensitive and compared byte by byte") {
    CHECK(*call_id::parse("a84b4c76e66710@Biloxi.com") ==
          *call_id::parse("a84b4c76e66710@Biloxi.com"));
    CHECK_FALSE(*call_id::parse("a84b4c76e66710@biloxi.com") ==
                *call_id::parse("a84b4c76e66710@Biloxi.com"));
    CHECK_FALSE(*call_id::parse("A84b4c76e66710") == *call_id::parse("a84b4c76e66710"));
}

TEST_CASE("§25.1 callid = word [\"@\" word], nothing else") {
    struct bad {
        std::string_view text;
        std::size_t offset;
    };
    for (const auto& [text, offset] : std::vector<bad>{{"", 0},
                                                       {"@b", 0},
                                                       {"a@", 2},
                                                       {"a@b@c", 3},
                                                       {"a b", 1},
                                                       {"a\r\n b", 1},
                                                       {"a;b", 1},
                                                       {"a,b", 1},
                                                       {"a=b", 1},
                                                       {"a@b c", 3},
                                                       {"a#b", 1},
                                                       {"caf\xc3\xa9", 3}}) {
        INFO(text);
        const auto c = call_id::parse(text);
        REQUIRE_FALSE(c);
        CHECK(c.error().code == errc::call_id_invalid);
        CHECK(c.error().offset == offset);
        const auto r = in_reply_to::parse(text);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == errc::in_reply_to_invalid);
        CHECK(r.error().offset == offset);
    }
}

TEST_CASE("RFC 4475 §3.1.1.2 intmeth: a Call-ID of unusual word characters") {
    const std::string text = corpus("intmeth");
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto c = m->get<call_id>();
    REQUIRE(c);
    CHECK(c->value == "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
}

TEST_CASE("RFC 4475 §3.1.1.7 longreq and §3.1.1.3 esc01: long and compact-form Call-IDs") {
    const std::string longreq = corpus("longreq");
    const auto l = sipkit::parse_message(longreq);
    REQUIRE(l);
    const auto lc = l->get<call_id>();
    REQUIRE(lc);
    CHECK(lc->value.size() > 100);
    CHECK(lc->value.substr(0, 8) == "longreq.");
    const std::string esc01 = corpus("esc01");
    const auto e = sipkit::parse_message(esc01); // "i: esc01.239409asdfakjkn23onasd0-3234"
    REQUIRE(e);
    CHECK(e->get<call_id>()->value == "esc01.239409asdfakjkn23onasd0-3234");
}

TEST_CASE("RFC 4475: every Call-ID of every message parses") {
    for (const auto& row : sipkit_test::rfc4475_manifest()) {
        const std::string text = corpus(row.name);
        const auto m = sipkit::parse_message(text);
        if (!m)
            continue;
        INFO(row.name);
        for (const auto c : m->all<call_id>())
            CHECK(c);
    }
}

TEST_CASE("RFC 4475 §3.3.8 multi01: get<call_id> is the first of two; all<call_id> has both") {
    const std::string text = corpus("multi01");
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    CHECK(m->get<call_id>()->value == "multi01.98asdh@192.0.2.1");
    std::vector<std::string> all;
    for (const auto c : m->all<call_id>()) {
        REQUIRE(c);
        all.emplace_back(c->value);
    }
    CHECK(all == std::vector<std::string>{"multi01.98asdh@192.0.2.1", "multi01.98asdh@192.0.2.2"});
}

TEST_CASE("RFC 4475 §3.3.1 insuf: a missing Call-ID is errc::header_missing") {
    const std::string text = corpus("insuf");
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto c = m->get<call_id>();
    REQUIRE_FALSE(c);
    CHECK(c.error().code == errc::header_missing);
}

TEST_CASE("typed access: a bad Call-ID names the header and its offset in the message") {
    const std::string text = "OPTIONS sip:a@b SIP/2.0\r\nCall-ID: abc@def@ghi\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    const auto c = m->get<call_id>();
    REQUIRE_FALSE(c);
    CHECK(c.error().code == errc::call_id_invalid);
    CHECK(c.error().offset == text.find("@ghi"));
}

TEST_CASE("§20.21 In-Reply-To example: a list of callids") {
    const std::string text = "INVITE sip:bob@biloxi.com SIP/2.0\r\n"
                             "In-Reply-To: 70710@saturn.bell-tel.com, 17320@saturn.bell-tel.com\r\n"
                             "In-Reply-To: a84b4c76e66710\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    std::vector<std::string> ids;
    for (const auto r : m->all<in_reply_to>()) {
        REQUIRE(r);
        ids.emplace_back(r->call_id);
    }
    CHECK(ids == std::vector<std::string>{"70710@saturn.bell-tel.com", "17320@saturn.bell-tel.com",
                                          "a84b4c76e66710"});
    CHECK(m->get<in_reply_to>()->call_id == "70710@saturn.bell-tel.com");
    const auto one = in_reply_to::parse("70710@saturn.bell-tel.com");
    REQUIRE(one);
    CHECK(sipkit::to_string(*one) == "70710@saturn.bell-tel.com");
}

TEST_CASE("§20.21 In-Reply-To: an empty element is an error at its place in the message") {
    const std::string text = "INVITE sip:bob@biloxi.com SIP/2.0\r\n"
                             "In-Reply-To: 70710@saturn.bell-tel.com, , x@y@z\r\n\r\n";
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    std::vector<sipkit::result<in_reply_to>> all;
    for (const auto r : m->all<in_reply_to>())
        all.push_back(r);
    REQUIRE(all.size() == 3);
    CHECK(all[0]);
    REQUIRE_FALSE(all[1]);
    CHECK(all[1].error().code == errc::in_reply_to_invalid);
    REQUIRE_FALSE(all[2]);
    CHECK(all[2].error().offset == text.find("@z"));
}

TEST_CASE("round trip: a generated callid parses to itself; serialize_to then parse is equal") {
    rc::prop("callid round trip", [] {
        std::string text = *sipkit_test::gen_string_of(word_chars, 1, 30);
        if (*rc::gen::inRange(0, 3) != 0)
            text += "@" + *rc::gen::oneOf(sipkit_test::gen_string_of(word_chars, 1, 20),
                                          sipkit_test::gen_host());
        const sipkit_test::exact_buffer buffer(text);
        const auto c = call_id::parse(buffer.view());
        RC_ASSERT(c.has_value());
        RC_ASSERT(c->value == text);
        const std::string out = sipkit::to_string(*c);
        RC_ASSERT(out == text);
        RC_ASSERT(*call_id::parse(out) == *c);
        const auto r = in_reply_to::parse(buffer.view());
        RC_ASSERT(r.has_value());
        RC_ASSERT(*in_reply_to::parse(sipkit::to_string(*r)) == *r);
    });
}
