// The events a transaction state machine handles (RFC 3261 §17): a message from the transport, a
// request or response from the transaction user (TU), a timer expiry, a transport error.
#pragma once

#include <sipkit/transaction/timer_config.hpp>

#include <variant>

namespace sipkit {

/// One struct per event. The state machines see only what they need to decide (a status code, a
/// timer name): the layer above keeps the message bytes and matches messages to transactions.
namespace transaction_events {

/// The TU hands a client transaction its request (Figures 5 and 6: "INVITE from TU",
/// "Request from TU"). It starts the transaction.
struct tu_request {
    friend constexpr bool operator==(tu_request, tu_request) noexcept { return true; }
};

/// The TU hands a server transaction a response with this status code (100–699).
struct tu_response {
    int status = 0;
    friend constexpr bool operator==(tu_response, tu_response) noexcept = default;
};

/// The transport delivered the server transaction's request: the first time it creates the
/// transaction (Figures 7 and 8), afterwards it is a retransmission (§17.2.3 matched it).
struct request_received {
    friend constexpr bool operator==(request_received, request_received) noexcept { return true; }
};

/// The transport delivered an ACK that matched this INVITE server transaction (§17.2.3).
struct ack_received {
    friend constexpr bool operator==(ack_received, ack_received) noexcept { return true; }
};

/// The transport delivered a response with this status code that matched this client
/// transaction (§17.1.3).
struct response_received {
    int status = 0;
    friend constexpr bool operator==(response_received, response_received) noexcept = default;
};

/// A timer the state machine armed has reached its deadline.
struct timer_fired {
    transaction_timer timer{};
    friend constexpr bool operator==(timer_fired, timer_fired) noexcept = default;
};

/// The transport failed to send this transaction's message (§18.4; "Transport Err." in
/// Figures 5–8).
struct transport_error {
    friend constexpr bool operator==(transport_error, transport_error) noexcept { return true; }
};

} // namespace transaction_events

/// Any event of any of the four transaction state machines. Each machine documents which it
/// acts on; the others come back as a `dropped` action naming why.
using transaction_event =
    std::variant<transaction_events::tu_request, transaction_events::tu_response,
                 transaction_events::request_received, transaction_events::ack_received,
                 transaction_events::response_received, transaction_events::timer_fired,
                 transaction_events::transport_error>;

} // namespace sipkit
