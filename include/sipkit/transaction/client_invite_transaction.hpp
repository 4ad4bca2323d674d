// The INVITE client transaction: RFC 3261 §17.1.1 (Figure 5) as amended by RFC 6026 §8.4 (the
// Accepted state and Timer M), as a pure value type: handle(event, now) -> actions.
#pragma once

#include <sipkit/transaction/timer_config.hpp>
#include <sipkit/transaction/transaction_action.hpp>
#include <sipkit/transaction/transaction_event.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <variant>

namespace sipkit {

/// The states of Figure 5 (RFC 6026 §7.2 adds Accepted), plus `idle`.
enum class client_invite_state : std::uint8_t {
    idle,       ///< constructed, the TU has not handed over its INVITE yet (not in Figure 5)
    calling,    ///< the INVITE is out, retransmitted on Timer A over unreliable transports
    proceeding, ///< a provisional response arrived; waiting, without retransmitting, for a final
    accepted,   ///< RFC 6026 §8.4: a 2xx arrived; every further 2xx goes to the TU until Timer M
    completed,  ///< a 300–699 arrived and was ACKed; ACKing its retransmissions until Timer D
    terminated, ///< done: the layer frees the transaction
};

/// "Calling", "Proceeding", ... for logs and test output.
constexpr const char* to_string(client_invite_state s) noexcept {
    switch (s) {
        case client_invite_state::idle:
            return "Idle";
        case client_invite_state::calling:
            return "Calling";
        case client_invite_state::proceeding:
            return "Proceeding";
        case client_invite_state::accepted:
            return "Accepted";
        case client_invite_state::completed:
            return "Completed";
        case client_invite_state::terminated:
            return "Terminated";
    }
    return "unknown";
}

/// One INVITE client transaction (RFC 3261 §17.1.1, RFC 6026 §8.4). A value: no allocation, no
/// clock reads, no callbacks; copy it freely.
///
/// Events it acts on: `tu_request` (once, in Idle: starts the transaction), `response_received`,
/// `timer_fired` for Timers A, B, D and M, `transport_error`. Every other event, and every event
/// the figure has no arrow for in the current state, comes back as one `dropped` action:
/// - `terminated` once the transaction has terminated (checked first);
/// - `not_for_this_kind` for `tu_response`, `request_received`, `ack_received`;
/// - `status_invalid` for a response status outside 100–699;
/// - `stale_timer` for a timer that is not armed (cancelled, already fired, or one this machine
///   never uses);
/// - `not_in_this_state` otherwise: e.g. a 1xx or 2xx in Completed, a 1xx or 300–699 in Accepted
///   (RFC 6026 §8.4 draws no such arrows), a response or transport error in Idle.
///
/// A transport error is acted on in Calling, Proceeding and Completed (§17.1.4: the client
/// transaction informs the TU whenever the transport fails to send for it; in Proceeding the
/// failure is that of the INVITE's earlier send, e.g. a connection reset, reported late). In
/// Accepted the transaction sends nothing (the TU sends the ACK for a 2xx, §13.2.2.4), so there
/// a transport error is `not_in_this_state`.
class client_invite_transaction
    : public detail::transaction_machine<
          client_invite_state, detail::armed_timers<transaction_timer::a, transaction_timer::b,
                                                    transaction_timer::d, transaction_timer::m>> {
public:
    /// `reliable`: the transport the INVITE goes over is reliable (TCP, TLS, SCTP, WebSocket),
    /// so Timer A is not armed and Timer D is zero (§17.1.1.2).
    constexpr explicit client_invite_transaction(bool reliable, timer_config config = {}) noexcept
        : transaction_machine(reliable, config) {}

    /// Consumes one event at the instant `now` and returns what to do, in order: cancel timers,
    /// send, tell the TU, arm timers, and `terminated` last.
    constexpr transaction_action_list handle(const transaction_event& e,
                                             clock::time_point now) noexcept {
        namespace ev = transaction_events;
        if (state_ == client_invite_state::terminated) {
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
    using state_type = client_invite_state;

    constexpr transaction_action_list on_tu_request(clock::time_point now) noexcept {
        if (state_ != state_type::idle) {
            return drop(drop_reason::not_in_this_state);
        }
        transaction_action_list out;
        // RFC 3261 §17.1.1.2: Calling is entered with the INVITE passed to the transport, Timer A
        // set to T1 on unreliable transports only, Timer B to 64*T1 on every transport.
        out.push_back(transaction_actions::send_request{});
        if (const auto a = config_.initial(timer::a, reliable_)) {
            a_interval_ = *a;
            timers_.arm(timer::a, now + *a, out);
        }
        timers_.arm(timer::b, now + config_.transaction_timeout(), out);
        state_ = state_type::calling;
        return out;
    }

    constexpr transaction_action_list on_response(int status, clock::time_point now) noexcept {
        if (status < 100 || status > 699) {
            return drop(drop_reason::status_invalid);
        }
        transaction_action_list out;
        switch (state_) {
            case state_type::calling:
            case state_type::proceeding:
                if (status < 200) {
                    // RFC 3261 §17.1.1.2: a provisional response moves Calling to Proceeding,
                    // where the request is no longer retransmitted (A stops) and Timer B,
                    // which only fires in Calling, no longer applies; it goes to the TU.
                    timers_.cancel(timer::a, out);
                    timers_.cancel(timer::b, out);
                    out.push_back(transaction_actions::pass_response{status});
                    state_ = state_type::proceeding;
                } else if (status < 300) {
                    // RFC 6026 §8.4: a 2xx goes to the TU (which ACKs it, not the transaction),
                    // and the transaction waits in Accepted for 64*T1 (Timer M).
                    timers_.cancel(timer::a, out);
                    timers_.cancel(timer::b, out);
                    out.push_back(transaction_actions::pass_response{status});
                    timers_.arm(timer::m, now + *config_.initial(timer::m, reliable_), out);
                    state_ = state_type::accepted;
                } else {
                    // RFC 3261 §17.1.1.2: a 300–699 is ACKed by the transaction (§17.1.1.3),
                    // passed to the TU, and Completed is entered with Timer D: at least 32 s on
                    // unreliable transports, zero (straight to Terminated) on reliable ones.
                    timers_.cancel_all(out); // A and B
                    out.push_back(transaction_actions::send_ack{});
                    out.push_back(transaction_actions::pass_response{status});
                    if (const auto d = config_.initial(timer::d, reliable_)) {
                        timers_.arm(timer::d, now + *d, out);
                        state_ = state_type::completed;
                    } else {
                        enter_terminated(out);
                    }
                }
                return out;
            case state_type::completed:
                // RFC 3261 §17.1.1.2: a retransmitted final response in Completed is ACKed
                // again and not passed to the TU. Figure 5 has no arrow for 1xx or 2xx here.
                if (status >= 300) {
                    out.push_back(transaction_actions::send_ack{});
                    return out;
                }
                return drop(drop_reason::not_in_this_state);
            case state_type::accepted:
                // RFC 6026 §8.4: every 2xx received in Accepted goes to the TU (retransmissions
                // and 2xx from other forks alike); 1xx and 300–699 have no arrow there.
                if (status >= 200 && status < 300) {
                    out.push_back(transaction_actions::pass_response{status});
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
            case timer::a:
                // RFC 3261 §17.1.1.2: Timer A retransmits the INVITE and doubles, without a
                // cap, for as long as the transaction stays in Calling.
                out.push_back(transaction_actions::send_request{});
                a_interval_ = 2 * a_interval_;
                timers_.arm(timer::a, now + a_interval_, out);
                return out;
            case timer::b:
                // RFC 3261 §17.1.1.2: Timer B in Calling: inform the TU of the timeout (it acts
                // as on a 408, §8.1.3.1), no ACK, Terminated.
                timers_.cancel_all(out);
                out.push_back(transaction_actions::report_timeout{timer::b});
                enter_terminated(out);
                return out;
            case timer::d:
                // RFC 3261 §17.1.1.2: Timer D in Completed -> Terminated.
            case timer::m:
                // RFC 6026 §8.4: Timer M in Accepted -> Terminated.
                timers_.cancel_all(out);
                enter_terminated(out);
                return out;
            default:
                break;
        }
        return drop(drop_reason::stale_timer); // unreachable: only A, B, D, M are ever armed
    }

    constexpr transaction_action_list on_transport_error() noexcept {
        switch (state_) {
            case state_type::calling:
            case state_type::proceeding:
            case state_type::completed: {
                // RFC 3261 §17.1.4 and Figure 5: inform the TU (it acts as on a 503, §8.1.3.1)
                // and go straight to Terminated.
                transaction_action_list out;
                timers_.cancel_all(out);
                out.push_back(transaction_actions::report_transport_error{});
                enter_terminated(out);
                return out;
            }
            default:
                return drop(drop_reason::not_in_this_state);
        }
    }

    std::chrono::milliseconds a_interval_{}; // the current Timer A interval (T1, 2*T1, ...)
};

} // namespace sipkit
