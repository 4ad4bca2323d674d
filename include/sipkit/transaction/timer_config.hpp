// The transaction timers of RFC 3261 §17 (Table 4, A to K) and RFC 6026 (L, M), their durations
// from T1, T2 and T4, and the clock type the state machines take deadlines in.
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>

namespace sipkit {

/// The clock sipkit's state machines measure time in. sipkit never calls `clock::now()`: the
/// caller passes `now` into every `handle` and gets deadlines back, so a test can drive any state
/// machine with a virtual clock (`clock::time_point{} + 500ms`).
using clock = std::chrono::steady_clock;

/// The timers of RFC 3261 Table 4 (A to K; C belongs to the proxy, §16.6) and RFC 6026 §8.4, §8.7
/// (M: client INVITE Accepted, L: server INVITE Accepted).
enum class transaction_timer : std::uint8_t { a, b, d, e, f, g, h, i, j, k, l, m };

/// "A", "B", ... for logs and ladder diagrams.
constexpr const char* to_string(transaction_timer t) noexcept {
    constexpr std::array<const char*, 12> names{"A", "B", "D", "E", "F", "G",
                                                "H", "I", "J", "K", "L", "M"};
    return names[static_cast<std::size_t>(t)];
}

/// RFC 3261 §17.1.1.1, Table 4: the three base values every transaction timer derives from.
/// A layer has a default and each transaction may carry its own (a satellite link wants a larger
/// T1). Every duration must be positive, and t2 >= t1.
struct timer_config {
    std::chrono::milliseconds t1{500};  ///< RTT estimate (§17.1.1.1)
    std::chrono::milliseconds t2{4000}; ///< maximum retransmission interval (§17.1.2.2)
    std::chrono::milliseconds t4{5000}; ///< maximum time a message stays in the network

    /// 64*T1: Timers B, F, H (§17.1.1.2, §17.1.2.2, §17.2.1), L and M (RFC 6026 §8.4, §8.7),
    /// and J on an unreliable transport (§17.2.2).
    constexpr std::chrono::milliseconds transaction_timeout() const noexcept { return 64 * t1; }

    /// The duration a timer is first set to, or nullopt when the RFC does not start it on this
    /// transport: A, E and G retransmit, so only over unreliable transports (§17.1.1.2,
    /// §17.1.2.2, §17.2.1); D, I, J and K are zero over reliable ones, and a zero timer is not
    /// armed at all: the state machine moves on at once, as if it had fired.
    /// Timer D is "at least 32 s" (§17.1.1.2): max(32 s, 64*T1), so a larger T1 lengthens it too.
    constexpr std::optional<std::chrono::milliseconds> initial(transaction_timer t,
                                                               bool reliable) const noexcept {
        using enum transaction_timer;
        switch (t) {
            case a:
            case e:
            case g:
                if (reliable) {
                    return std::nullopt;
                }
                return t1;
            case b:
            case f:
            case h:
            case l:
            case m:
                return transaction_timeout();
            case d:
                if (reliable) {
                    return std::nullopt;
                }
                return std::max(std::chrono::milliseconds{32000}, transaction_timeout());
            case i:
            case k:
                if (reliable) {
                    return std::nullopt;
                }
                return t4;
            case j:
                if (reliable) {
                    return std::nullopt;
                }
                return transaction_timeout();
        }
        return std::nullopt;
    }

    /// The next retransmission interval after `current` for Timers E and G: doubled, capped at
    /// T2 (§17.1.2.2, §17.2.1). Timer A doubles without a cap (§17.1.1.2): use 2 * current.
    constexpr std::chrono::milliseconds backoff(std::chrono::milliseconds current) const noexcept {
        return std::min(2 * current, t2);
    }

    friend constexpr bool operator==(const timer_config&, const timer_config&) = default;
};

} // namespace sipkit
