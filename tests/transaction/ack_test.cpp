// RFC 3261 §17.1.1.3: the ACK a client INVITE transaction builds for a non-2xx final response.
#include <sipkit/message/parse_message.hpp>
#include <sipkit/transaction/ack.hpp>
#include <sipkit/transaction/transaction_key.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

const std::string invite_text = "INVITE sip:bob@biloxi.com SIP/2.0\r\n"
                                "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKkjshdyff\r\n"
                                "Route: <sip:p1.atlanta.com;lr>\r\n"
                                "Route: <sip:p2.biloxi.com;lr>\r\n"
                                "Max-Forwards: 70\r\n"
                                "To: Bob <sip:bob@biloxi.com>\r\n"
                                "From: Alice <sip:alice@atlanta.com>;tag=88sja8x\r\n"
                                "Call-ID: 987asjd97y7atg\r\n"
                                " \r\n" // never valid: replaced below by a folded Call-ID
                                "CSeq: 986759 INVITE\r\n"
                                "Content-Type: application/sdp\r\n"
                                "Content-Length: 4\r\n"
                                "\r\n"
                                "v=0\n";

std::string invite_with_folded_call_id() {
    std::string s = invite_text;
    const auto at = s.find("Call-ID: 987asjd97y7atg\r\n \r\n");
    s.replace(at, std::string("Call-ID: 987asjd97y7atg\r\n \r\n").size(),
              "Call-ID: 987asjd97y7atg\r\n @host\r\n");
    return s;
}

const std::string response_text = "SIP/2.0 486 Busy Here\r\n"
                                  "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKkjshdyff\r\n"
                                  "To: Bob <sip:bob@biloxi.com>;tag=99sa0xk\r\n"
                                  "From: Alice <sip:alice@atlanta.com>;tag=88sja8x\r\n"
                                  "Call-ID: 987asjd97y7atg @host\r\n"
                                  "CSeq: 986759 INVITE\r\n"
                                  "Content-Length: 0\r\n"
                                  "\r\n";

} // namespace

TEST_CASE("§17.1.1.3 the ACK for a non-2xx copies Request-URI, Call-ID, From, top Via and Route") {
    const std::string invite_bytes = invite_with_folded_call_id();
    const auto invite = sipkit::parse_message(invite_bytes);
    REQUIRE(invite);
    const auto response = sipkit::parse_message(response_text);
    REQUIRE(response);

    const std::string ack_bytes = sipkit::build_ack(*invite, *response);
    INFO(ack_bytes);
    const auto ack = sipkit::parse_message(ack_bytes);
    REQUIRE(ack);
    CHECK(ack->method() == "ACK");
    CHECK(ack->request_uri() == "sip:bob@biloxi.com");
    // One Via, equal to the INVITE's top Via.
    REQUIRE(ack->all(sipkit::header_id::via).size() == 1);
    CHECK(ack->find(sipkit::header_id::via)->value ==
          "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKkjshdyff");
    // To from the response (with its tag), From and Call-ID from the INVITE (unfolded).
    CHECK(ack->find(sipkit::header_id::to)->value == "Bob <sip:bob@biloxi.com>;tag=99sa0xk");
    CHECK(ack->find(sipkit::header_id::from)->value == "Alice <sip:alice@atlanta.com>;tag=88sja8x");
    CHECK(ack->find(sipkit::header_id::call_id)->value == "987asjd97y7atg @host");
    // CSeq: same number, method ACK.
    const auto c = ack->get<sipkit::cseq>();
    REQUIRE(c);
    CHECK(c->number == 986759);
    CHECK(c->method == "ACK");
    // The INVITE's Route header fields, in order.
    std::vector<std::string_view> routes;
    for (const auto f : ack->all(sipkit::header_id::route)) {
        routes.push_back(f.value);
    }
    CHECK(routes ==
          std::vector<std::string_view>{"<sip:p1.atlanta.com;lr>", "<sip:p2.biloxi.com;lr>"});
    CHECK(ack->find(sipkit::header_id::max_forwards)->value == "70");
    CHECK(ack->body().empty());
    CHECK(ack->find(sipkit::header_id::content_length)->value == "0");
}

TEST_CASE("§17.1.1.3 §17.2.3 the ACK matches the INVITE's server transaction") {
    const std::string invite_bytes = invite_with_folded_call_id();
    const auto invite = sipkit::parse_message(invite_bytes);
    const auto response = sipkit::parse_message(response_text);
    REQUIRE(invite);
    REQUIRE(response);
    const std::string ack_bytes = sipkit::build_ack(*invite, *response);
    const auto ack = sipkit::parse_message(ack_bytes);
    REQUIRE(ack);
    const auto a = sipkit::server_transaction_id_of(*ack);
    const auto i = sipkit::server_transaction_id_of(*invite);
    REQUIRE(a);
    REQUIRE(i);
    CHECK(*a == *i);
}

TEST_CASE("§17.1.1.3 the ACK's Via is the first element of a comma-separated top Via field") {
    std::string s = invite_with_folded_call_id();
    const std::string via = "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKkjshdyff\r\n";
    s.replace(s.find(via), via.size(),
              "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKkjshdyff ,\r\n"
              " SIP/2.0/UDP other.example.com;branch=z9hG4bKother\r\n");
    const auto invite = sipkit::parse_message(s);
    const auto response = sipkit::parse_message(response_text);
    REQUIRE(invite);
    REQUIRE(response);
    const std::string ack_bytes = sipkit::build_ack(*invite, *response);
    const auto ack = sipkit::parse_message(ack_bytes);
    REQUIRE(ack);
    REQUIRE(ack->all(sipkit::header_id::via).size() == 1);
    CHECK(ack->find(sipkit::header_id::via)->value ==
          "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKkjshdyff");
}
