// The INVITE server transaction: RFC 3261 §17.2.1 (Figure 7) as amended by RFC 6026 §7.1 and
// §8.5–§8.8 (the Accepted state and Timer L), as a pure state machine: events in, actions out.
#pragma once

#include <sipkit/transaction/timer_config.hpp>
#include <sipkit/transaction/transaction_action.hpp>
#include <sipkit/transaction/transaction_event.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <variant>

namespace sipkit {

/// The states of Figure 7 as RFC 6026 redraws it (adding Accepted), plus `idle`: constructed,
/// before the first request_received. `idle` is not a state of the figure (there the transaction
/// comes into being with its request), only the value a default-placed machine has before it
/// starts.
enum class server_invite_state : std::uint8_t {
    idle,
    proceeding,
    completed,
    confirmed,
    accepted,
    terminated
};

/// "Proceeding", "Completed", ... for logs and ladder diagrams.
constexpr const char* to_string(server_invite_state s) noexcept {
    switch (s) {
        case server_invite_state::idle:
            return "Idle";
        case server_invite_state::proceeding:
            return "Proceeding";
        case server_invite_state::completed:
            return "Completed";
        case server_invite_state::confirmed:
            return "Confirmed";
        case server_invite_state::accepted:
            return "Accepted";
        case server_invite_state::terminated:
            return "Terminated";
    }
    return "?";
}

/// The INVITE server transaction (RFC 3261 §17.2.1, RFC 6026). A value: no allocation, no clock
/// reads, no callbacks; copy it freely. Each `handle` returns the actions in the order the layer
/// must perform them: cancel_timer, then sends, then pass_*/report_*, then arm_timer, then
/// `terminated`. Timers are cancelled in letter order (G, H, I, L).
///
/// | state      | event                       | actions                         | next       |
/// |------------|-----------------------------|---------------------------------|------------|
/// | idle       | request_received            | send_trying (if enabled),       | Proceeding |
/// |            |                             | pass_request                    |            |
/// | Proceeding | request_received            | latest 1xx again (see below)    | Proceeding |
/// | Proceeding | 100–199 from TU             | send_response                   | Proceeding |
/// | Proceeding | 200–299 from TU             | send_response, arm L            | Accepted   |
/// | Proceeding | 300–699 from TU             | send_response, arm G*, arm H    | Completed  |
/// | Completed  | request_received, G fires   | send_response (G: re-arm G)     | Completed  |
/// | Completed  | ACK                         | cancel G, H; arm I*             | Confirmed* |
/// | Completed  | H fires                     | report_timeout{H}               | Terminated |
/// | Confirmed  | ACK                         | (none: absorbed)                | Confirmed  |
/// | Confirmed  | I fires                     |                                 | Terminated |
/// | Accepted   | request_received            | (none: absorbed)                | Accepted   |
/// | Accepted   | 200–299 from TU             | send_response                   | Accepted   |
/// | Accepted   | ACK                         | pass_ack                        | Accepted   |
/// | Accepted   | L fires                     |                                 | Terminated |
/// | Proceeding, Completed, Accepted | transport_error | report_transport_error  | (same)     |
///
/// (*) Over a reliable transport Timer G is never armed and Timer I is zero: the ACK in Completed
/// terminates the transaction at once. An EMPTY action list means the event was absorbed, as the
/// figure's "-" says; an event with no effect otherwise returns one `dropped{reason}`.
///
/// A request retransmission in Proceeding resends the most recent provisional response: the TU's
/// latest 1xx if it passed one (send_response), else the transaction's own 100 if it sent one
/// (send_trying), else nothing has been sent and the retransmission is absorbed (empty list).
class server_invite_transaction
    : public detail::transaction_machine<
          server_invite_state, detail::armed_timers<transaction_timer::g, transaction_timer::h,
                                                    transaction_timer::i, transaction_timer::l>> {
public:
    /// `send_trying`: RFC 3261 §17.2.1: the transaction MUST send a 100 (Trying) on its own
    /// unless it knows the TU will send a provisional or final response within 200 ms; pass false
    /// when the TU does.
    explicit server_invite_transaction(bool reliable, timer_config config = {},
                                       bool send_trying = true) noexcept
        : transaction_machine(reliable, config), send_trying_(send_trying) {}

    /// Acts on one event at instant `now` (the caller's clock; never read here).
    transaction_action_list handle(const transaction_event& e, clock::time_point now) noexcept {
        namespace ev = transaction_events;
        if (state_ == server_invite_state::terminated) {
            return drop(drop_reason::terminated);
        }
        if (std::holds_alternative<ev::tu_request>(e) ||
            std::holds_alternative<ev::response_received>(e)) {
            // A server transaction neither sends requests nor receives responses.
            return drop(drop_reason::not_for_this_kind);
        }
        if (const auto* r = std::get_if<ev::tu_response>(&e)) {
            if (r->status < 100 || r->status > 699) {
                return drop(drop_reason::status_invalid);
            }
            return on_tu_response(r->status, now);
        }
        if (std::holds_alternative<ev::request_received>(e)) {
            return on_request();
        }
        if (std::holds_alternative<ev::ack_received>(e)) {
            return on_ack(now);
        }
        if (const auto* t = std::get_if<ev::timer_fired>(&e)) {
            return on_timer(t->timer, now);
        }
        return on_transport_error();
    }

    /// Whether the transaction sends its own 100 (Trying) (the constructor's `send_trying`).
    bool sends_trying() const noexcept { return send_trying_; }

private:
    transaction_action_list on_request() noexcept {
        transaction_action_list out;
        switch (state_) {
            case server_invite_state::idle:
                // RFC 3261 §17.2.1: a new server transaction enters Proceeding, MUST send a 100
                // (Trying) unless the TU answers within 200 ms, and MUST pass the request to
                // the TU.
                state_ = server_invite_state::proceeding;
                if (send_trying_) {
                    out.push_back(transaction_actions::send_trying{});
                }
                out.push_back(transaction_actions::pass_request{});
                return out;
            case server_invite_state::proceeding:
                // RFC 3261 §17.2.1: a retransmission in Proceeding resends the most recent
                // provisional response; with none sent yet there is nothing to resend.
                if (provisional_sent_) {
                    out.push_back(transaction_actions::send_response{});
                } else if (send_trying_) {
                    out.push_back(transaction_actions::send_trying{});
                }
                return out;
            case server_invite_state::completed:
                // RFC 3261 §17.2.1: a retransmission in Completed resends the final response.
                out.push_back(transaction_actions::send_response{});
                return out;
            case server_invite_state::accepted:
                // RFC 6026 §8.7: retransmissions in Accepted are absorbed, not passed to the TU.
                return out;
            case server_invite_state::confirmed:
            case server_invite_state::terminated:
                break;
        }
        // Confirmed absorbs ACKs only (§17.2.1); Figure 7 has no arrow for the request there.
        return drop(drop_reason::not_in_this_state);
    }

    transaction_action_list on_tu_response(int status, clock::time_point now) noexcept {
        transaction_action_list out;
        if (state_ == server_invite_state::proceeding) {
            if (status < 200) {
                // RFC 3261 §17.2.1: each provisional from the TU is sent; no state change.
                provisional_sent_ = true;
                out.push_back(transaction_actions::send_response{});
                return out;
            }
            if (status < 300) {
                // RFC 6026 §8.5, §8.7: a 2xx is sent, the transaction enters Accepted and
                // Timer L is set to 64*T1 for all transports.
                state_ = server_invite_state::accepted;
                out.push_back(transaction_actions::send_response{});
                timers_.arm(transaction_timer::l, now + config_.transaction_timeout(), out);
                return out;
            }
            // RFC 3261 §17.2.1: a 300–699 is sent and the transaction enters Completed; Timer G
            // = T1 over unreliable transports only, Timer H = 64*T1 for all transports.
            state_ = server_invite_state::completed;
            out.push_back(transaction_actions::send_response{});
            if (const auto g = config_.initial(transaction_timer::g, reliable_)) {
                g_interval_ = *g;
                timers_.arm(transaction_timer::g, now + *g, out);
            }
            timers_.arm(transaction_timer::h, now + config_.transaction_timeout(), out);
            return out;
        }
        if (state_ == server_invite_state::accepted && status >= 200 && status < 300) {
            // RFC 6026 §8.7: the TU retransmits its 2xx through the transaction, which passes
            // each to the transport and never retransmits a 2xx on its own.
            out.push_back(transaction_actions::send_response{});
            return out;
        }
        return drop(drop_reason::not_in_this_state);
    }

    transaction_action_list on_ack(clock::time_point now) noexcept {
        transaction_action_list out;
        switch (state_) {
            case server_invite_state::completed:
                // RFC 3261 §17.2.1: the ACK moves Completed to Confirmed, which ignores Timer G
                // (cancelled with H). Timer I = T4 over unreliable transports; zero over
                // reliable ones, so the transaction terminates at once.
                if (const auto i = config_.initial(transaction_timer::i, reliable_)) {
                    timers_.cancel_all(out);
                    state_ = server_invite_state::confirmed;
                    timers_.arm(transaction_timer::i, now + *i, out);
                } else {
                    timers_.cancel_all(out);
                    enter_terminated(out);
                }
                return out;
            case server_invite_state::confirmed:
                // RFC 3261 §17.2.1: Confirmed absorbs ACK retransmissions.
                return out;
            case server_invite_state::accepted:
                // RFC 6026 §8.7: every ACK in Accepted is passed to the TU, not absorbed.
                out.push_back(transaction_actions::pass_ack{});
                return out;
            case server_invite_state::idle:
            case server_invite_state::proceeding:
            case server_invite_state::terminated:
                break;
        }
        return drop(drop_reason::not_in_this_state);
    }

    transaction_action_list on_timer(transaction_timer t, clock::time_point now) noexcept {
        if (!timers_.fire(t)) {
            return drop(drop_reason::stale_timer);
        }
        transaction_action_list out;
        switch (t) {
            case transaction_timer::g:
                // RFC 3261 §17.2.1: Timer G resends the final response and is reset to
                // MIN(2*G, T2).
                g_interval_ = config_.backoff(g_interval_);
                out.push_back(transaction_actions::send_response{});
                timers_.arm(transaction_timer::g, now + g_interval_, out);
                return out;
            case transaction_timer::h:
                // RFC 3261 §17.2.1: Timer H means the ACK never came: Terminated, and the TU
                // MUST be told of the transaction failure.
                timers_.cancel_all(out);
                out.push_back(transaction_actions::report_timeout{transaction_timer::h});
                enter_terminated(out);
                return out;
            default:
                // Timer I (Confirmed, RFC 3261 §17.2.1) or Timer L (Accepted, RFC 6026 §8.7):
                // the transaction MUST move to Terminated.
                timers_.cancel_all(out);
                enter_terminated(out);
                return out;
        }
    }

    transaction_action_list on_transport_error() noexcept {
        switch (state_) {
            case server_invite_state::proceeding:
            case server_invite_state::completed:
            case server_invite_state::accepted: {
                // RFC 6026 §8.8 (amending RFC 3261 §17.2.4) and its Figure 7: the server
                // transaction SHOULD inform the TU and MUST remain in the current state.
                transaction_action_list out;
                out.push_back(transaction_actions::report_transport_error{});
                return out;
            }
            case server_invite_state::idle:
            case server_invite_state::confirmed:
            case server_invite_state::terminated:
                break;
        }
        return drop(drop_reason::not_in_this_state);
    }

    std::chrono::milliseconds g_interval_{}; ///< Timer G's current interval (§17.2.1)
    bool send_trying_;
    bool provisional_sent_ = false; ///< the TU passed a 1xx (what a retransmission resends)
};

} // namespace sipkit
