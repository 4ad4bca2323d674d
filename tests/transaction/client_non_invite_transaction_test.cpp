// The non-INVITE client transaction, arrow by arrow: RFC 3261 §17.1.2 (Figure 6), and what
// RFC 4320 leaves to the client. Each scenario prints its ladder diagram when it fails.
#include <sipkit/transaction/client_non_invite_transaction.hpp>

#include <catch2/catch.hpp>

#include "../support/transaction_trace.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

using namespace std::chrono_literals;
using sipkit::client_non_invite_state;
using sipkit::client_non_invite_transaction;
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

constexpr auto E = transaction_timer::e;
constexpr auto F = transaction_timer::f;
constexpr auto K = transaction_timer::k;

using scenario = sipkit_test::scenario<client_non_invite_transaction>;
using sipkit_test::arm;
using sipkit_test::cancel;
using sipkit_test::fires;
using sipkit_test::pass;
using sipkit_test::resp;

ac::dropped dropped(drop_reason r) {
    return ac::dropped{r};
}

// Runs the transaction into Trying at t = 0.
scenario trying(bool reliable, timer_config config = {}) {
    scenario s(reliable, config);
    s(0ms, ev::tu_request{});
    return s;
}

// Fires Timer E at each of its deadlines up to `until` (inclusive); returns the instants.
std::vector<ms> fire_e_until(scenario& s, ms until) {
    std::vector<ms> instants;
    while (const auto d = s.tx.deadline(E)) {
        const auto now = std::chrono::duration_cast<ms>(d->time_since_epoch());
        if (now > until) {
            break;
        }
        s(now, fires(E));
        instants.push_back(now);
    }
    return instants;
}

} // namespace

// ---- the type ------------------------------------------------------------------------------

TEST_CASE("§17.1.2 client_non_invite_transaction is a small, copyable, noexcept value type") {
    STATIC_REQUIRE(sizeof(client_non_invite_transaction) <= 96);
    STATIC_REQUIRE(std::is_trivially_copyable_v<client_non_invite_transaction>);
    STATIC_REQUIRE(std::is_nothrow_copy_constructible_v<client_non_invite_transaction>);
    STATIC_REQUIRE(noexcept(std::declval<client_non_invite_transaction&>().handle(
        std::declval<const transaction_event&>(), std::declval<sipkit::clock::time_point>())));
    STATIC_REQUIRE(!std::is_default_constructible_v<client_non_invite_transaction>);
    STATIC_REQUIRE(!std::is_convertible_v<bool, client_non_invite_transaction>);
}

TEST_CASE("§17.1.2 the state machine runs at compile time") {
    constexpr auto final_state = [] {
        client_non_invite_transaction tx(true);
        tx.handle(ev::tu_request{}, sipkit::clock::time_point{});
        tx.handle(ev::response_received{200}, sipkit::clock::time_point{} + 100ms);
        return tx.state();
    }();
    STATIC_REQUIRE(final_state == client_non_invite_state::terminated);
}

TEST_CASE("§17.1.2 idle before the request from the TU (not a state of Figure 6)") {
    const client_non_invite_transaction tx(true, timer_config{1000ms, 8000ms, 5000ms});
    CHECK(tx.state() == client_non_invite_state::idle);
    CHECK_FALSE(tx.terminated());
    CHECK(tx.reliable());
    CHECK(tx.config() == timer_config{1000ms, 8000ms, 5000ms});
    CHECK_FALSE(tx.next_deadline());
    CHECK(std::string(sipkit::to_string(client_non_invite_state::trying)) == "Trying");
}

// ---- Trying: Timers E and F ------------------------------------------------------------------

TEST_CASE("Figure 6 §17.1.2.2: Request from TU sends it, arms E = T1 and F = 64*T1 (unreliable)") {
    scenario s(false);
    const auto out = s(0ms, ev::tu_request{});
    CHECK_ACTIONS(s, out, ac::send_request{}, arm(E, 500ms), arm(F, 32s));
    CHECK(s.tx.state() == client_non_invite_state::trying);
    CHECK(s.tx.next_deadline() == at(500ms));
}

TEST_CASE("Figure 6 §17.1.2.2: over a reliable transport Timer E is not armed, F is 64*T1") {
    scenario s(true);
    const auto out = s(2s, ev::tu_request{});
    CHECK_ACTIONS(s, out, ac::send_request{}, arm(F, 34s));
    CHECK_FALSE(s.tx.deadline(E));
}

TEST_CASE("Figure 6 §17.1.2.2: Timer E doubles from T1 to T2 while Trying, then Timer F at 32 s") {
    auto s = trying(false);
    // Intervals 0.5, 1, 2, 4, 4, 4 ... s: retransmissions at 0.5, 1.5, 3.5, 7.5, 11.5, ... 31.5 s.
    const std::vector<ms> expected{500ms,   1500ms,  3500ms,  7500ms,  11500ms,
                                   15500ms, 19500ms, 23500ms, 27500ms, 31500ms};
    ms previous = 0ms;
    ms interval = 500ms;
    for (const ms now : expected) {
        CHECK(now - previous == interval);
        const auto out = s(now, fires(E));
        interval = std::min(2 * interval, ms{4000});
        CHECK_ACTIONS(s, out, ac::send_request{}, arm(E, now + interval));
        CHECK(s.tx.state() == client_non_invite_state::trying);
        previous = now;
    }
    CHECK(s.tx.deadline(E) == at(35500ms));
    CHECK(s.tx.next_deadline() == at(32s));
    const auto out = s(32s, fires(F));
    CHECK_ACTIONS(s, out, cancel(E), ac::report_timeout{F}, ac::terminated{});
    CHECK(s.tx.terminated());
    CHECK_FALSE(s.tx.next_deadline());
}

TEST_CASE("Figure 6 §17.1.2.2: Timer E with a non-default T1 = 200 ms, T2 = 1 s; F = 12.8 s") {
    auto s = trying(false, timer_config{200ms, 1000ms, 2000ms});
    CHECK(s.tx.deadline(F) == at(12800ms));
    const auto instants = fire_e_until(s, 3000ms);
    // Intervals 0.2, 0.4, 0.8, then capped at 1 s.
    CHECK(instants == std::vector<ms>{200ms, 600ms, 1400ms, 2400ms});
    CHECK(s.tx.deadline(E) == at(3400ms));
}

TEST_CASE("Figure 6 §17.1.2.2: with T2 = T1, Timer E never grows") {
    auto s = trying(false, timer_config{1000ms, 1000ms, 5000ms});
    const auto instants = fire_e_until(s, 5000ms);
    CHECK(instants == std::vector<ms>{1s, 2s, 3s, 4s, 5s});
}

TEST_CASE("Figure 6 §17.1.2.2: Timer F over a reliable transport: timeout to TU, Terminated") {
    auto s = trying(true);
    const auto out = s(32s, fires(F));
    CHECK_ACTIONS(s, out, ac::report_timeout{F}, ac::terminated{});
    CHECK(s.tx.terminated());
}

TEST_CASE("§17.1.2.2: a late Timer E is re-armed from the instant it fired") {
    auto s = trying(false);
    const auto out = s(800ms, fires(E));
    CHECK_ACTIONS(s, out, ac::send_request{}, arm(E, 1800ms));
}

// ---- Proceeding ------------------------------------------------------------------------------

TEST_CASE("Figure 6 §17.1.2.2: 1xx in Trying goes to TU, Proceeding; E and F keep running") {
    auto s = trying(false);
    const auto out = s(100ms, resp(100));
    CHECK_ACTIONS(s, out, pass(100));
    CHECK(s.tx.state() == client_non_invite_state::proceeding);
    CHECK(s.tx.deadline(E) == at(500ms));
    CHECK(s.tx.deadline(F) == at(32s));
}

TEST_CASE("Figure 6 §17.1.2.2: in Proceeding Timer E fires at T2 intervals") {
    auto s = trying(false);
    s(100ms, resp(100));
    // E keeps the deadline it had in Trying (0.5 s); from then on it is reset to T2 = 4 s.
    const auto instants = fire_e_until(s, 20s);
    CHECK(instants == std::vector<ms>{500ms, 4500ms, 8500ms, 12500ms, 16500ms});
    CHECK(s.tx.deadline(E) == at(20500ms));
    CHECK(s.tx.state() == client_non_invite_state::proceeding);
}

TEST_CASE("Figure 6 §17.1.2.2: a 1xx after some retransmissions: E goes from its current "
          "interval straight to T2") {
    auto s = trying(false, timer_config{100ms, 2000ms, 1000ms});
    fire_e_until(s, 300ms); // 100, 300 ms; E due at 700 ms with interval 400 ms
    s(400ms, resp(180));
    const auto out = s(700ms, fires(E));
    CHECK_ACTIONS(s, out, ac::send_request{}, arm(E, 2700ms));
}

TEST_CASE("Figure 6 §17.1.2.2: 1xx in Proceeding goes to TU, stays in Proceeding") {
    auto s = trying(false);
    s(100ms, resp(100));
    for (const int status : {100, 180, 183, 199}) {
        const auto out = s(200ms, resp(status));
        CHECK_ACTIONS(s, out, pass(status));
        CHECK(s.tx.state() == client_non_invite_state::proceeding);
    }
}

TEST_CASE("Figure 6 §17.1.2.2: Timer F in Proceeding: timeout to TU, Terminated") {
    auto s = trying(false);
    s(100ms, resp(100));
    fire_e_until(s, 31s);
    const auto out = s(32s, fires(F));
    CHECK_ACTIONS(s, out, cancel(E), ac::report_timeout{F}, ac::terminated{});
}

// ---- Completed -------------------------------------------------------------------------------

TEST_CASE("Figure 6 §17.1.2.2: 200-699 in Trying: to TU, Completed, K = T4 (unreliable)") {
    for (const int status : {200, 202, 299, 301, 401, 404, 408, 481, 500, 503, 603, 699}) {
        auto s = trying(false);
        const auto out = s(300ms, resp(status));
        CHECK_ACTIONS(s, out, cancel(E), cancel(F), pass(status), arm(K, 5300ms));
        CHECK(s.tx.state() == client_non_invite_state::completed);
        CHECK(s.tx.next_deadline() == at(5300ms));
    }
}

TEST_CASE("Figure 6 §17.1.2.2: 200-699 in Proceeding: to TU, Completed, K = T4") {
    auto s = trying(false, timer_config{500ms, 4000ms, 2500ms});
    s(100ms, resp(100));
    const auto out = s(1s, resp(200));
    CHECK_ACTIONS(s, out, cancel(E), cancel(F), pass(200), arm(K, 3500ms));
    CHECK(s.tx.state() == client_non_invite_state::completed);
}

TEST_CASE("Figure 6 §17.1.2.2: Timer K = 0 over reliable transports: to TU, Terminated") {
    auto s = trying(true);
    auto out = s(300ms, resp(200));
    CHECK_ACTIONS(s, out, cancel(F), pass(200), ac::terminated{});
    CHECK(s.tx.terminated());

    auto p = trying(true);
    p(100ms, resp(100));
    out = p(300ms, resp(486));
    CHECK_ACTIONS(p, out, cancel(F), pass(486), ac::terminated{});
}

TEST_CASE("Figure 6 §17.1.2.2: 200-699 retransmissions in Completed are absorbed (empty list); "
          "Timer K -> Terminated") {
    auto s = trying(false);
    s(300ms, resp(200));
    for (const int status : {200, 200, 404, 699}) {
        const auto out = s(1s, resp(status));
        CHECK_ACTIONS(s, out);
        CHECK(out.empty());
        CHECK(s.tx.state() == client_non_invite_state::completed);
    }
    const auto out = s(5300ms, fires(K));
    CHECK_ACTIONS(s, out, ac::terminated{});
    CHECK(s.tx.terminated());
}

TEST_CASE("Figure 6 §17.1.2.2: no arrow in Completed for a 1xx or a transport error") {
    auto s = trying(false);
    s(300ms, resp(200));
    auto out = s(1s, resp(100));
    CHECK_ACTIONS(s, out, dropped(drop_reason::not_in_this_state));
    out = s(1s, resp(180));
    CHECK_ACTIONS(s, out, dropped(drop_reason::not_in_this_state));
    out = s(1s, ev::transport_error{});
    CHECK_ACTIONS(s, out, dropped(drop_reason::not_in_this_state));
    CHECK(s.tx.state() == client_non_invite_state::completed);
    CHECK(s.tx.deadline(K) == at(5300ms));
}

// ---- transport errors ------------------------------------------------------------------------

TEST_CASE("Figure 6 §17.1.2.2: transport error in Trying: inform TU, Terminated") {
    auto s = trying(false);
    auto out = s(10ms, ev::transport_error{});
    CHECK_ACTIONS(s, out, cancel(E), cancel(F), ac::report_transport_error{}, ac::terminated{});
    CHECK(s.tx.terminated());

    auto r = trying(true);
    out = r(10ms, ev::transport_error{});
    CHECK_ACTIONS(r, out, cancel(F), ac::report_transport_error{}, ac::terminated{});
}

TEST_CASE("Figure 6 §17.1.2.2: transport error in Proceeding: inform TU, Terminated") {
    auto s = trying(false);
    s(10ms, resp(100));
    const auto out = s(20ms, ev::transport_error{});
    CHECK_ACTIONS(s, out, cancel(E), cancel(F), ac::report_transport_error{}, ac::terminated{});
}

// ---- RFC 4320 --------------------------------------------------------------------------------

TEST_CASE("RFC 4320 §4.1, §4.2: the client still passes a non-100 provisional and a 408 to TU") {
    // RFC 4320 restricts what servers send (only 100, and no 408, to non-INVITE requests); a
    // client receiving them from an older element treats them as RFC 3261 says.
    auto s = trying(false);
    auto out = s(100ms, resp(180));
    CHECK_ACTIONS(s, out, pass(180));
    out = s(200ms, resp(408));
    CHECK_ACTIONS(s, out, cancel(E), cancel(F), pass(408), arm(K, 5200ms));
}

// ---- drop reasons ----------------------------------------------------------------------------

TEST_CASE("§17.1.2: after Terminated every event is dropped{terminated}") {
    auto s = trying(true);
    s(100ms, resp(200));
    REQUIRE(s.tx.terminated());
    const std::array<transaction_event, 9> events{ev::tu_request{},
                                                  ev::tu_response{200},
                                                  ev::request_received{},
                                                  ev::ack_received{},
                                                  ev::response_received{200},
                                                  ev::response_received{700},
                                                  fires(F),
                                                  fires(K),
                                                  ev::transport_error{}};
    for (const auto& e : events) {
        const auto out = s(1s, e);
        CHECK_ACTIONS(s, out, dropped(drop_reason::terminated));
    }
}

TEST_CASE("§17.1.2: server events are dropped{not_for_this_kind} in every state") {
    scenario idle(false);
    auto trying_tx = trying(false);
    auto proceeding_tx = trying(false);
    proceeding_tx(1ms, resp(100));
    auto completed_tx = trying(false);
    completed_tx(1ms, resp(200));
    for (auto* s : {&idle, &trying_tx, &proceeding_tx, &completed_tx}) {
        const auto before = s->tx.state();
        for (const transaction_event e :
             {transaction_event{ev::tu_response{200}}, transaction_event{ev::request_received{}},
              transaction_event{ev::ack_received{}}}) {
            const auto out = (*s)(2ms, e);
            CHECK_ACTIONS(*s, out, dropped(drop_reason::not_for_this_kind));
        }
        CHECK(s->tx.state() == before);
    }
}

TEST_CASE("§17.1.2: a status outside 100-699 is dropped{status_invalid}") {
    for (const int status : {-100, 0, 99, 700, 1000}) {
        scenario idle(false);
        auto out = idle(0ms, resp(status));
        CHECK_ACTIONS(idle, out, dropped(drop_reason::status_invalid));
        auto s = trying(false);
        s(1ms, resp(200));
        out = s(2ms, resp(status)); // not absorbed as a retransmission either
        CHECK_ACTIONS(s, out, dropped(drop_reason::status_invalid));
    }
}

TEST_CASE("§17.1.2: a timer that is not armed is dropped{stale_timer}") {
    scenario idle(false);
    auto out = idle(0ms, fires(E));
    CHECK_ACTIONS(idle, out, dropped(drop_reason::stale_timer));

    auto s = trying(false);
    for (const auto t : {K, transaction_timer::a, transaction_timer::b, transaction_timer::j}) {
        out = s(1ms, fires(t));
        CHECK_ACTIONS(s, out, dropped(drop_reason::stale_timer));
    }
    auto r = trying(true); // no Timer E over reliable transports
    out = r(500ms, fires(E));
    CHECK_ACTIONS(r, out, dropped(drop_reason::stale_timer));

    auto c = trying(false);
    c(100ms, resp(200));
    for (const auto t : {E, F}) {
        out = c(600ms, fires(t));
        CHECK_ACTIONS(c, out, dropped(drop_reason::stale_timer));
    }
    CHECK(c.tx.state() == client_non_invite_state::completed);
}

TEST_CASE("§17.1.2: events with no arrow in the state are dropped{not_in_this_state}") {
    scenario idle(false);
    auto out = idle(0ms, resp(200));
    CHECK_ACTIONS(idle, out, dropped(drop_reason::not_in_this_state));
    out = idle(0ms, ev::transport_error{});
    CHECK_ACTIONS(idle, out, dropped(drop_reason::not_in_this_state));

    auto s = trying(false);
    out = s(1ms, ev::tu_request{});
    CHECK_ACTIONS(s, out, dropped(drop_reason::not_in_this_state));
    CHECK(s.tx.deadline(E) == at(500ms));
}

TEST_CASE("§17.1.2: a copy evolves independently of the original") {
    auto s = trying(false);
    auto copy = s.tx;
    s(100ms, resp(200));
    CHECK(s.tx.state() == client_non_invite_state::completed);
    CHECK(copy.state() == client_non_invite_state::trying);
    CHECK(copy.deadline(E) == at(500ms));
}
