// The INVITE client transaction, arrow by arrow: RFC 3261 §17.1.1 (Figure 5) as amended by
// RFC 6026 §8.4 (Accepted, Timer M). Each scenario prints its ladder diagram when it fails.
#include <sipkit/transaction/client_invite_transaction.hpp>

#include <catch2/catch.hpp>

#include "../support/transaction_trace.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <type_traits>
#include <utility>

namespace {

using namespace std::chrono_literals;
using sipkit::client_invite_state;
using sipkit::client_invite_transaction;
using sipkit::drop_reason;
using sipkit::timer_config;
using sipkit::transaction_action;
using sipkit::transaction_action_list;
using sipkit::transaction_event;
using sipkit::transaction_timer;
using sipkit_test::at;
using sipkit_test::describe;
namespace ac = sipkit::transaction_actions;
namespace ev = sipkit::transaction_events;
using ms = std::chrono::milliseconds;

constexpr auto A = transaction_timer::a;
constexpr auto B = transaction_timer::b;
constexpr auto D = transaction_timer::d;
constexpr auto M = transaction_timer::m;

using scenario = sipkit_test::scenario<client_invite_transaction>;
using sipkit_test::arm;
using sipkit_test::cancel;
using sipkit_test::fires;
using sipkit_test::pass;
using sipkit_test::resp;

ac::dropped dropped(drop_reason r) {
    return ac::dropped{r};
}

// Runs the transaction into Calling at t = 0.
scenario calling(bool reliable, timer_config config = {}) {
    scenario s(reliable, config);
    s(0ms, ev::tu_request{});
    return s;
}

} // namespace

// ---- the type ------------------------------------------------------------------------------

TEST_CASE("§17.1.1 client_invite_transaction is a small, copyable, noexcept value type") {
    STATIC_REQUIRE(sizeof(client_invite_transaction) <= 96);
    STATIC_REQUIRE(std::is_trivially_copyable_v<client_invite_transaction>);
    STATIC_REQUIRE(std::is_nothrow_copy_constructible_v<client_invite_transaction>);
    STATIC_REQUIRE(noexcept(std::declval<client_invite_transaction&>().handle(
        std::declval<const transaction_event&>(), std::declval<sipkit::clock::time_point>())));
    STATIC_REQUIRE(!std::is_default_constructible_v<client_invite_transaction>);
    STATIC_REQUIRE(!std::is_convertible_v<bool, client_invite_transaction>);
}

TEST_CASE("§17.1.1 the state machine runs at compile time") {
    constexpr auto final_state = [] {
        client_invite_transaction tx(false);
        tx.handle(ev::tu_request{}, sipkit::clock::time_point{});
        tx.handle(ev::response_received{180}, sipkit::clock::time_point{} + 100ms);
        tx.handle(ev::response_received{486}, sipkit::clock::time_point{} + 200ms);
        return tx.state();
    }();
    STATIC_REQUIRE(final_state == client_invite_state::completed);
}

TEST_CASE("§17.1.1 idle before the INVITE from the TU (not a state of Figure 5)") {
    const client_invite_transaction tx(false);
    CHECK(tx.state() == client_invite_state::idle);
    CHECK_FALSE(tx.terminated());
    CHECK_FALSE(tx.reliable());
    CHECK(tx.config() == timer_config{});
    CHECK_FALSE(tx.next_deadline());
    CHECK(std::string(sipkit::to_string(client_invite_state::accepted)) == "Accepted");
}

// ---- Calling: Timer A and Timer B ------------------------------------------------------------

TEST_CASE("Figure 5 §17.1.1.2: INVITE from TU sends it, arms A = T1 and B = 64*T1 (unreliable)") {
    scenario s(false);
    const auto out = s(0ms, ev::tu_request{});
    CHECK_ACTIONS(s, out, ac::send_request{}, arm(A, 500ms), arm(B, 32s));
    CHECK(s.tx.state() == client_invite_state::calling);
    CHECK(s.tx.deadline(A) == at(500ms));
    CHECK(s.tx.deadline(B) == at(32s));
    CHECK(s.tx.next_deadline() == at(500ms));
}

TEST_CASE("Figure 5 §17.1.1.2: over a reliable transport Timer A is not armed, B is 64*T1") {
    scenario s(true);
    const auto out = s(1000ms, ev::tu_request{});
    CHECK_ACTIONS(s, out, ac::send_request{}, arm(B, 33s));
    CHECK(s.tx.reliable());
    CHECK_FALSE(s.tx.deadline(A));
    CHECK(s.tx.next_deadline() == at(33s));
}

TEST_CASE("Figure 5 §17.1.1.2: INVITE retransmissions at 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s "
          "(intervals 0.5, 1, 2, 4, 8, 16 s), then Timer B at 32 s") {
    auto s = calling(false);
    int transmissions = 1;
    ms expected_at = 0ms;
    ms interval = 500ms;
    for (const ms fire_at : {500ms, 1500ms, 3500ms, 7500ms, 15500ms, 31500ms}) {
        expected_at += interval;
        REQUIRE(fire_at == expected_at);
        REQUIRE(s.tx.next_deadline() == at(fire_at));
        interval *= 2;
        const auto out = s(fire_at, fires(A));
        CHECK_ACTIONS(s, out, ac::send_request{}, arm(A, fire_at + interval));
        ++transmissions;
        CHECK(s.tx.state() == client_invite_state::calling);
    }
    CHECK(transmissions == 7);
    // A is next due at 63.5 s, but B comes first.
    CHECK(s.tx.deadline(A) == at(63500ms));
    CHECK(s.tx.next_deadline() == at(32s));
    const auto out = s(32s, fires(B));
    CHECK_ACTIONS(s, out, cancel(A), ac::report_timeout{B}, ac::terminated{});
    CHECK(s.tx.terminated());
    CHECK_FALSE(s.tx.next_deadline());
}

TEST_CASE("Figure 5 §17.1.1.2: Timer B over a reliable transport: timeout to TU, Terminated") {
    auto s = calling(true);
    const auto out = s(32s, fires(B));
    CHECK_ACTIONS(s, out, ac::report_timeout{B}, ac::terminated{});
    CHECK(s.tx.state() == client_invite_state::terminated);
}

TEST_CASE("Figure 5 §17.1.1.2: Timer A doubles without a cap and B = 64*T1 with T1 = 1 s") {
    const timer_config slow{1000ms, 4000ms, 5000ms};
    auto s = calling(false, slow);
    CHECK(s.tx.config() == slow);
    CHECK(s.tx.deadline(B) == at(64s));
    ms now = 0ms;
    ms interval = 1000ms;
    // 1, 3, 7, 15, 31, 63 s: the interval passes T2 (4 s) and keeps doubling.
    for (int i = 0; i < 6; ++i) {
        now += interval;
        interval *= 2;
        const auto out = s(now, fires(A));
        CHECK_ACTIONS(s, out, ac::send_request{}, arm(A, now + interval));
    }
    CHECK(now == 63s);
    const auto out = s(64s, fires(B));
    CHECK_ACTIONS(s, out, cancel(A), ac::report_timeout{B}, ac::terminated{});
}

TEST_CASE("§17.1.1.2: a late Timer A is re-armed from the instant it fired") {
    auto s = calling(false);
    const auto out = s(700ms, fires(A));
    CHECK_ACTIONS(s, out, ac::send_request{}, arm(A, 1700ms));
}

// ---- Proceeding --------------------------------------------------------------------------------

TEST_CASE("Figure 5 §17.1.1.2: 1xx in Calling stops A and B, goes to TU, Proceeding") {
    auto s = calling(false);
    auto out = s(100ms, resp(180));
    CHECK_ACTIONS(s, out, cancel(A), cancel(B), pass(180));
    CHECK(s.tx.state() == client_invite_state::proceeding);
    // The transaction waits for a final response with no timer of its own.
    CHECK_FALSE(s.tx.next_deadline());
    out = s(500ms, fires(A));
    CHECK_ACTIONS(s, out, dropped(drop_reason::stale_timer));
    out = s(32s, fires(B));
    CHECK_ACTIONS(s, out, dropped(drop_reason::stale_timer));
    CHECK(s.tx.state() == client_invite_state::proceeding);
}

TEST_CASE("Figure 5 §17.1.1.2: 100 in Calling over a reliable transport stops only B") {
    auto s = calling(true);
    const auto out = s(100ms, resp(100));
    CHECK_ACTIONS(s, out, cancel(B), pass(100));
}

TEST_CASE("Figure 5 §17.1.1.2: 1xx in Proceeding goes to TU, stays in Proceeding") {
    auto s = calling(false);
    s(100ms, resp(100));
    for (const int status : {100, 180, 181, 182, 183, 199}) {
        const auto out = s(1s, resp(status));
        CHECK_ACTIONS(s, out, pass(status));
        CHECK(s.tx.state() == client_invite_state::proceeding);
    }
}

// ---- Accepted (RFC 6026)
// -------------------------------------------------------------------------

TEST_CASE("RFC 6026 §8.4: 2xx in Calling stops A and B, goes to TU, Accepted, M = 64*T1") {
    auto s = calling(false);
    const auto out = s(200ms, resp(200));
    CHECK_ACTIONS(s, out, cancel(A), cancel(B), pass(200), arm(M, 32200ms));
    CHECK(s.tx.state() == client_invite_state::accepted);
    CHECK(s.tx.next_deadline() == at(32200ms));
}

TEST_CASE("RFC 6026 §8.4: 2xx in Proceeding goes to TU, Accepted, M = 64*T1") {
    auto s = calling(false);
    s(100ms, resp(183));
    const auto out = s(5s, resp(299));
    CHECK_ACTIONS(s, out, pass(299), arm(M, 37s));
    CHECK(s.tx.state() == client_invite_state::accepted);
}

TEST_CASE("RFC 6026 §8.4: Timer M is 64*T1 over reliable transports too") {
    auto s = calling(true, timer_config{1000ms, 4000ms, 5000ms});
    const auto out = s(1s, resp(200));
    CHECK_ACTIONS(s, out, cancel(B), pass(200), arm(M, 65s));
}

TEST_CASE("RFC 6026 §8.4: every 2xx in Accepted goes to TU; Timer M -> Terminated") {
    auto s = calling(false);
    s(100ms, resp(200));
    for (const int status : {200, 200, 202, 200}) {
        const auto out = s(2s, resp(status));
        CHECK_ACTIONS(s, out, pass(status));
        CHECK(s.tx.state() == client_invite_state::accepted);
    }
    const auto out = s(32100ms, fires(M));
    CHECK_ACTIONS(s, out, ac::terminated{});
    CHECK(s.tx.terminated());
}

TEST_CASE("RFC 6026 §8.4: no arrow in Accepted for 1xx, 300-699 or a transport error") {
    auto s = calling(false);
    s(100ms, resp(200));
    for (const int status : {100, 180, 300, 404, 487, 500, 603, 699}) {
        const auto out = s(1s, resp(status));
        CHECK_ACTIONS(s, out, dropped(drop_reason::not_in_this_state));
    }
    const auto out = s(1s, ev::transport_error{});
    CHECK_ACTIONS(s, out, dropped(drop_reason::not_in_this_state));
    CHECK(s.tx.state() == client_invite_state::accepted);
    CHECK(s.tx.deadline(M) == at(32100ms));
}

// ---- Completed ---------------------------------------------------------------------------------

TEST_CASE("Figure 5 §17.1.1.2: 300-699 in Calling: ACK, to TU, Completed, D = 32 s (unreliable)") {
    for (const int status : {300, 302, 401, 404, 486, 487, 500, 503, 600, 603, 699}) {
        auto s = calling(false);
        const auto out = s(600ms, resp(status));
        CHECK_ACTIONS(s, out, cancel(A), cancel(B), ac::send_ack{}, pass(status), arm(D, 32600ms));
        CHECK(s.tx.state() == client_invite_state::completed);
    }
}

TEST_CASE("Figure 5 §17.1.1.2: 300-699 in Proceeding: ACK, to TU, Completed, D >= 32 s") {
    auto s = calling(false);
    s(100ms, resp(180));
    const auto out = s(10s, resp(486));
    CHECK_ACTIONS(s, out, ac::send_ack{}, pass(486), arm(D, 42s));
    CHECK(s.tx.state() == client_invite_state::completed);
}

TEST_CASE("Figure 5 §17.1.1.2: Timer D = 0 over reliable transports: ACK, to TU, Terminated") {
    auto s = calling(true);
    auto out = s(600ms, resp(404));
    CHECK_ACTIONS(s, out, cancel(B), ac::send_ack{}, pass(404), ac::terminated{});
    CHECK(s.tx.terminated());

    auto p = calling(true);
    p(100ms, resp(180));
    out = p(700ms, resp(603));
    CHECK_ACTIONS(p, out, ac::send_ack{}, pass(603), ac::terminated{});
}

TEST_CASE("§17.1.1.2: Timer D is max(32 s, 64*T1)") {
    SECTION("T1 = 250 ms: 64*T1 = 16 s, D = 32 s") {
        auto s = calling(false, timer_config{250ms, 4000ms, 5000ms});
        const auto out = s(1s, resp(500));
        CHECK_ACTIONS(s, out, cancel(A), cancel(B), ac::send_ack{}, pass(500), arm(D, 33s));
    }
    SECTION("T1 = 1 s: D = 64*T1 = 64 s") {
        auto s = calling(false, timer_config{1000ms, 4000ms, 5000ms});
        const auto out = s(1s, resp(500));
        CHECK_ACTIONS(s, out, cancel(A), cancel(B), ac::send_ack{}, pass(500), arm(D, 65s));
    }
}

TEST_CASE("Figure 5 §17.1.1.2: 300-699 retransmissions in Completed are ACKed, not passed to TU") {
    auto s = calling(false);
    s(600ms, resp(486));
    for (const int status : {486, 486, 300, 699}) {
        const auto out = s(5s, resp(status));
        CHECK_ACTIONS(s, out, ac::send_ack{});
        CHECK(s.tx.state() == client_invite_state::completed);
    }
    const auto out = s(32600ms, fires(D));
    CHECK_ACTIONS(s, out, ac::terminated{});
    CHECK(s.tx.terminated());
}

TEST_CASE("Figure 5 §17.1.1.2: no arrow in Completed for a 1xx or a 2xx") {
    auto s = calling(false);
    s(600ms, resp(486));
    for (const int status : {100, 180, 200, 299}) {
        const auto out = s(1s, resp(status));
        CHECK_ACTIONS(s, out, dropped(drop_reason::not_in_this_state));
    }
    CHECK(s.tx.state() == client_invite_state::completed);
}

// ---- transport errors ------------------------------------------------------------------------

TEST_CASE("Figure 5 §17.1.4: transport error in Calling: inform TU, Terminated") {
    auto s = calling(false);
    const auto out = s(10ms, ev::transport_error{});
    CHECK_ACTIONS(s, out, cancel(A), cancel(B), ac::report_transport_error{}, ac::terminated{});
    CHECK(s.tx.terminated());
    CHECK_FALSE(s.tx.next_deadline());
}

TEST_CASE("§17.1.4: transport error in Proceeding (the INVITE's send failed late): inform TU, "
          "Terminated") {
    auto s = calling(true);
    s(10ms, resp(100));
    const auto out = s(20ms, ev::transport_error{});
    CHECK_ACTIONS(s, out, ac::report_transport_error{}, ac::terminated{});
    CHECK(s.tx.terminated());
}

TEST_CASE("Figure 5 §17.1.1.2: transport error in Completed (the ACK's send failed): inform TU, "
          "Terminated") {
    auto s = calling(false);
    s(600ms, resp(404));
    const auto out = s(700ms, ev::transport_error{});
    CHECK_ACTIONS(s, out, cancel(D), ac::report_transport_error{}, ac::terminated{});
}

// ---- drop reasons ----------------------------------------------------------------------------

TEST_CASE("§17.1.1: after Terminated every event is dropped{terminated}") {
    auto s = calling(false);
    s(32s, fires(B));
    REQUIRE(s.tx.terminated());
    const std::array<transaction_event, 10> events{ev::tu_request{},
                                                   ev::tu_response{200},
                                                   ev::request_received{},
                                                   ev::ack_received{},
                                                   ev::response_received{200},
                                                   ev::response_received{99},
                                                   fires(A),
                                                   fires(B),
                                                   fires(transaction_timer::g),
                                                   ev::transport_error{}};
    for (const auto& e : events) {
        const auto out = s(40s, e);
        CHECK_ACTIONS(s, out, dropped(drop_reason::terminated));
    }
}

TEST_CASE("§17.1.1: server events are dropped{not_for_this_kind} in every state") {
    for (const bool reliable : {false, true}) {
        scenario idle(reliable);
        auto calling_tx = calling(reliable);
        auto proceeding_tx = calling(reliable);
        proceeding_tx(1ms, resp(180));
        auto accepted_tx = calling(reliable);
        accepted_tx(1ms, resp(200));
        auto completed_tx = calling(false);
        completed_tx(1ms, resp(404));
        for (auto* s : {&idle, &calling_tx, &proceeding_tx, &accepted_tx, &completed_tx}) {
            const auto before = s->tx.state();
            for (const transaction_event e : {transaction_event{ev::tu_response{200}},
                                              transaction_event{ev::request_received{}},
                                              transaction_event{ev::ack_received{}}}) {
                const auto out = (*s)(2ms, e);
                CHECK_ACTIONS(*s, out, dropped(drop_reason::not_for_this_kind));
            }
            CHECK(s->tx.state() == before);
        }
    }
}

TEST_CASE("§17.1.1: a status outside 100-699 is dropped{status_invalid}") {
    for (const int status : {-1, 0, 1, 99, 700, 999, 1000}) {
        scenario idle(false);
        auto out = idle(0ms, resp(status));
        CHECK_ACTIONS(idle, out, dropped(drop_reason::status_invalid));
        auto s = calling(false);
        out = s(1ms, resp(status));
        CHECK_ACTIONS(s, out, dropped(drop_reason::status_invalid));
        CHECK(s.tx.state() == client_invite_state::calling);
    }
}

TEST_CASE("§17.1.1: a timer that is not armed is dropped{stale_timer}") {
    scenario idle(false);
    auto out = idle(0ms, fires(A));
    CHECK_ACTIONS(idle, out, dropped(drop_reason::stale_timer));

    auto s = calling(false);
    for (const auto t : {D, M, transaction_timer::e, transaction_timer::g, transaction_timer::k}) {
        out = s(1ms, fires(t));
        CHECK_ACTIONS(s, out, dropped(drop_reason::stale_timer));
    }
    auto r = calling(true); // no Timer A over reliable transports
    out = r(500ms, fires(A));
    CHECK_ACTIONS(r, out, dropped(drop_reason::stale_timer));

    auto c = calling(false);
    c(600ms, resp(404));
    for (const auto t : {A, B, M}) {
        out = c(32s, fires(t));
        CHECK_ACTIONS(c, out, dropped(drop_reason::stale_timer));
    }
    CHECK(c.tx.state() == client_invite_state::completed);
}

TEST_CASE("§17.1.1: events with no arrow in the state are dropped{not_in_this_state}") {
    scenario idle(false);
    auto out = idle(0ms, resp(200));
    CHECK_ACTIONS(idle, out, dropped(drop_reason::not_in_this_state));
    out = idle(0ms, ev::transport_error{});
    CHECK_ACTIONS(idle, out, dropped(drop_reason::not_in_this_state));
    CHECK(idle.tx.state() == client_invite_state::idle);

    auto s = calling(false);
    out = s(1ms, ev::tu_request{}); // the INVITE starts the transaction only once
    CHECK_ACTIONS(s, out, dropped(drop_reason::not_in_this_state));
    CHECK(s.tx.deadline(A) == at(500ms));
}

TEST_CASE("§17.1.1: a copy evolves independently of the original") {
    auto s = calling(false);
    auto copy = s.tx;
    s(100ms, resp(180));
    CHECK(s.tx.state() == client_invite_state::proceeding);
    CHECK(copy.state() == client_invite_state::calling);
    const auto out = copy.handle(fires(A), at(500ms));
    CHECK(out.contains(ac::send_request{}));
    CHECK(copy.deadline(A) == at(1500ms));
}
