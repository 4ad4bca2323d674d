// Test support for the transaction state machines: a virtual clock and a ladder of what each
// event did, printed by a failing test (INFO(ladder.str())).
#pragma once

#include <sipkit/transaction/transaction_action.hpp>
#include <sipkit/transaction/transaction_event.hpp>

#include <chrono>
#include <initializer_list>
#include <string>
#include <type_traits>
#include <variant>

namespace sipkit_test {

using namespace std::chrono_literals;

/// The virtual clock's instant `ms` after its epoch.
inline sipkit::clock::time_point at(std::chrono::milliseconds ms) {
    return sipkit::clock::time_point{} + ms;
}

/// Milliseconds since the virtual epoch.
inline long long ms_since_epoch(sipkit::clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

inline std::string describe(const sipkit::transaction_event& e) {
    namespace ev = sipkit::transaction_events;
    return std::visit(
        [](const auto& x) -> std::string {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, ev::tu_request>) {
                return "request from TU";
            } else if constexpr (std::is_same_v<T, ev::tu_response>) {
                return std::to_string(x.status) + " from TU";
            } else if constexpr (std::is_same_v<T, ev::request_received>) {
                return "request from transport";
            } else if constexpr (std::is_same_v<T, ev::ack_received>) {
                return "ACK from transport";
            } else if constexpr (std::is_same_v<T, ev::response_received>) {
                return std::to_string(x.status) + " from transport";
            } else if constexpr (std::is_same_v<T, ev::timer_fired>) {
                return std::string("Timer ") + sipkit::to_string(x.timer) + " fires";
            } else {
                return "transport error";
            }
        },
        e);
}

inline std::string describe(const sipkit::transaction_action& a) {
    namespace ac = sipkit::transaction_actions;
    return std::visit(
        [](const auto& x) -> std::string {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, ac::send_request>) {
                return "send request";
            } else if constexpr (std::is_same_v<T, ac::send_ack>) {
                return "send ACK";
            } else if constexpr (std::is_same_v<T, ac::send_response>) {
                return "send response";
            } else if constexpr (std::is_same_v<T, ac::send_trying>) {
                return "send 100 Trying";
            } else if constexpr (std::is_same_v<T, ac::arm_timer>) {
                return std::string("arm ") + sipkit::to_string(x.timer) + " @" +
                       std::to_string(ms_since_epoch(x.deadline)) + "ms";
            } else if constexpr (std::is_same_v<T, ac::cancel_timer>) {
                return std::string("cancel ") + sipkit::to_string(x.timer);
            } else if constexpr (std::is_same_v<T, ac::pass_request>) {
                return "request to TU";
            } else if constexpr (std::is_same_v<T, ac::pass_ack>) {
                return "ACK to TU";
            } else if constexpr (std::is_same_v<T, ac::pass_response>) {
                return std::to_string(x.status) + " to TU";
            } else if constexpr (std::is_same_v<T, ac::report_timeout>) {
                return std::string("timeout (") + sipkit::to_string(x.timer) + ") to TU";
            } else if constexpr (std::is_same_v<T, ac::report_transport_error>) {
                return "transport error to TU";
            } else if constexpr (std::is_same_v<T, ac::terminated>) {
                return "terminated";
            } else {
                return std::string("dropped: ") + sipkit::to_string(x.reason);
            }
        },
        a);
}

inline std::string describe(const sipkit::transaction_action_list& actions) {
    std::string out;
    for (const auto& a : actions) {
        out += out.empty() ? "" : ", ";
        out += describe(a);
    }
    return out.empty() ? "(nothing)" : out;
}

/// The ladder of a scenario: one line per event, "  3500ms  Timer E fires -> send request, ...".
class ladder {
public:
    void add(sipkit::clock::time_point now, const sipkit::transaction_event& e,
             const sipkit::transaction_action_list& actions) {
        text_ += "  " + std::to_string(ms_since_epoch(now)) + "ms  " + describe(e) + " -> " +
                 describe(actions) + "\n";
    }
    const std::string& str() const { return text_; }

private:
    std::string text_;
};

/// A list of the given actions, to compare with what `handle` returned.
inline sipkit::transaction_action_list
list_of(std::initializer_list<sipkit::transaction_action> actions) {
    sipkit::transaction_action_list out;
    for (const auto& a : actions) {
        out.push_back(a);
    }
    return out;
}

/// Shorthands for events and actions.
inline sipkit::transaction_events::response_received resp(int status) {
    return {status};
}
inline sipkit::transaction_events::tu_response tu(int status) {
    return {status};
}
inline sipkit::transaction_events::timer_fired fires(sipkit::transaction_timer t) {
    return {t};
}
inline sipkit::transaction_actions::arm_timer arm(sipkit::transaction_timer t,
                                                  std::chrono::milliseconds deadline) {
    return {t, at(deadline)};
}
inline sipkit::transaction_actions::cancel_timer cancel(sipkit::transaction_timer t) {
    return {t};
}
inline sipkit::transaction_actions::pass_response pass(int status) {
    return {status};
}

/// One state machine driven on the virtual clock, with the ladder of what each event did.
template <class Machine>
struct scenario {
    explicit scenario(bool reliable, sipkit::timer_config config = {}) : tx(reliable, config) {}
    /// For a machine with a third constructor argument (server_invite_transaction's
    /// send_trying).
    scenario(bool reliable, sipkit::timer_config config, bool option)
        : tx(reliable, config, option) {}

    /// Handles `e` at `now` (after the virtual epoch) and returns the actions.
    sipkit::transaction_action_list operator()(std::chrono::milliseconds now,
                                               const sipkit::transaction_event& e) {
        return handle(e, at(now));
    }
    /// Handles `e` at `now` and describes the actions ("send response, arm L @32000ms").
    std::string on(const sipkit::transaction_event& e, sipkit::clock::time_point now) {
        return describe(handle(e, now));
    }
    sipkit::transaction_action_list handle(const sipkit::transaction_event& e,
                                           sipkit::clock::time_point now) {
        auto out = tx.handle(e, now);
        ladder.add(now, e, out);
        return out;
    }

    Machine tx;
    sipkit_test::ladder ladder;
};

} // namespace sipkit_test

// Checks one event's actions against the expected ones, printing the ladder so far when they
// differ.
#define CHECK_ACTIONS(s, actual, ...)                                                              \
    do {                                                                                           \
        INFO((s).ladder.str());                                                                    \
        const auto expected_ = sipkit_test::list_of({__VA_ARGS__});                                \
        CHECK(sipkit_test::describe(actual) == sipkit_test::describe(expected_));                  \
        CHECK((actual) == expected_);                                                              \
    } while (false)

// Checks one step of a scenario by its description; prints the ladder so far when it fails.
#define STEP(s, event, when, expected)                                                             \
    do {                                                                                           \
        const std::string got_ = (s).on((event), (when));                                          \
        INFO((s).ladder.str());                                                                    \
        CHECK(got_ == (expected));                                                                 \
    } while (false)
