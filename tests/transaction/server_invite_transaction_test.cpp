// The INVITE server transaction, arrow by arrow: RFC 3261 §17.2.1 (Figure 7) as amended by
// RFC 6026 §8.5–§8.8 (Accepted, Timer L, transport errors). Each scenario prints its ladder
// diagram when it fails.
#include <sipkit/transaction/server_invite_transaction.hpp>

#include <catch2/catch.hpp>

#include "../support/transaction_trace.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

using namespace std::chrono_literals;
using sipkit::server_invite_state;
using sipkit::server_invite_transaction;
using sipkit::timer_config;
using sipkit::transaction_event;
using sipkit::transaction_timer;
using sipkit_test::at;
using sipkit_test::describe;
namespace ev = sipkit::transaction_events;
namespace ac = sipkit::transaction_actions;

const transaction_event invite = ev::request_received{};
const transaction_event ack = ev::ack_received{};
const transaction_event transport_error = ev::transport_error{};
using sipkit_test::fires;
using sipkit_test::tu;

using scenario = sipkit_test::scenario<server_invite_transaction>;

const timer_config custom{100ms, 1000ms, 2000ms};

} // namespace

TEST_CASE(
    "Figure 7 §17.2.1: the first INVITE enters Proceeding, sends 100 and passes it to the TU") {
    const bool reliable = GENERATE(false, true);
    scenario s(reliable);
    CHECK(s.tx.state() == server_invite_state::idle);
    STEP(s, invite, at(0ms), "send 100 Trying, request to TU");
    CHECK(s.tx.state() == server_invite_state::proceeding);
    CHECK_FALSE(s.tx.next_deadline()); // Proceeding waits for the TU: no timer of its own
}

TEST_CASE("§17.2.1: no 100 from the transaction when the TU answers within 200 ms") {
    scenario s(false, {}, false);
    CHECK_FALSE(s.tx.sends_trying());
    STEP(s, invite, at(0ms), "request to TU");
    CHECK(s.tx.state() == server_invite_state::proceeding);
}

TEST_CASE("Figure 7 §17.2.1: an INVITE retransmission in Proceeding resends the latest 1xx") {
    SECTION("nothing from the TU yet: the transaction's own 100 again") {
        scenario s(false);
        STEP(s, invite, at(0ms), "send 100 Trying, request to TU");
        STEP(s, invite, at(500ms), "send 100 Trying");
    }
    SECTION("after a 180 from the TU: the 180") {
        scenario s(false);
        STEP(s, invite, at(0ms), "send 100 Trying, request to TU");
        STEP(s, tu(180), at(100ms), "send response");
        STEP(s, invite, at(500ms), "send response");
    }
    SECTION("no 100 (send_trying off) and no 1xx yet: nothing was sent, so it is absorbed") {
        scenario s(false, {}, false);
        STEP(s, invite, at(0ms), "request to TU");
        STEP(s, invite, at(500ms), "(nothing)");
        STEP(s, tu(183), at(600ms), "send response");
        STEP(s, invite, at(1500ms), "send response");
    }
    SECTION("a 100 the TU passed itself counts as its provisional") {
        scenario s(true, {}, false);
        STEP(s, invite, at(0ms), "request to TU");
        STEP(s, tu(100), at(10ms), "send response");
        STEP(s, invite, at(20ms), "send response");
    }
}

TEST_CASE(
    "Figure 7 §17.2.1: 101–199 from the TU in Proceeding is sent, the state does not change") {
    const int status = GENERATE(100, 101, 180, 183, 199);
    scenario s(false);
    STEP(s, invite, at(0ms), "send 100 Trying, request to TU");
    STEP(s, tu(status), at(1ms), "send response");
    STEP(s, tu(status), at(2ms), "send response");
    CHECK(s.tx.state() == server_invite_state::proceeding);
    CHECK_FALSE(s.tx.next_deadline());
}

TEST_CASE("RFC 6026 §8.5, §8.7: a 2xx from the TU is sent, enters Accepted and arms Timer L") {
    const bool reliable = GENERATE(false, true);
    const int status = GENERATE(200, 202, 299);
    scenario s(reliable);
    STEP(s, invite, at(0ms), "send 100 Trying, request to TU");
    STEP(s, tu(status), at(1000ms), "send response, arm L @33000ms"); // 64*T1 on every transport
    CHECK(s.tx.state() == server_invite_state::accepted);
    CHECK(s.tx.deadline(transaction_timer::l) == at(33000ms));
    CHECK(s.tx.next_deadline() == at(33000ms));
    CHECK_FALSE(s.tx.deadline(transaction_timer::g)); // the TU retransmits a 2xx, never us
}

TEST_CASE("RFC 6026 §8.7: Accepted absorbs INVITE retransmissions (empty action list)") {
    scenario s(false);
    STEP(s, invite, at(0ms), "send 100 Trying, request to TU");
    STEP(s, tu(200), at(10ms), "send response, arm L @32010ms");
    STEP(s, invite, at(500ms), "(nothing)");
    STEP(s, invite, at(1500ms), "(nothing)");
    CHECK(s.tx.state() == server_invite_state::accepted);
}

TEST_CASE("RFC 6026 §8.7: in Accepted each 2xx the TU retransmits is sent") {
    scenario s(false);
    STEP(s, invite, at(0ms), "send 100 Trying, request to TU");
    STEP(s, tu(200), at(0ms), "send response, arm L @32000ms");
    // the TU's own retransmission schedule (§13.3.1.4), passed through the transaction
    STEP(s, tu(200), at(500ms), "send response");
    STEP(s, tu(200), at(1500ms), "send response");
    CHECK(s.tx.deadline(transaction_timer::l) == at(32000ms)); // L is not restarted
}

TEST_CASE("RFC 6026 §8.7: every ACK in Accepted is passed to the TU, not absorbed") {
    const bool reliable = GENERATE(false, true);
    scenario s(reliable);
    STEP(s, invite, at(0ms), "send 100 Trying, request to TU");
    STEP(s, tu(200), at(0ms), "send response, arm L @32000ms");
    STEP(s, ack, at(100ms), "ACK to TU");
    STEP(s, ack, at(600ms), "ACK to TU"); // a retransmitted ACK (the UAC saw a 2xx again)
    CHECK(s.tx.state() == server_invite_state::accepted);
    CHECK(s.tx.deadline(transaction_timer::l) == at(32000ms)); // the ACK does not end Accepted
}

TEST_CASE("RFC 6026 §8.7: Timer L fires in Accepted: Terminated") {
    const bool reliable = GENERATE(false, true);
    scenario s(reliable);
    STEP(s, invite, at(0ms), "send 100 Trying, request to TU");
    STEP(s, tu(200), at(0ms), "send response, arm L @32000ms");
    STEP(s, ack, at(100ms), "ACK to TU");
    STEP(s, fires(transaction_timer::l), at(32000ms), "terminated");
    CHECK(s.tx.terminated());
    CHECK_FALSE(s.tx.next_deadline());
}

TEST_CASE("RFC 6026 §8.7: Accepted has no arrow for 1xx or 300–699 from the TU") {
    const int status = GENERATE(100, 180, 300, 486, 699);
    scenario s(false);
    STEP(s, invite, at(0ms), "send 100 Trying, request to TU");
    STEP(s, tu(200), at(0ms), "send response, arm L @32000ms");
    STEP(s, tu(status), at(1ms),
         "dropped: " + std::string(sipkit::to_string(sipkit::drop_reason::not_in_this_state)));
    CHECK(s.tx.state() == server_invite_state::accepted);
}

TEST_CASE("Figure 7 §17.2.1: 300–699 from the TU enters Completed with G = T1 and H = 64*T1") {
    const int status = GENERATE(300, 404, 486, 500, 603, 699);
    SECTION("unreliable: Timer G and Timer H") {
        scenario s(false);
        STEP(s, invite, at(0ms), "send 100 Trying, request to TU");
        STEP(s, tu(status), at(2000ms), "send response, arm G @2500ms, arm H @34000ms");
        CHECK(s.tx.state() == server_invite_state::completed);
        CHECK(s.tx.next_deadline() == at(2500ms));
    }
    SECTION("reliable: Timer H only (§17.2.1: G is not set for reliable transports)") {
        scenario s(true);
        STEP(s, invite, at(0ms), "send 100 Trying, request to TU");
        STEP(s, tu(status), at(2000ms), "send response, arm H @34000ms");
        CHECK(s.tx.state() == server_invite_state::completed);
        CHECK_FALSE(s.tx.deadline(transaction_timer::g));
    }
}

TEST_CASE("Figure 7 §17.2.1: Timer G doubles from T1 to T2 in Completed until Timer H fires") {
    const timer_config config = GENERATE(timer_config{}, custom);
    scenario s(false, config);
    STEP(s, invite, at(0ms), "send 100 Trying, request to TU");
    s.on(tu(486), at(0ms));
    std::vector<long long> resent;
    long long ended = 0;
    while (!s.tx.terminated()) {
        const auto next = s.tx.next_deadline();
        REQUIRE(next);
        const auto t = s.tx.deadline(transaction_timer::g) == next ? transaction_timer::g
                                                                   : transaction_timer::h;
        const auto actions = s.tx.handle(fires(t), *next);
        s.ladder.add(*next, fires(t), actions);
        if (actions.contains(ac::send_response{})) {
            resent.push_back(sipkit_test::ms_since_epoch(*next));
        }
        ended = sipkit_test::ms_since_epoch(*next);
    }
    INFO(s.ladder.str());
    // G: T1, then doubling, capped at T2; H ends it at 64*T1.
    std::vector<long long> expected;
    const auto t1 = config.t1.count();
    const auto t2 = config.t2.count();
    for (long long when = t1, interval = t1; when < 64 * t1; when += interval) {
        expected.push_back(when);
        interval = std::min<long long>(2 * interval, t2);
    }
    CHECK(resent == expected);
    CHECK(ended == 64 * t1);
    if (config == timer_config{}) {
        CHECK(resent == std::vector<long long>{500, 1500, 3500, 7500, 11500, 15500, 19500, 23500,
                                               27500, 31500});
    }
}

TEST_CASE("Figure 7 §17.2.1: an INVITE retransmission in Completed resends the final response") {
    const bool reliable = GENERATE(false, true);
    scenario s(reliable);
    STEP(s, invite, at(0ms), "send 100 Trying, request to TU");
    s.on(tu(486), at(0ms));
    STEP(s, invite, at(200ms), "send response");
    CHECK(s.tx.state() == server_invite_state::completed);
}

TEST_CASE("Figure 7 §17.2.1: ACK in Completed enters Confirmed, cancels G and H, arms I = T4") {
    scenario s(false);
    STEP(s, invite, at(0ms), "send 100 Trying, request to TU");
    STEP(s, tu(486), at(0ms), "send response, arm G @500ms, arm H @32000ms");
    STEP(s, fires(transaction_timer::g), at(500ms), "send response, arm G @1500ms");
    STEP(s, ack, at(700ms), "cancel G, cancel H, arm I @5700ms");
    CHECK(s.tx.state() == server_invite_state::confirmed);
    CHECK(s.tx.next_deadline() == at(5700ms));
}

TEST_CASE("Figure 7 §17.2.1: ACK in Completed over a reliable transport terminates at once") {
    scenario s(true);
    STEP(s, invite, at(0ms), "send 100 Trying, request to TU");
    STEP(s, tu(404), at(0ms), "send response, arm H @32000ms");
    STEP(s, ack, at(50ms), "cancel H, terminated"); // Timer I is zero: not armed
    CHECK(s.tx.terminated());
}

TEST_CASE("Figure 7 §17.2.1: Confirmed absorbs ACK retransmissions; Timer G no longer fires") {
    scenario s(false);
    STEP(s, invite, at(0ms), "send 100 Trying, request to TU");
    s.on(tu(486), at(0ms));
    STEP(s, ack, at(100ms), "cancel G, cancel H, arm I @5100ms");
    STEP(s, ack, at(600ms), "(nothing)");
    STEP(s, ack, at(1600ms), "(nothing)");
    STEP(s, fires(transaction_timer::g), at(500ms), "dropped: the timer is not armed");
    STEP(s, invite, at(1700ms),
         "dropped: the event has no transition in the transaction's "
         "current state");
    CHECK(s.tx.state() == server_invite_state::confirmed);
}

TEST_CASE("Figure 7 §17.2.1: Timer I fires in Confirmed: Terminated") {
    scenario s(false);
    STEP(s, invite, at(0ms), "send 100 Trying, request to TU");
    s.on(tu(486), at(0ms));
    s.on(ack, at(100ms));
    STEP(s, fires(transaction_timer::i), at(5100ms), "terminated");
    CHECK(s.tx.terminated());
}

TEST_CASE("§17.2.1: Timer H fires in Completed: the TU is told of the failure, Terminated") {
    SECTION("unreliable: Timer G is still armed and is cancelled") {
        scenario s(false);
        STEP(s, invite, at(0ms), "send 100 Trying, request to TU");
        s.on(tu(486), at(0ms));
        STEP(s, fires(transaction_timer::h), at(32000ms),
             "cancel G, timeout (H) to TU, terminated");
        CHECK(s.tx.terminated());
    }
    SECTION("reliable") {
        scenario s(true);
        STEP(s, invite, at(0ms), "send 100 Trying, request to TU");
        s.on(tu(486), at(0ms));
        STEP(s, fires(transaction_timer::h), at(32000ms), "timeout (H) to TU, terminated");
        CHECK(s.tx.terminated());
        CHECK_FALSE(s.tx.next_deadline());
    }
}

TEST_CASE("RFC 6026 §8.8, Figure 7: a transport error informs the TU; the state does not change") {
    const bool reliable = GENERATE(false, true);
    SECTION("Proceeding") {
        scenario s(reliable);
        s.on(invite, at(0ms));
        STEP(s, transport_error, at(1ms), "transport error to TU");
        CHECK(s.tx.state() == server_invite_state::proceeding);
        STEP(s, tu(486), at(2ms),
             reliable ? "send response, arm H @32002ms"
                      : "send response, arm G @502ms, arm H @32002ms");
    }
    SECTION("Completed: Timers G and H keep running") {
        scenario s(reliable);
        s.on(invite, at(0ms));
        s.on(tu(486), at(0ms));
        STEP(s, transport_error, at(1ms), "transport error to TU");
        CHECK(s.tx.state() == server_invite_state::completed);
        CHECK(s.tx.deadline(transaction_timer::h) == at(32000ms));
    }
    SECTION("Accepted: Timer L keeps running") {
        scenario s(reliable);
        s.on(invite, at(0ms));
        s.on(tu(200), at(0ms));
        STEP(s, transport_error, at(1ms), "transport error to TU");
        CHECK(s.tx.state() == server_invite_state::accepted);
        CHECK(s.tx.deadline(transaction_timer::l) == at(32000ms));
    }
    SECTION("Confirmed: nothing is being sent, Figure 7 has no arrow") {
        scenario s(false);
        s.on(invite, at(0ms));
        s.on(tu(486), at(0ms));
        s.on(ack, at(1ms));
        STEP(s, transport_error, at(2ms),
             "dropped: the event has no transition in the transaction's current state");
    }
}

TEST_CASE("Table 4 §17.2.1, RFC 6026 §8.7: Timers G, H, I, L at their RFC values") {
    const bool reliable = GENERATE(false, true);
    const timer_config config =
        GENERATE(timer_config{}, custom, timer_config{1000ms, 8000ms, 10000ms});
    const auto start = at(7000ms);
    const auto t1 = config.t1;
    {
        server_invite_transaction tx(reliable, config);
        tx.handle(invite, start);
        tx.handle(tu(486), start);
        CHECK(tx.deadline(transaction_timer::h) == start + 64 * t1);
        if (reliable) {
            CHECK_FALSE(tx.deadline(transaction_timer::g));
        } else {
            CHECK(tx.deadline(transaction_timer::g) == start + t1);
            tx.handle(fires(transaction_timer::g), start + t1);
            CHECK(tx.deadline(transaction_timer::g) == start + t1 + std::min(2 * t1, config.t2));
        }
        tx.handle(ack, start + 1ms);
        if (reliable) {
            CHECK(tx.terminated());
        } else {
            CHECK(tx.deadline(transaction_timer::i) == start + 1ms + config.t4);
        }
    }
    {
        server_invite_transaction tx(reliable, config);
        tx.handle(invite, start);
        tx.handle(tu(200), start);
        CHECK(tx.deadline(transaction_timer::l) == start + 64 * t1);
    }
}

TEST_CASE("§17.2.1: drop reasons of the INVITE server transaction") {
    using sipkit::drop_reason;
    auto dropped = [](drop_reason r) { return "dropped: " + std::string(sipkit::to_string(r)); };
    scenario s(false);
    SECTION("not_for_this_kind: a request from the TU, a response from the transport") {
        STEP(s, ev::tu_request{}, at(0ms), dropped(drop_reason::not_for_this_kind));
        s.on(invite, at(0ms));
        STEP(s, ev::response_received{200}, at(1ms), dropped(drop_reason::not_for_this_kind));
        STEP(s, ev::tu_request{}, at(1ms), dropped(drop_reason::not_for_this_kind));
        CHECK(s.tx.state() == server_invite_state::proceeding);
    }
    SECTION("status_invalid: outside 100–699") {
        s.on(invite, at(0ms));
        for (const int status : {-1, 0, 99, 700, 999}) {
            STEP(s, tu(status), at(1ms), dropped(drop_reason::status_invalid));
        }
        CHECK(s.tx.state() == server_invite_state::proceeding);
    }
    SECTION("stale_timer: never armed, cancelled, already fired, not a server timer") {
        STEP(s, fires(transaction_timer::h), at(0ms), dropped(drop_reason::stale_timer));
        s.on(invite, at(0ms));
        STEP(s, fires(transaction_timer::a), at(1ms), dropped(drop_reason::stale_timer));
        STEP(s, fires(transaction_timer::l), at(1ms), dropped(drop_reason::stale_timer));
        s.on(tu(486), at(1ms));
        s.on(fires(transaction_timer::g), at(501ms));
        s.on(ack, at(600ms));
        STEP(s, fires(transaction_timer::g), at(1501ms), dropped(drop_reason::stale_timer));
        STEP(s, fires(transaction_timer::h), at(32001ms), dropped(drop_reason::stale_timer));
    }
    SECTION("not_in_this_state: idle before the INVITE, ACK in Proceeding, TU in Completed") {
        STEP(s, tu(180), at(0ms), dropped(drop_reason::not_in_this_state));
        STEP(s, ack, at(0ms), dropped(drop_reason::not_in_this_state));
        STEP(s, transport_error, at(0ms), dropped(drop_reason::not_in_this_state));
        CHECK(s.tx.state() == server_invite_state::idle);
        s.on(invite, at(0ms));
        STEP(s, ack, at(1ms), dropped(drop_reason::not_in_this_state));
        s.on(tu(486), at(2ms));
        STEP(s, tu(180), at(3ms), dropped(drop_reason::not_in_this_state));
        STEP(s, tu(200), at(3ms), dropped(drop_reason::not_in_this_state));
        STEP(s, tu(486), at(3ms), dropped(drop_reason::not_in_this_state));
        s.on(ack, at(4ms));
        STEP(s, tu(486), at(5ms), dropped(drop_reason::not_in_this_state));
    }
    SECTION("terminated: every event after Terminated") {
        s.on(invite, at(0ms));
        s.on(tu(200), at(0ms));
        s.on(fires(transaction_timer::l), at(32000ms));
        REQUIRE(s.tx.terminated());
        const std::vector<transaction_event> all{invite,
                                                 ack,
                                                 tu(200),
                                                 tu(0),
                                                 ev::tu_request{},
                                                 transport_error,
                                                 ev::response_received{180},
                                                 fires(transaction_timer::l),
                                                 fires(transaction_timer::a)};
        for (const auto& e : all) {
            STEP(s, e, at(40000ms), dropped(drop_reason::terminated));
        }
    }
}

TEST_CASE("Figure 7 §17.2.1: a rejected call over UDP, the whole ladder") {
    scenario s(false);
    STEP(s, invite, at(0ms), "send 100 Trying, request to TU");
    STEP(s, invite, at(500ms), "send 100 Trying");
    STEP(s, tu(180), at(800ms), "send response");
    STEP(s, invite, at(1500ms), "send response");
    STEP(s, tu(486), at(3000ms), "send response, arm G @3500ms, arm H @35000ms");
    STEP(s, fires(transaction_timer::g), at(3500ms), "send response, arm G @4500ms");
    STEP(s, invite, at(3600ms), "send response");
    STEP(s, fires(transaction_timer::g), at(4500ms), "send response, arm G @6500ms");
    STEP(s, ack, at(4600ms), "cancel G, cancel H, arm I @9600ms");
    STEP(s, ack, at(6600ms), "(nothing)");
    STEP(s, fires(transaction_timer::i), at(9600ms), "terminated");
    CHECK(s.tx.terminated());
}

TEST_CASE("§17.2.1: the INVITE server transaction is a small, copyable, noexcept value") {
    static_assert(std::is_nothrow_copy_constructible_v<server_invite_transaction>);
    static_assert(std::is_nothrow_copy_assignable_v<server_invite_transaction>);
    static_assert(std::is_trivially_copyable_v<server_invite_transaction>);
    static_assert(noexcept(std::declval<server_invite_transaction&>().handle(
        invite, std::declval<sipkit::clock::time_point>())));
    static_assert(sizeof(server_invite_transaction) <= 96);
    const server_invite_transaction tx(true, custom, false);
    CHECK(tx.reliable());
    CHECK(tx.config() == custom);
    CHECK_FALSE(tx.sends_trying());
    CHECK(std::string(sipkit::to_string(server_invite_state::accepted)) == "Accepted");

    // A copy is an independent machine: the copy goes on, the original stays where it was.
    server_invite_transaction a(false);
    a.handle(invite, at(0ms));
    a.handle(tu(486), at(0ms));
    auto b = a;
    b.handle(ack, at(10ms));
    CHECK(a.state() == server_invite_state::completed);
    CHECK(b.state() == server_invite_state::confirmed);
}
