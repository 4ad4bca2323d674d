// bench-transactions: complete SIP transactions per second through a client transaction layer
// and a server transaction layer joined by an in-memory transport, and bytes of memory per live
// transaction; sipkit beside oSIP2's transaction layer (osip_transaction_*) in the same run.
//
//   bench-transactions [--min-time S] [--iters N] [--scenario NAME] [--no-memory]
//
// Scenarios (NAME), each run the same way for both libraries:
//   non-invite-udp  OPTIONS -> 200 over an unreliable transport (Via .../UDP): both sides keep
//                   their Completed transaction until Timer K (T4, client) and Timer J (64*T1,
//                   server) fire on the virtual clock.
//   non-invite-tcp  the same over a reliable transport (Via .../TCP): K and J are zero.
//   invite-486      INVITE -> 100 -> 486 -> ACK (the client transaction's own ACK, absorbed by the
//                   server transaction), UDP: Timers D (32 s) and I (T4) end them.
//   invite-200      INVITE -> 100 -> 200, then the client TU builds the ACK for the 2xx (a new
//                   branch) and sends it through the transport; no transaction matches it and
//                   the server layer hands it to the server TU (sipkit: on_ack). UDP. sipkit
//                   keeps both transactions in RFC 6026's Accepted state until Timers L and M
//                   (64*T1); oSIP2 implements RFC 3261 without RFC 6026 and ends both at once.
// Every message is really built, serialized and parsed, per transaction:
//   - requests from per-transaction text (a fresh branch, From tag and Call-ID formatted from a
//     counter): sipkit with message_builder(...).add(...).build(), which writes the message and
//     lays out its parsed view as it goes, handed to send_request (which parses nothing);
//     oSIP2 with osip_message_init + osip_message_set_* + osip_message_to_str (in the send
//     callback), its osip_message_t handed to the transaction;
//   - responses: sipkit::response_to(request, status, reason, tag).str() (a fresh To tag on final
//     responses); oSIP2 with osip_message_init + clones of the request's Vias, From, To, Call-ID
//     and CSeq + osip_to_set_tag, serialized by osip_message_to_str;
//   - the 100 (Trying) to an INVITE: sipkit's server transaction sends it by itself (§17.2.1);
//     oSIP2's does not, so its server TU builds and sends one, and the same four messages cross
//     the wire in both;
//   - every datagram is parsed by the receiving layer (sipkit: on_message; oSIP2: osip_parse,
//     then osip_find_transaction_and_add_event or osip_create_transaction).
// Transactions start in batches of 16 at one instant of a virtual clock, which then advances by
// 1 s, firing due timers on both sides (sipkit: next_deadline()/on_timer(now) of
// sipkit::timer_queue; oSIP2: osip_timers_*_execute with osip_gettimeofday replaced by the
// virtual clock, see below). So 16 transactions start per virtual second and, over UDP, about 512
// server and 80 client non-INVITE transactions are live at steady state. oSIP2 runs its
// osip_*_execute after each batch of deliveries, as an eXosip event loop does. After the last
// batch the clock advances 70 s so that every transaction terminates: a row counts only
// transactions that have terminated on both sides (sipkit: on_terminated; oSIP2: the kill
// callbacks), and the timed loop fails unless exactly N did, with the expected responses, ACKs
// and datagram count (no retransmission) and no timeout, drop or transport error.
//
// stdout: TSV rows `impl scenario tx_per_s ns_per_tx` (impl sipkit or osip2), then
// `sipkit vs osip2 <scenario>: X.XXx` (oSIP2's ns per transaction / sipkit's), then the memory
// rows, then the last line `non-INVITE transactions/s: N; bytes per transaction: M` (N: sipkit's
// non-invite-udp row; M: the larger of sipkit's client and server bytes per live transaction).
// Lines starting with '#' are notes (heap allocations per transaction, batch sizes).
//
// Timing: as bench-parse: batches of calls sized to about 1/8 of --min-time (0.3 s by default),
// at least 4,096 transactions per call, at least 5 calls and --min-time in all; the fastest call
// is reported. With --iters N, exactly one call of N transactions per row. The timed region is
// the non-inlined extern "C" bench_loop, called exactly once per row with --iters (callgrind:
// --toggle-collect=bench_loop --dump-after=bench_loop; rows and dumps come in the same order).
//
// Memory (skipped with --no-memory or --iters): a counting allocator (the global operator new and
// delete replaced here; oSIP2's osip_malloc hooked with osip_set_allocators) adds up
// malloc_usable_size of live blocks. 100,000 non-INVITE UDP transactions are brought to their
// lingering Completed state on one side only (client: request sent, 200 received; server: request
// received, 200 sent), with the transport discarding what is sent. Bytes per transaction = live
// bytes / 100,000, less the bytes of the messages the transactions keep: sipkit, the
// malloc_usable_size of each request buffer (client: the string moved into send_request; server:
// the layer's copy, found through request(tx)) and of each response buffer moved into
// send_response; oSIP2, that of the raw text oSIP2 keeps with a message (osip_message_t::message)
// for the request and last response. Both are also printed without the subtraction. oSIP2 is
// measured at 10,000 live transactions (see osip_memory_count).
//
// Before timing, each scenario runs once (not inside bench_loop) with its checks, including that
// the transactions linger after the exchange (UDP) or not (TCP), and reports heap allocations per
// transaction. A failure names the scenario on stderr ("<impl>: FAIL <scenario>: <why>") and the
// exit status is 1; usage errors exit 2.
//
// oSIP2's clock: oSIP2 reads time only through osip_gettimeofday, which libosip2 calls through its
// PLT; this program defines osip_gettimeofday, so oSIP2's timers run on the same virtual clock as
// sipkit's. Without SIPKIT_BENCH_HAVE_OSIP2 the program measures sipkit only and prints
// "osip2: not available".

#include <sipkit/sipkit.hpp>

#if SIPKIT_BENCH_HAVE_OSIP2
#    include <osip2/osip.h>
#    include <osipparser2/osip_parser.h>
#    include <sys/time.h>
#endif

#include <malloc.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#if defined(_MSC_VER) && !defined(__clang__)
#    define SIPKIT_BENCH_NOINLINE __declspec(noinline)
#elif defined(__clang__)
#    define SIPKIT_BENCH_NOINLINE __attribute__((noinline, used))
#else
// noclone: a clone specialised for one op would be named bench_loop.constprop.N, which
// callgrind's --toggle-collect=bench_loop would not count.
#    define SIPKIT_BENCH_NOINLINE __attribute__((noinline, noclone, used))
#endif

// ---- counting allocator ---------------------------------------------------------------------
// While `counting` is on, every block allocated or freed through the global operator new/delete
// (cxx) or through oSIP2's hooks (osip) adjusts that family's live byte count by the block's
// malloc_usable_size. Outside the measurements the cost is one predictable branch per call. All
// blocks are plain malloc blocks, so the hooks may be installed and removed at any time.

namespace {

struct heap_counter {
    long long live_bytes = 0;
    long long allocations = 0;
};

bool counting = false;
heap_counter cxx_heap;
#if SIPKIT_BENCH_HAVE_OSIP2
heap_counter osip_heap;
#endif

void* counted_malloc(heap_counter& h, std::size_t n) noexcept {
    void* p = std::malloc(n == 0 ? 1 : n);
    if (counting && p != nullptr) {
        h.live_bytes += static_cast<long long>(malloc_usable_size(p));
        ++h.allocations;
    }
    return p;
}

void counted_free(heap_counter& h, void* p) noexcept {
    if (counting && p != nullptr)
        h.live_bytes -= static_cast<long long>(malloc_usable_size(p));
    std::free(p);
}

void* counted_aligned(std::size_t n, std::align_val_t a) noexcept {
    const auto align = static_cast<std::size_t>(a);
    void* p = std::aligned_alloc(align, n == 0 ? align : (n + align - 1) / align * align);
    if (counting && p != nullptr) {
        cxx_heap.live_bytes += static_cast<long long>(malloc_usable_size(p));
        ++cxx_heap.allocations;
    }
    return p;
}

std::size_t usable(const void* p) noexcept {
    return p == nullptr ? 0 : malloc_usable_size(const_cast<void*>(p));
}

} // namespace

void* operator new(std::size_t n) {
    if (void* p = counted_malloc(cxx_heap, n))
        return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
    if (void* p = counted_malloc(cxx_heap, n))
        return p;
    throw std::bad_alloc();
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    return counted_malloc(cxx_heap, n);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
    return counted_malloc(cxx_heap, n);
}
void* operator new(std::size_t n, std::align_val_t a) {
    if (void* p = counted_aligned(n, a))
        return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n, std::align_val_t a) {
    if (void* p = counted_aligned(n, a))
        return p;
    throw std::bad_alloc();
}
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
    return counted_aligned(n, a);
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
    return counted_aligned(n, a);
}
void operator delete(void* p) noexcept {
    counted_free(cxx_heap, p);
}
void operator delete[](void* p) noexcept {
    counted_free(cxx_heap, p);
}
void operator delete(void* p, std::size_t) noexcept {
    counted_free(cxx_heap, p);
}
void operator delete[](void* p, std::size_t) noexcept {
    counted_free(cxx_heap, p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
    counted_free(cxx_heap, p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
    counted_free(cxx_heap, p);
}
void operator delete(void* p, std::align_val_t) noexcept {
    counted_free(cxx_heap, p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
    counted_free(cxx_heap, p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
    counted_free(cxx_heap, p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
    counted_free(cxx_heap, p);
}
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept {
    counted_free(cxx_heap, p);
}
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept {
    counted_free(cxx_heap, p);
}

#if SIPKIT_BENCH_HAVE_OSIP2
namespace {
timeval osip_now{1000000, 0}; // oSIP2's virtual clock
} // namespace

// oSIP2 reads the time only through this function (libosip2 calls it through its PLT, so the
// program's definition replaces the library's): its timers run on the virtual clock.
extern "C" int osip_gettimeofday(struct timeval* tp, void*) {
    *tp = osip_now;
    return 0;
}
#endif

namespace {

// ---- scenarios and shared text ----------------------------------------------------------------

enum class scenario { non_invite_udp, non_invite_tcp, invite_486, invite_200 };
constexpr std::array<scenario, 4> all_scenarios{scenario::non_invite_udp, scenario::non_invite_tcp,
                                                scenario::invite_486, scenario::invite_200};

const char* name_of(scenario s) {
    switch (s) {
        case scenario::non_invite_udp:
            return "non-invite-udp";
        case scenario::non_invite_tcp:
            return "non-invite-tcp";
        case scenario::invite_486:
            return "invite-486";
        case scenario::invite_200:
            return "invite-200";
    }
    return "?";
}

bool is_invite(scenario s) {
    return s == scenario::invite_486 || s == scenario::invite_200;
}
bool is_reliable(scenario s) {
    return s == scenario::non_invite_tcp;
}
int final_status(scenario s) {
    return s == scenario::invite_486 ? 486 : 200;
}
const char* final_reason(scenario s) {
    return s == scenario::invite_486 ? "Busy Here" : "OK";
}
// Datagrams per transaction: request and final response, plus 100 and ACK for an INVITE.
long datagrams_per_transaction(scenario s) {
    return is_invite(s) ? 4 : 2;
}

constexpr long batch = 16;                             // transactions started at one instant
constexpr std::chrono::milliseconds tick{1000};        // virtual time between batches
constexpr std::chrono::milliseconds drain_time{70000}; // past every timer (D, J, L, M: 32 s)
constexpr long min_call = 4096;                        // transactions per timed call, at least
constexpr long memory_count = 100000;                  // live transactions for the memory rows
#if SIPKIT_BENCH_HAVE_OSIP2
// oSIP2 appends a transaction to its list by walking the list (osip_list_add), so creating
// 100,000 takes minutes; its bytes per transaction do not depend on the count.
constexpr long osip_memory_count = 10000;
#endif

constexpr std::string_view request_uri = "sip:bob@example.com";
constexpr std::string_view to_value = "Bob <sip:bob@example.com>";
constexpr std::string_view contact_value = "<sip:alice@client.example.com:5060>";

// The per-transaction text both libraries build their messages from: a fresh branch, From tag
// and Call-ID formatted from a counter. The strings are reused (no allocation once grown).
struct tx_text {
    std::string via;     // SIP/2.0/UDP client.example.com:5060;branch=z9hG4bK<n>
    std::string from;    // Alice <sip:alice@example.com>;tag=f<n>
    std::string call_id; // <n>@client.example.com
    std::string ack_via; // the ACK for a 2xx: a new branch, z9hG4bK<n>.ack
    std::string to_tag;  // t<n>

    static std::string_view digits(std::uint64_t n, std::array<char, 24>& buf) {
        const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), n);
        return {buf.data(), static_cast<std::size_t>(r.ptr - buf.data())};
    }
    // out = a + b + c (the strings keep their capacity).
    static void set(std::string& out, std::string_view a, std::string_view b,
                    std::string_view c = {}) {
        out.clear();
        out.append(a.data(), a.size()).append(b.data(), b.size()).append(c.data(), c.size());
    }
    static std::string_view via_prefix(bool reliable) {
        return reliable ? "SIP/2.0/TCP client.example.com:5060;branch=z9hG4bK"
                        : "SIP/2.0/UDP client.example.com:5060;branch=z9hG4bK";
    }
    static constexpr std::string_view from_prefix = "Alice <sip:alice@example.com>;tag=f";
    // The Via and From of the last make(): their fixed prefixes stay, the number changes.
    std::optional<bool> made_reliable;

    void make(std::uint64_t id, bool reliable) {
        std::array<char, 24> buf{};
        const std::string_view d = digits(id, buf);
        if (made_reliable != reliable) {
            via.assign(via_prefix(reliable));
            from.assign(from_prefix);
            made_reliable = reliable;
        }
        via.resize(via_prefix(reliable).size());
        via.append(d.data(), d.size());
        from.resize(from_prefix.size());
        from.append(d.data(), d.size());
        set(call_id, d, "@client.example.com");
    }
    void make_ack_via(std::uint64_t id, bool reliable) {
        std::array<char, 24> buf{};
        set(ack_via, via_prefix(reliable), digits(id, buf), ".ack");
    }
    void make_to_tag(std::uint64_t id) {
        std::array<char, 24> buf{};
        set(to_tag, "t", digits(id, buf));
    }
};

// What a TU saw, per side.
struct tu_counters {
    long requests = 0;    // server: new requests passed up
    long provisional = 0; // client: 1xx passed up
    long finals = 0;      // client: final responses passed up
    long acks = 0;        // server: ACKs for a 2xx passed up (no transaction)
    long terminated = 0;  // transactions ended
    long errors = 0;      // timeouts, transport errors, drops, refused calls, stray messages
    long retransmissions = 0;
};

// ---- sipkit ---------------------------------------------------------------------------------

namespace sk {

using sipkit::header_id;
using sipkit::transaction_handle;

struct datagram {
    int to = 0;
    std::string bytes;
};

// Datagrams in flight, in order: slots[head, tail). The slots and their buffers are reused
// once all have been delivered, so sending allocates nothing once the buffers have grown (as a
// socket's send does not). A deque: a datagram being delivered stays put while more are sent.
struct network {
    std::deque<datagram> slots;
    std::size_t head = 0;
    std::size_t tail = 0;
    long sent = 0;
    bool keep = true; // false: what is sent is counted and dropped (memory measurement)

    void push(int to, std::string_view bytes) {
        if (tail == slots.size())
            slots.emplace_back();
        datagram& d = slots[tail++];
        d.to = to;
        d.bytes.assign(bytes.data(), bytes.size());
    }
    bool empty() const { return head == tail; }
    // The next datagram, valid until delivered() is called.
    const datagram& pop() { return slots[head++]; }
    // The datagram pop() gave is done with: when none is left, the slots are reused from the
    // start.
    void delivered() {
        if (head == tail)
            head = tail = 0;
    }
};

// Endpoint 1 is the client layer, 2 the server layer.
struct memory_transport {
    using address_type = int;
    network* net = nullptr;
    bool reliable_paths = false;

    std::error_code send(const int& to, std::string_view bytes) {
        ++net->sent;
        if (net->keep)
            net->push(to, bytes);
        return {};
    }
    bool reliable(const int&) const { return reliable_paths; }
};

sipkit::message_builder request_builder(const tx_text& t, bool invite) {
    auto b = sipkit::message_builder::request(invite ? "INVITE" : "OPTIONS", request_uri);
    b.add(header_id::via, t.via)
        .add(header_id::max_forwards, "70")
        .add(header_id::to, to_value)
        .add(header_id::from, t.from)
        .add(header_id::call_id, t.call_id)
        .add(header_id::cseq, invite ? "1 INVITE" : "1 OPTIONS");
    if (invite)
        b.add(header_id::contact, contact_value);
    return b;
}

std::string build_request(const tx_text& t, bool invite) {
    return request_builder(t, invite).str();
}

struct pair;

struct bench_user {
    pair* p = nullptr;
    tu_counters c;
    long* message_bytes = nullptr; // server, memory measurement: the bytes of kept messages

    void on_request(transaction_handle tx, const sipkit::message_view& m, const int& source);
    void on_response(transaction_handle tx, const sipkit::message_view& m);
    void on_timeout(transaction_handle) { ++c.errors; }
    void on_transport_error(transaction_handle) { ++c.errors; }
    void on_ack(const sipkit::message_view&, const int&) { ++c.acks; }
    void on_stray_response(const sipkit::message_view&, const int&) { ++c.errors; }
    void on_dropped(const sipkit::drop_info&) { ++c.errors; }
    void on_terminated(transaction_handle) { ++c.terminated; }
};

using layer_type = sipkit::transaction_layer<memory_transport, sipkit::timer_queue, bench_user>;

struct pair {
    scenario sc;
    network net;
    memory_transport client_transport;
    memory_transport server_transport;
    sipkit::timer_queue client_timers;
    sipkit::timer_queue server_timers;
    bench_user client_user;
    bench_user server_user;
    layer_type client{client_transport, client_timers, client_user};
    layer_type server{server_transport, server_timers, server_user};
    sipkit::clock::time_point now{};
    std::uint64_t next_id = 1; // requests: branch, From tag, Call-ID
    std::uint64_t tag_id = 1;  // To tags and 2xx ACK branches
    tx_text text;

    explicit pair(scenario s)
        : sc(s), client_transport{&net, is_reliable(s)}, server_transport{&net, is_reliable(s)} {
        client_user.p = this;
        server_user.p = this;
    }
    pair(const pair&) = delete;
    pair& operator=(const pair&) = delete;

    // The client TU starts k transactions.
    void start(long k) {
        for (long i = 0; i < k; ++i) {
            text.make(next_id++, is_reliable(sc));
            // The builder lays out the parsed message as it writes it: nothing is parsed again
            // on the client side.
            auto request = request_builder(text, is_invite(sc)).build();
            if (!request || !client.send_request(std::move(*request), 2, now))
                ++client_user.c.errors;
        }
    }
    // Delivers every datagram in flight, and those they cause.
    void deliver_all() {
        while (!net.empty()) {
            const datagram& d = net.pop();
            if (d.to == 1)
                client.on_message(d.bytes, 2, now);
            else
                server.on_message(d.bytes, 1, now);
            net.delivered();
        }
    }
    // Advances the virtual clock to t, firing both layers' timers in deadline order.
    void advance_to(sipkit::clock::time_point t) {
        for (;;) {
            const auto c = client.next_deadline();
            const auto s = server.next_deadline();
            std::optional<sipkit::clock::time_point> next;
            if (c && *c <= t)
                next = c;
            if (s && *s <= t && (!next || *s < *next))
                next = s;
            if (!next)
                break;
            now = *next;
            client.on_timer(now);
            server.on_timer(now);
            deliver_all();
        }
        now = t;
    }
    void reset() {
        client_user.c = {};
        server_user.c = {};
    }
    // Why the last n transactions did not go as they must, or nullptr.
    const char* verify(long n, long sent_before) const {
        const tu_counters& c = client_user.c;
        const tu_counters& s = server_user.c;
        if (c.errors != 0 || s.errors != 0)
            return "a timeout, transport error, drop, refused call or stray response";
        if (s.requests != n)
            return "the server TU did not get every request once";
        if (c.finals != n || c.provisional != (is_invite(sc) ? n : 0))
            return "the client TU did not get the expected responses";
        if (s.acks != (sc == scenario::invite_200 ? n : 0))
            return "the server TU did not get the expected ACKs";
        if (c.terminated != n || s.terminated != n)
            return "not every transaction terminated on both sides";
        if (client.size() != 0 || server.size() != 0)
            return "transactions are still live after the drain";
        if (net.sent - sent_before != n * datagrams_per_transaction(sc))
            return "unexpected datagram count (a retransmission?)";
        return nullptr;
    }
    // n complete transactions: batches of 16, 1 s of virtual time apart, then the drain.
    int run(long n) {
        reset();
        const long sent_before = net.sent;
        for (long done = 0; done < n;) {
            const long k = std::min(batch, n - done);
            start(k);
            deliver_all();
            done += k;
            advance_to(now + tick);
        }
        advance_to(now + drain_time);
        return verify(n, sent_before) == nullptr ? 0 : 1;
    }
    // The pre-timing check: one batch step by step, then a longer run.
    const char* check() {
        reset();
        const long sent_before = net.sent;
        start(batch);
        deliver_all();
        // UDP: Completed / Confirmed / Accepted transactions linger; TCP non-INVITE: none does.
        const std::size_t lingering = is_reliable(sc) ? 0 : static_cast<std::size_t>(batch);
        if (client.size() != lingering || server.size() != lingering)
            return "transactions did not linger (UDP) or did (TCP) after the exchange";
        advance_to(now + drain_time);
        if (const char* why = verify(batch, sent_before))
            return why;
        if (run(1000) != 0)
            return "a run of 1,000 transactions failed its checks";
        return nullptr;
    }
};

void bench_user::on_request(transaction_handle tx, const sipkit::message_view& m, const int&) {
    ++c.requests;
    p->text.make_to_tag(p->tag_id++);
    std::string response =
        sipkit::response_to(m, final_status(p->sc), final_reason(p->sc), p->text.to_tag).str();
    if (message_bytes != nullptr) {
        const auto own = p->server.request(tx); // the layer's copy of the request
        if (own)
            *message_bytes += static_cast<long>(usable(own->bytes().data()));
        *message_bytes += static_cast<long>(usable(response.data()));
    }
    if (p->server.send_response(tx, std::move(response), p->now))
        ++c.errors;
}

void bench_user::on_response(transaction_handle, const sipkit::message_view& m) {
    if (m.status_code() < 200) {
        ++c.provisional;
        return;
    }
    ++c.finals;
    if (p->sc != scenario::invite_200 || m.status_code() != 200)
        return;
    // §13.2.2.4: the UAC core's ACK for a 2xx, a new transaction's branch, sent by the TU.
    p->text.make_ack_via(p->tag_id++, is_reliable(p->sc));
    auto b = sipkit::message_builder::request("ACK", request_uri);
    b.add(header_id::via, p->text.ack_via).add(header_id::max_forwards, "70");
    if (const auto f = m.find(header_id::to))
        b.add(header_id::to, f->value);
    if (const auto f = m.find(header_id::from))
        b.add(header_id::from, f->value);
    if (const auto f = m.find(header_id::call_id))
        b.add(header_id::call_id, f->value);
    b.add(header_id::cseq, "1 ACK");
    if (p->client_transport.send(2, std::move(b).str()))
        ++c.errors;
}

int op(void* state, long n) {
    return static_cast<pair*>(state)->run(n);
}

struct memory_row {
    double state = 0; // bytes per transaction, messages subtracted
    double total = 0; // bytes per transaction
    long long leaked = 0;
    const char* failure = nullptr;
};

// `count` client transactions in Completed (request sent, 200 received, Timer K pending).
memory_row client_memory(long count) {
    memory_row row;
    counting = true;
    const long long base = cxx_heap.live_bytes;
    {
        auto p = std::make_unique<pair>(scenario::non_invite_udp);
        p->net.keep = false;
        long message_bytes = 0;
        for (long i = 0; i < count; ++i) {
            p->text.make(p->next_id++, false);
            std::string request = build_request(p->text, false);
            std::string response;
            if (const auto view = sipkit::parse_message(request)) {
                p->text.make_to_tag(p->tag_id++);
                response = sipkit::response_to(*view, 200, "OK", p->text.to_tag).str();
            }
            message_bytes += static_cast<long>(usable(request.data()));
            if (!p->client.send_request(std::move(request), 2, p->now))
                ++p->client_user.c.errors;
            p->client.on_message(response, 2, p->now);
        }
        if (p->client.size() != static_cast<std::size_t>(count) ||
            p->client_user.c.finals != count || p->client_user.c.errors != 0)
            row.failure = "the client transactions did not all reach Completed";
        const auto live = static_cast<double>(cxx_heap.live_bytes - base);
        row.total = live / static_cast<double>(count);
        row.state = (live - static_cast<double>(message_bytes)) / static_cast<double>(count);
    }
    row.leaked = cxx_heap.live_bytes - base;
    counting = false;
    return row;
}

// `count` server transactions in Completed (request received, 200 sent, Timer J pending).
memory_row server_memory(long count) {
    memory_row row;
    counting = true;
    const long long base = cxx_heap.live_bytes;
    {
        auto p = std::make_unique<pair>(scenario::non_invite_udp);
        p->net.keep = false;
        long message_bytes = 0;
        p->server_user.message_bytes = &message_bytes;
        for (long i = 0; i < count; ++i) {
            p->text.make(p->next_id++, false);
            const std::string request = build_request(p->text, false);
            p->server.on_message(request, 1, p->now);
        }
        if (p->server.size() != static_cast<std::size_t>(count) ||
            p->server_user.c.requests != count || p->server_user.c.errors != 0)
            row.failure = "the server transactions did not all reach Completed";
        const auto live = static_cast<double>(cxx_heap.live_bytes - base);
        row.total = live / static_cast<double>(count);
        row.state = (live - static_cast<double>(message_bytes)) / static_cast<double>(count);
    }
    row.leaked = cxx_heap.live_bytes - base;
    counting = false;
    return row;
}

} // namespace sk

// ---- oSIP2 ----------------------------------------------------------------------------------

#if SIPKIT_BENCH_HAVE_OSIP2
namespace os {

void* hook_malloc(std::size_t n) {
    return counted_malloc(osip_heap, n);
}
void hook_free(void* p) {
    counted_free(osip_heap, p);
}
void* hook_realloc(void* p, std::size_t n) {
    if (counting && p != nullptr)
        osip_heap.live_bytes -= static_cast<long long>(malloc_usable_size(p));
    void* q = std::realloc(p, n);
    if (counting && q != nullptr) {
        osip_heap.live_bytes += static_cast<long long>(malloc_usable_size(q));
        ++osip_heap.allocations;
    }
    return q;
}
// Counting oSIP2's heap: its allocations go through these while installed.
void install_hooks(bool on) {
    if (on)
        osip_set_allocators(hook_malloc, hook_realloc, hook_free);
    else
        osip_set_allocators(nullptr, nullptr, nullptr);
}

void advance(std::chrono::milliseconds d) {
    const long long us = osip_now.tv_usec + static_cast<long long>(d.count()) * 1000;
    osip_now.tv_sec += static_cast<time_t>(us / 1000000);
    osip_now.tv_usec = static_cast<suseconds_t>(us % 1000000);
}

struct datagram {
    int to = 0;
    char* bytes = nullptr;
    std::size_t length = 0;
};

struct pair;

// One oSIP2 instance (osip_t) and its TU.
struct side {
    pair* p = nullptr;
    osip_t* osip = nullptr;
    int self = 0;
    int peer = 0;
    tu_counters c;
    std::vector<osip_transaction_t*> killed; // freed after the execute that killed them

    std::size_t live() const {
        return static_cast<std::size_t>(osip_list_size(&osip->osip_ict_transactions) +
                                        osip_list_size(&osip->osip_ist_transactions) +
                                        osip_list_size(&osip->osip_nict_transactions) +
                                        osip_list_size(&osip->osip_nist_transactions));
    }
    void free_killed() {
        for (osip_transaction_t* tr : killed)
            osip_transaction_free2(tr);
        killed.clear();
    }
    // Runs every queued event of every transaction (the TU's callbacks run in here).
    void execute() {
        osip_ict_execute(osip);
        osip_ist_execute(osip);
        osip_nict_execute(osip);
        osip_nist_execute(osip);
        free_killed();
    }
    void timers() {
        osip_timers_ict_execute(osip);
        osip_timers_ist_execute(osip);
        osip_timers_nict_execute(osip);
        osip_timers_nist_execute(osip);
        execute();
    }
};

side& side_of(osip_transaction_t* tr) {
    return *static_cast<side*>(osip_get_application_context(static_cast<osip_t*>(tr->config)));
}

// A request built the oSIP2 way from the same text as sipkit's (its parsers fill the fields).
osip_message_t* build_request(const tx_text& t, bool invite, long& errors) {
    osip_message_t* m = nullptr;
    if (osip_message_init(&m) != OSIP_SUCCESS)
        return nullptr;
    osip_message_set_method(m, osip_strdup(invite ? "INVITE" : "OPTIONS"));
    osip_message_set_version(m, osip_strdup("SIP/2.0"));
    osip_uri_t* uri = nullptr;
    int bad = osip_uri_init(&uri);
    bad |= osip_uri_parse(uri, std::string(request_uri).c_str());
    osip_message_set_uri(m, uri);
    bad |= osip_message_set_via(m, t.via.c_str());
    bad |= osip_message_set_max_forwards(m, "70");
    bad |= osip_message_set_to(m, std::string(to_value).c_str());
    bad |= osip_message_set_from(m, t.from.c_str());
    bad |= osip_message_set_call_id(m, t.call_id.c_str());
    bad |= osip_message_set_cseq(m, invite ? "1 INVITE" : "1 OPTIONS");
    if (invite)
        bad |= osip_message_set_contact(m, std::string(contact_value).c_str());
    bad |= osip_message_set_content_length(m, "0");
    if (bad != 0)
        ++errors;
    return m;
}

struct pair {
    scenario sc;
    side client;
    side server;
    std::deque<datagram> queue;
    long sent = 0;
    bool keep = true;          // false: what is sent is counted and dropped (memory measurement)
    std::uint64_t next_id = 1; // requests: branch, From tag, Call-ID
    std::uint64_t tag_id = 1;  // To tags and 2xx ACK branches
    tx_text text;

    explicit pair(scenario s);
    ~pair();
    pair(const pair&) = delete;
    pair& operator=(const pair&) = delete;

    // The transport: serializes and sends a message.
    int send(int to, osip_message_t* m) {
        char* bytes = nullptr;
        std::size_t length = 0;
        if (osip_message_to_str(m, &bytes, &length) != OSIP_SUCCESS)
            return -1;
        ++sent;
        if (keep) {
            queue.push_back({to, bytes, length});
        } else {
            osip_free(bytes);
        }
        return 0;
    }

    // The server TU's response to `request` in transaction `tr`.
    void respond(side& s, osip_transaction_t* tr, osip_message_t* request, int status,
                 const char* reason) {
        osip_message_t* r = nullptr;
        if (osip_message_init(&r) != OSIP_SUCCESS) {
            ++s.c.errors;
            return;
        }
        osip_message_set_version(r, osip_strdup("SIP/2.0"));
        osip_message_set_status_code(r, status);
        osip_message_set_reason_phrase(r, osip_strdup(reason));
        int bad = 0;
        for (int i = 0; !osip_list_eol(&request->vias, i); ++i) {
            osip_via_t* via = static_cast<osip_via_t*>(osip_list_get(&request->vias, i));
            osip_via_t* copy = nullptr;
            bad |= osip_via_clone(via, &copy);
            osip_list_add(&r->vias, copy, -1);
        }
        bad |= osip_from_clone(request->from, &r->from);
        bad |= osip_to_clone(request->to, &r->to);
        if (status >= 200) {
            text.make_to_tag(tag_id++);
            bad |= osip_to_set_tag(r->to, osip_strdup(text.to_tag.c_str()));
        }
        bad |= osip_call_id_clone(request->call_id, &r->call_id);
        bad |= osip_cseq_clone(request->cseq, &r->cseq);
        bad |= osip_message_set_content_length(r, "0");
        if (bad != 0)
            ++s.c.errors;
        osip_transaction_add_event(tr, osip_new_outgoing_sipmessage(r));
    }

    // The client TU's ACK for a 2xx (§13.2.2.4), sent through the transport.
    void send_2xx_ack(side& s, osip_message_t* response) {
        text.make_ack_via(tag_id++, is_reliable(sc));
        osip_message_t* a = nullptr;
        if (osip_message_init(&a) != OSIP_SUCCESS) {
            ++s.c.errors;
            return;
        }
        osip_message_set_method(a, osip_strdup("ACK"));
        osip_message_set_version(a, osip_strdup("SIP/2.0"));
        osip_uri_t* uri = nullptr;
        int bad = osip_uri_init(&uri);
        bad |= osip_uri_parse(uri, std::string(request_uri).c_str());
        osip_message_set_uri(a, uri);
        bad |= osip_message_set_via(a, text.ack_via.c_str());
        bad |= osip_message_set_max_forwards(a, "70");
        bad |= osip_to_clone(response->to, &a->to);
        bad |= osip_from_clone(response->from, &a->from);
        bad |= osip_call_id_clone(response->call_id, &a->call_id);
        bad |= osip_message_set_cseq(a, "1 ACK");
        bad |= osip_message_set_content_length(a, "0");
        if (bad != 0 || send(s.peer, a) != 0)
            ++s.c.errors;
        osip_message_free(a);
    }

    // The client TU starts k transactions (sent by the next client execute).
    void start(long k) {
        for (long i = 0; i < k; ++i) {
            text.make(next_id++, is_reliable(sc));
            osip_message_t* m = build_request(text, is_invite(sc), client.c.errors);
            osip_transaction_t* tr = nullptr;
            if (m == nullptr || osip_transaction_init(&tr, is_invite(sc) ? ICT : NICT, client.osip,
                                                      m) != OSIP_SUCCESS) {
                ++client.c.errors;
                osip_message_free(m);
                continue;
            }
            osip_transaction_add_event(tr, osip_new_outgoing_sipmessage(m));
        }
    }
    // One datagram into the receiving side: parse, match (§17.1.3, §17.2.3) or create.
    void deliver(const datagram& d) {
        side& s = d.to == client.self ? client : server;
        osip_event_t* e = osip_parse(d.bytes, d.length);
        osip_free(d.bytes);
        if (e == nullptr) {
            ++s.c.errors;
            return;
        }
        if (osip_find_transaction_and_add_event(s.osip, e) == OSIP_SUCCESS)
            return;
        if (MSG_IS_REQUEST(e->sip)) {
            if (MSG_IS_ACK(e->sip)) { // the ACK for a 2xx: no transaction, the TU takes it
                ++s.c.acks;
                osip_event_free(e);
                return;
            }
            osip_transaction_t* tr = osip_create_transaction(s.osip, e);
            if (tr == nullptr) {
                ++s.c.errors;
                osip_event_free(e);
                return;
            }
            osip_transaction_add_event(tr, e);
            return;
        }
        ++s.c.errors; // a stray response
        osip_event_free(e);
    }
    // Delivers every datagram in flight, running each side that received something.
    void deliver_all() {
        while (!queue.empty()) {
            bool to_client = false;
            bool to_server = false;
            while (!queue.empty()) {
                const datagram d = queue.front();
                queue.pop_front();
                (d.to == client.self ? to_client : to_server) = true;
                deliver(d);
            }
            if (to_server)
                server.execute();
            if (to_client)
                client.execute();
        }
    }
    void advance(std::chrono::milliseconds d) {
        os::advance(d);
        client.timers();
        server.timers();
        deliver_all();
    }
    void reset() {
        client.c = {};
        server.c = {};
    }
    const char* verify(long n, long sent_before) const {
        const tu_counters& c = client.c;
        const tu_counters& s = server.c;
        if (c.errors != 0 || s.errors != 0)
            return "a timeout, transport error, failed call or stray response";
        if (c.retransmissions != 0 || s.retransmissions != 0)
            return "a retransmission";
        if (s.requests != n)
            return "the server TU did not get every request once";
        if (c.finals != n || c.provisional != (is_invite(sc) ? n : 0))
            return "the client TU did not get the expected responses";
        if (s.acks != (sc == scenario::invite_200 ? n : 0))
            return "the server TU did not get the expected ACKs";
        if (c.terminated != n || s.terminated != n)
            return "not every transaction terminated on both sides";
        if (client.live() != 0 || server.live() != 0)
            return "transactions are still live after the drain";
        if (sent - sent_before != n * datagrams_per_transaction(sc))
            return "unexpected datagram count (a retransmission?)";
        return nullptr;
    }
    int run(long n) {
        reset();
        const long sent_before = sent;
        for (long done = 0; done < n;) {
            const long k = std::min(batch, n - done);
            start(k);
            client.execute();
            deliver_all();
            done += k;
            advance(tick);
        }
        advance(drain_time);
        return verify(n, sent_before) == nullptr ? 0 : 1;
    }
    const char* check() {
        reset();
        const long sent_before = sent;
        start(batch);
        client.execute();
        deliver_all();
        // UDP: Completed / Confirmed linger (oSIP2 ends INVITE transactions at a 2xx, RFC 3261);
        // TCP: Timers K and J are zero, the next timer pass ends them.
        const std::size_t lingering =
            sc == scenario::invite_200 ? 0 : static_cast<std::size_t>(batch);
        if (client.live() != lingering || server.live() != lingering)
            return "transactions did not linger as expected after the exchange";
        advance(std::chrono::milliseconds{0});
        if (is_reliable(sc) && (client.live() != 0 || server.live() != 0))
            return "reliable transactions did not end at the next timer pass";
        advance(drain_time);
        if (const char* why = verify(batch, sent_before))
            return why;
        if (run(1000) != 0)
            return "a run of 1,000 transactions failed its checks";
        return nullptr;
    }
};

void on_message(int type, osip_transaction_t* tr, osip_message_t* m) {
    side& s = side_of(tr);
    pair& p = *s.p;
    switch (type) {
        case OSIP_NIST_OPTIONS_RECEIVED:
            ++s.c.requests;
            p.respond(s, tr, m, final_status(p.sc), final_reason(p.sc));
            break;
        case OSIP_IST_INVITE_RECEIVED:
            ++s.c.requests;
            p.respond(s, tr, m, 100, "Trying"); // sipkit's server transaction sends it itself
            p.respond(s, tr, m, final_status(p.sc), final_reason(p.sc));
            break;
        case OSIP_ICT_STATUS_1XX_RECEIVED:
        case OSIP_NICT_STATUS_1XX_RECEIVED:
            ++s.c.provisional;
            break;
        case OSIP_ICT_STATUS_2XX_RECEIVED:
            ++s.c.finals;
            p.send_2xx_ack(s, m);
            break;
        case OSIP_NICT_STATUS_2XX_RECEIVED:
        case OSIP_ICT_STATUS_3XX_RECEIVED:
        case OSIP_ICT_STATUS_4XX_RECEIVED:
        case OSIP_ICT_STATUS_5XX_RECEIVED:
        case OSIP_ICT_STATUS_6XX_RECEIVED:
        case OSIP_NICT_STATUS_3XX_RECEIVED:
        case OSIP_NICT_STATUS_4XX_RECEIVED:
        case OSIP_NICT_STATUS_5XX_RECEIVED:
        case OSIP_NICT_STATUS_6XX_RECEIVED:
            ++s.c.finals;
            break;
        case OSIP_ICT_STATUS_TIMEOUT:
        case OSIP_NICT_STATUS_TIMEOUT:
            ++s.c.errors;
            break;
        case OSIP_ICT_INVITE_SENT_AGAIN:
        case OSIP_ICT_ACK_SENT_AGAIN:
        case OSIP_ICT_STATUS_2XX_RECEIVED_AGAIN:
        case OSIP_ICT_STATUS_3456XX_RECEIVED_AGAIN:
        case OSIP_IST_INVITE_RECEIVED_AGAIN:
        case OSIP_IST_ACK_RECEIVED_AGAIN:
        case OSIP_IST_STATUS_2XX_SENT_AGAIN:
        case OSIP_IST_STATUS_3456XX_SENT_AGAIN:
        case OSIP_NICT_REQUEST_SENT_AGAIN:
        case OSIP_NICT_STATUS_2XX_RECEIVED_AGAIN:
        case OSIP_NICT_STATUS_3456XX_RECEIVED_AGAIN:
        case OSIP_NIST_REQUEST_RECEIVED_AGAIN:
        case OSIP_NIST_STATUS_2XX_SENT_AGAIN:
        case OSIP_NIST_STATUS_3456XX_SENT_AGAIN:
            ++s.c.retransmissions;
            break;
        default: // *_SENT, OSIP_IST_ACK_RECEIVED (absorbed, as sipkit absorbs it)
            break;
    }
}

void on_kill(int, osip_transaction_t* tr) {
    side& s = side_of(tr);
    ++s.c.terminated;
    osip_remove_transaction(s.osip, tr);
    s.killed.push_back(tr); // osip_*_execute still walks it: freed after the execute
}

void on_transport_error(int, osip_transaction_t* tr, int) {
    ++side_of(tr).c.errors;
}

int on_send(osip_transaction_t* tr, osip_message_t* m, char*, int, int) {
    side& s = side_of(tr);
    return s.p->send(s.peer, m);
}

pair::pair(scenario s) : sc(s) {
    client.self = 1;
    client.peer = 2;
    server.self = 2;
    server.peer = 1;
    for (side* x : {&client, &server}) {
        x->p = this;
        if (osip_init(&x->osip) != OSIP_SUCCESS) {
            std::fprintf(stderr, "osip2: osip_init failed\n");
            std::exit(1);
        }
        osip_set_application_context(x->osip, x);
        osip_set_cb_send_message(x->osip, on_send);
        for (int t = 0; t < OSIP_MESSAGE_CALLBACK_COUNT; ++t)
            osip_set_message_callback(x->osip, t, on_message);
        for (int t = 0; t < OSIP_KILL_CALLBACK_COUNT; ++t)
            osip_set_kill_transaction_callback(x->osip, t, on_kill);
        for (int t = 0; t < OSIP_TRANSPORT_ERROR_CALLBACK_COUNT; ++t)
            osip_set_transport_error_callback(x->osip, t, on_transport_error);
    }
}

pair::~pair() {
    for (const datagram& d : queue) {
        osip_free(d.bytes);
    }
    for (side* x : {&client, &server}) {
        for (osip_list_t* l :
             {&x->osip->osip_ict_transactions, &x->osip->osip_ist_transactions,
              &x->osip->osip_nict_transactions, &x->osip->osip_nist_transactions}) {
            // From the head: osip_transaction_free's removal then finds each at once.
            while (osip_list_size(l) > 0)
                osip_transaction_free(static_cast<osip_transaction_t*>(osip_list_get(l, 0)));
        }
        x->free_killed();
        osip_release(x->osip);
    }
}

int op(void* state, long n) {
    return static_cast<pair*>(state)->run(n);
}

// The raw text oSIP2 keeps with a message (osip_message_t::message), if any.
std::size_t kept_text(const osip_message_t* m) {
    return m == nullptr ? 0 : usable(m->message);
}

// `count` transactions of one side in Completed, as sk::client_memory / sk::server_memory.
// Events are added to the transaction directly: osip_find_transaction walks a list, which at
// 100,000 live transactions would take hours; it allocates nothing.
sk::memory_row side_memory(long count, bool client_side) {
    sk::memory_row row;
    install_hooks(true);
    counting = true;
    const long long base = osip_heap.live_bytes;
    {
        auto p = std::make_unique<pair>(scenario::non_invite_udp);
        p->keep = false;
        side& s = client_side ? p->client : p->server;
        std::vector<osip_transaction_t*> trs;
        trs.reserve(static_cast<std::size_t>(count));
        for (long i = 0; i < count; ++i) {
            p->text.make(static_cast<std::uint64_t>(i + 1), false);
            osip_transaction_t* tr = nullptr;
            if (client_side) {
                osip_message_t* m = build_request(p->text, false, s.c.errors);
                if (m == nullptr || osip_transaction_init(&tr, NICT, s.osip, m) != OSIP_SUCCESS)
                    break;
                osip_transaction_add_event(tr, osip_new_outgoing_sipmessage(m));
            } else {
                const std::string request = sk::build_request(p->text, false);
                osip_event_t* e = osip_parse(request.data(), request.size());
                if (e == nullptr || (tr = osip_create_transaction(s.osip, e)) == nullptr)
                    break;
                osip_transaction_add_event(tr, e);
            }
            trs.push_back(tr);
        }
        s.execute(); // client: sends the requests; server: the TU answers 200, sent at once
        if (client_side) {
            for (std::size_t i = 0; i < trs.size(); ++i) {
                p->text.make(i + 1, false);
                const std::string request = sk::build_request(p->text, false);
                const auto view = sipkit::parse_message(request);
                if (!view)
                    break;
                p->text.make_to_tag(i + 1);
                const std::string response =
                    sipkit::response_to(*view, 200, "OK", p->text.to_tag).str();
                if (osip_event_t* e = osip_parse(response.data(), response.size()))
                    osip_transaction_add_event(trs[i], e);
            }
            s.execute();
        }
        const tu_counters& c = s.c;
        if (trs.size() != static_cast<std::size_t>(count) || s.live() != trs.size() ||
            (client_side ? c.finals : c.requests) != count || c.errors != 0)
            row.failure = "the transactions did not all reach Completed";
        std::size_t message_bytes = 0;
        for (const osip_transaction_t* tr : trs)
            message_bytes += kept_text(tr->orig_request) + kept_text(tr->last_response);
        const auto live = static_cast<double>(osip_heap.live_bytes - base);
        row.total = live / static_cast<double>(count);
        row.state = (live - static_cast<double>(message_bytes)) / static_cast<double>(count);
    }
    row.leaked = osip_heap.live_bytes - base;
    counting = false;
    install_hooks(false);
    return row;
}

} // namespace os
#endif

} // namespace

// ---- harness ------------------------------------------------------------------------------

/// n transactions through one scenario's pair of layers; returns 0 when they all completed as
/// they must.
using bench_op = int (*)(void* state, long n);

namespace {
volatile std::uint64_t g_sink = 0;
} // namespace

/// The timed region; callgrind's --toggle-collect/--dump-after name it.
extern "C" SIPKIT_BENCH_NOINLINE int bench_loop(bench_op op, void* state, long n) {
    const int bad = op(state, n);
    g_sink = g_sink + 1; // no tail call: the callee's cost stays inside bench_loop
    return bad;
}

namespace {

struct options {
    double min_time = 0.3;
    long iters = 0;
    std::optional<scenario> only;
    bool memory = true;
};

[[noreturn]] void usage_error(const char* argv0, const char* why) {
    if (why != nullptr)
        std::fprintf(stderr, "%s: %s\n", argv0, why);
    std::fprintf(stderr,
                 "usage: %s [--min-time S] [--iters N] [--scenario NAME] [--no-memory]\n"
                 "  NAME: non-invite-udp, non-invite-tcp, invite-486, invite-200\n",
                 argv0);
    std::exit(2);
}

options parse_args(int argc, char** argv) {
    options o;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "--min-time" && i + 1 < argc) {
            o.min_time = std::strtod(argv[++i], nullptr);
        } else if (a == "--iters" && i + 1 < argc) {
            o.iters = std::strtol(argv[++i], nullptr, 10);
            if (o.iters <= 0)
                usage_error(argv[0], "--iters needs a positive number");
        } else if (a == "--scenario" && i + 1 < argc) {
            const std::string_view want = argv[++i];
            for (const scenario s : all_scenarios)
                if (want == name_of(s))
                    o.only = s;
            if (!o.only)
                usage_error(argv[0], "unknown scenario");
        } else if (a == "--no-memory") {
            o.memory = false;
        } else {
            usage_error(argv[0], nullptr);
        }
    }
    return o;
}

std::uint64_t now_ns() {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                          std::chrono::steady_clock::now().time_since_epoch())
                                          .count());
}

/// ns per transaction: the fastest of >= 5 equal calls (>= 4,096 transactions each) that together
/// last >= min_time. With --iters, one call of exactly that many transactions.
double measure(bench_op op, void* state, const options& o, int& bad, long& per_call) {
    if (o.iters > 0) {
        per_call = o.iters;
        const std::uint64_t t0 = now_ns();
        bad |= bench_loop(op, state, o.iters);
        return static_cast<double>(now_ns() - t0) / static_cast<double>(o.iters);
    }
    double target = o.min_time * 1e9 / 8; // one call
    if (target < 2e6)
        target = 2e6;
    long n = min_call;
    std::uint64_t el = 0;
    for (;;) {
        const std::uint64_t t0 = now_ns();
        bad |= bench_loop(op, state, n);
        el = now_ns() - t0;
        if (static_cast<double>(el) >= target)
            break;
        double grow = el > 0 ? target * 1.25 / static_cast<double>(el) : 100.0;
        grow = std::clamp(grow, 2.0, 100.0);
        n = static_cast<long>(static_cast<double>(n) * grow) / batch * batch;
    }
    per_call = n;
    double best = static_cast<double>(el) / static_cast<double>(n);
    double total = static_cast<double>(el);
    int calls = 1;
    while (calls < 5 || total < o.min_time * 1e9) {
        const std::uint64_t t0 = now_ns();
        bad |= bench_loop(op, state, n);
        el = now_ns() - t0;
        total += static_cast<double>(el);
        ++calls;
        best = std::min(best, static_cast<double>(el) / static_cast<double>(n));
    }
    return best;
}

void print_row(const char* impl, scenario s, double ns) {
    std::printf("%s\t%s\t%.0f\t%.1f\n", impl, name_of(s), 1e9 / ns, ns);
    std::fflush(stdout);
}

/// Heap allocations per transaction over one check-sized run (both sides together).
template <class Pair>
double allocations_per_transaction(Pair& p, heap_counter& h) {
    constexpr long n = 1024;
    counting = true;
    const long long before = h.allocations;
    const int bad = p.run(n);
    const long long after = h.allocations;
    counting = false;
    return bad != 0 ? -1.0 : static_cast<double>(after - before) / static_cast<double>(n);
}

void print_memory(const char* impl, const char* side, const sk::memory_row& row, long count) {
    if (row.failure != nullptr) {
        std::fprintf(stderr, "%s: FAIL memory (%s): %s\n", impl, side, row.failure);
        return;
    }
    std::printf("%s bytes per live %s transaction: %.0f\n", impl, side, row.state);
    std::printf("%s bytes per live %s transaction with its messages: %.0f (at %ld live)\n", impl,
                side, row.total, count);
    if (row.leaked != 0)
        std::printf("# %s %s measurement: %lld bytes still live after teardown\n", impl, side,
                    row.leaked);
}

} // namespace

int main(int argc, char** argv) {
    const options o = parse_args(argc, argv);
    int failures = 0;
    std::printf("impl\tscenario\ttx_per_s\tns_per_tx\n");
    struct result {
        scenario s;
        double sipkit_ns = 0;
        double osip_ns = 0;
    };
    std::vector<result> results;
    for (const scenario s : all_scenarios) {
        if (o.only && *o.only != s)
            continue;
        result r{s};
        {
            auto p = std::make_unique<sk::pair>(s);
            if (const char* why = p->check()) {
                std::fprintf(stderr, "sipkit: FAIL %s: %s\n", name_of(s), why);
                ++failures;
            } else {
                const double allocs = allocations_per_transaction(*p, cxx_heap);
                int bad = 0;
                long per_call = 0;
                r.sipkit_ns = measure(sk::op, p.get(), o, bad, per_call);
                if (bad != 0) {
                    std::fprintf(stderr, "sipkit: FAIL %s: failed inside the timed loop\n",
                                 name_of(s));
                    ++failures;
                }
                print_row("sipkit", s, r.sipkit_ns);
                std::printf("# sipkit %s: %.1f heap allocations per transaction (both sides), "
                            "%ld transactions per timed call\n",
                            name_of(s), allocs, per_call);
            }
        }
#if SIPKIT_BENCH_HAVE_OSIP2
        {
            auto p = std::make_unique<os::pair>(s);
            if (const char* why = p->check()) {
                std::fprintf(stderr, "osip2: FAIL %s: %s\n", name_of(s), why);
                ++failures;
            } else {
                os::install_hooks(true);
                const double allocs = allocations_per_transaction(*p, osip_heap);
                os::install_hooks(false);
                int bad = 0;
                long per_call = 0;
                r.osip_ns = measure(os::op, p.get(), o, bad, per_call);
                if (bad != 0) {
                    std::fprintf(stderr, "osip2: FAIL %s: failed inside the timed loop\n",
                                 name_of(s));
                    ++failures;
                }
                print_row("osip2", s, r.osip_ns);
                std::printf("# osip2 %s: %.1f heap allocations per transaction (both sides), "
                            "%ld transactions per timed call\n",
                            name_of(s), allocs, per_call);
            }
        }
#endif
        results.push_back(r);
    }
#if SIPKIT_BENCH_HAVE_OSIP2
    for (const result& r : results)
        if (r.sipkit_ns > 0 && r.osip_ns > 0)
            std::printf("sipkit vs osip2 %s: %.2fx\n", name_of(r.s), r.osip_ns / r.sipkit_ns);
#else
    std::printf("osip2: not available\n");
#endif

    std::optional<double> bytes_per_transaction;
    if (o.memory && o.iters == 0) {
        const sk::memory_row client = sk::client_memory(memory_count);
        const sk::memory_row server = sk::server_memory(memory_count);
        print_memory("sipkit", "client", client, memory_count);
        print_memory("sipkit", "server", server, memory_count);
        if (client.failure != nullptr || server.failure != nullptr)
            ++failures;
        else
            bytes_per_transaction = std::max(client.state, server.state);
#if SIPKIT_BENCH_HAVE_OSIP2
        const sk::memory_row osip_client = os::side_memory(osip_memory_count, true);
        const sk::memory_row osip_server = os::side_memory(osip_memory_count, false);
        print_memory("osip2", "client", osip_client, osip_memory_count);
        print_memory("osip2", "server", osip_server, osip_memory_count);
        if (osip_client.failure != nullptr || osip_server.failure != nullptr)
            ++failures;
#endif
    }
    for (const result& r : results) {
        if (r.s == scenario::non_invite_udp && r.sipkit_ns > 0 && bytes_per_transaction)
            std::printf("non-INVITE transactions/s: %.0f; bytes per transaction: %.0f\n",
                        1e9 / r.sipkit_ns, *bytes_per_transaction);
    }
    return failures != 0 ? 1 : 0;
}
