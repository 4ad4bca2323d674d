// The non-INVITE client transaction: RFC 3261 §17.1.2 (Figure 6), as a pure value type:
// handle(event, now) -> actions. RFC 4320 changes nothing on the client side (§4.1 and §4.2
// constrain what servers and proxies send; a client still passes any 1xx, and a 408 from a
// non-compliant element, to its TU).
#pragma once

#include <sipkit/transaction/timer_config.hpp>
#include <sipkit/transaction/transaction_action.hpp>
#include <sipkit/transaction/transaction_event.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <variant>

namespace sipkit {

/// The states of Figure 6, plus `idle`.
enum class client_non_invite_state : std::uint8_t {
    idle,       ///< constructed, the TU has not handed over its request yet (not in Figure 6)
    trying,     ///< the request is out, retransmitted on Timer E over unreliable transports
    proceeding, ///< a provisional response arrived; still retransmitting, every T2
    completed,  ///< a final response arrived; absorbing its retransmissions until Timer K
    terminated, ///< done: the layer frees the transaction
};

/// "Trying", "Proceeding", ... for logs and test output.
constexpr const char* to_string(client_non_invite_state s) noexcept {
    switch (s) {
        case client_non_invite_state::idle:
            return "Idle";
        case client_non_invite_state::trying:
            return "Trying";
        case client_non_invite_state::proceeding:
            return "Proceeding";
        case client_non_invite_state::completed:
            return "Completed";
        case client_non_invite_state::terminated:
            return "Terminated";
    }
    return "unknown";
}

/// One non-INVITE client transaction (RFC 3261 §17.1.2). A value: no allocation, no clock
/// reads, no callbacks; copy it freely.
///
/// Events it acts on: `tu_request` (once, in Idle: starts the transaction), `response_received`,
/// `timer_fired` for Timers E, F and K, `transport_error` (in Trying and Proceeding).
///
/// An EMPTY action list means "absorbed, as the figure says": a 200–699 retransmission in
/// Completed (§17.1.2.2: Completed exists to buffer response retransmissions). Events with no
/// effect otherwise come back as one `dropped` action:
/// - `terminated` once the transaction has terminated (checked first);
/// - `not_for_this_kind` for `tu_response`, `request_received`, `ack_received`;
/// - `status_invalid` for a response status outside 100–699;
/// - `stale_timer` for a timer that is not armed (cancelled, already fired, or one this machine
///   never uses);
/// - `not_in_this_state` otherwise: a 1xx in Completed (Figure 6 has no arrow: it is not
///   passed to the TU), a transport error in Completed (nothing is sent there), a response or
///   transport error in Idle, a second `tu_request`.
class client_non_invite_transaction
    : public detail::transaction_machine<
          client_non_invite_state,
          detail::armed_timers<transaction_timer::e, transaction_timer::f, transaction_timer::k>> {
public:
    /// `reliable`: the transport the request goes over is reliable (TCP, TLS, SCTP, WebSocket),
    /// so Timer E is not armed and Timer K is zero (§17.1.2.2).
    constexpr explicit client_non_invite_transaction(bool reliable,
                                                     timer_config config = {}) noexcept
        : transaction_machine(reliable, config) {}

    /// Consumes one event at the instant `now` and returns what to do, in order: cancel timers,
    /// send, tell the TU, arm timers, and `terminated` last.
    constexpr transaction_action_list handle(const transaction_event& e,
                                             clock::time_point now) noexcept {
        namespace ev = transaction_events;
        if (state_ == client_non_invite_state::terminated) {
            return drop(drop_reason::terminated);
        }
        if (std::holds_alternative<ev::tu_request>(e)) {
            return on_tu_request(now);
        }
        if (const auto* r = std::get_if<ev::response_received>(&e)) {
            return on_response(r->status, now);
        }
        if (const auto* t = std::get_if<ev::timer_fired>(&e)) {
            return on_timer(t->timer, now);
        }
        if (std::holds_alternative<ev::transport_error>(e)) {
            return on_transport_error();
        }
        // tu_response, request_received, ack_received belong to server transactions.
        return drop(drop_reason::not_for_this_kind);
    }

private:
    using timer = transaction_timer;
    using state_type = client_non_invite_state;

    constexpr transaction_action_list on_tu_request(clock::time_point now) noexcept {
        if (state_ != state_type::idle) {
            return drop(drop_reason::not_in_this_state);
        }
        transaction_action_list out;
        // RFC 3261 §17.1.2.2: Trying is entered with the request passed to the transport, Timer
        // F set to 64*T1, and Timer E to T1 on unreliable transports only.
        out.push_back(transaction_actions::send_request{});
        if (const auto e = config_.initial(timer::e, reliable_)) {
            e_interval_ = *e;
            timers_.arm(timer::e, now + *e, out);
        }
        timers_.arm(timer::f, now + config_.transaction_timeout(), out);
        state_ = state_type::trying;
        return out;
    }

    constexpr transaction_action_list on_response(int status, clock::time_point now) noexcept {
        if (status < 100 || status > 699) {
            return drop(drop_reason::status_invalid);
        }
        transaction_action_list out;
        switch (state_) {
            case state_type::trying:
            case state_type::proceeding:
                if (status < 200) {
                    // RFC 3261 §17.1.2.2: a provisional response goes to the TU and moves Trying
                    // to Proceeding. Timer E keeps its deadline: only when it next fires is it
                    // reset to T2.
                    out.push_back(transaction_actions::pass_response{status});
                    state_ = state_type::proceeding;
                    return out;
                }
                // RFC 3261 §17.1.2.2: a final response goes to the TU and Completed is entered
                // with Timer K: T4 on unreliable transports, zero (straight to Terminated) on
                // reliable ones.
                timers_.cancel_all(out); // E and F
                out.push_back(transaction_actions::pass_response{status});
                if (const auto k = config_.initial(timer::k, reliable_)) {
                    timers_.arm(timer::k, now + *k, out);
                    state_ = state_type::completed;
                } else {
                    enter_terminated(out);
                }
                return out;
            case state_type::completed:
                // RFC 3261 §17.1.2.2: Completed buffers final-response retransmissions: the
                // arrow "200-699 / -" absorbs them (an empty action list). No arrow for a 1xx.
                if (status >= 200) {
                    return out;
                }
                return drop(drop_reason::not_in_this_state);
            case state_type::idle:
            case state_type::terminated:
                break;
        }
        return drop(drop_reason::not_in_this_state);
    }

    constexpr transaction_action_list on_timer(timer t, clock::time_point now) noexcept {
        if (!timers_.fire(t)) {
            return drop(drop_reason::stale_timer);
        }
        transaction_action_list out;
        switch (t) {
            case timer::e:
                // RFC 3261 §17.1.2.2: Timer E retransmits the request. In Trying it is reset to
                // MIN(2*E, T2) (T1, 2*T1, 4*T1, ... capped at T2); in Proceeding to T2.
                out.push_back(transaction_actions::send_request{});
                e_interval_ =
                    state_ == state_type::trying ? config_.backoff(e_interval_) : config_.t2;
                timers_.arm(timer::e, now + e_interval_, out);
                return out;
            case timer::f:
                // RFC 3261 §17.1.2.2: Timer F in Trying or Proceeding: inform the TU of the
                // timeout (it acts as on a 408, §8.1.3.1), Terminated.
                timers_.cancel_all(out);
                out.push_back(transaction_actions::report_timeout{timer::f});
                enter_terminated(out);
                return out;
            case timer::k:
                // RFC 3261 §17.1.2.2: Timer K in Completed -> Terminated.
                timers_.cancel_all(out);
                enter_terminated(out);
                return out;
            default:
                break;
        }
        return drop(drop_reason::stale_timer); // unreachable: only E, F, K are ever armed
    }

    constexpr transaction_action_list on_transport_error() noexcept {
        if (state_ != state_type::trying && state_ != state_type::proceeding) {
            return drop(drop_reason::not_in_this_state);
        }
        // RFC 3261 §17.1.2.2, §17.1.4 and Figure 6: in Trying or Proceeding, inform the TU (it
        // acts as on a 503, §8.1.3.1) and go straight to Terminated.
        transaction_action_list out;
        timers_.cancel_all(out);
        out.push_back(transaction_actions::report_transport_error{});
        enter_terminated(out);
        return out;
    }

    std::chrono::milliseconds e_interval_{}; // the current Timer E interval (T1, ..., T2)
};

} // namespace sipkit
