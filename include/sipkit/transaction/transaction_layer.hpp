// The transaction layer (RFC 3261 §17): matches messages to transactions (§17.1.3, §17.2.3),
// runs the four state machines, and turns their actions into calls on the user's transport,
// timer service and transaction user (TU), all given as concepts.
#pragma once

#include <sipkit/core/error.hpp>
#include <sipkit/core/result.hpp>
#include <sipkit/grammar/scanners.hpp>
#include <sipkit/message/message.hpp>
#include <sipkit/message/message_builder.hpp>
#include <sipkit/message/message_view.hpp>
#include <sipkit/message/name_addr.hpp>
#include <sipkit/message/parse_message.hpp>
#include <sipkit/message/via.hpp>
#include <sipkit/transaction/ack.hpp>
#include <sipkit/transaction/client_invite_transaction.hpp>
#include <sipkit/transaction/client_non_invite_transaction.hpp>
#include <sipkit/transaction/server_invite_transaction.hpp>
#include <sipkit/transaction/server_non_invite_transaction.hpp>
#include <sipkit/transaction/timer_queue.hpp>
#include <sipkit/transaction/transaction_action.hpp>
#include <sipkit/transaction/transaction_event.hpp>
#include <sipkit/transaction/transaction_key.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace sipkit {

/// The user's transport: sends bytes to an address of its own type and says whether the path to
/// that address is reliable (TCP, TLS, SCTP, WebSocket: no retransmissions, zero Timers D, I, J
/// and K; RFC 3261 §17.1.1.2).
template <class T>
concept transport = requires(T& t, const typename T::address_type& to, std::string_view bytes) {
    typename T::address_type;
    requires std::copy_constructible<typename T::address_type>;
    { t.send(to, bytes) } -> std::same_as<std::error_code>;
    { t.reliable(to) } -> std::convertible_to<bool>;
};

/// The user's timer service: `arm(id, at)` (re-arming an armed id replaces its deadline) and
/// `cancel(id)`. When a timer comes due the user calls transaction_layer::on_timer(id, now).
/// sipkit::timer_queue is a model the layer drives itself (poll loops).
template <class T>
concept timer_service = requires(T& t, timer_id id, clock::time_point at) {
    t.arm(id, at);
    t.cancel(id);
};

/// The transaction user: what the layer passes up. Views are valid during the call only.
/// - `on_request(tx, request, source)`: a new request created server transaction `tx`; the TU
///   answers with transaction_layer::send_response(tx, ...), at once or later.
/// - `on_response(tx, response)`: a response for client transaction `tx` (§17.1.1.2, §17.1.2.2).
/// - `on_timeout(tx)`: `tx` timed out (client: act as for a 408, §8.1.3.1; INVITE server: Timer H,
///   the ACK never came).
/// - `on_transport_error(tx)`: the transport failed for `tx` (client: act as for a 503, §8.1.3.1).
/// - `on_ack(ack, source)`: an ACK that belongs to no transaction (the ACK for a 2xx, §17.1.1.3,
///   §13.3.1.4) or that RFC 6026 §8.7 passes up from the Accepted state.
/// Optional members, used when present:
/// - `on_cancel(cancel_tx, invite_tx, cancel, source)`: a CANCEL created server transaction
///   `cancel_tx`; `invite_tx` is the INVITE transaction it cancels (§9.2), or invalid when there
///   is none (answer 481). Without it, a CANCEL comes to on_request like any request.
/// - `on_stray_response(response, source)`: a response that matched no client transaction (a
///   stateful proxy forwards it statelessly, §16.7; a UA drops it).
/// - `on_dropped(info)`: an incoming message or event the layer dropped, with the reason.
/// - `on_terminated(tx)`: `tx` has terminated; its handle is now invalid.
template <class U, class Address>
concept transaction_user = requires(U& u, transaction_handle tx, const message_view& m,
                                    const Address& source) {
    u.on_request(tx, m, source);
    u.on_response(tx, m);
    u.on_timeout(tx);
    u.on_transport_error(tx);
    u.on_ack(m, source);
};

/// The four kinds of transaction (RFC 3261 §17.1.1, §17.1.2, §17.2.1, §17.2.2).
enum class transaction_kind : std::uint8_t {
    client_invite,
    client_non_invite,
    server_invite,
    server_non_invite
};

/// Why the layer dropped something that came from the network (or a timer), for the user's log.
/// `error` names what was wrong: a parse error, via_invalid or header_missing (no usable top Via,
/// so no transaction and no response are possible), another header's error (the request was
/// answered 400), or transaction_refused (the transaction's state machine dropped the event:
/// `reason` says why).
struct drop_info {
    sipkit::error error;
    std::optional<drop_reason> reason;
    /// The transaction concerned, when there is one.
    transaction_handle transaction;
    /// Whether the layer answered with a 400 (Bad Request) on its own.
    bool answered_400 = false;
};

namespace detail {

// An open-addressing hash index from 64-bit hashes to slots: linear probing, backward-shift
// deletion, grown at half load. Lookups compare the hash, then ask the caller.
class slot_index {
public:
    static constexpr std::uint32_t empty_slot = 0xffffffffu;

    template <class Match>
    std::uint32_t find(std::uint64_t hash, Match&& match) const {
        if (entries_.empty()) {
            return empty_slot;
        }
        for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
            const auto& e = entries_[i];
            if (e.slot == empty_slot) {
                return empty_slot;
            }
            if (e.hash == hash && match(e.slot)) {
                return e.slot;
            }
        }
    }
    void insert(std::uint64_t hash, std::uint32_t slot) {
        if ((size_ + 1) * 2 > entries_.size()) {
            grow();
        }
        place(hash, slot);
        ++size_;
    }
    void erase(std::uint64_t hash, std::uint32_t slot) noexcept {
        if (entries_.empty()) {
            return;
        }
        std::size_t i = hash & mask_;
        for (;; i = (i + 1) & mask_) {
            if (entries_[i].slot == empty_slot) {
                return; // not present
            }
            if (entries_[i].slot == slot) {
                break;
            }
        }
        // Backward shift: move later entries of the probe run into the hole.
        for (std::size_t j = (i + 1) & mask_; entries_[j].slot != empty_slot; j = (j + 1) & mask_) {
            const std::size_t home = entries_[j].hash & mask_;
            const bool between = i <= j ? (home > i && home <= j) : (home > i || home <= j);
            if (!between) {
                entries_[i] = entries_[j];
                i = j;
            }
        }
        entries_[i] = {0, empty_slot};
        --size_;
    }
    std::size_t size() const noexcept { return size_; }
    std::size_t capacity() const noexcept { return entries_.size(); }

private:
    struct entry {
        std::uint64_t hash = 0;
        std::uint32_t slot = empty_slot;
    };
    void place(std::uint64_t hash, std::uint32_t slot) noexcept {
        std::size_t i = hash & mask_;
        while (entries_[i].slot != empty_slot) {
            i = (i + 1) & mask_;
        }
        entries_[i] = {hash, slot};
    }
    void grow() {
        std::vector<entry> old = std::move(entries_);
        entries_.assign(old.empty() ? 64 : old.size() * 2, entry{});
        mask_ = entries_.size() - 1;
        for (const auto& e : old) {
            if (e.slot != empty_slot) {
                place(e.hash, e.slot);
            }
        }
    }
    std::vector<entry> entries_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
};

// Elements that never move once made (views into them stay valid), indexed by a shift and a
// mask: fixed-size chunks, allocated as the store grows.
template <class T>
class chunked_store {
public:
    T& operator[](std::size_t i) noexcept { return chunks_[i >> chunk_bits][i & chunk_mask]; }
    const T& operator[](std::size_t i) const noexcept {
        return chunks_[i >> chunk_bits][i & chunk_mask];
    }
    std::size_t size() const noexcept { return size_; }
    // The next element, default-constructed when its chunk was made.
    T& emplace_back() {
        if (size_ == chunks_.size() * chunk_size) {
            chunks_.push_back(std::make_unique<T[]>(chunk_size));
        }
        return (*this)[size_++];
    }

private:
    static constexpr std::size_t chunk_bits = 6;
    static constexpr std::size_t chunk_size = std::size_t{1} << chunk_bits;
    static constexpr std::size_t chunk_mask = chunk_size - 1;
    std::vector<std::unique_ptr<T[]>> chunks_;
    std::size_t size_ = 0;
};

// §8.2.2.2 merged requests: From tag, Call-ID and CSeq of a server transaction's request.
struct merge_fields {
    std::string_view from_tag;
    std::string_view call_id;
    std::uint32_t cseq_number = 0;
    std::string_view cseq_method;
    friend constexpr bool operator==(const merge_fields&, const merge_fields&) = default;
};

// The merge index's hash: the Call-ID and CSeq values as written (no parse); candidates are
// then compared field by field.
inline std::optional<std::uint64_t> merge_hash_of(const message_view& request) noexcept {
    const auto id = request.find(header_id::call_id);
    const auto c = request.find(header_id::cseq);
    if (!id || !c) {
        return std::nullopt;
    }
    return hash_bytes(hash_bytes(hash_seed, id->value, false), c->value, false);
}

// A view into [from, from_end) moved to the same place in a copy starting at `to`; a view
// elsewhere (a literal) is kept.
inline std::string_view moved_view(std::string_view v, const char* from, const char* from_end,
                                   const char* to) noexcept {
    if (v.empty() || v.data() < from || v.data() + v.size() > from_end) {
        return v;
    }
    return {to + (v.data() - from), v.size()};
}

// The Status-Code of a response's wire form ("SIP/2.0 200 ..."), or 0 when it does not start
// with a Status-Line (RFC 3261 §7.2).
constexpr int status_of(std::string_view response) noexcept {
    if (response.size() < 12 || !iequals(grammar::slice(response, 0, 8), "SIP/2.0 ") ||
        response[11] != ' ') {
        return 0;
    }
    int status = 0;
    for (std::size_t i = 8; i < 11; ++i) {
        if (response[i] < '0' || response[i] > '9') {
            return 0;
        }
        status = status * 10 + (response[i] - '0');
    }
    return status >= 100 && status <= 699 ? status : 0;
}

inline std::optional<merge_fields> merge_fields_of(const message_view& request) noexcept {
    const auto f = request.get<from>();
    const auto id = request.get<call_id>();
    const auto c = request.get<cseq>();
    if (!f || !id || !c || !f->tag()) {
        return std::nullopt;
    }
    return merge_fields{*f->tag(), id->value, c->number, c->method};
}

// The To tag of a message, if its To parses and has one.
inline std::optional<std::string_view> to_tag_of(const message_view& m) noexcept {
    const auto t = m.get<to>();
    if (!t) {
        return std::nullopt;
    }
    return t->tag();
}

template <class T, class Address>
concept has_response_address = requires(T& t, const Address& source, const via& top) {
    { t.response_address(source, top) } -> std::convertible_to<Address>;
};

} // namespace detail

/// The transaction layer: owns every transaction of one SIP element, routes what the transport
/// delivers to them or to the TU, and performs their actions through the user's components.
///
/// - Client side: send_request() creates a client transaction (INVITE or non-INVITE by the
///   method) and sends the request; responses find it by §17.1.3.
/// - Server side: on_message() matches a request by §17.2.3 (with the RFC 2543 fallback): a
///   retransmission goes to its transaction, a new request creates one and reaches the TU, an
///   ACK for a non-2xx is absorbed by its INVITE transaction, an ACK for a 2xx goes to the TU
///   (on_ack), a CANCEL is its own transaction and names the one it cancels (§9.2).
/// - Timers: through `Timers` (the user calls on_timer(id, now)), or with Timers = timer_queue
///   through next_deadline() and on_timer(now).
///
/// One thread at a time; no locks, no globals, no clock reads: `now` comes with every call.
/// A transaction keeps its request's bytes (and its latest response, or its ACK) and a few
/// hundred bytes of state; lookups are O(1) on average. Terminated transactions are freed at
/// once (their slots are reused). The TU may call the layer from inside its callbacks.
///
/// `User` must model transaction_user; that is checked where the layer is constructed, not where
/// its type is named, so that the TU can hold a pointer to its layer.
template <transport Transport, class Timers, class User>
    requires timer_service<Timers> || std::same_as<Timers, timer_queue>
class transaction_layer {
    // With a timer_queue the layer drives the timers itself (poll loops).
    static constexpr bool polled = std::same_as<Timers, timer_queue>;

public:
    using address_type = typename Transport::address_type;

    transaction_layer(Transport& transport, Timers& timers, User& user,
                      timer_config defaults = {}) noexcept
        : transport_(transport), timers_(timers), user_(user), defaults_(defaults) {
        static_assert(transaction_user<User, address_type>,
                      "User must have on_request, on_response, on_timeout, on_transport_error "
                      "and on_ack (see the transaction_user concept)");
    }

    transaction_layer(const transaction_layer&) = delete;
    transaction_layer& operator=(const transaction_layer&) = delete;

    // ---- the TU's calls ---------------------------------------------------------------

    /// Creates a client transaction for `request` (the complete message; its top Via must
    /// carry a branch, §8.1.1.7) and sends it to `to`. An INVITE gets an INVITE client
    /// transaction (§17.1.1), any other method but ACK a non-INVITE one (§17.1.2); an ACK is
    /// never a transaction: send the ACK for a 2xx through the transport (§17.1.1.3).
    /// Errors: the parse error of a malformed request; via_invalid (no branch); cseq_invalid;
    /// transaction_exists (a live client transaction has this branch and method);
    /// transaction_refused (an ACK, or a response).
    result<transaction_handle> send_request(std::string request, const address_type& to,
                                            clock::time_point now,
                                            std::optional<timer_config> config = std::nullopt) {
        const std::uint32_t s = allocate();
        record& r = records_[s];
        r.request = std::move(request);
        const auto m = parse_message(std::string_view(r.request));
        if (!m) {
            release(s);
            return unexpected(m.error());
        }
        const auto key = client_request_key(*m);
        if (!key) {
            release(s);
            return unexpected(key.error());
        }
        return start_client(s, *key, m->method() == "INVITE", to, now, config);
    }

    /// The same for a request that is parsed already, as message_builder::build() makes it
    /// (without parsing): the transaction keeps the message's bytes and parses nothing again.
    /// `request` is left empty, unless an error is returned.
    result<transaction_handle> send_request(message&& request, const address_type& to,
                                            clock::time_point now,
                                            std::optional<timer_config> config = std::nullopt) {
        auto key = client_request_key(*request);
        if (!key) {
            return unexpected(key.error());
        }
        const bool invite = request->method() == "INVITE";
        const char* const old_base = request.bytes().data();
        const char* const old_end = old_base + request.bytes().size();
        const std::uint32_t s = allocate();
        record& r = records_[s];
        r.request = std::move(request).release();
        // The key's views follow the bytes (a short string's octets move).
        key->branch = detail::moved_view(key->branch, old_base, old_end, r.request.data());
        key->method = detail::moved_view(key->method, old_base, old_end, r.request.data());
        return start_client(s, *key, invite, to, now, config);
    }

    /// Passes the TU's `response` (the complete message) to server transaction `tx`, which sends
    /// it if its state machine allows (§17.2.1, §17.2.2, RFC 4320, RFC 6026).
    /// Errors: transaction_not_found (no such live transaction, or a client one); the parse
    /// error of a malformed response; transaction_refused (the state machine refused it: a
    /// second final response, a 408 or non-100 1xx to a non-INVITE request, ...).
    std::error_code send_response(transaction_handle tx, std::string response,
                                  clock::time_point now) {
        record* r = live(tx);
        if (r == nullptr || is_client(r->kind)) {
            return errc::transaction_not_found;
        }
        // The TU's response is sent as given: only its Status-Line is read here (and, for an
        // RFC 2543 transaction, its To tag, which matches the ACK).
        const int status = detail::status_of(response);
        if (status == 0) {
            return errc::status_code_invalid;
        }
        std::optional<std::size_t> tag_offset;
        std::size_t tag_size = 0;
        if (r->legacy && status >= 200) {
            auto m = parse_message(std::string_view(response));
            if (!m) {
                return m.error().code;
            }
            if (const auto tag = detail::to_tag_of(*m)) {
                tag_offset = static_cast<std::size_t>(tag->data() - response.data());
                tag_size = tag->size();
            }
        }
        const auto actions = handle(*r, transaction_events::tu_response{status}, now);
        if (actions.size() == 1 &&
            std::holds_alternative<transaction_actions::dropped>(actions[0])) {
            return errc::transaction_refused;
        }
        // The response is the transaction's latest: what send_response actions send.
        r->response = std::move(response);
        if (tag_offset) {
            // §17.2.3 (RFC 2543): an ACK matches by the To tag of the final response.
            r->legacy->final_to_tag = std::string_view(r->response).substr(*tag_offset, tag_size);
        }
        run(tx.slot, actions, now, nullptr, nullptr);
        return {};
    }

    // ---- the transport's and the timers' calls -----------------------------------------

    /// A message from the transport: one UDP datagram, or one message framed from a stream
    /// (stream_framer). `source` is where it came from; responses to a request go back there
    /// (RFC 3581 §4, and the connection of §18.2.2), unless the transport has
    /// `response_address(source, top_via)` to choose otherwise (§18.2.2 for UDP without rport).
    void on_message(std::string_view bytes, const address_type& source, clock::time_point now) {
        auto m = parse_message(bytes);
        if (!m) {
            drop({m.error(), std::nullopt, {}, false});
            return;
        }
        if (m->is_request()) {
            on_request(*m, source, now);
        } else {
            on_response(*m, source, now);
        }
    }

    /// A timer the layer armed through the user's timer service is due.
    void on_timer(timer_id id, clock::time_point now) requires(!polled) {
        record* r = live(id.transaction);
        if (r == nullptr) {
            return; // the transaction has gone: a late timer is harmless
        }
        dispatch(id.transaction.slot, transaction_events::timer_fired{id.timer}, now, nullptr,
                 nullptr);
    }

    /// Poll loops (Timers = timer_queue): the earliest deadline of any armed timer.
    std::optional<clock::time_point> next_deadline() const noexcept requires polled {
        if (timers_.empty()) {
            return std::nullopt;
        }
        return timers_.top_deadline();
    }

    /// Poll loops (Timers = timer_queue): fires every timer due at `now`, earliest first.
    void on_timer(clock::time_point now) requires polled {
        while (!timers_.empty() && timers_.top_deadline() <= now) {
            const std::uint32_t s = timers_.top_slot();
            const clock::time_point due = timers_.top_deadline();
            if (const auto t = due_timer(records_[s], due)) {
                dispatch(s, transaction_events::timer_fired{*t}, now, nullptr, nullptr);
            } else {
                timers_.set(s, std::nullopt); // cannot happen: the queue follows the machine
            }
        }
    }

    // ---- queries ----------------------------------------------------------------------

    /// How many transactions are live.
    std::size_t size() const noexcept { return live_count_; }

    /// The kind of live transaction `tx`, or nullopt.
    std::optional<transaction_kind> kind(transaction_handle tx) const noexcept {
        const record* r = live(tx);
        return r ? std::optional<transaction_kind>(r->kind) : std::nullopt;
    }

    /// The request of live transaction `tx`, parsed again from the bytes the transaction keeps
    /// (valid until it terminates), e.g. to build a response later with response_to().
    result<message_view> request(transaction_handle tx) const noexcept {
        const record* r = live(tx);
        if (r == nullptr) {
            return unexpected(errc::transaction_not_found, 0);
        }
        return parse_message(std::string_view(r->request));
    }

    /// RFC 3261 §8.2.2.2: whether `request` (without a To tag) is a merged request: its From
    /// tag, Call-ID and CSeq equal those of a live server transaction's request that it does not
    /// match by §17.2.3 (it reached this element by another path). The UAS answers 482.
    bool is_merged_request(const message_view& request) const {
        if (detail::to_tag_of(request)) {
            return false;
        }
        const auto fields = detail::merge_fields_of(request);
        const auto h = detail::merge_hash_of(request);
        if (!fields || !h) {
            return false;
        }
        const auto id = server_transaction_id_of(request);
        const std::uint32_t s = merge_index_.find(*h, [&](std::uint32_t slot) {
            const record& r = records_[slot];
            const auto stored = parse_message(std::string_view(r.request));
            if (!stored) {
                return false;
            }
            const auto theirs = detail::merge_fields_of(*stored);
            return theirs && *theirs == *fields &&
                   !(id && same_server_transaction(r, *id, request));
        });
        return s != detail::slot_index::empty_slot;
    }

private:
    using fsm_type =
        std::variant<std::monostate, client_invite_transaction, client_non_invite_transaction,
                     server_invite_transaction, server_non_invite_transaction>;
    // What an RFC 2543 server transaction needs besides the record (rare: kept out of line).
    struct legacy_match {
        rfc2543_transaction_id id;
        std::optional<std::string_view> final_to_tag; // into the record's `response`
    };

    struct record {
        std::uint32_t generation = 0;
        bool in_use = false;
        bool is_cancel = false;
        bool merge_indexed = false;
        transaction_kind kind = transaction_kind::client_invite;
        fsm_type fsm;
        std::string request;  // the request's bytes: the client's to send, the server's received
        std::string response; // server: the latest response; client INVITE: the ACK
        std::optional<address_type> peer;
        transaction_key key;                  // §17.1.3 / §17.2.3 (empty branch: RFC 2543)
        std::unique_ptr<legacy_match> legacy; // the RFC 2543 fallback's fields
        std::uint64_t hash = 0;
        std::uint64_t merge_hash = 0;
    };

    static constexpr bool is_client(transaction_kind k) noexcept {
        return k == transaction_kind::client_invite || k == transaction_kind::client_non_invite;
    }
    // Client and server keys live in one index: the role is part of the hash.
    static std::uint64_t client_hash(const transaction_key& k) noexcept {
        return hash_value(k) * 31u + 1u;
    }
    static std::uint64_t server_hash(const server_transaction_id& id) noexcept {
        return hash_value(id) * 31u + 2u;
    }

    // RFC 3261 §17.1: what a client transaction is made for: a request other than ACK
    // (§17.1.1.3: the ACK for a 2xx is the TU's) with a top Via branch and a CSeq.
    static result<transaction_key> client_request_key(const message_view& m) noexcept {
        if (!m.is_request() || m.method() == "ACK") {
            return unexpected(errc::transaction_refused, 0);
        }
        return client_transaction_key(m);
    }

    // A client transaction in slot `s`, whose record holds the request that `key` views.
    result<transaction_handle> start_client(std::uint32_t s, const transaction_key& key,
                                            bool invite, const address_type& to,
                                            clock::time_point now,
                                            const std::optional<timer_config>& config) {
        record& r = records_[s];
        const std::uint64_t h = client_hash(key);
        if (find_client(key, h) != detail::slot_index::empty_slot) {
            release(s);
            return unexpected(errc::transaction_exists, 0);
        }
        const bool reliable = transport_.reliable(to);
        const timer_config cfg = config.value_or(defaults_);
        if (invite) {
            r.kind = transaction_kind::client_invite;
            r.fsm.template emplace<client_invite_transaction>(reliable, cfg);
        } else {
            r.kind = transaction_kind::client_non_invite;
            r.fsm.template emplace<client_non_invite_transaction>(reliable, cfg);
        }
        r.peer.emplace(to);
        r.key = key;
        r.hash = h;
        index_.insert(h, s);
        const transaction_handle tx{s, r.generation};
        dispatch(s, transaction_events::tu_request{}, now, nullptr, nullptr);
        return tx;
    }

    record* live(transaction_handle tx) noexcept {
        if (!tx.valid() || tx.slot >= records_.size()) {
            return nullptr;
        }
        record& r = records_[tx.slot];
        return r.in_use && r.generation == tx.generation ? &r : nullptr;
    }
    const record* live(transaction_handle tx) const noexcept {
        return const_cast<transaction_layer*>(this)->live(tx);
    }

    std::uint32_t allocate() {
        std::uint32_t s;
        if (!free_.empty()) {
            s = free_.back();
            free_.pop_back();
        } else {
            s = static_cast<std::uint32_t>(records_.size());
            records_.emplace_back();
        }
        records_[s].in_use = true;
        ++live_count_;
        return s;
    }
    // Frees a slot: out of the indexes, state dropped, generation bumped so old handles and
    // timers no longer reach it.
    void release(std::uint32_t s) {
        record& r = records_[s];
        if (!r.in_use) {
            return;
        }
        if (!std::holds_alternative<std::monostate>(r.fsm)) {
            index_.erase(r.hash, s);
        }
        if (r.merge_indexed) {
            merge_index_.erase(r.merge_hash, s);
        }
        if constexpr (polled) {
            timers_.set(s, std::nullopt);
        }
        r.in_use = false;
        r.is_cancel = false;
        r.merge_indexed = false;
        ++r.generation;
        r.fsm.template emplace<std::monostate>();
        r.request.clear();
        r.response.clear();
        r.peer.reset();
        r.legacy.reset();
        free_.push_back(s);
        --live_count_;
    }

    std::uint32_t find_client(const transaction_key& key, std::uint64_t h) const {
        return index_.find(h, [&](std::uint32_t slot) {
            const record& r = records_[slot];
            return is_client(r.kind) && r.key == key;
        });
    }

    bool same_server_transaction(const record& r, const server_transaction_id& id,
                                 const message_view& request) const {
        if (is_client(r.kind)) {
            return false;
        }
        if (const auto* k = std::get_if<transaction_key>(&id)) {
            return !r.legacy && r.key == *k;
        }
        return r.legacy && rfc2543_matches(r.legacy->id, std::get<rfc2543_transaction_id>(id),
                                           request.method() == "ACK", r.legacy->final_to_tag);
    }

    std::uint32_t find_server(const server_transaction_id& id, const message_view& request) const {
        return find_server(id, server_hash(id), request);
    }
    std::uint32_t find_server(const server_transaction_id& id, std::uint64_t hash,
                              const message_view& request) const {
        return index_.find(hash, [&](std::uint32_t slot) {
            return same_server_transaction(records_[slot], id, request);
        });
    }

    void drop(const drop_info& info) {
        if constexpr (requires { user_.on_dropped(info); }) {
            user_.on_dropped(info);
        }
    }

    address_type response_address(const address_type& source, const message_view& request) {
        if constexpr (detail::has_response_address<Transport, address_type>) {
            if (auto top = request.get<via>()) {
                return transport_.response_address(source, *top);
            }
        }
        return source;
    }

    // §17.2.3 then §17.2.1/§17.2.2: a request from the transport.
    // `m` is on_message's view of the transport's bytes: a new transaction points it at its own
    // copy of them.
    void on_request(message_view& m, const address_type& source, clock::time_point now) {
        const bool is_ack = m.method() == "ACK";
        auto id = server_transaction_id_of(m);
        if (!id) {
            answer_bad_request(m, source, id.error());
            return;
        }
        const std::uint64_t hash = server_hash(*id);
        if (const std::uint32_t s = find_server(*id, hash, m);
            s != detail::slot_index::empty_slot) {
            if (is_ack) {
                dispatch(s, transaction_events::ack_received{}, now, &m, &source);
            } else {
                dispatch(s, transaction_events::request_received{}, now, &m, &source);
            }
            return;
        }
        if (is_ack) {
            // §17.2.3 matched nothing: the ACK for a 2xx, or a stray one. The TU decides.
            user_.on_ack(m, source);
            return;
        }
        // A new server transaction. It keeps its own copy of the request, and the parsed view
        // and the keys move onto that copy (no second parse).
        const std::uint32_t s = allocate();
        record& r = records_[s];
        const char* const old_base = detail::message_access::base(m);
        const char* const old_end = m.bytes().data() + m.bytes().size();
        r.request.assign(old_base, old_end);
        const auto moved = [&](std::string_view v) {
            return detail::moved_view(v, old_base, old_end, r.request.data());
        };
        detail::message_access::rebase(m, r.request.data());
        const bool reliable = transport_.reliable(source);
        if (m.method() == "INVITE") {
            r.kind = transaction_kind::server_invite;
            r.fsm.template emplace<server_invite_transaction>(reliable, defaults_);
        } else {
            r.kind = transaction_kind::server_non_invite;
            r.fsm.template emplace<server_non_invite_transaction>(reliable, defaults_);
        }
        r.is_cancel = m.method() == "CANCEL";
        r.peer.emplace(response_address(source, m));
        if (const auto* k = std::get_if<transaction_key>(&*id)) {
            r.key = {moved(k->branch), moved(k->method), moved(k->sent_by_host), k->sent_by_port};
        } else {
            const auto& legacy = std::get<rfc2543_transaction_id>(*id);
            r.legacy = std::make_unique<legacy_match>();
            auto& l = r.legacy->id;
            l.request_uri = moved(legacy.request_uri);
            l.to_tag = legacy.to_tag ? std::optional(moved(*legacy.to_tag)) : std::nullopt;
            l.from_tag = legacy.from_tag ? std::optional(moved(*legacy.from_tag)) : std::nullopt;
            l.call_id = moved(legacy.call_id);
            l.cseq_number = legacy.cseq_number;
            l.cseq_method = moved(legacy.cseq_method);
            l.top_via = moved(legacy.top_via);
        }
        r.hash = hash;
        index_.insert(r.hash, s);
        // §8.2.2.2: indexed by Call-ID and CSeq as written, for is_merged_request.
        if (const auto h = detail::merge_hash_of(m)) {
            r.merge_hash = *h;
            r.merge_indexed = true;
            merge_index_.insert(r.merge_hash, s);
        }
        dispatch(s, transaction_events::request_received{}, now, &m, &source);
    }

    // A request whose top Via is usable but whose other identifying headers are not: §8.2
    // (and §16.3 at a proxy) answers 400. Without a usable Via there is nowhere to answer;
    // an ACK is never answered (§17.1.1.3).
    void answer_bad_request(const message_view& m, const address_type& source, sipkit::error e) {
        if (!m.get<via>() || m.method() == "ACK") {
            drop({e, std::nullopt, {}, false});
            return;
        }
        const std::string bytes = response_to(m, 400, "Bad Request").str();
        const auto to = response_address(source, m);
        (void)transport_.send(to, bytes);
        drop({e, std::nullopt, {}, true});
    }

    // §17.1.3: a response from the transport.
    void on_response(const message_view& m, const address_type& source, clock::time_point now) {
        auto key = client_transaction_key(m);
        if (!key) {
            drop({key.error(), std::nullopt, {}, false});
            return;
        }
        const std::uint32_t s = find_client(*key, client_hash(*key));
        if (s == detail::slot_index::empty_slot) {
            if constexpr (requires { user_.on_stray_response(m, source); }) {
                user_.on_stray_response(m, source);
            } else {
                drop({{errc::transaction_not_found, 0}, std::nullopt, {}, false});
            }
            return;
        }
        dispatch(s, transaction_events::response_received{m.status_code()}, now, &m, &source);
    }

    // f(machine) for the record's state machine, or `empty` when the slot holds none.
    template <class Record, class F, class R>
    static R with_machine(Record& r, F&& f, R empty) {
        return std::visit(
            [&](auto& fsm) -> R {
                if constexpr (std::is_same_v<std::decay_t<decltype(fsm)>, std::monostate>) {
                    return empty;
                } else {
                    return f(fsm);
                }
            },
            r.fsm);
    }

    transaction_action_list handle(record& r, const transaction_event& e, clock::time_point now) {
        return with_machine(
            r, [&](auto& fsm) { return fsm.handle(e, now); }, transaction_action_list{});
    }

    // One event into a transaction's state machine, then its actions. `m` is the message that
    // caused it (if any), `source` where it came from.
    void dispatch(std::uint32_t s, const transaction_event& e, clock::time_point now,
                  const message_view* m, const address_type* source) {
        const auto actions = handle(records_[s], e, now);
        run(s, actions, now, m, source);
    }

    // Performs the actions of one event: first everything towards the network and the timers,
    // then the calls into the TU (which may call back into the layer), then the release of a
    // terminated transaction.
    void run(std::uint32_t s, const transaction_action_list& actions, clock::time_point now,
             const message_view* m, const address_type* source) {
        namespace act = transaction_actions;
        const std::uint32_t generation = records_[s].generation;
        const transaction_handle tx{s, generation};
        bool send_failed = false;
        bool terminated = false;
        for (const auto& a : actions) {
            record& r = records_[s];
            if (std::holds_alternative<act::send_request>(a)) {
                send_failed |= send(r, r.request);
            } else if (std::holds_alternative<act::send_ack>(a)) {
                if (r.response.empty() && m != nullptr) {
                    if (auto invite = parse_message(std::string_view(r.request))) {
                        r.response = build_ack(*invite, *m);
                    }
                }
                send_failed |= send(r, r.response);
            } else if (std::holds_alternative<act::send_response>(a)) {
                send_failed |= send(r, r.response);
            } else if (std::holds_alternative<act::send_trying>(a)) {
                if (m != nullptr) {
                    // §17.2.1: a 100 built per §8.2.6, without a To tag.
                    const std::string trying = response_to(*m, 100, "Trying").str();
                    send_failed |= send(r, trying);
                }
            } else if (const auto* arm = std::get_if<act::arm_timer>(&a)) {
                if constexpr (!polled) {
                    timers_.arm(timer_id{tx, arm->timer}, arm->deadline);
                }
            } else if (const auto* cancel = std::get_if<act::cancel_timer>(&a)) {
                if constexpr (!polled) {
                    timers_.cancel(timer_id{tx, cancel->timer});
                }
            } else if (std::holds_alternative<act::terminated>(a)) {
                terminated = true;
            }
        }
        if constexpr (polled) {
            // The queue holds each transaction's earliest armed timer.
            timers_.set(s, next_deadline_of(records_[s]));
        }
        for (const auto& a : actions) {
            if (records_[s].generation != generation) {
                return; // the TU's call back into the layer ended this transaction
            }
            if (std::holds_alternative<act::pass_request>(a) && m != nullptr && source) {
                pass_request(s, tx, *m, *source);
            } else if (std::holds_alternative<act::pass_ack>(a) && m != nullptr && source) {
                user_.on_ack(*m, *source);
            } else if (std::holds_alternative<act::pass_response>(a) && m != nullptr) {
                user_.on_response(tx, *m);
            } else if (std::holds_alternative<act::report_timeout>(a)) {
                user_.on_timeout(tx);
            } else if (std::holds_alternative<act::report_transport_error>(a)) {
                user_.on_transport_error(tx);
            } else if (const auto* d = std::get_if<act::dropped>(&a)) {
                drop({{errc::transaction_refused, 0}, d->reason, tx, false});
            }
        }
        if (records_[s].generation != generation) {
            return;
        }
        if (terminated) {
            release(s);
            if constexpr (requires { user_.on_terminated(tx); }) {
                user_.on_terminated(tx);
            }
        } else if (send_failed) {
            // §18.4, Figures 5–8 "Transport Err.": the transaction hears of it.
            dispatch(s, transaction_events::transport_error{}, now, nullptr, nullptr);
        }
    }

    // true when the transport failed.
    bool send(record& r, std::string_view bytes) {
        return r.peer && static_cast<bool>(transport_.send(*r.peer, bytes));
    }

    void pass_request(std::uint32_t s, transaction_handle tx, const message_view& m,
                      const address_type& source) {
        if (records_[s].is_cancel) {
            if constexpr (requires { user_.on_cancel(tx, transaction_handle{}, m, source); }) {
                transaction_handle invite;
                if (auto target = cancelled_transaction_id(m)) {
                    const std::uint32_t i = find_server(*target, m);
                    if (i != detail::slot_index::empty_slot &&
                        records_[i].kind == transaction_kind::server_invite) {
                        invite = {i, records_[i].generation};
                    }
                }
                user_.on_cancel(tx, invite, m, source);
                return;
            }
        }
        user_.on_request(tx, m, source);
    }

    // The earliest armed timer of a record's state machine.
    static std::optional<clock::time_point> next_deadline_of(const record& r) noexcept {
        return with_machine(
            r, [](const auto& fsm) { return fsm.next_deadline(); },
            std::optional<clock::time_point>{});
    }

    // The armed timer of a record's state machine that is due at `deadline`.
    static std::optional<transaction_timer> due_timer(const record& r,
                                                      clock::time_point deadline) noexcept {
        return with_machine(
            r, [&](const auto& fsm) { return fsm.due_timer(deadline); },
            std::optional<transaction_timer>{});
    }

    Transport& transport_;
    Timers& timers_;
    User& user_;
    timer_config defaults_;
    detail::chunked_store<record> records_; // records never move: views into them stay valid
    std::vector<std::uint32_t> free_;
    std::size_t live_count_ = 0;
    detail::slot_index index_;       // client and server transactions by key
    detail::slot_index merge_index_; // server transactions by From tag, Call-ID, CSeq
};

} // namespace sipkit
