// The non-INVITE server transaction: RFC 3261 §17.2.2 (Figure 8, with erratum 1470) and the
// RFC 4320 §4.1, §4.2 rules on the responses it may send, as a pure state machine.
#pragma once

#include <sipkit/transaction/timer_config.hpp>
#include <sipkit/transaction/transaction_action.hpp>
#include <sipkit/transaction/transaction_event.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <variant>

namespace sipkit {

/// The states of Figure 8, plus `idle`: constructed, before the first request_received. `idle`
/// is not a state of the figure (there the transaction comes into being with its request).
enum class server_non_invite_state : std::uint8_t {
    idle,
    trying,
    proceeding,
    completed,
    terminated
};

/// "Trying", "Proceeding", ... for logs and ladder diagrams.
constexpr const char* to_string(server_non_invite_state s) noexcept {
    switch (s) {
        case server_non_invite_state::idle:
            return "Idle";
        case server_non_invite_state::trying:
            return "Trying";
        case server_non_invite_state::proceeding:
            return "Proceeding";
        case server_non_invite_state::completed:
            return "Completed";
        case server_non_invite_state::terminated:
            return "Terminated";
    }
    return "?";
}

/// The non-INVITE server transaction (RFC 3261 §17.2.2, RFC 4320). A value: no allocation, no
/// clock reads, no callbacks. Actions come in the order cancel_timer, sends, report_*, arm_timer,
/// `terminated`.
///
/// | state      | event                      | actions                        | next        |
/// |------------|----------------------------|--------------------------------|-------------|
/// | idle       | request_received           | pass_request                   | Trying      |
/// | Trying     | request_received           | (none: absorbed)               | Trying      |
/// | Trying     | 100 from TU                | send_response                  | Proceeding  |
/// | Proceeding | request_received, 100      | send_response                  | Proceeding  |
/// | Trying,    | 200–699 from TU            | send_response, arm J           | Completed   |
/// | Proceeding |                            | (reliable: J is zero)          | (Terminated)|
/// | Proceeding | transport_error            | report_transport_error         | Terminated  |
/// | Completed  | request_received           | send_response                  | Completed   |
/// | Completed  | J fires                    |                                | Terminated  |
/// | Completed  | transport_error            | cancel J, report_transport_... | Terminated  |
///
/// An EMPTY action list means the event was absorbed, as the figure's Trying loop says; an event
/// with no effect otherwise returns one `dropped{reason}`. RFC 4320 is enforced on the TU's
/// responses in Trying and Proceeding: a 101–199 is `provisional_not_allowed` (§4.1), a 408 is
/// `no_408_for_non_invite` (§4.2), and a 100 over an unreliable transport earlier than
/// `trying_delay(config())` after the request arrived is `trying_too_early` (§4.1).
class server_non_invite_transaction
    : public detail::transaction_machine<server_non_invite_state,
                                         detail::armed_timers<transaction_timer::j>> {
public:
    explicit server_non_invite_transaction(bool reliable, timer_config config = {}) noexcept
        : transaction_machine(reliable, config) {}

    /// RFC 4320 §4.1: a 100 to a non-INVITE request over an unreliable transport MUST NOT be
    /// sent before the client's Timer E has been reset to T2: the sum of E's intervals T1, 2*T1,
    /// 4*T1, ... that are shorter than T2 (§17.1.2.2). 3.5 s with the defaults; zero when
    /// T1 >= T2. Measured from the first request_received.
    static constexpr std::chrono::milliseconds trying_delay(const timer_config& c) noexcept {
        std::chrono::milliseconds sum{0};
        if (c.t1 <= std::chrono::milliseconds{0}) {
            return sum;
        }
        for (auto interval = c.t1; interval < c.t2; interval = c.backoff(interval)) {
            sum += interval;
        }
        return sum;
    }

    /// Acts on one event at instant `now` (the caller's clock; never read here).
    transaction_action_list handle(const transaction_event& e, clock::time_point now) noexcept {
        namespace ev = transaction_events;
        if (state_ == server_non_invite_state::terminated) {
            return drop(drop_reason::terminated);
        }
        if (std::holds_alternative<ev::tu_request>(e) ||
            std::holds_alternative<ev::response_received>(e) ||
            std::holds_alternative<ev::ack_received>(e)) {
            // A server transaction neither sends requests nor receives responses, and only an
            // INVITE transaction has an ACK (§17.2.3 never matches one to a non-INVITE).
            return drop(drop_reason::not_for_this_kind);
        }
        if (const auto* r = std::get_if<ev::tu_response>(&e)) {
            if (r->status < 100 || r->status > 699) {
                return drop(drop_reason::status_invalid);
            }
            return on_tu_response(r->status, now);
        }
        if (std::holds_alternative<ev::request_received>(e)) {
            return on_request(now);
        }
        if (const auto* t = std::get_if<ev::timer_fired>(&e)) {
            return on_timer(t->timer);
        }
        return on_transport_error();
    }

private:
    transaction_action_list on_request(clock::time_point now) noexcept {
        transaction_action_list out;
        switch (state_) {
            case server_non_invite_state::idle:
                // RFC 3261 §17.2.2: a new server transaction enters Trying and passes the
                // request to the TU. It never sends a 100 on its own (RFC 4320 §4.1).
                state_ = server_non_invite_state::trying;
                started_ = now;
                out.push_back(transaction_actions::pass_request{});
                return out;
            case server_non_invite_state::trying:
                // RFC 3261 §17.2.2: retransmissions in Trying are discarded.
                return out;
            case server_non_invite_state::proceeding:
            case server_non_invite_state::completed:
                // RFC 3261 §17.2.2: a retransmission in Proceeding resends the last provisional
                // response, in Completed the final response.
                out.push_back(transaction_actions::send_response{});
                return out;
            case server_non_invite_state::terminated:
                break;
        }
        return drop(drop_reason::terminated);
    }

    transaction_action_list on_tu_response(int status, clock::time_point now) noexcept {
        if (state_ != server_non_invite_state::trying &&
            state_ != server_non_invite_state::proceeding) {
            return drop(drop_reason::not_in_this_state);
        }
        if (status == 408) {
            // RFC 4320 §4.2: a transaction-stateful element MUST NOT send a 408 to a
            // non-INVITE request.
            return drop(drop_reason::no_408_for_non_invite);
        }
        if (status > 100 && status < 200) {
            // RFC 4320 §4.1: no provisional other than 100 to a non-INVITE request.
            return drop(drop_reason::provisional_not_allowed);
        }
        if (status == 100 && !reliable_ && now - started_ < trying_delay(config_)) {
            // RFC 4320 §4.1: over an unreliable transport, no 100 before the client's Timer E
            // has reached T2.
            return drop(drop_reason::trying_too_early);
        }
        transaction_action_list out;
        out.push_back(transaction_actions::send_response{});
        if (status < 200) {
            // RFC 3261 §17.2.2: a provisional from the TU is sent; Trying moves to Proceeding.
            state_ = server_non_invite_state::proceeding;
            return out;
        }
        // RFC 3261 §17.2.2 (and erratum 1470 for Trying): a final response is sent and the
        // transaction enters Completed, with Timer J = 64*T1 over unreliable transports; J is
        // zero over reliable ones, so it terminates at once.
        if (const auto j = config_.initial(transaction_timer::j, reliable_)) {
            state_ = server_non_invite_state::completed;
            timers_.arm(transaction_timer::j, now + *j, out);
        } else {
            enter_terminated(out);
        }
        return out;
    }

    transaction_action_list on_timer(transaction_timer t) noexcept {
        if (!timers_.fire(t)) {
            return drop(drop_reason::stale_timer);
        }
        // RFC 3261 §17.2.2: Timer J fires in Completed: Terminated.
        transaction_action_list out;
        timers_.cancel_all(out);
        enter_terminated(out);
        return out;
    }

    transaction_action_list on_transport_error() noexcept {
        if (state_ != server_non_invite_state::proceeding &&
            state_ != server_non_invite_state::completed) {
            // Nothing has been sent in idle or Trying: Figure 8 has no arrow there.
            return drop(drop_reason::not_in_this_state);
        }
        // RFC 3261 §17.2.2, Figure 8: a transport error informs the TU and terminates.
        transaction_action_list out;
        timers_.cancel_all(out);
        out.push_back(transaction_actions::report_transport_error{});
        enter_terminated(out);
        return out;
    }

    clock::time_point started_{}; ///< the first request_received (RFC 4320 §4.1)
};

} // namespace sipkit
