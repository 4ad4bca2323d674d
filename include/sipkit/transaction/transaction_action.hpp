// What a transaction state machine asks of the layer above after an event: send, arm or cancel a
// timer, pass something to the TU, report a failure, or say it has terminated (RFC 3261 §17).
#pragma once

#include <sipkit/transaction/timer_config.hpp>

#include <algorithm>
#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <variant>

namespace sipkit {

/// Why an event had no effect: for the user's log, never an error of the state machine.
enum class drop_reason : std::uint8_t {
    terminated,              ///< the transaction has already terminated
    not_in_this_state,       ///< the event has no arrow in this state of the figure
    not_for_this_kind,       ///< e.g. an ACK at a non-INVITE transaction, a response at a server
    stale_timer,             ///< a timer that is not armed (cancelled or already fired)
    status_invalid,          ///< a status code outside 100–699
    provisional_not_allowed, ///< RFC 4320 §4.1: only 100 may be sent to a non-INVITE request
    trying_too_early,        ///< RFC 4320 §4.1: no 100 over unreliable transports before Timer E
                             ///< would have reached T2
    no_408_for_non_invite,   ///< RFC 4320 §4.2: a non-INVITE request is never answered 408
};

/// A sentence for logs.
constexpr const char* to_string(drop_reason r) noexcept {
    switch (r) {
        case drop_reason::terminated:
            return "the transaction has terminated";
        case drop_reason::not_in_this_state:
            return "the event has no transition in the transaction's current state";
        case drop_reason::not_for_this_kind:
            return "the event does not apply to this kind of transaction";
        case drop_reason::stale_timer:
            return "the timer is not armed";
        case drop_reason::status_invalid:
            return "the status code is outside 100-699";
        case drop_reason::provisional_not_allowed:
            return "only 100 may be sent as a provisional response to a non-INVITE request "
                   "(RFC 4320 section 4.1)";
        case drop_reason::trying_too_early:
            return "a 100 to a non-INVITE request over an unreliable transport must wait until "
                   "the client's Timer E reaches T2 (RFC 4320 section 4.1)";
        case drop_reason::no_408_for_non_invite:
            return "a non-INVITE request is never answered with 408 (RFC 4320 section 4.2)";
    }
    return "unknown drop reason";
}

/// One struct per action. Messages are named, not carried: the layer owns the bytes of the
/// transaction's request, its latest response and its ACK, and sends the one named.
namespace transaction_actions {

/// Client: pass the transaction's request to the transport (the first time, or again: §17.1.1.2
/// "retransmit" means the same bytes once more).
struct send_request {
    friend constexpr bool operator==(send_request, send_request) noexcept { return true; }
};

/// Client INVITE: send the ACK for the non-2xx final response just received (§17.1.1.3). The
/// first time, the layer builds it from the request and that response; afterwards it resends it.
struct send_ack {
    friend constexpr bool operator==(send_ack, send_ack) noexcept { return true; }
};

/// Server: pass the TU's latest response to the transport (the first time, or again).
struct send_response {
    friend constexpr bool operator==(send_response, send_response) noexcept { return true; }
};

/// Server INVITE: send a 100 (Trying) built from the request per §8.2.6, without a To tag
/// (§17.2.1).
struct send_trying {
    friend constexpr bool operator==(send_trying, send_trying) noexcept { return true; }
};

/// Arm (or re-arm, replacing the previous deadline) this timer.
struct arm_timer {
    transaction_timer timer{};
    clock::time_point deadline{};
    friend constexpr bool operator==(const arm_timer&, const arm_timer&) noexcept = default;
};

/// Cancel this armed timer.
struct cancel_timer {
    transaction_timer timer{};
    friend constexpr bool operator==(cancel_timer, cancel_timer) noexcept = default;
};

/// Server: pass the request to the TU (once, when the transaction is created).
struct pass_request {
    friend constexpr bool operator==(pass_request, pass_request) noexcept { return true; }
};

/// Server INVITE in the Accepted state: pass the ACK (for the 2xx) to the TU (RFC 6026 §8.7).
struct pass_ack {
    friend constexpr bool operator==(pass_ack, pass_ack) noexcept { return true; }
};

/// Client: pass the response just received, with this status code, to the TU.
struct pass_response {
    int status = 0;
    friend constexpr bool operator==(pass_response, pass_response) noexcept = default;
};

/// Tell the TU the transaction timed out when this timer fired. At a client the TU treats it as
/// a 408 (Request Timeout) response (§8.1.3.1); at an INVITE server, Timer H means the ACK never
/// came (§17.2.1).
struct report_timeout {
    transaction_timer timer{};
    friend constexpr bool operator==(report_timeout, report_timeout) noexcept = default;
};

/// Tell the TU the transport failed (§17.1.1.2, §17.1.2.2, §17.2.1, §17.2.2; at a client the
/// TU treats it as a 503 (Service Unavailable), §8.1.3.1).
struct report_transport_error {
    friend constexpr bool operator==(report_transport_error, report_transport_error) noexcept {
        return true;
    }
};

/// The transaction has reached Terminated; the layer frees it. No action follows.
struct terminated {
    friend constexpr bool operator==(terminated, terminated) noexcept { return true; }
};

/// The event had no effect, for this reason.
struct dropped {
    drop_reason reason{};
    friend constexpr bool operator==(dropped, dropped) noexcept = default;
};

} // namespace transaction_actions

using transaction_action =
    std::variant<transaction_actions::send_request, transaction_actions::send_ack,
                 transaction_actions::send_response, transaction_actions::send_trying,
                 transaction_actions::arm_timer, transaction_actions::cancel_timer,
                 transaction_actions::pass_request, transaction_actions::pass_ack,
                 transaction_actions::pass_response, transaction_actions::report_timeout,
                 transaction_actions::report_transport_error, transaction_actions::terminated,
                 transaction_actions::dropped>;

/// The actions of one event, in the order the layer must perform them. A fixed-capacity value:
/// handling an event never allocates.
class transaction_action_list {
public:
    static constexpr std::size_t capacity = 8;

    constexpr void push_back(const transaction_action& a) noexcept {
        assert(size_ < capacity && "transaction_action_list: capacity exceeded");
        if (size_ < capacity) {
            items_[size_++] = a;
        }
    }
    constexpr std::size_t size() const noexcept { return size_; }
    constexpr bool empty() const noexcept { return size_ == 0; }
    constexpr const transaction_action& operator[](std::size_t i) const noexcept {
        return items_[i];
    }
    constexpr const transaction_action* begin() const noexcept { return items_.data(); }
    constexpr const transaction_action* end() const noexcept { return items_.data() + size_; }

    /// The same actions in the same order.
    friend constexpr bool operator==(const transaction_action_list& x,
                                     const transaction_action_list& y) noexcept {
        if (x.size_ != y.size_) {
            return false;
        }
        for (std::size_t i = 0; i < x.size_; ++i) {
            if (!(x.items_[i] == y.items_[i])) {
                return false;
            }
        }
        return true;
    }

    /// Whether an action equal to `a` is in the list.
    constexpr bool contains(const transaction_action& a) const noexcept {
        for (const auto& x : *this) {
            if (x == a) {
                return true;
            }
        }
        return false;
    }
    /// Whether an action of type A is in the list.
    template <class A>
    constexpr bool contains() const noexcept {
        for (const auto& x : *this) {
            if (std::holds_alternative<A>(x)) {
                return true;
            }
        }
        return false;
    }

private:
    std::array<transaction_action, capacity> items_{};
    std::size_t size_ = 0;
};

namespace detail {

/// The timers one state machine uses (at most eight kinds), with the deadline of each armed one.
/// Arming and cancelling also record the matching action, so a machine's bookkeeping and the
/// actions it reports can never disagree.
template <transaction_timer... Timers>
class armed_timers {
    static_assert(sizeof...(Timers) <= 8);
    static constexpr std::array<transaction_timer, sizeof...(Timers)> timers_{Timers...};
    // In transaction_timer order, so that due() finds ties in that order.
    static_assert(std::is_sorted(timers_.begin(), timers_.end()) &&
                      std::adjacent_find(timers_.begin(), timers_.end()) == timers_.end(),
                  "armed_timers: list the timers once each, in transaction_timer order");

public:
    /// Arms `t` for `deadline`, replacing an earlier deadline.
    constexpr void arm(transaction_timer t, clock::time_point deadline,
                       transaction_action_list& out) noexcept {
        const auto s = slot(t);
        deadlines_[s] = deadline;
        armed_ = static_cast<std::uint8_t>(armed_ | (1u << s));
        out.push_back(transaction_actions::arm_timer{t, deadline});
    }
    /// Cancels `t` if it is armed (records the action only then).
    constexpr void cancel(transaction_timer t, transaction_action_list& out) noexcept {
        if (armed(t)) {
            armed_ = static_cast<std::uint8_t>(armed_ & ~(1u << slot(t)));
            out.push_back(transaction_actions::cancel_timer{t});
        }
    }
    /// Cancels every armed timer, in the order of the template arguments.
    constexpr void cancel_all(transaction_action_list& out) noexcept { (cancel(Timers, out), ...); }
    /// A timer fired: true (and now disarmed) if it was armed, false if it is stale.
    constexpr bool fire(transaction_timer t) noexcept {
        if (!armed(t)) {
            return false;
        }
        armed_ = static_cast<std::uint8_t>(armed_ & ~(1u << slot(t)));
        return true;
    }
    constexpr bool armed(transaction_timer t) const noexcept {
        const auto s = find(t);
        return s < sizeof...(Timers) && (armed_ >> s & 1u) != 0;
    }
    constexpr std::optional<clock::time_point> deadline(transaction_timer t) const noexcept {
        if (!armed(t)) {
            return std::nullopt;
        }
        return deadlines_[slot(t)];
    }
    /// The earliest deadline of any armed timer.
    constexpr std::optional<clock::time_point> next_deadline() const noexcept {
        std::optional<clock::time_point> next;
        for (std::size_t s = 0; s < sizeof...(Timers); ++s) {
            if ((armed_ >> s & 1u) != 0 && (!next || deadlines_[s] < *next)) {
                next = deadlines_[s];
            }
        }
        return next;
    }
    /// The armed timer whose deadline is `deadline` (the first in the order of the template
    /// arguments when several are), if any.
    constexpr std::optional<transaction_timer> due(clock::time_point deadline) const noexcept {
        for (std::size_t s = 0; s < timers_.size(); ++s) {
            if ((armed_ >> s & 1u) != 0 && deadlines_[s] == deadline) {
                return timers_[s];
            }
        }
        return std::nullopt;
    }

private:
    static constexpr std::size_t find(transaction_timer t) noexcept {
        for (std::size_t s = 0; s < timers_.size(); ++s) {
            if (timers_[s] == t) {
                return s;
            }
        }
        return timers_.size();
    }
    static constexpr std::size_t slot(transaction_timer t) noexcept {
        const auto s = find(t);
        assert(s < sizeof...(Timers) && "armed_timers: timer not used by this state machine");
        return s;
    }

    std::array<clock::time_point, sizeof...(Timers)> deadlines_{};
    std::uint8_t armed_ = 0;
};

/// What the four transaction state machines share: the state, whether the transport is
/// reliable, the timer values, the armed timers, and the accessors to them. A base class for
/// code sharing only: no virtual functions, never used through a pointer to it.
template <class State, class Timers>
class transaction_machine {
public:
    constexpr State state() const noexcept { return state_; }
    constexpr bool terminated() const noexcept { return state_ == State::terminated; }
    /// Whether the transport is reliable (TCP, TLS, SCTP, WebSocket): no retransmission timers,
    /// zero Timers D, I, J and K (RFC 3261 §17.1.1.2, §17.1.2.2, §17.2.1, §17.2.2).
    constexpr bool reliable() const noexcept { return reliable_; }
    constexpr const timer_config& config() const noexcept { return config_; }
    /// The deadline of timer `t` if it is armed.
    constexpr std::optional<clock::time_point> deadline(transaction_timer t) const noexcept {
        return timers_.deadline(t);
    }
    /// The earliest deadline of any armed timer; nullopt when none is (the machine then waits
    /// for an event that is not a timer).
    constexpr std::optional<clock::time_point> next_deadline() const noexcept {
        return timers_.next_deadline();
    }
    /// The armed timer whose deadline is `deadline`, if any; when several are, the first in
    /// transaction_timer order.
    constexpr std::optional<transaction_timer>
    due_timer(clock::time_point deadline) const noexcept {
        return timers_.due(deadline);
    }

protected:
    constexpr transaction_machine(bool reliable, timer_config config) noexcept
        : config_(config), reliable_(reliable) {}

    /// The answer to an event with no effect: one `dropped{r}`.
    static constexpr transaction_action_list drop(drop_reason r) noexcept {
        transaction_action_list out;
        out.push_back(transaction_actions::dropped{r});
        return out;
    }
    /// Enters Terminated with `terminated` as the last action. Every armed timer must have been
    /// cancelled first (cancels come first in a list).
    constexpr void enter_terminated(transaction_action_list& out) noexcept {
        out.push_back(transaction_actions::terminated{});
        state_ = State::terminated;
    }

    timer_config config_;
    Timers timers_{};
    State state_ = State::idle;
    bool reliable_ = false;
};

} // namespace detail

} // namespace sipkit
