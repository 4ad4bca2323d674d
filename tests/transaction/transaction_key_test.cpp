// RFC 3261 §17.1.3, §17.2.3 and §9.2: matching messages to transactions.
#include <sipkit/message/parse_message.hpp>
#include <sipkit/transaction/transaction_key.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include <list>
#include <string>

namespace {

std::string request(std::string_view method, std::string_view via, std::string_view cseq_method,
                    std::string_view to_tag = "", std::string_view uri = "sip:bob@example.com") {
    std::string m;
    m += method;
    m += " ";
    m += uri;
    m += " SIP/2.0\r\nVia: ";
    m += via;
    m += "\r\nTo: <sip:bob@example.com>";
    if (!to_tag.empty()) {
        m += ";tag=";
        m += to_tag;
    }
    m += "\r\nFrom: <sip:alice@example.com>;tag=a1\r\nCall-ID: c1@host\r\nCSeq: 7 ";
    m += cseq_method;
    m += "\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    return m;
}

std::string response(int status, std::string_view via, std::string_view cseq_method) {
    std::string m = "SIP/2.0 " + std::to_string(status) + " Whatever\r\nVia: ";
    m += via;
    m += "\r\nTo: <sip:bob@example.com>;tag=b1\r\nFrom: <sip:alice@example.com>;tag=a1\r\n"
         "Call-ID: c1@host\r\nCSeq: 7 ";
    m += cseq_method;
    m += "\r\nContent-Length: 0\r\n\r\n";
    return m;
}

// Keys and ids are views into the message text: keep every text for the whole program.
const std::string& keep(std::string s) {
    static std::list<std::string> texts;
    return texts.emplace_back(std::move(s));
}

sipkit::message_view parsed(std::string text) {
    auto m = sipkit::parse_message(keep(std::move(text)));
    REQUIRE(m);
    return *m;
}

sipkit::server_transaction_id server_id(std::string s) {
    auto id = sipkit::server_transaction_id_of(parsed(std::move(s)));
    REQUIRE(id);
    return *id;
}

constexpr std::string_view via_a = "SIP/2.0/UDP pc33.example.com:5060;branch=z9hG4bK776asdhds";

} // namespace

TEST_CASE("§17.1.3 a response matches by top Via branch and CSeq method") {
    const auto invite = request("INVITE", via_a, "INVITE");
    const auto ok = response(200, via_a, "INVITE");
    const auto cancel_ok = response(200, via_a, "CANCEL");
    const auto k_request = sipkit::client_transaction_key(parsed(invite));
    const auto k_response = sipkit::client_transaction_key(parsed(ok));
    const auto k_cancel = sipkit::client_transaction_key(parsed(cancel_ok));
    REQUIRE(k_request);
    REQUIRE(k_response);
    REQUIRE(k_cancel);
    CHECK(*k_request == *k_response);
    CHECK(hash_value(*k_request) == hash_value(*k_response));
    CHECK(k_request->branch == "z9hG4bK776asdhds");
    CHECK(k_request->method == "INVITE");
    // The CANCEL shares the INVITE's branch but is its own transaction.
    CHECK_FALSE(*k_cancel == *k_response);
}

TEST_CASE("§17.1.3 a response whose branch differs does not match") {
    const auto a = sipkit::client_transaction_key(parsed(response(200, via_a, "BYE")));
    const auto b = sipkit::client_transaction_key(
        parsed(response(200, "SIP/2.0/UDP pc33.example.com:5060;branch=z9hG4bK776asdhdS", "BYE")));
    REQUIRE(a);
    REQUIRE(b);
    // Branches are opaque tokens: compared byte for byte.
    CHECK_FALSE(*a == *b);
}

TEST_CASE("§17.1.3 a response without a top Via branch has no client key") {
    const auto k = sipkit::client_transaction_key(
        parsed(response(200, "SIP/2.0/UDP pc33.example.com:5060", "BYE")));
    REQUIRE_FALSE(k);
    CHECK(k.error().code == sipkit::errc::via_invalid);
}

TEST_CASE("§17.2.3 a request matches by branch, sent-by and method; ACK counts as INVITE") {
    const auto invite = server_id(request("INVITE", via_a, "INVITE"));
    const auto retransmission = server_id(request("INVITE", via_a, "INVITE"));
    const auto ack = server_id(request("ACK", via_a, "ACK", "b1"));
    const auto cancel = server_id(request("CANCEL", via_a, "CANCEL"));
    REQUIRE(std::holds_alternative<sipkit::transaction_key>(invite));
    CHECK(invite == retransmission);
    CHECK(invite == ack);
    CHECK(hash_value(invite) == hash_value(ack));
    // A CANCEL is its own transaction ...
    CHECK_FALSE(invite == cancel);
    // ... and finds the INVITE's transaction for the TU (§9.2).
    const auto target =
        sipkit::cancelled_transaction_id(parsed(request("CANCEL", via_a, "CANCEL")));
    REQUIRE(target);
    CHECK(*target == invite);
}

TEST_CASE("§17.2.3 sent-by: host case-insensitive, port as written") {
    const auto a = server_id(request("BYE", via_a, "BYE"));
    const auto upper = server_id(
        request("BYE", "SIP/2.0/UDP PC33.Example.COM:5060;branch=z9hG4bK776asdhds", "BYE"));
    const auto no_port =
        server_id(request("BYE", "SIP/2.0/UDP pc33.example.com;branch=z9hG4bK776asdhds", "BYE"));
    const auto other_host = server_id(
        request("BYE", "SIP/2.0/UDP pc34.example.com:5060;branch=z9hG4bK776asdhds", "BYE"));
    CHECK(a == upper);
    CHECK(hash_value(a) == hash_value(upper));
    CHECK_FALSE(a == no_port);
    CHECK_FALSE(a == other_host);
}

TEST_CASE("§17.2.3 a branch without the magic cookie falls back to the RFC 2543 rules") {
    constexpr std::string_view old_via = "SIP/2.0/UDP pc33.example.com:5060;branch=776asdhds";
    const auto invite_text = request("INVITE", old_via, "INVITE");
    const auto invite = server_id(invite_text);
    REQUIRE(std::holds_alternative<sipkit::rfc2543_transaction_id>(invite));
    const auto& created = std::get<sipkit::rfc2543_transaction_id>(invite);
    CHECK(created.call_id == "c1@host");
    CHECK(created.cseq_number == 7);

    const auto id = [&](std::string s) {
        return std::get<sipkit::rfc2543_transaction_id>(server_id(s));
    };
    SECTION("an INVITE retransmission matches, with LWS in the Via and an equivalent URI") {
        const auto again =
            id(request("INVITE", "SIP/2.0/UDP  pc33.example.com:5060 ;branch=776asdhds", "INVITE",
                       "", "sip:bob@EXAMPLE.com"));
        CHECK(sipkit::rfc2543_matches(created, again, false, std::nullopt));
        CHECK(hash_value(created) == hash_value(again));
    }
    SECTION("an ACK matches when its To tag is the response's") {
        const auto ack = id(request("ACK", old_via, "ACK", "b1"));
        CHECK(sipkit::rfc2543_matches(created, ack, true, std::string_view{"b1"}));
        CHECK_FALSE(sipkit::rfc2543_matches(created, ack, true, std::string_view{"b2"}));
        CHECK(hash_value(created) == hash_value(ack));
    }
    SECTION("a CANCEL finds the INVITE (§9.2)") {
        const auto cancel =
            sipkit::cancelled_transaction_id(parsed(request("CANCEL", old_via, "CANCEL")));
        REQUIRE(cancel);
        const auto& target = std::get<sipkit::rfc2543_transaction_id>(*cancel);
        CHECK(sipkit::rfc2543_matches(created, target, false, std::nullopt));
    }
    SECTION("another CSeq, Call-ID, Request-URI or top Via does not match") {
        auto other = created;
        other.cseq_number = 8;
        CHECK_FALSE(sipkit::rfc2543_matches(created, other, false, std::nullopt));
        other = created;
        other.call_id = "c2@host";
        CHECK_FALSE(sipkit::rfc2543_matches(created, other, false, std::nullopt));
        const auto uri = id(request("INVITE", old_via, "INVITE", "", "sip:carol@example.com"));
        CHECK_FALSE(sipkit::rfc2543_matches(created, uri, false, std::nullopt));
        const auto via =
            id(request("INVITE", "SIP/2.0/UDP pc35.example.com:5060;branch=776asdhds", "INVITE"));
        CHECK_FALSE(sipkit::rfc2543_matches(created, via, false, std::nullopt));
    }
}

TEST_CASE("§17.2.3 a request without Via has no server transaction id") {
    std::string s = request("OPTIONS", via_a, "OPTIONS");
    const auto at = s.find("Via: ");
    s.erase(at, s.find("\r\n", at) + 2 - at);
    const auto id = sipkit::server_transaction_id_of(parsed(s));
    REQUIRE_FALSE(id);
    CHECK(id.error().code == sipkit::errc::header_missing);
}

TEST_CASE("transaction_key: equal keys hash equal (sent-by host in any case)") {
    rc::prop("hash_value agrees with ==", [](const std::string& branch, bool upper) {
        std::string host = "Host.Example.com";
        sipkit::transaction_key a{branch, "INVITE", host, 5060};
        std::string other_host = host;
        for (char& c : other_host) {
            c = upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A')
                                              : sipkit::to_lower(c);
        }
        sipkit::transaction_key b{branch, "INVITE", other_host, 5060};
        RC_ASSERT(a == b);
        RC_ASSERT(hash_value(a) == hash_value(b));
    });
}
