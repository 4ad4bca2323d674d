// Which transaction a message belongs to: the keys of RFC 3261 §17.1.3 (client side) and
// §17.2.3 (server side, with the RFC 2543 fallback), and the CANCEL rule of §9.2.
#pragma once

#include <sipkit/core/ascii.hpp>
#include <sipkit/core/error.hpp>
#include <sipkit/core/result.hpp>
#include <sipkit/message/call_id.hpp>
#include <sipkit/message/cseq.hpp>
#include <sipkit/message/header_field.hpp>
#include <sipkit/message/message_view.hpp>
#include <sipkit/message/name_addr.hpp>
#include <sipkit/message/via.hpp>
#include <sipkit/uri/uri.hpp>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <variant>

namespace sipkit {

/// The key of a transaction whose branch carries the RFC 3261 magic cookie. Views into the
/// message it was taken from.
///
/// - Client side (§17.1.3): the top Via branch and the CSeq method. A response matches the client
///   transaction whose request had the same branch and method, so a CANCEL, which shares its
///   INVITE's branch, is its own transaction.
/// - Server side (§17.2.3): the top Via branch, its sent-by, and the request method, an ACK
///   counting as the INVITE it acknowledges.
///
/// Branches compare byte for byte (a branch is an opaque token the client chose: sipkit, like
/// PJSIP, reSIProcate and Kamailio, does not fold case); methods are case-sensitive (§7.1); the
/// sent-by host compares case-insensitively and its port as written (absent differs from 5060:
/// the same client writes the same Via on every retransmission).
struct transaction_key {
    std::string_view branch;
    std::string_view method;
    /// Server side only; empty on the client side.
    std::string_view sent_by_host;
    std::optional<std::uint16_t> sent_by_port;

    friend constexpr bool operator==(const transaction_key& a, const transaction_key& b) noexcept {
        return a.branch == b.branch && a.method == b.method && a.sent_by_port == b.sent_by_port &&
               iequals(a.sent_by_host, b.sent_by_host);
    }
};

/// What identifies a server transaction created by a request whose branch lacks the magic cookie
/// (an RFC 2543 client, §17.2.3). Views into the request.
struct rfc2543_transaction_id {
    std::string_view request_uri;
    std::optional<std::string_view> to_tag;
    std::optional<std::string_view> from_tag;
    std::string_view call_id;
    std::uint32_t cseq_number = 0;
    std::string_view cseq_method;
    /// The whole top Via value, as written; compared as parsed Via values.
    std::string_view top_via;

    /// Identical fields, byte for byte. Matching a request to a transaction is
    /// rfc2543_matches, which compares as §17.2.3 says.
    friend constexpr bool operator==(const rfc2543_transaction_id&,
                                     const rfc2543_transaction_id&) = default;
};

/// A server transaction's identity: the §17.2.3 key, or the RFC 2543 fallback.
using server_transaction_id = std::variant<transaction_key, rfc2543_transaction_id>;

namespace detail {

// A hash for the transaction tables: eight octets a round, each mixed in with a multiply and
// a shift (so the low bits the tables use depend on every octet), then the length. `fold`
// makes it case-insensitive: every octet has its 0x20 bit set first, so strings iequals
// calls equal hash alike (other pairs may collide too, which costs only a comparison).
constexpr std::uint64_t hash_seed = 0x9e3779b97f4a7c15ull;
constexpr std::uint64_t hash_mix(std::uint64_t h, std::uint64_t word) noexcept {
    h = (h ^ word) * 0xff51afd7ed558ccdull;
    return h ^ (h >> 29);
}
// The n (<= 8) octets at p as a little-endian number.
constexpr std::uint64_t hash_load(const char* p, std::size_t n) noexcept {
    if constexpr (std::endian::native == std::endian::little) {
        if (!std::is_constant_evaluated()) {
            if (n == 8) {
                std::uint64_t w = 0;
                std::memcpy(&w, p, 8);
                return w;
            }
            if (n == 4) {
                std::uint32_t w = 0;
                std::memcpy(&w, p, 4);
                return w;
            }
        }
    }
    std::uint64_t w = 0;
    for (std::size_t k = 0; k < n; ++k)
        w |= std::uint64_t{static_cast<unsigned char>(p[k])} << (8 * k);
    return w;
}
[[gnu::always_inline]] constexpr std::uint64_t hash_bytes(std::uint64_t h, std::string_view s,
                                                          bool fold) noexcept {
    const std::uint64_t fold_bits = fold ? 0x2020202020202020ull : 0;
    const char* p = s.data();
    std::size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8)
        h = hash_mix(h, hash_load(p, 8) | fold_bits);
    // The tail: two overlapping four-octet loads, or three single octets.
    if (n >= 4) {
        const std::uint64_t low = hash_load(p, 4);
        const std::uint64_t high = hash_load(p + n - 4, 4);
        h = hash_mix(h, ((high << 32) | low) | fold_bits);
    } else if (n > 0) {
        const std::uint64_t w =
            hash_load(p, 1) | (hash_load(p + n / 2, 1) << 8) | (hash_load(p + n - 1, 1) << 16);
        h = hash_mix(h, w | (fold_bits & 0xffffff));
    }
    return hash_mix(h, s.size());
}

// The top Via of a message: its first element. Any error is reported as via_invalid.
inline result<via> top_via(const message_view& m) noexcept {
    return m.get<via>();
}

} // namespace detail

/// A hash consistent with transaction_key's ==.
constexpr std::uint64_t hash_value(const transaction_key& k) noexcept {
    std::uint64_t h = detail::hash_bytes(detail::hash_seed, k.branch, false);
    h = detail::hash_bytes(h, k.method, false);
    h = detail::hash_bytes(h, k.sent_by_host, true);
    return h ^ (k.sent_by_port ? *k.sent_by_port + 1u : 0u);
}

/// A hash consistent with rfc2543_matches for every request of one transaction (INVITE, its ACK,
/// its CANCEL's target): Call-ID, CSeq number and From tag.
constexpr std::uint64_t hash_value(const rfc2543_transaction_id& id) noexcept {
    std::uint64_t h = detail::hash_bytes(detail::hash_seed, id.call_id, false);
    h = detail::hash_bytes(h, id.from_tag.value_or(std::string_view{}), false);
    return h ^ id.cseq_number;
}

constexpr std::uint64_t hash_value(const server_transaction_id& id) noexcept {
    return std::visit([](const auto& x) { return hash_value(x); }, id);
}

/// RFC 3261 §17.1.3: the client transaction key of a request the client sends, or of a response
/// it receives: the top Via branch and the CSeq method. Errors: header_missing or via_invalid
/// (no Via, or a top Via without a branch), cseq_invalid.
inline result<transaction_key> client_transaction_key(const message_view& m) noexcept {
    auto v = detail::top_via(m);
    if (!v) {
        return unexpected(v.error());
    }
    const auto branch = v->branch();
    if (!branch || branch->empty()) {
        return unexpected(errc::via_invalid, 0);
    }
    auto c = m.get<cseq>();
    if (!c) {
        return unexpected(c.error());
    }
    return transaction_key{*branch, c->method, {}, std::nullopt};
}

/// RFC 3261 §17.2.3: the identity of the server transaction a request belongs to. With the magic
/// cookie: branch, sent-by and method (ACK -> INVITE). Without it: the RFC 2543 fields.
/// `method_override`, when given, replaces the method (a CANCEL looks for its INVITE, §9.2).
/// Errors: header_missing, via_invalid, cseq_invalid, call_id_invalid, from_invalid, to_invalid.
inline result<server_transaction_id>
server_transaction_id_of(const message_view& request,
                         std::optional<std::string_view> method_override = std::nullopt) noexcept {
    auto v = detail::top_via(request);
    if (!v) {
        return unexpected(v.error());
    }
    const auto branch = v->branch();
    if (branch && v->has_magic_cookie()) {
        std::string_view method = method_override ? *method_override : request.method();
        if (method == "ACK") {
            method = "INVITE"; // §17.2.3: an ACK matches the INVITE that created the transaction
        }
        return server_transaction_id{transaction_key{*branch, method, v->host, v->port}};
    }
    // §17.2.3, RFC 2543 fallback.
    auto c = request.get<cseq>();
    if (!c) {
        return unexpected(c.error());
    }
    auto id = request.get<call_id>();
    if (!id) {
        return unexpected(id.error());
    }
    auto f = request.get<from>();
    if (!f) {
        return unexpected(f.error());
    }
    auto t = request.get<to>();
    if (!t) {
        return unexpected(t.error());
    }
    const auto top = request.find(header_id::via);
    rfc2543_transaction_id out;
    out.request_uri = request.request_uri();
    out.to_tag = t->tag();
    out.from_tag = f->tag();
    out.call_id = id->value;
    out.cseq_number = c->number;
    out.cseq_method = method_override ? *method_override : c->method;
    out.top_via = top ? top->value : std::string_view{};
    return server_transaction_id{out};
}

/// RFC 3261 §9.2: the server transaction a CANCEL cancels: the one its request would match if it
/// were the INVITE (same branch and sent-by, or the same RFC 2543 fields).
inline result<server_transaction_id> cancelled_transaction_id(const message_view& cancel) noexcept {
    return server_transaction_id_of(cancel, std::string_view{"INVITE"});
}

namespace detail {

// Two Via values are "the same top Via" when their first elements parse equal.
inline bool same_top_via(std::string_view a, std::string_view b) noexcept {
    const auto va = via::parse(first_comma_value(a));
    const auto vb = via::parse(first_comma_value(b));
    return va && vb && *va == *vb;
}

inline bool same_request_uri(std::string_view a, std::string_view b) noexcept {
    if (a == b) {
        return true;
    }
    const auto ua = parse_uri(a);
    const auto ub = parse_uri(b);
    return ua && ub && *ua == *ub; // §19.1.4 comparison
}

} // namespace detail

/// RFC 3261 §17.2.3, RFC 2543 fallback: does `incoming` belong to the transaction created by
/// `created`? An INVITE (or any non-ACK request) matches when the Request-URI, To tag, From tag,
/// Call-ID, CSeq and top Via match; an ACK when the Request-URI, From tag, Call-ID, CSeq number
/// and top Via match and its To tag equals `response_to_tag`, the To tag of the response the
/// transaction sent. A CANCEL's id (cancelled_transaction_id) carries the method INVITE and is
/// matched like the INVITE itself (§9.2).
inline bool rfc2543_matches(const rfc2543_transaction_id& created,
                            const rfc2543_transaction_id& incoming, bool incoming_is_ack,
                            std::optional<std::string_view> response_to_tag) noexcept {
    if (created.call_id != incoming.call_id || created.cseq_number != incoming.cseq_number ||
        created.from_tag != incoming.from_tag) {
        return false;
    }
    if (incoming_is_ack) {
        if (created.cseq_method != "INVITE" || incoming.to_tag != response_to_tag) {
            return false;
        }
    } else if (created.cseq_method != incoming.cseq_method || created.to_tag != incoming.to_tag) {
        return false;
    }
    return detail::same_request_uri(created.request_uri, incoming.request_uri) &&
           detail::same_top_via(created.top_via, incoming.top_via);
}

} // namespace sipkit
