// Properties of the two server transactions, checked with rapidcheck's stateful testing
// (rc::state) against models written from the figures: RFC 3261 Figure 7 as RFC 6026 §8.5–§8.8
// amends it, and Figure 8 with RFC 4320 §4.1, §4.2. For any sequence of events (messages, TU
// responses, transport errors, armed timers fired at their deadlines, stale timers) each
// transaction's actions equal its model's, only the actions its kind may produce occur, in the
// order cancel < send < pass/report < arm < terminated, and nothing but dropped{terminated}
// follows Terminated. From any reachable state, answering the TU (if it has not) and then only
// firing timers at their deadlines terminates the transaction within its RFC bound:
//   INVITE server:     Terminated <= t_final + 64*T1 + T4 (unreliable), t_final + 64*T1
//                      (reliable); exactly t_final + 64*T1 (Timers H, L) unless the ACK came,
//                      then exactly t_ack + T4 (Timer I) or t_ack (reliable).
//   non-INVITE server: Terminated == t_final + 64*T1 (unreliable, Timer J), t_final (reliable).
// where t_final is when the TU's first final response was sent. Before a final response neither
// machine has a timer: it waits for its TU (next_deadline() is empty).
// This file also holds the counting-allocator proof that handle() never allocates.
#include <sipkit/transaction/server_invite_transaction.hpp>
#include <sipkit/transaction/server_non_invite_transaction.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck.h>
#include <rapidcheck/catch.h>
#include <rapidcheck/state.h>

#include "../support/counting_allocator.hpp"
#include "../support/transaction_trace.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace {

using namespace std::chrono_literals;
using sipkit::clock;
using sipkit::drop_reason;
using sipkit::server_invite_state;
using sipkit::server_invite_transaction;
using sipkit::server_non_invite_state;
using sipkit::server_non_invite_transaction;
using sipkit::timer_config;
using sipkit::transaction_action;
using sipkit::transaction_action_list;
using sipkit::transaction_event;
using sipkit::transaction_timer;
using sipkit_test::describe;
using std::chrono::milliseconds;
namespace ev = sipkit::transaction_events;
namespace ac = sipkit::transaction_actions;

constexpr std::array<transaction_timer, 12> all_timers{
    transaction_timer::a, transaction_timer::b, transaction_timer::d, transaction_timer::e,
    transaction_timer::f, transaction_timer::g, transaction_timer::h, transaction_timer::i,
    transaction_timer::j, transaction_timer::k, transaction_timer::l, transaction_timer::m};

using timer_table = std::array<std::optional<clock::time_point>, 12>;

std::size_t index(transaction_timer t) {
    return static_cast<std::size_t>(t);
}

std::optional<clock::time_point> earliest(const timer_table& timers) {
    std::optional<clock::time_point> next;
    for (const auto& d : timers) {
        if (d && (!next || *d < *next)) {
            next = d;
        }
    }
    return next;
}

/// The first timer (in letter order) due at `when`.
std::optional<transaction_timer> due_at(const timer_table& timers, clock::time_point when) {
    for (const auto t : all_timers) {
        if (timers[index(t)] == when) {
            return t;
        }
    }
    return std::nullopt;
}

/// What an event is, for the models' tables.
enum class what { tu_request, tu_response, request, ack, response, timer, transport_error };

what kind_of(const transaction_event& e) {
    constexpr std::array<what, 7> kinds{
        what::tu_request, what::tu_response, what::request,        what::ack,
        what::response,   what::timer,       what::transport_error};
    return kinds[e.index()];
}

using actions = std::vector<transaction_action>;

std::string describe(const actions& list) {
    std::string out;
    for (const auto& a : list) {
        out += out.empty() ? "" : ", ";
        out += sipkit_test::describe(a);
    }
    return out.empty() ? "(nothing)" : out;
}

bool same(const transaction_action_list& got, const actions& expected) {
    return got.size() == expected.size() && std::equal(got.begin(), got.end(), expected.begin());
}

/// The order every action list keeps: cancel < send < pass/report < arm < terminated; a
/// `dropped` stands alone.
int rank(const transaction_action& a) {
    return std::visit(
        [](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, ac::cancel_timer>) {
                return 0;
            } else if constexpr (std::is_same_v<T, ac::send_request> ||
                                 std::is_same_v<T, ac::send_ack> ||
                                 std::is_same_v<T, ac::send_response> ||
                                 std::is_same_v<T, ac::send_trying>) {
                return 1;
            } else if constexpr (std::is_same_v<T, ac::arm_timer>) {
                return 3;
            } else if constexpr (std::is_same_v<T, ac::terminated>) {
                return 4;
            } else if constexpr (std::is_same_v<T, ac::dropped>) {
                return 5;
            } else {
                return 2;
            }
        },
        a);
}

bool well_ordered(const transaction_action_list& list) {
    for (std::size_t k = 1; k < list.size(); ++k) {
        const int before = rank(list[k - 1]);
        const int here = rank(list[k]);
        if (before > here || before >= 4 || here == 5) {
            return false; // out of order, something after terminated, or beside a dropped
        }
    }
    return true;
}

timer_config default_or_random_config() {
    if (*rc::gen::arbitrary<bool>()) {
        return timer_config{};
    }
    const auto t1 = milliseconds{*rc::gen::inRange(1, 21) * 50};
    const auto t2 = t1 + milliseconds{*rc::gen::inRange(0, 9) * 500};
    const auto t4 = milliseconds{*rc::gen::inRange(1, 21) * 500};
    return timer_config{t1, t2, t4};
}

// ---- the model of Figure 7 (RFC 3261 §17.2.1, RFC 6026 §8.5–§8.8) ----------------------------

struct invite_model {
    bool reliable = false;
    bool send_trying = true;
    timer_config config{};
    clock::time_point now{};
    server_invite_state state = server_invite_state::idle;
    bool tu_provisional = false; ///< the TU passed a 1xx: that is what a retransmission resends
    timer_table timers{};
    milliseconds g{};
    std::optional<clock::time_point> final_at;
    std::optional<clock::time_point> ack_at;
};

actions invite_step(invite_model& m, const transaction_event& e) {
    using S = server_invite_state;
    using T = transaction_timer;
    actions out;
    auto drop = [](drop_reason r) { return actions{ac::dropped{r}}; };
    auto arm = [&](T t, milliseconds d) {
        m.timers[index(t)] = m.now + d;
        out.push_back(ac::arm_timer{t, m.now + d});
    };
    auto cancel_all = [&] {
        for (const T t : {T::g, T::h, T::i, T::l}) {
            if (m.timers[index(t)]) {
                m.timers[index(t)].reset();
                out.push_back(ac::cancel_timer{t});
            }
        }
    };
    const auto t64 = 64 * m.config.t1;
    const what w = kind_of(e);
    if (m.state == S::terminated) {
        return drop(drop_reason::terminated);
    }
    if (w == what::tu_request || w == what::response) {
        return drop(drop_reason::not_for_this_kind);
    }
    const int status = w == what::tu_response ? std::get<ev::tu_response>(e).status : 0;
    if (w == what::tu_response && (status < 100 || status > 699)) {
        return drop(drop_reason::status_invalid);
    }
    if (w == what::timer) {
        const T t = std::get<ev::timer_fired>(e).timer;
        if (!m.timers[index(t)]) {
            return drop(drop_reason::stale_timer);
        }
        m.timers[index(t)].reset();
        if (t == T::g) { // Completed: resend, G = min(2G, T2)
            m.g = std::min(2 * m.g, m.config.t2);
            out.push_back(ac::send_response{});
            arm(T::g, m.g);
        } else { // H (inform the TU), I, L: Terminated
            cancel_all();
            if (t == T::h) {
                out.push_back(ac::report_timeout{T::h});
            }
            out.push_back(ac::terminated{});
            m.state = S::terminated;
        }
        return out;
    }
    switch (m.state) {
        case S::idle:
            if (w != what::request) {
                return drop(drop_reason::not_in_this_state);
            }
            if (m.send_trying) {
                out.push_back(ac::send_trying{});
            }
            out.push_back(ac::pass_request{});
            m.state = S::proceeding;
            return out;
        case S::proceeding:
            if (w == what::request) {
                if (m.tu_provisional) {
                    out.push_back(ac::send_response{});
                } else if (m.send_trying) {
                    out.push_back(ac::send_trying{});
                }
            } else if (w == what::tu_response) {
                out.push_back(ac::send_response{});
                if (status < 200) {
                    m.tu_provisional = true;
                } else if (status < 300) {
                    arm(T::l, t64);
                    m.state = S::accepted;
                    m.final_at = m.now;
                } else {
                    if (!m.reliable) {
                        m.g = m.config.t1;
                        arm(T::g, m.g);
                    }
                    arm(T::h, t64);
                    m.state = S::completed;
                    m.final_at = m.now;
                }
            } else if (w == what::transport_error) {
                out.push_back(ac::report_transport_error{});
            } else {
                return drop(drop_reason::not_in_this_state);
            }
            return out;
        case S::completed:
            if (w == what::request) {
                out.push_back(ac::send_response{});
            } else if (w == what::ack) {
                cancel_all();
                m.ack_at = m.now;
                if (m.reliable) {
                    out.push_back(ac::terminated{});
                    m.state = S::terminated;
                } else {
                    arm(T::i, m.config.t4);
                    m.state = S::confirmed;
                }
            } else if (w == what::transport_error) {
                out.push_back(ac::report_transport_error{});
            } else {
                return drop(drop_reason::not_in_this_state);
            }
            return out;
        case S::confirmed:
            return w == what::ack ? out : drop(drop_reason::not_in_this_state);
        case S::accepted:
            if (w == what::request) {
                return out;
            }
            if (w == what::tu_response && status >= 200 && status < 300) {
                out.push_back(ac::send_response{});
            } else if (w == what::ack) {
                out.push_back(ac::pass_ack{});
            } else if (w == what::transport_error) {
                out.push_back(ac::report_transport_error{});
            } else {
                return drop(drop_reason::not_in_this_state);
            }
            return out;
        case S::terminated:
            break;
    }
    return drop(drop_reason::terminated);
}

bool invite_may(const transaction_action& a) {
    using T = transaction_timer;
    auto ours = [](T t) { return t == T::g || t == T::h || t == T::i || t == T::l; };
    if (const auto* arm = std::get_if<ac::arm_timer>(&a)) {
        return ours(arm->timer);
    }
    if (const auto* cancel = std::get_if<ac::cancel_timer>(&a)) {
        return ours(cancel->timer);
    }
    if (const auto* timeout = std::get_if<ac::report_timeout>(&a)) {
        return timeout->timer == T::h;
    }
    return !std::holds_alternative<ac::send_request>(a) &&
           !std::holds_alternative<ac::send_ack>(a) &&
           !std::holds_alternative<ac::pass_response>(a);
}

/// The instants (after the final response) at which Timer G retransmits it: T1, then intervals
/// doubling to T2, for as long as Timer H (64*T1) runs. Closed form of §17.2.1.
std::vector<milliseconds> g_schedule(const timer_config& c) {
    std::vector<milliseconds> out;
    milliseconds interval = c.t1;
    for (milliseconds when = c.t1; when <= 64 * c.t1; when += interval) {
        out.push_back(when);
        interval = std::min(interval * 2, c.t2);
    }
    return out;
}

struct invite_traits {
    using model = invite_model;
    using machine = server_invite_transaction;
    static actions step(model& m, const transaction_event& e) { return invite_step(m, e); }
    static bool may(const transaction_action& a) { return invite_may(a); }
    static bool awaiting_tu(const model& m) {
        return m.state == server_invite_state::idle || m.state == server_invite_state::proceeding;
    }
    static int random_status() {
        return *rc::gen::weightedOneOf<int>({
            {8, rc::gen::inRange(100, 200)},
            {5, rc::gen::inRange(200, 300)},
            {6, rc::gen::inRange(300, 700)},
            {1, rc::gen::element(-1, 0, 99, 700, 1000)},
        });
    }
    static int random_final() {
        return *rc::gen::oneOf(rc::gen::inRange(200, 300), rc::gen::inRange(300, 700));
    }
    /// When a transaction in this model state terminates if only its timers fire.
    static clock::time_point termination(const model& m) {
        if (m.state == server_invite_state::confirmed) {
            return *m.ack_at + m.config.t4;
        }
        return *m.final_at + 64 * m.config.t1;
    }
    /// The RFC bound on that instant.
    static clock::time_point bound(const model& m) {
        return *m.final_at + 64 * m.config.t1 + (m.reliable ? 0ms : m.config.t4);
    }
    /// Instants worth hitting exactly: none beyond the timers' own deadlines.
    static std::vector<clock::time_point> landmarks(const model&) { return {}; }
    static void check_timer_instant(const model& m, transaction_timer t, clock::time_point when) {
        // §17.2.1: retransmissions exactly at final + T1, + 2*T1, ... (capped at T2)
        if (t == transaction_timer::g) {
            const auto s = g_schedule(m.config);
            const auto after = std::chrono::duration_cast<milliseconds>(when - *m.final_at);
            RC_ASSERT(std::find(s.begin(), s.end(), after) != s.end());
        }
    }
};

// ---- the model of Figure 8 (RFC 3261 §17.2.2) with RFC 4320 §4.1, §4.2 ------------------------

struct non_invite_model {
    bool reliable = false;
    timer_config config{};
    clock::time_point now{};
    server_non_invite_state state = server_non_invite_state::idle;
    clock::time_point started{};
    timer_table timers{};
    std::optional<clock::time_point> final_at;
};

/// RFC 4320 §4.1: when the client's Timer E (§17.1.2.2) is first reset to T2, counted from the
/// request: fire E at T1, 3*T1, 7*T1, ... until the next interval would be T2.
milliseconds e_reaches_t2(const timer_config& c) {
    if (c.t1 >= c.t2) {
        return 0ms; // E starts at T2
    }
    milliseconds fired_at{0};
    milliseconds interval = c.t1;
    while (true) {
        fired_at += interval; // E fires
        interval = std::min(2 * interval, c.t2);
        if (interval == c.t2) {
            return fired_at;
        }
    }
}

actions non_invite_step(non_invite_model& m, const transaction_event& e) {
    using S = server_non_invite_state;
    actions out;
    auto drop = [](drop_reason r) { return actions{ac::dropped{r}}; };
    const what w = kind_of(e);
    if (m.state == S::terminated) {
        return drop(drop_reason::terminated);
    }
    if (w == what::tu_request || w == what::response || w == what::ack) {
        return drop(drop_reason::not_for_this_kind);
    }
    const int status = w == what::tu_response ? std::get<ev::tu_response>(e).status : 0;
    if (w == what::tu_response && (status < 100 || status > 699)) {
        return drop(drop_reason::status_invalid);
    }
    auto terminate = [&] {
        if (m.timers[index(transaction_timer::j)]) {
            m.timers[index(transaction_timer::j)].reset();
            out.push_back(ac::cancel_timer{transaction_timer::j});
        }
        m.state = S::terminated;
    };
    if (w == what::timer) {
        const auto t = std::get<ev::timer_fired>(e).timer;
        if (!m.timers[index(t)]) {
            return drop(drop_reason::stale_timer);
        }
        m.timers[index(t)].reset(); // J in Completed
        terminate();
        out.push_back(ac::terminated{});
        return out;
    }
    const bool answering = m.state == S::trying || m.state == S::proceeding;
    switch (w) {
        case what::request:
            if (m.state == S::idle) {
                m.state = S::trying;
                m.started = m.now;
                out.push_back(ac::pass_request{});
            } else if (m.state != S::trying) {
                out.push_back(ac::send_response{});
            }
            return out;
        case what::tu_response:
            if (!answering) {
                return drop(drop_reason::not_in_this_state);
            }
            if (status == 408) {
                return drop(drop_reason::no_408_for_non_invite);
            }
            if (status >= 101 && status <= 199) {
                return drop(drop_reason::provisional_not_allowed);
            }
            if (status == 100 && !m.reliable && m.now < m.started + e_reaches_t2(m.config)) {
                return drop(drop_reason::trying_too_early);
            }
            out.push_back(ac::send_response{});
            if (status == 100) {
                m.state = S::proceeding;
            } else if (m.reliable) {
                m.final_at = m.now;
                terminate();
                out.push_back(ac::terminated{});
            } else {
                m.final_at = m.now;
                m.state = S::completed;
                m.timers[index(transaction_timer::j)] = m.now + 64 * m.config.t1;
                out.push_back(ac::arm_timer{transaction_timer::j, m.now + 64 * m.config.t1});
            }
            return out;
        case what::transport_error:
            if (m.state != S::proceeding && m.state != S::completed) {
                return drop(drop_reason::not_in_this_state);
            }
            terminate();
            out.push_back(ac::report_transport_error{});
            out.push_back(ac::terminated{});
            return out;
        default:
            break;
    }
    return drop(drop_reason::not_in_this_state);
}

bool non_invite_may(const transaction_action& a) {
    if (const auto* arm = std::get_if<ac::arm_timer>(&a)) {
        return arm->timer == transaction_timer::j;
    }
    if (const auto* cancel = std::get_if<ac::cancel_timer>(&a)) {
        return cancel->timer == transaction_timer::j;
    }
    return std::holds_alternative<ac::send_response>(a) ||
           std::holds_alternative<ac::pass_request>(a) ||
           std::holds_alternative<ac::report_transport_error>(a) ||
           std::holds_alternative<ac::terminated>(a) || std::holds_alternative<ac::dropped>(a);
}

struct non_invite_traits {
    using model = non_invite_model;
    using machine = server_non_invite_transaction;
    static actions step(model& m, const transaction_event& e) { return non_invite_step(m, e); }
    static bool may(const transaction_action& a) { return non_invite_may(a); }
    static bool awaiting_tu(const model& m) {
        return m.state == server_non_invite_state::idle ||
               m.state == server_non_invite_state::trying ||
               m.state == server_non_invite_state::proceeding;
    }
    static int random_status() {
        return *rc::gen::weightedOneOf<int>({
            {6, rc::gen::just(100)},
            {2, rc::gen::inRange(101, 200)},
            {2, rc::gen::just(408)},
            {8, rc::gen::inRange(200, 700)},
            {1, rc::gen::element(-1, 0, 99, 700, 1000)},
        });
    }
    static int random_final() {
        return *rc::gen::suchThat(rc::gen::inRange(200, 700), [](int s) { return s != 408; });
    }
    static clock::time_point termination(const model& m) {
        return *m.final_at + (m.reliable ? 0ms : 64 * m.config.t1);
    }
    static clock::time_point bound(const model& m) { return termination(m); }
    /// RFC 4320 §4.1: the last instant a 100 is too early over UDP, and the first it is not.
    static std::vector<clock::time_point> landmarks(const model& m) {
        if (m.state != server_non_invite_state::trying) {
            return {};
        }
        const auto allowed = m.started + e_reaches_t2(m.config);
        return {allowed - 1ms, allowed};
    }
    static void check_timer_instant(const model&, transaction_timer, clock::time_point) {}
};

// ---- the command: one random event at a random later instant ------------------------------------

template <class Traits>
struct event_command : rc::state::Command<typename Traits::model, typename Traits::machine> {
    using model = typename Traits::model;
    using machine = typename Traits::machine;

    transaction_event event = ev::request_received{};
    clock::time_point when{};
    bool due = false; ///< an armed timer fired at its deadline
    int answer = 200; ///< the final response the termination check answers with

    explicit event_command(const model& m) {
        answer = Traits::random_final();
        const auto next = earliest(m.timers);
        const int pick = *rc::gen::weightedOneOf<int>({
            {20, rc::gen::just(0)},            // request (retransmission)
            {25, rc::gen::just(1)},            // response from the TU
            {10, rc::gen::just(2)},            // ACK
            {next ? 30 : 0, rc::gen::just(3)}, // the next armed timer, at its deadline
            {4, rc::gen::just(4)},             // a timer that is not armed
            {2, rc::gen::just(5)},             // transport error
            {3, rc::gen::just(6)},             // never for a server
        });
        if (pick == 3) {
            due = true;
            when = *next;
            event = ev::timer_fired{*due_at(m.timers, *next)};
            return;
        }
        // Time moves on, but never past an armed timer: every timer fires at its deadline.
        when = m.now + milliseconds{*rc::gen::weightedOneOf<int>({
                           {3, rc::gen::just(0)},
                           {6, rc::gen::inRange(0, 1000)},
                           {2, rc::gen::inRange(1000, 8000)},
                       })};
        if (const auto marks = Traits::landmarks(m);
            !marks.empty() && *rc::gen::inRange(0, 4) == 0) {
            when = std::max(m.now, *rc::gen::elementOf(marks));
        }
        if (next && *next < when) {
            when = *next;
        }
        switch (pick) {
            case 0:
                event = ev::request_received{};
                break;
            case 1:
                event = ev::tu_response{Traits::random_status()};
                break;
            case 2:
                event = ev::ack_received{};
                break;
            case 4: {
                std::vector<transaction_timer> stale;
                for (const auto t : all_timers) {
                    if (!m.timers[index(t)]) {
                        stale.push_back(t);
                    }
                }
                event = ev::timer_fired{*rc::gen::elementOf(stale)};
                break;
            }
            case 5:
                event = ev::transport_error{};
                break;
            default:
                if (*rc::gen::arbitrary<bool>()) {
                    event = ev::tu_request{};
                } else {
                    event = ev::response_received{*rc::gen::inRange(100, 700)};
                }
                break;
        }
    }

    void apply(model& m) const override {
        m.now = when;
        Traits::step(m, event);
    }

    void run(const model& before, machine& tx) const override {
        model m = before;
        m.now = when;
        const auto expected = Traits::step(m, event);
        const bool was_terminated = tx.terminated();
        const auto got = tx.handle(event, when);

        RC_ASSERT(describe(got) == describe(expected));
        RC_ASSERT(same(got, expected));
        RC_ASSERT(well_ordered(got));
        RC_ASSERT(std::all_of(got.begin(), got.end(), Traits::may));
        if (was_terminated) {
            RC_ASSERT(describe(got) ==
                      "dropped: " + std::string(sipkit::to_string(drop_reason::terminated)));
        }
        if (due) {
            Traits::check_timer_instant(before, std::get<ev::timer_fired>(event).timer, when);
        }
        RC_ASSERT(tx.state() == m.state);
        RC_ASSERT(tx.terminated() == (m.state == decltype(m.state)::terminated));
        for (const auto t : all_timers) {
            RC_ASSERT(tx.deadline(t) == m.timers[index(t)]);
        }
        RC_ASSERT(tx.next_deadline() == earliest(m.timers));
        check_termination(tx, m);
    }

    /// From here, answer the TU (if it has not) and then fire only timers, at their deadlines:
    /// the transaction terminates exactly when the model says, within the RFC bound.
    void check_termination(machine tx, model m) const {
        if (tx.terminated()) {
            return;
        }
        if (Traits::awaiting_tu(m)) {
            // Waiting for the TU: no timer of the transaction's own runs.
            RC_ASSERT(!tx.next_deadline());
            for (const transaction_event& e : {transaction_event{ev::request_received{}},
                                               transaction_event{ev::tu_response{answer}}}) {
                if (Traits::awaiting_tu(m)) {
                    const auto expected = Traits::step(m, e);
                    RC_ASSERT(same(tx.handle(e, m.now), expected));
                }
            }
        }
        if (tx.terminated()) {
            RC_ASSERT(m.final_at);
            RC_ASSERT(m.now == Traits::termination(m)); // reliable: at once
            return;
        }
        const auto ends = Traits::termination(m);
        const auto bound = Traits::bound(m);
        RC_ASSERT(ends <= bound);
        for (int steps = 0; !tx.terminated(); ++steps) {
            RC_ASSERT(steps < 1000);
            const auto next = tx.next_deadline();
            RC_ASSERT(next.has_value());
            RC_ASSERT(*next <= ends);
            const auto t = *due_at(m.timers, *next);
            m.now = *next;
            const transaction_event fire = ev::timer_fired{t};
            Traits::check_timer_instant(m, t, *next);
            const auto expected = Traits::step(m, fire);
            RC_ASSERT(same(tx.handle(fire, *next), expected));
        }
        RC_ASSERT(m.now == ends);
    }

    void show(std::ostream& os) const override {
        os << sipkit_test::ms_since_epoch(when) << "ms " << sipkit_test::describe(event)
           << (due ? " (due)" : "");
    }
};

template <class Traits>
void check_machine(const typename Traits::model& initial) {
    typename Traits::machine tx = [&] {
        if constexpr (std::is_same_v<Traits, invite_traits>) {
            return server_invite_transaction(initial.reliable, initial.config, initial.send_trying);
        } else {
            return server_non_invite_transaction(initial.reliable, initial.config);
        }
    }();
    rc::state::check(initial, tx, rc::state::gen::execOneOfWithArgs<event_command<Traits>>());
    RC_TAG(sipkit::to_string(tx.state()), initial.reliable ? "reliable" : "unreliable");
}

} // namespace

TEST_CASE("Figure 7 §17.2.1, RFC 6026 §8.5–§8.8: the INVITE server transaction follows its model") {
    rc::prop("any event sequence: the model's actions, allowed actions only, timers at their "
             "RFC instants, termination within t_final + 64*T1 + T4",
             [] {
                 invite_model m;
                 m.reliable = *rc::gen::arbitrary<bool>();
                 m.send_trying = *rc::gen::arbitrary<bool>();
                 m.config = default_or_random_config();
                 m.now = sipkit_test::at(milliseconds{*rc::gen::inRange(0, 100000)});
                 check_machine<invite_traits>(m);
             });
}

TEST_CASE("Figure 8 §17.2.2, RFC 4320 §4.1, §4.2: the non-INVITE server transaction follows its "
          "model") {
    rc::prop("any event sequence: the model's actions, allowed actions only, RFC 4320's rules, "
             "termination within t_final + 64*T1",
             [] {
                 non_invite_model m;
                 m.reliable = *rc::gen::arbitrary<bool>();
                 m.config = default_or_random_config();
                 m.now = sipkit_test::at(milliseconds{*rc::gen::inRange(0, 100000)});
                 check_machine<non_invite_traits>(m);
             });
}

TEST_CASE("Table 4 §17.2.1, §17.2.2, RFC 6026 §8.7: Timers G/H/I/J/L each at the RFC value, on "
          "both transports") {
    rc::prop("G = T1 (unreliable only) then min(2G, T2), H = L = 64*T1, I = T4 (unreliable; zero "
             "on reliable), J = 64*T1 (unreliable; zero on reliable)",
             [] {
                 const bool reliable = *rc::gen::arbitrary<bool>();
                 const auto c = default_or_random_config();
                 const auto t0 = sipkit_test::at(milliseconds{*rc::gen::inRange(0, 100000)});
                 const auto g = transaction_timer::g;
                 {
                     server_invite_transaction tx(reliable, c);
                     tx.handle(ev::request_received{}, t0);
                     tx.handle(ev::tu_response{*rc::gen::inRange(300, 700)}, t0);
                     RC_ASSERT(tx.deadline(transaction_timer::h) == t0 + 64 * c.t1);
                     if (reliable) {
                         RC_ASSERT(!tx.deadline(g));
                     } else {
                         auto interval = c.t1;
                         auto when = t0 + c.t1;
                         for (int k = 0; k < 8; ++k) {
                             RC_ASSERT(tx.deadline(g) == when);
                             tx.handle(ev::timer_fired{g}, when);
                             interval = std::min(2 * interval, c.t2);
                             when += interval;
                         }
                     }
                     const auto ack_at = t0 + c.t1 / 2;
                     tx.handle(ev::ack_received{}, ack_at);
                     if (reliable) {
                         RC_ASSERT(tx.terminated());
                     } else {
                         RC_ASSERT(tx.deadline(transaction_timer::i) == ack_at + c.t4);
                     }
                 }
                 {
                     server_invite_transaction tx(reliable, c);
                     tx.handle(ev::request_received{}, t0);
                     tx.handle(ev::tu_response{*rc::gen::inRange(200, 300)}, t0);
                     RC_ASSERT(tx.deadline(transaction_timer::l) == t0 + 64 * c.t1);
                 }
                 {
                     server_non_invite_transaction tx(reliable, c);
                     tx.handle(ev::request_received{}, t0);
                     tx.handle(ev::tu_response{200}, t0);
                     if (reliable) {
                         RC_ASSERT(tx.terminated());
                     } else {
                         RC_ASSERT(tx.deadline(transaction_timer::j) == t0 + 64 * c.t1);
                     }
                 }
                 // defaults, spelled out: G 500 ms, H = L = J = 32 s, I = 5 s
                 const timer_config d{};
                 RC_ASSERT(d.initial(g, false) == milliseconds{500});
                 RC_ASSERT(64 * d.t1 == milliseconds{32000});
                 RC_ASSERT(d.t4 == milliseconds{5000});
             });
}

TEST_CASE("RFC 4320 §4.1: the 100 delay is when the client's Timer E reaches T2, for any T1, T2") {
    rc::prop("trying_delay equals the instant E is first reset to T2", [] {
        const auto c = default_or_random_config();
        RC_ASSERT(server_non_invite_transaction::trying_delay(c) == e_reaches_t2(c));
    });
}

TEST_CASE("§17.2: handling an event never allocates, in any state of either server transaction") {
    // Build the events first: only handle() runs while allocations are counted.
    std::vector<transaction_event> events;
    for (int round = 0; round < 50; ++round) {
        for (const int status : {100, 180, 200, 408, 486, 0}) {
            events.emplace_back(ev::request_received{});
            events.emplace_back(ev::tu_response{status});
            events.emplace_back(ev::ack_received{});
            events.emplace_back(ev::transport_error{});
            for (const auto t : all_timers) {
                events.emplace_back(ev::timer_fired{t});
            }
        }
    }
    std::size_t handled = 0;
    const auto allocated = sipkit_test::allocations_during([&] {
        for (const bool reliable : {false, true}) {
            server_invite_transaction invite(reliable);
            server_non_invite_transaction non_invite(reliable);
            auto now = sipkit_test::at(0ms);
            for (const auto& e : events) {
                now += 700ms;
                handled += invite.handle(e, now).size();
                handled += non_invite.handle(e, now).size();
                if (invite.terminated()) {
                    invite = server_invite_transaction(reliable);
                }
                if (non_invite.terminated()) {
                    non_invite = server_non_invite_transaction(reliable);
                }
            }
        }
    });
    CHECK(handled > 0);
    CHECK(allocated == 0);
}
