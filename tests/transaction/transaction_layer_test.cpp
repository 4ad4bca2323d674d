// The transaction layer (RFC 3261 §17): a client layer and a server layer joined by an in-memory
// transport, driven by a virtual clock through timer_queue (poll mode).
#include <sipkit/message/message_builder.hpp>
#include <sipkit/message/parse_message.hpp>
#include <sipkit/transaction/transaction_layer.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck.h>
#include <rapidcheck/catch.h>

#include "../support/transaction_trace.hpp"

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace {

using namespace std::chrono_literals;
using sipkit::transaction_handle;
using sipkit_test::at;

// One datagram in flight.
struct datagram {
    int from = 0;
    int to = 0;
    std::string bytes;
};

// The network: endpoints are ints; what is sent waits in `in_flight` until the test delivers it.
struct network {
    std::deque<datagram> in_flight;
    std::vector<datagram> log;
};

// A minimal model of sipkit::transport.
struct memory_transport {
    using address_type = int;
    network* net = nullptr;
    int self = 0;
    bool reliable_paths = false;
    bool fail = false;

    std::error_code send(const int& to, std::string_view bytes) {
        if (fail) {
            return std::make_error_code(std::errc::network_unreachable);
        }
        net->in_flight.push_back({self, to, std::string(bytes)});
        net->log.push_back(net->in_flight.back());
        return {};
    }
    bool reliable(const int&) const { return reliable_paths; }
};
static_assert(sipkit::transport<memory_transport>);
static_assert(!sipkit::timer_service<sipkit::timer_queue>); // the layer drives it itself

// A TU that records everything and can answer requests from inside on_request.
struct recording_user {
    struct event {
        std::string what;
        transaction_handle tx;
        int status = 0;
        std::string method;
    };
    std::vector<event> events;
    std::vector<sipkit::drop_info> drops;
    std::function<void(transaction_handle, const sipkit::message_view&)> answer;
    std::vector<std::pair<transaction_handle, transaction_handle>> cancels;

    void on_request(transaction_handle tx, const sipkit::message_view& m, const int&) {
        events.push_back({"request", tx, 0, std::string(m.method())});
        if (answer) {
            answer(tx, m);
        }
    }
    void on_response(transaction_handle tx, const sipkit::message_view& m) {
        events.push_back({"response", tx, m.status_code(), {}});
    }
    void on_timeout(transaction_handle tx) { events.push_back({"timeout", tx, 0, {}}); }
    void on_transport_error(transaction_handle tx) {
        events.push_back({"transport error", tx, 0, {}});
    }
    void on_ack(const sipkit::message_view& m, const int&) {
        events.push_back({"ack", {}, 0, std::string(m.method())});
    }
    void on_cancel(transaction_handle cancel, transaction_handle invite,
                   const sipkit::message_view&, const int&) {
        events.push_back({"cancel", cancel, 0, "CANCEL"});
        cancels.emplace_back(cancel, invite);
    }
    void on_stray_response(const sipkit::message_view& m, const int&) {
        events.push_back({"stray", {}, m.status_code(), {}});
    }
    void on_dropped(const sipkit::drop_info& info) { drops.push_back(info); }

    std::size_t count(std::string_view what) const {
        std::size_t n = 0;
        for (const auto& e : events) {
            n += e.what == what ? 1 : 0;
        }
        return n;
    }
};

using layer_type = sipkit::transaction_layer<memory_transport, sipkit::timer_queue, recording_user>;

std::string request(std::string_view method, std::string_view branch, int cseq = 1,
                    std::string_view cseq_method = "", std::string_view to_tag = "") {
    std::string m = std::string(method) + " sip:bob@example.com SIP/2.0\r\n" +
                    "Via: SIP/2.0/UDP client.example.com:5060;branch=" + std::string(branch) +
                    "\r\nMax-Forwards: 70\r\nTo: <sip:bob@example.com>" +
                    (to_tag.empty() ? "" : ";tag=" + std::string(to_tag)) +
                    "\r\nFrom: <sip:alice@example.com>;tag=a1\r\nCall-ID: call-1@client\r\n" +
                    "CSeq: " + std::to_string(cseq) + " " +
                    std::string(cseq_method.empty() ? method : cseq_method) +
                    "\r\nContent-Length: 0\r\n\r\n";
    return m;
}

std::string response_for(const sipkit::message_view& req, int status) {
    return sipkit::response_to(req, status, "Reason", status >= 200 ? "b1" : "").str();
}

// Two endpoints: 1 (the client layer) and 2 (the server layer).
struct pair_fixture {
    network net;
    memory_transport client_transport{&net, 1};
    memory_transport server_transport{&net, 2};
    sipkit::timer_queue client_timers;
    sipkit::timer_queue server_timers;
    recording_user client_user;
    recording_user server_user;
    layer_type client{client_transport, client_timers, client_user};
    layer_type server{server_transport, server_timers, server_user};
    sipkit::clock::time_point now{};

    // Delivers every datagram in flight (and those they cause), optionally dropping some.
    void deliver_all(const std::function<bool(const datagram&)>& lose = {}) {
        while (!net.in_flight.empty()) {
            datagram d = std::move(net.in_flight.front());
            net.in_flight.pop_front();
            if (lose && lose(d)) {
                continue;
            }
            (d.to == 1 ? client : server).on_message(d.bytes, d.from, now);
        }
    }
    // Advances the virtual clock to `t`, firing both layers' timers on the way in order.
    void advance_to(sipkit::clock::time_point t,
                    const std::function<bool(const datagram&)>& lose = {}) {
        for (;;) {
            auto c = client.next_deadline();
            auto s = server.next_deadline();
            std::optional<sipkit::clock::time_point> next;
            if (c && *c <= t) {
                next = c;
            }
            if (s && *s <= t && (!next || *s < *next)) {
                next = s;
            }
            if (!next) {
                break;
            }
            now = *next;
            client.on_timer(now);
            server.on_timer(now);
            deliver_all(lose);
        }
        now = t;
    }
    std::size_t sent_by(int endpoint, std::string_view start) const {
        std::size_t n = 0;
        for (const auto& d : net.log) {
            n += d.from == endpoint && d.bytes.compare(0, start.size(), start) == 0 ? 1 : 0;
        }
        return n;
    }
};

} // namespace

TEST_CASE("§17.1.2 §17.2.2 a non-INVITE transaction completes and both sides terminate") {
    pair_fixture f;
    f.server_user.answer = [&](transaction_handle tx, const sipkit::message_view& m) {
        CHECK_FALSE(f.server.send_response(tx, response_for(m, 200), f.now));
    };
    auto tx = f.client.send_request(request("OPTIONS", "z9hG4bK-1"), 2, f.now);
    REQUIRE(tx);
    CHECK(f.client.kind(*tx) == sipkit::transaction_kind::client_non_invite);
    f.deliver_all();
    CHECK(f.server_user.count("request") == 1);
    REQUIRE(f.client_user.count("response") == 1);
    CHECK(f.client_user.events[0].status == 200);
    CHECK(f.client.size() == 1); // Completed: Timer K
    CHECK(f.server.size() == 1); // Completed: Timer J
    f.advance_to(at(5s));        // K = T4
    CHECK(f.client.size() == 0);
    CHECK(f.server.size() == 1);
    f.advance_to(at(32s)); // J = 64*T1
    CHECK(f.server.size() == 0);
    CHECK_FALSE(f.client.kind(*tx));
}

TEST_CASE("§17.1.2.2 a lost request is retransmitted; the server absorbs the retransmission") {
    pair_fixture f;
    int seen = 0;
    // The first request is lost.
    const auto lose_first = [&](const datagram& d) {
        return d.from == 1 && d.bytes.rfind("OPTIONS", 0) == 0 && seen++ == 0;
    };
    f.server_user.answer = [&](transaction_handle tx, const sipkit::message_view& m) {
        CHECK_FALSE(f.server.send_response(tx, response_for(m, 200), f.now));
    };
    REQUIRE(f.client.send_request(request("OPTIONS", "z9hG4bK-2"), 2, f.now));
    f.deliver_all(lose_first);
    CHECK(f.server_user.count("request") == 0);
    f.advance_to(at(500ms), lose_first); // Timer E: T1
    CHECK(f.server_user.count("request") == 1);
    CHECK(f.client_user.count("response") == 1);
    CHECK(f.sent_by(1, "OPTIONS") == 2);
}

TEST_CASE("§17.2.2 a request retransmitted after the final response gets the response again") {
    pair_fixture f;
    f.server_user.answer = [&](transaction_handle tx, const sipkit::message_view& m) {
        CHECK_FALSE(f.server.send_response(tx, response_for(m, 404), f.now));
    };
    const std::string req = request("MESSAGE", "z9hG4bK-3");
    f.server.on_message(req, 1, f.now);
    f.server.on_message(req, 1, f.now + 100ms);
    CHECK(f.server_user.count("request") == 1);
    CHECK(f.sent_by(2, "SIP/2.0 404") == 2);
}

TEST_CASE("§17.1.1.3 §17.2.1 a non-2xx to an INVITE: the client transaction sends the ACK, the "
          "server transaction absorbs it") {
    pair_fixture f;
    f.server_user.answer = [&](transaction_handle tx, const sipkit::message_view& m) {
        CHECK_FALSE(f.server.send_response(tx, response_for(m, 486), f.now));
    };
    auto tx = f.client.send_request(request("INVITE", "z9hG4bK-4"), 2, f.now);
    REQUIRE(tx);
    f.deliver_all();
    CHECK(f.sent_by(2, "SIP/2.0 100") == 1); // §17.2.1: the server's own 100 Trying
    CHECK(f.client_user.count("response") == 2);
    CHECK(f.sent_by(1, "ACK") == 1);
    CHECK(f.server_user.count("ack") == 0); // absorbed by the INVITE server transaction
    // Timer I (T4) ends the server side, Timer D (32 s) the client side.
    f.advance_to(at(5s));
    CHECK(f.server.size() == 0);
    CHECK(f.client.size() == 1);
    f.advance_to(at(32s));
    CHECK(f.client.size() == 0);
}

TEST_CASE("§17.1.1.2 RFC 6026 a 2xx to an INVITE reaches the TU; its ACK goes to the server TU") {
    pair_fixture f;
    f.server_user.answer = [&](transaction_handle tx, const sipkit::message_view& m) {
        CHECK_FALSE(f.server.send_response(tx, response_for(m, 200), f.now));
    };
    REQUIRE(f.client.send_request(request("INVITE", "z9hG4bK-5"), 2, f.now));
    f.deliver_all();
    REQUIRE(f.client_user.count("response") == 2); // 100, 200
    CHECK(f.client_user.events.back().status == 200);
    CHECK(f.sent_by(1, "ACK") == 0); // the ACK for a 2xx is the TU's (§13.2.2.4)
    // The UAC core's ACK has a new branch: no transaction matches, the server TU gets it.
    f.server.on_message(request("ACK", "z9hG4bK-5-ack", 1, "ACK", "b1"), 1, f.now);
    CHECK(f.server_user.count("ack") == 1);
    // RFC 6026: Timer L and Timer M (64*T1) end the Accepted states.
    f.advance_to(at(32s));
    CHECK(f.client.size() == 0);
    CHECK(f.server.size() == 0);
}

TEST_CASE("§9.2 a CANCEL is its own transaction and names the INVITE transaction it cancels") {
    pair_fixture f;
    std::vector<transaction_handle> invites;
    f.server_user.answer = [&](transaction_handle tx, const sipkit::message_view&) {
        invites.push_back(tx);
    };
    REQUIRE(f.client.send_request(request("INVITE", "z9hG4bK-6"), 2, f.now));
    f.deliver_all();
    REQUIRE(invites.size() == 1);
    auto cancel = f.client.send_request(request("CANCEL", "z9hG4bK-6", 1, "CANCEL"), 2, f.now);
    REQUIRE(cancel);
    f.deliver_all();
    REQUIRE(f.server_user.cancels.size() == 1);
    CHECK(f.server_user.cancels[0].second == invites[0]);
    CHECK(f.server.kind(f.server_user.cancels[0].first) ==
          sipkit::transaction_kind::server_non_invite);
    // A CANCEL for nothing still creates its transaction; the INVITE handle is invalid (481).
    f.server.on_message(request("CANCEL", "z9hG4bK-none", 1, "CANCEL"), 1, f.now);
    REQUIRE(f.server_user.cancels.size() == 2);
    CHECK_FALSE(f.server_user.cancels[1].second.valid());
}

TEST_CASE("§17.1.3 a response that matches no client transaction is stray") {
    pair_fixture f;
    const std::string req = request("BYE", "z9hG4bK-7");
    auto m = sipkit::parse_message(req);
    REQUIRE(m);
    f.client.on_message(response_for(*m, 200), 2, f.now);
    CHECK(f.client_user.count("stray") == 1);
}

TEST_CASE("§17.1.2.2 Timer F: a non-INVITE request nobody answers times out at 64*T1 after "
          "retransmissions capped at T2") {
    pair_fixture f;
    auto tx = f.client.send_request(request("OPTIONS", "z9hG4bK-8"), 2, f.now);
    REQUIRE(tx);
    std::vector<long long> sent_at;
    f.net.in_flight.clear();
    for (;;) {
        const auto next = f.client.next_deadline();
        if (!next) {
            break;
        }
        f.now = *next;
        f.client.on_timer(f.now);
        while (!f.net.in_flight.empty()) {
            sent_at.push_back(sipkit_test::ms_since_epoch(f.now));
            f.net.in_flight.pop_front();
        }
    }
    CHECK(sent_at ==
          std::vector<long long>{500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500});
    REQUIRE(f.client_user.count("timeout") == 1);
    CHECK(sipkit_test::ms_since_epoch(f.now) == 32000);
    CHECK(f.client.size() == 0);
}

TEST_CASE("§8.1.3.1 §18.4 a transport error reaches the TU and ends the transaction") {
    pair_fixture f;
    f.client_transport.fail = true;
    auto tx = f.client.send_request(request("OPTIONS", "z9hG4bK-9"), 2, f.now);
    REQUIRE(tx);
    CHECK(f.client_user.count("transport error") == 1);
    CHECK(f.client.size() == 0);
}

TEST_CASE("§17.2.3 bad input: garbage, no Via, a malformed CSeq each have a defined outcome") {
    pair_fixture f;
    SECTION("bytes that do not parse are dropped with the parse error") {
        f.server.on_message("not SIP at all\r\n\r\n", 1, f.now);
        REQUIRE(f.server_user.drops.size() == 1);
        CHECK(f.net.log.empty());
    }
    SECTION("a request without Via cannot be answered: dropped") {
        std::string req = request("OPTIONS", "z9hG4bK-10");
        const auto via = req.find("Via:");
        req.erase(via, req.find("\r\n", via) + 2 - via);
        f.server.on_message(req, 1, f.now);
        REQUIRE(f.server_user.drops.size() == 1);
        CHECK(f.server_user.drops[0].error.code == sipkit::errc::header_missing);
        CHECK(f.net.log.empty());
        CHECK(f.server.size() == 0);
    }
    SECTION("an RFC 2543 request with a malformed CSeq is answered 400 statelessly") {
        std::string req = request("OPTIONS", "old-branch");
        const auto cseq = req.find("CSeq: 1 OPTIONS");
        req.replace(cseq, 15, "CSeq: x OPTIONS");
        f.server.on_message(req, 1, f.now);
        REQUIRE(f.server_user.drops.size() == 1);
        CHECK(f.server_user.drops[0].answered_400);
        CHECK(f.sent_by(2, "SIP/2.0 400") == 1);
        CHECK(f.server.size() == 0);
    }
    SECTION("a stray ACK with a bad CSeq is never answered") {
        std::string req = request("ACK", "old-branch", 1, "ACK");
        const auto cseq = req.find("CSeq: 1 ACK");
        req.replace(cseq, 11, "CSeq: x ACK");
        f.server.on_message(req, 1, f.now);
        CHECK(f.net.log.empty());
    }
    CHECK(f.server_user.count("request") == 0);
}

TEST_CASE("RFC 4320 §4.2 the layer refuses a 408 to a non-INVITE request") {
    pair_fixture f;
    std::error_code refused;
    f.server_user.answer = [&](transaction_handle tx, const sipkit::message_view& m) {
        refused = f.server.send_response(tx, response_for(m, 408), f.now);
    };
    f.server.on_message(request("OPTIONS", "z9hG4bK-11"), 1, f.now);
    CHECK(refused == sipkit::errc::transaction_refused);
    CHECK(f.net.log.empty());
}

TEST_CASE("send_request: a second transaction with the same branch and method is refused; ACK "
          "is never a transaction") {
    pair_fixture f;
    REQUIRE(f.client.send_request(request("OPTIONS", "z9hG4bK-12"), 2, f.now));
    auto again = f.client.send_request(request("OPTIONS", "z9hG4bK-12"), 2, f.now);
    REQUIRE_FALSE(again);
    CHECK(again.error().code == sipkit::errc::transaction_exists);
    auto ack = f.client.send_request(request("ACK", "z9hG4bK-13", 1, "ACK"), 2, f.now);
    REQUIRE_FALSE(ack);
    CHECK(ack.error().code == sipkit::errc::transaction_refused);
    CHECK(f.client.size() == 1);
    CHECK(f.server.send_response(transaction_handle{}, "x", f.now) ==
          sipkit::errc::transaction_not_found);
}

TEST_CASE("§8.2.2.2 a merged request is detectable by the TU") {
    pair_fixture f;
    f.server.on_message(request("OPTIONS", "z9hG4bK-14"), 1, f.now);
    REQUIRE(f.server_user.count("request") == 1);
    const std::string same = request("OPTIONS", "z9hG4bK-14");
    const std::string other_path = request("OPTIONS", "z9hG4bK-other-path");
    const std::string other_cseq = request("OPTIONS", "z9hG4bK-15", 2);
    auto a = sipkit::parse_message(same);
    auto b = sipkit::parse_message(other_path);
    auto c = sipkit::parse_message(other_cseq);
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(c);
    CHECK_FALSE(f.server.is_merged_request(*a)); // a retransmission, not a merge
    CHECK(f.server.is_merged_request(*b));
    CHECK_FALSE(f.server.is_merged_request(*c));
}

TEST_CASE("§17.2.3 RFC 2543 fallback: a retransmission and the ACK match without the cookie") {
    pair_fixture f;
    f.server_user.answer = [&](transaction_handle tx, const sipkit::message_view& m) {
        CHECK_FALSE(f.server.send_response(tx, response_for(m, 486), f.now));
    };
    const std::string invite = request("INVITE", "old-2543-branch");
    f.server.on_message(invite, 1, f.now);
    f.server.on_message(invite, 1, f.now + 10ms);
    CHECK(f.server_user.count("request") == 1);
    CHECK(f.sent_by(2, "SIP/2.0 486") == 2);
    f.server.on_message(request("ACK", "old-2543-branch", 1, "ACK", "b1"), 1, f.now + 20ms);
    CHECK(f.server_user.count("ack") == 0); // absorbed: Confirmed
    // An ACK whose To tag is not the response's is not this transaction's.
    f.server.on_message(request("ACK", "old-2543-branch", 1, "ACK", "zz"), 1, f.now + 30ms);
    CHECK(f.server_user.count("ack") == 1);
}

TEST_CASE("the layer holds many concurrent transactions and frees them all") {
    pair_fixture f;
    constexpr int count = 20000;
    for (int i = 0; i < count; ++i) {
        REQUIRE(f.client.send_request(request("OPTIONS", "z9hG4bK-many-" + std::to_string(i)), 2,
                                      f.now));
    }
    CHECK(f.client.size() == count);
    f.net.in_flight.clear();
    f.advance_to(at(40s), [](const datagram&) { return true; });
    CHECK(f.client.size() == 0);
    CHECK(f.client_user.count("timeout") == count);
}

TEST_CASE("§17.2.2 a retransmission storm reaches the TU once and keeps one transaction") {
    pair_fixture f;
    f.server_user.answer = [&](transaction_handle tx, const sipkit::message_view& m) {
        CHECK_FALSE(f.server.send_response(tx, response_for(m, 200), f.now));
    };
    const std::string req = request("OPTIONS", "z9hG4bK-storm");
    for (int i = 0; i < 10000; ++i) {
        f.server.on_message(req, 1, f.now + std::chrono::milliseconds(i));
    }
    CHECK(f.server_user.count("request") == 1);
    CHECK(f.server.size() == 1);
    // Each retransmission in Completed is answered with the response again (§17.2.2).
    CHECK(f.sent_by(2, "SIP/2.0 200") == 10000);
}

TEST_CASE("§17.1.2.2 a transport error on a retransmission ends the transaction and tells the TU") {
    pair_fixture f;
    auto tx = f.client.send_request(request("OPTIONS", "z9hG4bK-late-error"), 2, f.now);
    REQUIRE(tx);
    CHECK(f.client_user.count("transport error") == 0);
    f.client_transport.fail = true;
    f.advance_to(at(500ms)); // Timer E: the retransmission fails
    REQUIRE(f.client_user.count("transport error") == 1);
    CHECK(f.client_user.events.back().tx == *tx);
    CHECK(f.client.size() == 0);
    CHECK_FALSE(f.client.next_deadline());
}

namespace {

// A minimal model of sipkit::timer_service: remembers what is armed; the test fires it.
struct recording_timers {
    std::map<std::pair<std::uint32_t, int>, std::pair<sipkit::timer_id, sipkit::clock::time_point>>
        armed;
    int cancels = 0;
    void arm(sipkit::timer_id id, sipkit::clock::time_point at) {
        armed[{id.transaction.slot, static_cast<int>(id.timer)}] = {id, at};
    }
    void cancel(sipkit::timer_id id) {
        cancels += static_cast<int>(armed.erase({id.transaction.slot, static_cast<int>(id.timer)}));
    }
};
static_assert(sipkit::timer_service<recording_timers>);

} // namespace

TEST_CASE("a user timer service: the layer arms and cancels through it; on_timer(id, now) fires") {
    network net;
    memory_transport transport{&net, 1};
    recording_timers timers;
    recording_user user;
    sipkit::transaction_layer<memory_transport, recording_timers, recording_user> layer{
        transport, timers, user};
    auto tx = layer.send_request(request("INVITE", "z9hG4bK-timers"), 2, at(0ms));
    REQUIRE(tx);
    // Timer A at T1 and Timer B at 64*T1 (§17.1.1.2).
    REQUIRE(timers.armed.size() == 2);
    const auto a = timers.armed.at({tx->slot, static_cast<int>(sipkit::transaction_timer::a)});
    const auto b = timers.armed.at({tx->slot, static_cast<int>(sipkit::transaction_timer::b)});
    CHECK(a.second == at(500ms));
    CHECK(b.second == at(32s));
    layer.on_timer(a.first, at(500ms));
    CHECK(net.log.size() == 2); // retransmitted
    CHECK(timers.armed.at({tx->slot, static_cast<int>(sipkit::transaction_timer::a)}).second ==
          at(1500ms));
    // A 180 stops Timers A and B (§17.1.1.2: Proceeding).
    auto req = sipkit::parse_message(net.log[0].bytes);
    REQUIRE(req);
    layer.on_message(sipkit::response_to(*req, 180, "Ringing", "t").str(), 2, at(600ms));
    CHECK(timers.armed.empty());
    CHECK(timers.cancels == 2);
    // A late timer for a cancelled or dead timer is harmless.
    layer.on_timer(b.first, at(32s));
    CHECK(user.count("timeout") == 0);
    CHECK(layer.size() == 1);
}

namespace {

// A transport that chooses where responses go (§18.2.2): the sent-by port at the source.
struct sent_by_transport : memory_transport {
    int response_address(const int& source, const sipkit::via& top) const {
        return source * 1000 + top.port.value_or(5060);
    }
};

} // namespace

TEST_CASE("§18.2.2 the transport may choose the response address from the top Via") {
    network net;
    sent_by_transport transport;
    transport.net = &net;
    transport.self = 2;
    sipkit::timer_queue timers;
    recording_user user;
    sipkit::transaction_layer<sent_by_transport, sipkit::timer_queue, recording_user> layer{
        transport, timers, user};
    std::optional<transaction_handle> tx;
    user.answer = [&](transaction_handle h, const sipkit::message_view&) { tx = h; };
    layer.on_message(request("OPTIONS", "z9hG4bK-sent-by"), 1, at(0ms));
    REQUIRE(tx);
    auto req = layer.request(*tx);
    REQUIRE(req);
    CHECK_FALSE(layer.send_response(*tx, response_for(*req, 200), at(1ms)));
    REQUIRE(net.log.size() == 1);
    CHECK(net.log[0].to == 1 * 1000 + 5060);
}

TEST_CASE("timer_queue: the earliest deadline of each slot, with updates and removals") {
    rc::prop("agrees with a map model", [] {
        sipkit::timer_queue q;
        std::map<std::uint32_t, long long> model;
        const auto ops = *rc::gen::container<std::vector<std::tuple<std::uint32_t, bool, int>>>(
            rc::gen::tuple(rc::gen::inRange<std::uint32_t>(0, 40), rc::gen::arbitrary<bool>(),
                           rc::gen::inRange(0, 100000)));
        for (const auto& [slot, remove, ms] : ops) {
            if (remove) {
                q.set(slot, std::nullopt);
                model.erase(slot);
            } else {
                q.set(slot, at(std::chrono::milliseconds(ms)));
                model[slot] = ms;
            }
            RC_ASSERT(q.size() == model.size());
            if (!model.empty()) {
                const auto earliest =
                    std::min_element(model.begin(), model.end(), [](const auto& a, const auto& b) {
                        return a.second < b.second;
                    });
                RC_ASSERT(q.top_deadline() == at(std::chrono::milliseconds(earliest->second)));
                RC_ASSERT(model.at(q.top_slot()) == earliest->second);
            }
        }
    });
}
