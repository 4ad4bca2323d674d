// The non-INVITE server transaction, arrow by arrow: RFC 3261 §17.2.2 (Figure 8, erratum 1470)
// and the RFC 4320 §4.1, §4.2 rules on 100, other provisionals and 408. Each scenario prints its
// ladder diagram when it fails.
#include <sipkit/transaction/server_non_invite_transaction.hpp>

#include <catch2/catch.hpp>

#include "../support/transaction_trace.hpp"

#include <chrono>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

using namespace std::chrono_literals;
using sipkit::drop_reason;
using sipkit::server_non_invite_state;
using sipkit::server_non_invite_transaction;
using sipkit::timer_config;
using sipkit::transaction_event;
using sipkit::transaction_timer;
using sipkit_test::at;
using sipkit_test::describe;
namespace ev = sipkit::transaction_events;

const transaction_event request = ev::request_received{};
const transaction_event transport_error = ev::transport_error{};
using sipkit_test::fires;
using sipkit_test::tu;
std::string dropped(drop_reason r) {
    return "dropped: " + std::string(sipkit::to_string(r));
}

using scenario = sipkit_test::scenario<server_non_invite_transaction>;

const timer_config custom{100ms, 1000ms, 2000ms};

} // namespace

TEST_CASE("Figure 8 §17.2.2: the first request enters Trying and is passed to the TU") {
    const bool reliable = GENERATE(false, true);
    scenario s(reliable);
    CHECK(s.tx.state() == server_non_invite_state::idle);
    STEP(s, request, at(0ms), "request to TU"); // no 100 of its own (RFC 4320 §4.1)
    CHECK(s.tx.state() == server_non_invite_state::trying);
    CHECK_FALSE(s.tx.next_deadline());
}

TEST_CASE("Figure 8 §17.2.2: retransmissions in Trying are absorbed (empty action list)") {
    scenario s(false);
    STEP(s, request, at(0ms), "request to TU");
    STEP(s, request, at(500ms), "(nothing)");
    STEP(s, request, at(1500ms), "(nothing)");
    CHECK(s.tx.state() == server_non_invite_state::trying);
}

TEST_CASE("Figure 8 §17.2.2: a 100 from the TU in Trying is sent and enters Proceeding") {
    SECTION("reliable: at any time (RFC 4320 §4.1)") {
        scenario s(true);
        STEP(s, request, at(0ms), "request to TU");
        STEP(s, tu(100), at(0ms), "send response");
        CHECK(s.tx.state() == server_non_invite_state::proceeding);
    }
    SECTION("unreliable: once the client's Timer E has reached T2") {
        scenario s(false);
        STEP(s, request, at(0ms), "request to TU");
        STEP(s, tu(100), at(3500ms), "send response");
        CHECK(s.tx.state() == server_non_invite_state::proceeding);
        CHECK_FALSE(s.tx.next_deadline());
    }
}

TEST_CASE("Figure 8 §17.2.2: in Proceeding a retransmission resends the last provisional") {
    scenario s(true);
    STEP(s, request, at(0ms), "request to TU");
    STEP(s, tu(100), at(10ms), "send response");
    STEP(s, request, at(500ms), "send response");
    STEP(s, tu(100), at(600ms), "send response"); // another 100: sent, still Proceeding
    STEP(s, request, at(700ms), "send response");
    CHECK(s.tx.state() == server_non_invite_state::proceeding);
}

TEST_CASE("Figure 8 §17.2.2, erratum 1470: 200–699 from the TU in Trying enters Completed") {
    const int status = GENERATE(200, 202, 299, 302, 404, 481, 500, 603, 699);
    SECTION("unreliable: Timer J = 64*T1") {
        scenario s(false);
        STEP(s, request, at(0ms), "request to TU");
        STEP(s, tu(status), at(1000ms), "send response, arm J @33000ms");
        CHECK(s.tx.state() == server_non_invite_state::completed);
        CHECK(s.tx.next_deadline() == at(33000ms));
    }
    SECTION("reliable: Timer J is zero, Terminated at once") {
        scenario s(true);
        STEP(s, request, at(0ms), "request to TU");
        STEP(s, tu(status), at(1000ms), "send response, terminated");
        CHECK(s.tx.terminated());
        CHECK_FALSE(s.tx.next_deadline());
    }
}

TEST_CASE("Figure 8 §17.2.2: 200–699 from the TU in Proceeding enters Completed") {
    const bool reliable = GENERATE(false, true);
    scenario s(reliable);
    STEP(s, request, at(0ms), "request to TU");
    STEP(s, tu(100), at(4000ms), "send response");
    STEP(s, tu(200), at(5000ms),
         reliable ? "send response, terminated" : "send response, arm J @37000ms");
}

TEST_CASE("Figure 8 §17.2.2: in Completed a retransmission resends the final response") {
    scenario s(false);
    STEP(s, request, at(0ms), "request to TU");
    STEP(s, tu(486), at(0ms), "send response, arm J @32000ms");
    STEP(s, request, at(500ms), "send response");
    STEP(s, request, at(4500ms), "send response");
    STEP(s, tu(200), at(4600ms), dropped(drop_reason::not_in_this_state));
    CHECK(s.tx.state() == server_non_invite_state::completed);
}

TEST_CASE("Figure 8 §17.2.2: Timer J fires in Completed: Terminated") {
    const timer_config config = GENERATE(timer_config{}, custom);
    scenario s(false, config);
    STEP(s, request, at(0ms), "request to TU");
    s.on(tu(200), at(10ms));
    const auto j = at(10ms) + 64 * config.t1;
    CHECK(s.tx.deadline(transaction_timer::j) == j);
    STEP(s, fires(transaction_timer::j), j, "terminated");
    CHECK(s.tx.terminated());
}

TEST_CASE("Figure 8 §17.2.2: a transport error informs the TU and terminates") {
    SECTION("Proceeding") {
        scenario s(true);
        s.on(request, at(0ms));
        s.on(tu(100), at(0ms));
        STEP(s, transport_error, at(1ms), "transport error to TU, terminated");
        CHECK(s.tx.terminated());
    }
    SECTION("Completed: Timer J is cancelled first") {
        scenario s(false);
        s.on(request, at(0ms));
        s.on(tu(404), at(0ms));
        STEP(s, transport_error, at(1ms), "cancel J, transport error to TU, terminated");
        CHECK(s.tx.terminated());
        CHECK_FALSE(s.tx.next_deadline());
    }
    SECTION("Trying and idle: nothing was sent, Figure 8 has no arrow") {
        scenario s(false);
        STEP(s, transport_error, at(0ms), dropped(drop_reason::not_in_this_state));
        s.on(request, at(0ms));
        STEP(s, transport_error, at(1ms), dropped(drop_reason::not_in_this_state));
        CHECK(s.tx.state() == server_non_invite_state::trying);
    }
}

TEST_CASE("RFC 4320 §4.1: no provisional other than 100 to a non-INVITE request") {
    const bool reliable = GENERATE(false, true);
    const int status = GENERATE(101, 180, 183, 199);
    scenario s(reliable);
    s.on(request, at(0ms));
    STEP(s, tu(status), at(5000ms), dropped(drop_reason::provisional_not_allowed));
    CHECK(s.tx.state() == server_non_invite_state::trying);
    s.on(tu(100), at(5000ms));
    STEP(s, tu(status), at(5001ms), dropped(drop_reason::provisional_not_allowed));
    CHECK(s.tx.state() == server_non_invite_state::proceeding);
}

TEST_CASE("RFC 4320 §4.1: over UDP no 100 before the client's Timer E would reach T2") {
    SECTION("defaults: E runs 500 + 1000 + 2000 ms = 3.5 s before it is reset to T2") {
        CHECK(server_non_invite_transaction::trying_delay({}) == 3500ms);
        scenario s(false);
        STEP(s, request, at(10000ms), "request to TU"); // measured from the request
        STEP(s, tu(100), at(10000ms), dropped(drop_reason::trying_too_early));
        STEP(s, request, at(10500ms), "(nothing)");
        STEP(s, tu(100), at(13499ms), dropped(drop_reason::trying_too_early));
        CHECK(s.tx.state() == server_non_invite_state::trying);
        STEP(s, tu(100), at(13500ms), "send response");
        CHECK(s.tx.state() == server_non_invite_state::proceeding);
    }
    SECTION("the delay follows T1 and T2") {
        using sipkit::timer_config;
        // 100 + 200 + 400 + 800 + 1600 + 3200: E is reset to T2 = 4 s at 6.3 s
        CHECK(server_non_invite_transaction::trying_delay(timer_config{100ms, 4000ms, 5000ms}) ==
              6300ms);
        // T2 not a power-of-two multiple of T1: 500 + 1000 + 2000, then min(4000, 3000) = T2
        CHECK(server_non_invite_transaction::trying_delay(timer_config{500ms, 3000ms, 5000ms}) ==
              3500ms);
        // 100 + 200 + 400, then min(800, 1000) = 800 < T2, then T2
        CHECK(server_non_invite_transaction::trying_delay(custom) == 1500ms);
        // T1 = T2: E starts at T2, so a 100 may go at once
        CHECK(server_non_invite_transaction::trying_delay(timer_config{2000ms, 2000ms, 5000ms}) ==
              0ms);
        scenario s(false, custom);
        s.on(request, at(0ms));
        STEP(s, tu(100), at(1499ms), dropped(drop_reason::trying_too_early));
        STEP(s, tu(100), at(1500ms), "send response");
    }
    SECTION("a final response may go at any time") {
        scenario s(false);
        s.on(request, at(0ms));
        STEP(s, tu(100), at(1ms), dropped(drop_reason::trying_too_early));
        STEP(s, tu(200), at(2ms), "send response, arm J @32002ms");
    }
}

TEST_CASE("RFC 4320 §4.2: a non-INVITE request is never answered 408") {
    const bool reliable = GENERATE(false, true);
    scenario s(reliable);
    s.on(request, at(0ms));
    STEP(s, tu(408), at(1000ms), dropped(drop_reason::no_408_for_non_invite));
    CHECK(s.tx.state() == server_non_invite_state::trying);
    s.on(tu(100), at(4000ms));
    STEP(s, tu(408), at(5000ms), dropped(drop_reason::no_408_for_non_invite));
    CHECK(s.tx.state() == server_non_invite_state::proceeding);
    // the TU may still answer with something else
    STEP(s, tu(480), at(5001ms),
         reliable ? "send response, terminated" : "send response, arm J @37001ms");
}

TEST_CASE("Table 4 §17.2.2: Timer J = 64*T1 over unreliable transports, zero over reliable") {
    const timer_config config =
        GENERATE(timer_config{}, custom, timer_config{1000ms, 8000ms, 10000ms});
    const auto start = at(3000ms);
    server_non_invite_transaction udp(false, config);
    udp.handle(request, start);
    udp.handle(tu(200), start);
    CHECK(udp.deadline(transaction_timer::j) == start + 64 * config.t1);
    server_non_invite_transaction tcp(true, config);
    tcp.handle(request, start);
    tcp.handle(tu(200), start);
    CHECK(tcp.terminated());
    CHECK_FALSE(tcp.deadline(transaction_timer::j));
}

TEST_CASE("§17.2.2: drop reasons of the non-INVITE server transaction") {
    scenario s(false);
    SECTION("not_for_this_kind: ACK, a request from the TU, a response from the transport") {
        STEP(s, ev::ack_received{}, at(0ms), dropped(drop_reason::not_for_this_kind));
        s.on(request, at(0ms));
        STEP(s, ev::ack_received{}, at(1ms), dropped(drop_reason::not_for_this_kind));
        STEP(s, ev::tu_request{}, at(1ms), dropped(drop_reason::not_for_this_kind));
        STEP(s, ev::response_received{200}, at(1ms), dropped(drop_reason::not_for_this_kind));
        CHECK(s.tx.state() == server_non_invite_state::trying);
    }
    SECTION("status_invalid") {
        s.on(request, at(0ms));
        for (const int status : {-5, 0, 99, 700, 1000}) {
            STEP(s, tu(status), at(1ms), dropped(drop_reason::status_invalid));
        }
    }
    SECTION("stale_timer") {
        STEP(s, fires(transaction_timer::j), at(0ms), dropped(drop_reason::stale_timer));
        s.on(request, at(0ms));
        STEP(s, fires(transaction_timer::e), at(500ms), dropped(drop_reason::stale_timer));
        STEP(s, fires(transaction_timer::j), at(500ms), dropped(drop_reason::stale_timer));
    }
    SECTION("not_in_this_state: a response before the request, a second final response") {
        STEP(s, tu(200), at(0ms), dropped(drop_reason::not_in_this_state));
        s.on(request, at(0ms));
        s.on(tu(200), at(1ms));
        STEP(s, tu(200), at(2ms), dropped(drop_reason::not_in_this_state));
        STEP(s, tu(100), at(5000ms), dropped(drop_reason::not_in_this_state));
        STEP(s, tu(408), at(5000ms), dropped(drop_reason::not_in_this_state));
    }
    SECTION("terminated: every event after Terminated") {
        s.on(request, at(0ms));
        s.on(tu(200), at(0ms));
        s.on(fires(transaction_timer::j), at(32000ms));
        REQUIRE(s.tx.terminated());
        const std::vector<transaction_event> all{request,
                                                 tu(200),
                                                 tu(0),
                                                 ev::ack_received{},
                                                 ev::tu_request{},
                                                 ev::response_received{200},
                                                 transport_error,
                                                 fires(transaction_timer::j)};
        for (const auto& e : all) {
            STEP(s, e, at(40000ms), dropped(drop_reason::terminated));
        }
    }
}

TEST_CASE("Figure 8 §17.2.2: a REGISTER over UDP, the whole ladder") {
    scenario s(false);
    STEP(s, request, at(0ms), "request to TU");
    STEP(s, request, at(500ms), "(nothing)");
    STEP(s, request, at(1500ms), "(nothing)");
    STEP(s, tu(100), at(2000ms), dropped(drop_reason::trying_too_early));
    STEP(s, request, at(3500ms), "(nothing)");
    STEP(s, tu(100), at(3600ms), "send response");
    STEP(s, request, at(7500ms), "send response");
    STEP(s, tu(200), at(8000ms), "send response, arm J @40000ms");
    STEP(s, request, at(11500ms), "send response");
    STEP(s, fires(transaction_timer::j), at(40000ms), "terminated");
    CHECK(s.tx.terminated());
}

TEST_CASE("§17.2.2: the non-INVITE server transaction is a small, copyable, noexcept value") {
    static_assert(std::is_nothrow_copy_constructible_v<server_non_invite_transaction>);
    static_assert(std::is_trivially_copyable_v<server_non_invite_transaction>);
    static_assert(noexcept(std::declval<server_non_invite_transaction&>().handle(
        request, std::declval<sipkit::clock::time_point>())));
    static_assert(sizeof(server_non_invite_transaction) <= 96);
    static_assert(server_non_invite_transaction::trying_delay({}) == 3500ms);
    const server_non_invite_transaction tx(true, custom);
    CHECK(tx.reliable());
    CHECK(tx.config() == custom);
    CHECK(std::string(sipkit::to_string(server_non_invite_state::proceeding)) == "Proceeding");
}
