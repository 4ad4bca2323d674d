// libFuzzer target: a client transaction layer and a server transaction layer joined by an
// in-memory network that the input controls (deliver, drop, corrupt, inject raw bytes, let time
// pass, let the TU answer). The layers must never crash, never leak, never keep a server
// transaction alive once every request has been answered and every timer has run out, and
// every callback handle must name a live transaction of the right kind.
#include <sipkit/message/message_builder.hpp>
#include <sipkit/transaction/transaction_layer.hpp>

#include "fuzz_support.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

const char* const fuzz_support::target_name = "fuzz-transaction-layer";

namespace {

using namespace std::chrono_literals;

struct datagram {
    int to = 0;
    std::string bytes;
};

struct fuzz_network {
    std::deque<datagram> in_flight;
};

struct fuzz_transport {
    using address_type = int;
    fuzz_network* net = nullptr;
    int peer = 0;
    bool reliable_paths = false;
    std::error_code send(const int& to, std::string_view bytes) {
        if (net->in_flight.size() < 4096) { // a bounded network: the rest is lost
            net->in_flight.push_back({to, std::string(bytes)});
        }
        return {};
    }
    bool reliable(const int&) const { return reliable_paths; }
};

} // namespace

namespace {

constexpr std::array<std::string_view, 5> methods{"INVITE", "OPTIONS", "BYE", "CANCEL", "MESSAGE"};
constexpr std::array<int, 8> statuses{100, 180, 200, 202, 404, 408, 486, 603};

std::string make_request(std::string_view method, unsigned branch, bool cookie) {
    std::string m(method);
    m += " sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP client.example.com:5060;branch=";
    m += cookie ? "z9hG4bK-" : "old-";
    m += std::to_string(branch);
    m += "\r\nMax-Forwards: 70\r\nTo: <sip:bob@example.com>\r\n"
         "From: <sip:alice@example.com>;tag=a1\r\nCall-ID: fuzz@client\r\nCSeq: ";
    m += std::to_string(branch % 4 + 1);
    m += ' ';
    m += method;
    m += "\r\nContent-Length: 0\r\n\r\n";
    return m;
}

// Reads the input a byte at a time; zero once it runs out.
struct reader {
    const std::uint8_t* data;
    std::size_t size;
    std::size_t at = 0;
    bool done() const { return at >= size; }
    std::uint8_t byte() { return at < size ? data[at++] : 0; }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // A real user type: the layer is looked up through a pointer set after construction.
    struct user_type {
        std::function<bool(sipkit::transaction_handle)> is_live;
        std::vector<std::pair<sipkit::transaction_handle, std::string>> pending;
        void check(sipkit::transaction_handle tx) {
            if (!is_live(tx)) {
                fuzz_support::fail("a callback named a transaction that is not live");
            }
        }
        void on_request(sipkit::transaction_handle tx, const sipkit::message_view& m, const int&) {
            check(tx);
            pending.emplace_back(tx, std::string(m.bytes()));
        }
        void on_response(sipkit::transaction_handle tx, const sipkit::message_view& m) {
            check(tx);
            fuzz_support::sink = fuzz_support::sink + static_cast<std::size_t>(m.status_code());
        }
        void on_timeout(sipkit::transaction_handle tx) { check(tx); }
        void on_transport_error(sipkit::transaction_handle tx) { check(tx); }
        void on_ack(const sipkit::message_view& m, const int&) {
            fuzz_support::sink = fuzz_support::sink + m.bytes().size();
        }
    };
    using layer = sipkit::transaction_layer<fuzz_transport, sipkit::timer_queue, user_type>;

    reader in{data, size};
    fuzz_network net;
    const bool reliable = (in.byte() & 1) != 0;
    fuzz_transport client_transport{&net, 1, reliable};
    fuzz_transport server_transport{&net, 2, reliable};
    sipkit::timer_queue client_timers;
    sipkit::timer_queue server_timers;
    user_type client_user;
    user_type server_user;
    layer client{client_transport, client_timers, client_user};
    layer server{server_transport, server_timers, server_user};
    client_user.is_live = [&](sipkit::transaction_handle tx) {
        return client.kind(tx).has_value();
    };
    server_user.is_live = [&](sipkit::transaction_handle tx) {
        return server.kind(tx).has_value();
    };

    sipkit::clock::time_point now{};
    const auto fire = [&] {
        client.on_timer(now);
        server.on_timer(now);
    };
    const auto deliver_one = [&](bool corrupt, std::uint8_t where, std::uint8_t what) {
        if (net.in_flight.empty()) {
            return;
        }
        datagram d = std::move(net.in_flight.front());
        net.in_flight.pop_front();
        if (corrupt && !d.bytes.empty()) {
            d.bytes[where % d.bytes.size()] = static_cast<char>(what);
        }
        (d.to == 1 ? client : server).on_message(d.bytes, d.to == 1 ? 2 : 1, now);
    };

    unsigned branches = 0;
    while (!in.done()) {
        switch (in.byte() % 7) {
            case 0: { // the client TU starts a transaction
                const auto method = methods[in.byte() % methods.size()];
                const std::uint8_t b = in.byte();
                const unsigned branch = (b & 0x80) != 0 ? b & 0x0f : ++branches;
                (void)client.send_request(make_request(method, branch, (b & 0x40) == 0), 2, now);
                break;
            }
            case 1:
                deliver_one(false, 0, 0);
                break;
            case 2:
                if (!net.in_flight.empty()) {
                    net.in_flight.pop_front(); // lost
                }
                break;
            case 3: {
                const std::uint8_t where = in.byte();
                const std::uint8_t what = in.byte();
                deliver_one(true, where, what);
                break;
            }
            case 4: // time passes
                now += std::chrono::milliseconds(250) * in.byte();
                fire();
                break;
            case 5: { // the server TU answers its oldest pending request
                if (server_user.pending.empty()) {
                    break;
                }
                auto [tx, bytes] = server_user.pending.front();
                const int status = statuses[in.byte() % statuses.size()];
                auto req = sipkit::parse_message(std::string_view(bytes));
                if (!req) {
                    fuzz_support::fail("a request passed to the TU does not parse again");
                }
                const auto refused = server.send_response(
                    tx, sipkit::response_to(*req, status, "Fuzz", "b1").str(), now);
                // Answered, gone, or refused a final response for a reason other than RFC
                // 4320's (a 408 to a non-INVITE): nothing more to answer.
                if (!server.kind(tx) || (status >= 200 && (!refused || status != 408))) {
                    server_user.pending.erase(server_user.pending.begin());
                }
                break;
            }
            case 6: { // raw bytes from the network, to either side
                const std::uint8_t n = in.byte();
                std::string raw;
                for (std::uint8_t i = 0; i < n && !in.done(); ++i) {
                    raw += static_cast<char>(in.byte());
                }
                ((n & 1) != 0 ? client : server).on_message(raw, (n & 1) != 0 ? 2 : 1, now);
                break;
            }
        }
    }

    // The end: the server TU answers everything, the network delivers everything, and time
    // runs out. Every server transaction must then have terminated (Figures 7 and 8 end every
    // state that follows a final response with a timer).
    const auto answer_all = [&] {
        for (auto& [tx, bytes] : server_user.pending) {
            if (auto req = sipkit::parse_message(std::string_view(bytes))) {
                (void)server.send_response(tx, sipkit::response_to(*req, 500, "End", "b1").str(),
                                           now);
            }
        }
        server_user.pending.clear();
    };
    for (int round = 0; round < 64; ++round) {
        while (!net.in_flight.empty()) {
            deliver_one(false, 0, 0);
        }
        answer_all();
        while (!net.in_flight.empty()) {
            deliver_one(false, 0, 0);
        }
        now += 5s;
        fire();
    }
    while (!net.in_flight.empty()) {
        deliver_one(false, 0, 0);
    }
    answer_all();
    now += 300s;
    fire();
    if (server.size() != 0) {
        fuzz_support::fail("a server transaction outlived every timer");
    }
    return 0;
}
