// Properties of the two client transaction state machines (RFC 3261 §17.1.1 Figure 5 with
// RFC 6026 §8.4, and §17.1.2 Figure 6), checked with rapidcheck's stateful testing against
// models written from the figures: small tables here, not calls into the implementation.
//
// For any sequence of events (requests, responses of every class and invalid statuses, transport
// errors, server-only events, stale timers, time passing, and armed timers fired at their
// deadlines):
// - the actions, the state and every timer deadline equal the model's;
// - only client actions occur, in the order cancel < send < pass/report < arm < terminated, and a
//   `dropped` stands alone;
// - after `terminated`, every event gives exactly dropped{terminated};
// - retransmissions happen exactly at the RFC instants (Timer A: start + (2^n - 1)*T1; Timer E
//   while Trying: start + sum of min(2^i*T1, T2); in Proceeding: T2 apart);
// - handle() never allocates (this file replaces global operator new with a counting one);
// - firing only timers at their deadlines afterwards terminates the transaction within its RFC
//   bound:
//     INVITE:     by (first final response, or start + 64*T1 if none) + max(32 s, 64*T1); with no
//                 1xx: by start + 64*T1 + max(32 s, 64*T1). In Proceeding the transaction has no
//                 timer (§17.1.1.2: it waits for a final response; CANCEL is the TU's business)
//                 and stays there. At most 7 transmissions of the INVITE (1 + 6 Timer A).
//     non-INVITE: by start + 64*T1 + T4 (unreliable) or start + 64*T1 (reliable), whatever
//                 happens; at most 1 + #{Trying-schedule instants <= 64*T1} transmissions.
#include <sipkit/transaction/client_invite_transaction.hpp>
#include <sipkit/transaction/client_non_invite_transaction.hpp>

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
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <ostream>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace {

using namespace std::chrono_literals;
using ms = std::chrono::milliseconds;
using time_point = sipkit::clock::time_point;
using sipkit::drop_reason;
using sipkit::timer_config;
using sipkit::transaction_action;
using sipkit::transaction_action_list;
using sipkit::transaction_event;
using sipkit::transaction_timer;
namespace ac = sipkit::transaction_actions;
namespace ev = sipkit::transaction_events;

constexpr std::size_t timer_count = 12;
constexpr auto A = transaction_timer::a;
constexpr auto B = transaction_timer::b;
constexpr auto D = transaction_timer::d;
constexpr auto E = transaction_timer::e;
constexpr auto F = transaction_timer::f;
constexpr auto K = transaction_timer::k;
constexpr auto M = transaction_timer::m;

constexpr std::size_t index(transaction_timer t) {
    return static_cast<std::size_t>(t);
}

// ---- the model --------------------------------------------------------------------------------

/// The states of both figures: `calling` is Figure 6's Trying for a non-INVITE transaction.
enum class phase : std::uint8_t { idle, calling, proceeding, accepted, completed, terminated };

struct model {
    bool reliable = false;
    timer_config config{};
    phase state = phase::idle;
    std::array<std::optional<time_point>, timer_count> deadline{};
    ms interval{}; // the Timer A or E interval
    time_point now{};

    // What the bounds and retransmission checks need.
    std::optional<time_point> start;
    std::optional<time_point> exit_at; // when Calling/Trying or Proceeding was left
    std::optional<time_point> terminated_at;
    std::optional<time_point> last_retransmission;
    bool saw_provisional = false;
    int transmissions = 0;
    std::uint8_t visited = 0; // one bit per phase

    std::optional<time_point> earliest() const {
        std::optional<time_point> e;
        for (const auto& d : deadline) {
            if (d && (!e || *d < *e)) {
                e = d;
            }
        }
        return e;
    }
};

/// Builds the model's expected actions while it updates the model.
class expect {
public:
    explicit expect(model& m) : m_(m) {}

    std::vector<transaction_action> drop(drop_reason r) {
        out_.push_back(ac::dropped{r});
        return out_;
    }
    void cancel(std::initializer_list<transaction_timer> order) {
        for (const auto t : order) {
            if (m_.deadline[index(t)]) {
                out_.push_back(ac::cancel_timer{t});
                m_.deadline[index(t)].reset();
            }
        }
    }
    void arm(transaction_timer t, ms duration) {
        m_.deadline[index(t)] = m_.now + duration;
        out_.push_back(ac::arm_timer{t, m_.now + duration});
    }
    void send_request() {
        ++m_.transmissions;
        out_.push_back(ac::send_request{});
    }
    void push(const transaction_action& a) { out_.push_back(a); }
    void terminate() {
        out_.push_back(ac::terminated{});
        m_.state = phase::terminated;
        m_.terminated_at = m_.now;
    }
    std::vector<transaction_action> done() { return out_; }

private:
    model& m_;
    std::vector<transaction_action> out_;
};

bool server_event(const transaction_event& e) {
    return std::holds_alternative<ev::tu_response>(e) ||
           std::holds_alternative<ev::request_received>(e) ||
           std::holds_alternative<ev::ack_received>(e);
}

/// Figure 5 with RFC 6026's Accepted state, as a table of (state, event) -> actions.
struct invite_machine {
    using sut_type = sipkit::client_invite_transaction;

    static std::vector<transaction_action> table(model& m, const transaction_event& event) {
        expect x(m);
        const ms t1 = m.config.t1;
        const ms timer_b = 64 * t1;
        const ms timer_d = std::max(ms{32000}, 64 * t1); // unreliable only; 0 on reliable
        const ms timer_m = 64 * t1;
        if (m.state == phase::terminated) {
            return x.drop(drop_reason::terminated);
        }
        if (server_event(event)) {
            return x.drop(drop_reason::not_for_this_kind);
        }
        if (std::holds_alternative<ev::tu_request>(event)) {
            if (m.state != phase::idle) {
                return x.drop(drop_reason::not_in_this_state);
            }
            m.start = m.now;
            x.send_request();
            if (!m.reliable) {
                m.interval = t1;
                x.arm(A, t1);
            }
            x.arm(B, timer_b);
            m.state = phase::calling;
            return x.done();
        }
        if (const auto* r = std::get_if<ev::response_received>(&event)) {
            const int s = r->status;
            if (s < 100 || s > 699) {
                return x.drop(drop_reason::status_invalid);
            }
            switch (m.state) {
                case phase::calling:
                case phase::proceeding:
                    x.cancel({A, B});
                    if (s < 200) {
                        x.push(ac::pass_response{s});
                        m.state = phase::proceeding;
                        m.saw_provisional = true;
                    } else if (s < 300) {
                        x.push(ac::pass_response{s});
                        x.arm(M, timer_m);
                        m.state = phase::accepted;
                    } else {
                        x.push(ac::send_ack{});
                        x.push(ac::pass_response{s});
                        if (m.reliable) {
                            x.terminate();
                        } else {
                            x.arm(D, timer_d);
                            m.state = phase::completed;
                        }
                    }
                    return x.done();
                case phase::completed:
                    if (s >= 300) {
                        x.push(ac::send_ack{});
                        return x.done();
                    }
                    return x.drop(drop_reason::not_in_this_state);
                case phase::accepted:
                    if (s >= 200 && s < 300) {
                        x.push(ac::pass_response{s});
                        return x.done();
                    }
                    return x.drop(drop_reason::not_in_this_state);
                default:
                    return x.drop(drop_reason::not_in_this_state);
            }
        }
        if (const auto* f = std::get_if<ev::timer_fired>(&event)) {
            if (!m.deadline[index(f->timer)]) {
                return x.drop(drop_reason::stale_timer);
            }
            m.deadline[index(f->timer)].reset();
            switch (f->timer) {
                case transaction_timer::a:
                    x.send_request();
                    m.interval *= 2;
                    x.arm(A, m.interval);
                    break;
                case transaction_timer::b:
                    x.cancel({A, B, D, M});
                    x.push(ac::report_timeout{B});
                    x.terminate();
                    break;
                default: // D in Completed, M in Accepted
                    x.cancel({A, B, D, M});
                    x.terminate();
                    break;
            }
            return x.done();
        }
        // transport error
        if (m.state == phase::calling || m.state == phase::proceeding ||
            m.state == phase::completed) {
            x.cancel({A, B, D, M});
            x.push(ac::report_transport_error{});
            x.terminate();
            return x.done();
        }
        return x.drop(drop_reason::not_in_this_state);
    }

    static std::string state_name(phase p) {
        constexpr std::array<const char*, 6> names{"Idle",     "Calling",   "Proceeding",
                                                   "Accepted", "Completed", "Terminated"};
        return names[static_cast<std::size_t>(p)];
    }

    /// In Proceeding the INVITE client transaction has no timer and waits for a final response.
    static bool waits_without_timer(const model& m) { return m.state == phase::proceeding; }

    static void check_bounds(const model& m) {
        const ms t1 = m.config.t1;
        const ms timer_d = std::max(ms{32000}, 64 * t1);
        RC_ASSERT(m.terminated_at.has_value());
        RC_ASSERT(m.exit_at.has_value());
        // Accepted lasts 64*T1, Completed max(32 s, 64*T1) (0 on reliable transports).
        RC_ASSERT(*m.terminated_at <= *m.exit_at + timer_d);
        if (!m.saw_provisional) {
            // Calling ends by Timer B.
            RC_ASSERT(*m.exit_at <= *m.start + 64 * t1);
            RC_ASSERT(*m.terminated_at <= *m.start + 64 * t1 + timer_d);
        }
        RC_ASSERT(m.transmissions <= 7);
    }

    /// §17.1.1.2: the n-th retransmission (Timer A) is at start + (2^n - 1)*T1.
    static void check_retransmission(const model& after, time_point now) {
        const auto n = after.transmissions - 1;
        RC_ASSERT(n >= 1);
        RC_ASSERT(n <= 6);
        RC_ASSERT(now == *after.start + ((1 << n) - 1) * after.config.t1);
    }
};

/// Figure 6 as a table of (state, event) -> actions.
struct non_invite_machine {
    using sut_type = sipkit::client_non_invite_transaction;

    static std::vector<transaction_action> table(model& m, const transaction_event& event) {
        expect x(m);
        const ms t1 = m.config.t1;
        if (m.state == phase::terminated) {
            return x.drop(drop_reason::terminated);
        }
        if (server_event(event)) {
            return x.drop(drop_reason::not_for_this_kind);
        }
        if (std::holds_alternative<ev::tu_request>(event)) {
            if (m.state != phase::idle) {
                return x.drop(drop_reason::not_in_this_state);
            }
            m.start = m.now;
            x.send_request();
            if (!m.reliable) {
                m.interval = t1;
                x.arm(E, t1);
            }
            x.arm(F, 64 * t1);
            m.state = phase::calling; // Trying
            return x.done();
        }
        if (const auto* r = std::get_if<ev::response_received>(&event)) {
            const int s = r->status;
            if (s < 100 || s > 699) {
                return x.drop(drop_reason::status_invalid);
            }
            switch (m.state) {
                case phase::calling:
                case phase::proceeding:
                    if (s < 200) {
                        x.push(ac::pass_response{s});
                        m.state = phase::proceeding;
                        m.saw_provisional = true;
                        return x.done();
                    }
                    x.cancel({E, F});
                    x.push(ac::pass_response{s});
                    if (m.reliable) {
                        x.terminate();
                    } else {
                        x.arm(K, m.config.t4);
                        m.state = phase::completed;
                    }
                    return x.done();
                case phase::completed:
                    if (s >= 200) {
                        return x.done(); // absorbed: "200-699 / -"
                    }
                    return x.drop(drop_reason::not_in_this_state);
                default:
                    return x.drop(drop_reason::not_in_this_state);
            }
        }
        if (const auto* fired = std::get_if<ev::timer_fired>(&event)) {
            if (!m.deadline[index(fired->timer)]) {
                return x.drop(drop_reason::stale_timer);
            }
            m.deadline[index(fired->timer)].reset();
            switch (fired->timer) {
                case transaction_timer::e:
                    x.send_request();
                    m.interval = m.state == phase::calling ? std::min(2 * m.interval, m.config.t2)
                                                           : m.config.t2;
                    x.arm(E, m.interval);
                    break;
                case transaction_timer::f:
                    x.cancel({E, F, K});
                    x.push(ac::report_timeout{F});
                    x.terminate();
                    break;
                default: // K in Completed
                    x.cancel({E, F, K});
                    x.terminate();
                    break;
            }
            return x.done();
        }
        // transport error
        if (m.state == phase::calling || m.state == phase::proceeding) {
            x.cancel({E, F, K});
            x.push(ac::report_transport_error{});
            x.terminate();
            return x.done();
        }
        return x.drop(drop_reason::not_in_this_state);
    }

    static std::string state_name(phase p) {
        constexpr std::array<const char*, 6> names{"Idle",     "Trying",    "Proceeding",
                                                   "Accepted", "Completed", "Terminated"};
        return names[static_cast<std::size_t>(p)];
    }

    static bool waits_without_timer(const model&) { return false; }

    /// The instants of Timer E while Trying: T1, then intervals doubling up to T2.
    static std::vector<time_point> trying_schedule(const model& m, time_point until) {
        std::vector<time_point> out;
        ms interval = m.config.t1;
        time_point t = *m.start + interval;
        while (t <= until) {
            out.push_back(t);
            interval = std::min(2 * interval, m.config.t2);
            t += interval;
        }
        return out;
    }

    static void check_bounds(const model& m) {
        const ms t1 = m.config.t1;
        const ms k = m.reliable ? ms{0} : m.config.t4;
        RC_ASSERT(m.terminated_at.has_value());
        RC_ASSERT(m.exit_at.has_value());
        // Timer F bounds Trying and Proceeding, 1xx or not; Completed lasts T4 (0 if reliable).
        RC_ASSERT(*m.exit_at <= *m.start + 64 * t1);
        RC_ASSERT(*m.terminated_at <= *m.exit_at + k);
        RC_ASSERT(*m.terminated_at <= *m.start + 64 * t1 + k);
        const auto most = 1 + trying_schedule(m, *m.start + 64 * t1).size();
        RC_ASSERT(static_cast<std::size_t>(m.transmissions) <= most);
    }

    /// §17.1.2.2: while Trying, the n-th retransmission is at start + sum of min(2^i*T1, T2);
    /// in Proceeding, after the first, T2 after the previous one.
    static void check_retransmission(const model& before, time_point now) {
        if (before.state == phase::calling) {
            const auto schedule = trying_schedule(before, now);
            RC_ASSERT(!schedule.empty());
            RC_ASSERT(schedule.back() == now);
            RC_ASSERT(schedule.size() == static_cast<std::size_t>(before.transmissions));
        } else if (before.last_retransmission && before.state == phase::proceeding &&
                   before.interval == before.config.t2) {
            RC_ASSERT(now - *before.last_retransmission == before.config.t2);
        }
    }
};

/// One event through the model's table, plus the bookkeeping the bounds need.
template <class Machine>
std::vector<transaction_action> step(model& m, const transaction_event& event) {
    const auto before = m.state;
    auto actions = Machine::table(m, event);
    m.visited = static_cast<std::uint8_t>(m.visited | 1u << static_cast<unsigned>(m.state));
    const auto active = [](phase p) { return p == phase::calling || p == phase::proceeding; };
    if (active(before) && !active(m.state)) {
        m.exit_at = m.now;
    }
    if (std::holds_alternative<ev::timer_fired>(event) &&
        std::find(actions.begin(), actions.end(), transaction_action{ac::send_request{}}) !=
            actions.end()) {
        m.last_retransmission = m.now;
    }
    return actions;
}

// ---- checking one event against the model ----------------------------------------------------

std::string describe(const std::vector<transaction_action>& actions) {
    transaction_action_list list;
    for (const auto& a : actions) {
        list.push_back(a);
    }
    return sipkit_test::describe(list);
}

/// The order every action list follows: cancel < send < pass/report < arm < terminated.
int rank(const transaction_action& a) {
    if (std::holds_alternative<ac::cancel_timer>(a)) {
        return 0;
    }
    if (std::holds_alternative<ac::send_request>(a) || std::holds_alternative<ac::send_ack>(a)) {
        return 1;
    }
    if (std::holds_alternative<ac::pass_response>(a) ||
        std::holds_alternative<ac::report_timeout>(a) ||
        std::holds_alternative<ac::report_transport_error>(a)) {
        return 2;
    }
    if (std::holds_alternative<ac::arm_timer>(a)) {
        return 3;
    }
    if (std::holds_alternative<ac::terminated>(a)) {
        return 4;
    }
    if (std::holds_alternative<ac::dropped>(a)) {
        return 5;
    }
    return -1; // a server action: never allowed at a client
}

void check_shape(const transaction_action_list& actions) {
    int previous = 0;
    for (const auto& a : actions) {
        const int r = rank(a);
        RC_ASSERT(r >= 0);
        RC_ASSERT(r >= previous);
        if (r == 5) {
            RC_ASSERT(actions.size() == 1u);
        }
        previous = r;
    }
}

/// Feeds `e` at `now` to the transaction and to the model; checks they agree.
template <class Machine>
model check_event(const model& before, typename Machine::sut_type& sut, const transaction_event& e,
                  time_point now) {
    model after = before;
    after.now = now;
    const auto expected = step<Machine>(after, e);

    transaction_action_list actual;
    const auto allocations = sipkit_test::allocations_during([&] { actual = sut.handle(e, now); });
    RC_ASSERT(allocations == 0u);

    RC_ASSERT(sipkit_test::describe(actual) == describe(expected));
    RC_ASSERT(actual.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        RC_ASSERT(actual[i] == expected[i]);
    }
    check_shape(actual);
    if (before.state == phase::terminated) {
        RC_ASSERT(actual.size() == 1u);
        RC_ASSERT(actual[0] == transaction_action{ac::dropped{drop_reason::terminated}});
    }
    RC_ASSERT(Machine::state_name(after.state) == std::string(to_string(sut.state())));
    RC_ASSERT(sut.terminated() == (after.state == phase::terminated));
    for (std::size_t t = 0; t < timer_count; ++t) {
        RC_ASSERT(sut.deadline(static_cast<transaction_timer>(t)) == after.deadline[t]);
    }
    RC_ASSERT(sut.next_deadline() == after.earliest());

    if (actual.contains(ac::send_request{}) && std::holds_alternative<ev::timer_fired>(e)) {
        Machine::check_retransmission(std::is_same_v<Machine, invite_machine> ? after : before,
                                      now);
    }
    return after;
}

// ---- the commands ------------------------------------------------------------------------------

template <class Machine>
using command = rc::state::Command<model, typename Machine::sut_type>;

rc::Gen<int> status_gen() {
    return rc::gen::weightedOneOf<int>({{3, rc::gen::inRange(100, 200)},
                                        {3, rc::gen::inRange(200, 300)},
                                        {3, rc::gen::inRange(300, 700)},
                                        {1, rc::gen::element(-1, 0, 99, 700, 1000)}});
}

/// Delivers one non-timer event, or fires a timer that is not armed (a stale one).
template <class Machine>
struct deliver : command<Machine> {
    int kind = 0;
    int status = 0;
    transaction_timer timer{};

    explicit deliver(const model& m) {
        // Mostly responses; the request from the TU mostly while Idle; few transport errors.
        const std::size_t request_weight = m.state == phase::idle ? 30 : 1;
        kind = *rc::gen::weightedElement<int>(
            {{request_weight, 0}, {12, 1}, {1, 2}, {2, 3}, {1, 4}, {1, 5}, {1, 6}});
        status = *status_gen();
        timer = static_cast<transaction_timer>(*rc::gen::inRange<int>(0, timer_count));
        this->checkPreconditions(m);
    }

    transaction_event event() const {
        switch (kind) {
            case 0:
                return ev::tu_request{};
            case 1:
                return ev::response_received{status};
            case 2:
                return ev::transport_error{};
            case 3:
                return ev::timer_fired{timer};
            case 4:
                return ev::tu_response{status};
            case 5:
                return ev::request_received{};
            default:
                return ev::ack_received{};
        }
    }

    void checkPreconditions(const model& m) const override {
        if (kind == 3) {
            RC_PRE(!m.deadline[index(timer)]); // stale only: armed timers fire at their deadline
        }
    }
    void apply(model& m) const override { step<Machine>(m, event()); }
    void run(const model& m, typename Machine::sut_type& sut) const override {
        check_event<Machine>(m, sut, event(), m.now);
    }
    void show(std::ostream& os) const override { os << sipkit_test::describe(event()); }
};

/// Lets time pass, never beyond the next deadline (so timers fire exactly when due).
template <class Machine>
struct advance : command<Machine> {
    ms by{};

    advance() : by(*rc::gen::inRange(0, 8000)) {}

    static time_point target(const model& m, ms by) {
        auto t = m.now + by;
        if (const auto e = m.earliest(); e && *e < t) {
            t = *e;
        }
        return t;
    }
    void apply(model& m) const override { m.now = target(m, by); }
    void run(const model& m, typename Machine::sut_type& sut) const override {
        RC_ASSERT(sut.next_deadline() == m.earliest());
    }
    void show(std::ostream& os) const override { os << "advance up to " << by.count() << "ms"; }
};

/// Fires the armed timer that is due first, at its deadline (of several due together, the one
/// `pick` selects).
template <class Machine>
struct fire_next : command<Machine> {
    int pick = 0;

    explicit fire_next(const model& m) : pick(*rc::gen::inRange(0, 4)) {
        this->checkPreconditions(m);
    }

    static std::pair<transaction_timer, time_point> due(const model& m, int pick) {
        const auto when = *m.earliest();
        std::vector<transaction_timer> tied;
        for (std::size_t t = 0; t < timer_count; ++t) {
            if (m.deadline[t] == when) {
                tied.push_back(static_cast<transaction_timer>(t));
            }
        }
        return {tied[static_cast<std::size_t>(pick) % tied.size()], when};
    }

    void checkPreconditions(const model& m) const override { RC_PRE(m.earliest().has_value()); }
    void apply(model& m) const override {
        const auto [t, when] = due(m, pick);
        m.now = when;
        step<Machine>(m, ev::timer_fired{t});
    }
    void run(const model& m, typename Machine::sut_type& sut) const override {
        const auto [t, when] = due(m, pick);
        check_event<Machine>(m, sut, ev::timer_fired{t}, when);
    }
    void show(std::ostream& os) const override { os << "fire the next timer (" << pick << ")"; }
};

/// From here on only timers fire, each at its deadline, until none is armed: the transaction
/// must then have terminated within its RFC bound.
template <class Machine>
struct drain : command<Machine> {
    static model run_to_end(model m, typename Machine::sut_type* sut) {
        for (int i = 0; i < 10000 && m.earliest(); ++i) {
            const auto [t, when] = fire_next<Machine>::due(m, 0);
            if (sut != nullptr) {
                m = check_event<Machine>(m, *sut, ev::timer_fired{t}, when);
            } else {
                m.now = when;
                step<Machine>(m, ev::timer_fired{t});
            }
        }
        return m;
    }

    void checkPreconditions(const model& m) const override { RC_PRE(m.state != phase::idle); }
    void apply(model& m) const override { m = run_to_end(m, nullptr); }
    void run(const model& m0, typename Machine::sut_type& sut) const override {
        const auto m = run_to_end(m0, &sut);
        RC_ASSERT(!m.earliest().has_value());
        if (Machine::waits_without_timer(m)) {
            RC_ASSERT(!sut.terminated());
            RC_ASSERT(!sut.next_deadline().has_value());
            return;
        }
        RC_ASSERT(sut.terminated());
        Machine::check_bounds(m);
    }
    void show(std::ostream& os) const override { os << "fire every timer at its deadline"; }
};

rc::Gen<timer_config> config_gen() {
    return rc::gen::oneOf(rc::gen::just(timer_config{}), rc::gen::exec([] {
                              const auto t1 = *rc::gen::inRange(1, 3000);
                              const auto t2 = t1 * *rc::gen::inRange(1, 17);
                              const auto t4 = *rc::gen::inRange(1, 10000);
                              return timer_config{ms{t1}, ms{t2}, ms{t4}};
                          }));
}

/// Runs a random command sequence, then drains: every run ends with the bound checked.
template <class Machine>
void check_machine() {
    model initial;
    initial.reliable = *rc::gen::arbitrary<bool>();
    initial.config = *config_gen();
    initial.now = sipkit_test::at(ms{*rc::gen::inRange(0, 100000)});
    RC_LOG() << "T1=" << initial.config.t1.count() << "ms T2=" << initial.config.t2.count()
             << "ms T4=" << initial.config.t4.count() << "ms\n";
    RC_TAG(initial.reliable ? "reliable" : "unreliable");
    RC_CLASSIFY(initial.config == timer_config{}, "default timers");

    typename Machine::sut_type sut(initial.reliable, initial.config);
    const auto commands = *rc::state::gen::commands(
        initial,
        rc::state::gen::execOneOfWithArgs<deliver<Machine>, deliver<Machine>, deliver<Machine>,
                                          deliver<Machine>, deliver<Machine>, deliver<Machine>,
                                          advance<Machine>, advance<Machine>, fire_next<Machine>,
                                          fire_next<Machine>, drain<Machine>>());
    rc::state::runAll(commands, initial, sut);

    model last = initial;
    rc::state::applyAll(commands, last);
    for (const auto p : {phase::proceeding, phase::accepted, phase::completed}) {
        if ((last.visited >> static_cast<unsigned>(p) & 1u) != 0) {
            RC_TAG("visited " + Machine::state_name(p));
        }
    }
    if (last.state != phase::idle) {
        drain<Machine>{}.run(last, sut);
    }
}

/// Starts the transaction at once and then lets timers fire: no response ever arrives.
template <class Machine>
model silent_run(bool reliable, timer_config config) {
    model m;
    m.reliable = reliable;
    m.config = config;
    typename Machine::sut_type sut(reliable, config);
    m = check_event<Machine>(m, sut, ev::tu_request{}, m.now);
    return drain<Machine>::run_to_end(m, &sut);
}

} // namespace

TEST_CASE("Figure 5 §17.1.1.2, RFC 6026 §8.4: the INVITE client transaction follows the model "
          "for any event sequence and terminates within its bound") {
    rc::prop("INVITE client transaction vs model", [] { check_machine<invite_machine>(); });
}

TEST_CASE("Figure 6 §17.1.2.2: the non-INVITE client transaction follows the model for any "
          "event sequence and terminates within its bound") {
    rc::prop("non-INVITE client transaction vs model", [] { check_machine<non_invite_machine>(); });
}

TEST_CASE("Figure 5 §17.1.1.2: with no response, exactly 1 + 6 INVITE transmissions and Timer B "
          "at 64*T1, for any T1") {
    rc::prop("INVITE silent run", [] {
        const auto reliable = *rc::gen::arbitrary<bool>();
        const auto config = *config_gen();
        const auto m = silent_run<invite_machine>(reliable, config);
        RC_ASSERT(m.transmissions == (reliable ? 1 : 7));
        RC_ASSERT(m.terminated_at == time_point{} + 64 * config.t1);
    });
}

TEST_CASE("Figure 6 §17.1.2.2: with no response, E retransmits on the capped schedule until "
          "Timer F at 64*T1, for any T1, T2") {
    rc::prop("non-INVITE silent run", [] {
        const auto reliable = *rc::gen::arbitrary<bool>();
        const auto config = *config_gen();
        const auto m = silent_run<non_invite_machine>(reliable, config);
        const auto schedule = non_invite_machine::trying_schedule(m, time_point{} + 64 * config.t1);
        if (reliable) {
            RC_ASSERT(m.transmissions == 1);
        } else {
            // E and F may fall due together (T1 = T2): F may fire first or E may; the drain
            // fires the lower-numbered timer (E) first.
            RC_ASSERT(static_cast<std::size_t>(m.transmissions) == 1 + schedule.size());
        }
        RC_ASSERT(m.terminated_at == time_point{} + 64 * config.t1);
    });
}

TEST_CASE("§17.1: handle() never allocates, in any state of either client machine") {
    using sipkit_test::allocations_during;
    const std::vector<transaction_event> events{ev::tu_request{},
                                                ev::response_received{100},
                                                ev::response_received{180},
                                                ev::timer_fired{transaction_timer::a},
                                                ev::timer_fired{transaction_timer::e},
                                                ev::response_received{200},
                                                ev::response_received{200},
                                                ev::response_received{486},
                                                ev::transport_error{},
                                                ev::tu_response{200},
                                                ev::request_received{},
                                                ev::ack_received{},
                                                ev::response_received{42},
                                                ev::timer_fired{transaction_timer::b},
                                                ev::timer_fired{transaction_timer::f}};
    std::size_t sink = 0;
    const auto n = allocations_during([&] {
        for (const bool reliable : {false, true}) {
            for (std::size_t first = 0; first < events.size(); ++first) {
                sipkit::client_invite_transaction invite(reliable);
                sipkit::client_non_invite_transaction non_invite(reliable);
                auto now = sipkit::clock::time_point{};
                invite.handle(ev::tu_request{}, now);
                non_invite.handle(ev::tu_request{}, now);
                for (std::size_t i = first; i < events.size(); ++i) {
                    now += 100ms;
                    sink += invite.handle(events[i], now).size();
                    sink += non_invite.handle(events[i], now).size();
                    auto copy = invite; // copying does not allocate either
                    sink += copy.handle(ev::timer_fired{transaction_timer::d}, now + 32s).size();
                }
            }
        }
    });
    CHECK(n == 0u);
    CHECK(sink > 0u);
}
