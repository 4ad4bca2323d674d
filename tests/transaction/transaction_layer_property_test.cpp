// A client layer and a server layer joined by a lossy in-memory transport that drops,
// duplicates and reorders datagrams as rapidcheck decides: every transaction still completes or
// times out as RFC 3261 §17 requires, and each side's TU hears of it exactly once.
#include <sipkit/message/message_builder.hpp>
#include <sipkit/transaction/transaction_layer.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck.h>
#include <rapidcheck/catch.h>

#include <deque>
#include <map>
#include <string>
#include <vector>

namespace {

using namespace std::chrono_literals;
using sipkit::transaction_handle;

enum class fate : int { deliver, drop, duplicate, delay };

struct datagram {
    int from = 0;
    int to = 0;
    std::string bytes;
};

// The lossy network: each datagram sent takes the next fate of a generated sequence (cycled).
struct lossy_network {
    std::vector<fate> fates;
    std::size_t next = 0;
    std::deque<datagram> in_flight;
    std::deque<datagram> delayed;

    void put(datagram d) {
        const fate f = fates.empty() ? fate::deliver : fates[next++ % fates.size()];
        switch (f) {
            case fate::deliver:
                in_flight.push_back(std::move(d));
                break;
            case fate::drop:
                break;
            case fate::duplicate:
                in_flight.push_back(d);
                in_flight.push_back(std::move(d));
                break;
            case fate::delay: // overtaken by whatever is sent next: reordered
                delayed.push_back(std::move(d));
                break;
        }
    }
};

struct lossy_transport {
    using address_type = int;
    lossy_network* net = nullptr;
    int self = 0;
    std::error_code send(const int& to, std::string_view bytes) {
        net->put({self, to, std::string(bytes)});
        return {};
    }
    bool reliable(const int&) const { return false; }
};

struct counting_user {
    std::map<int, int> finals; // status -> how many times the TU heard it
    int provisionals = 0;
    int timeouts = 0;
    int errors = 0;
    int requests = 0;
    int acks = 0;
    std::function<void(transaction_handle, const sipkit::message_view&)> answer;

    void on_request(transaction_handle tx, const sipkit::message_view& m, const int&) {
        ++requests;
        if (answer) {
            answer(tx, m);
        }
    }
    void on_response(transaction_handle, const sipkit::message_view& m) {
        if (m.status_code() < 200) {
            ++provisionals;
        } else {
            ++finals[m.status_code()];
        }
    }
    void on_timeout(transaction_handle) { ++timeouts; }
    void on_transport_error(transaction_handle) { ++errors; }
    void on_ack(const sipkit::message_view&, const int&) { ++acks; }
};

using layer = sipkit::transaction_layer<lossy_transport, sipkit::timer_queue, counting_user>;

std::string make_request(std::string_view method) {
    return std::string(method) +
           " sip:bob@example.com SIP/2.0\r\n"
           "Via: SIP/2.0/UDP client.example.com:5060;branch=z9hG4bK-lossy\r\n"
           "Max-Forwards: 70\r\nTo: <sip:bob@example.com>\r\n"
           "From: <sip:alice@example.com>;tag=a1\r\nCall-ID: lossy@client\r\nCSeq: 1 " +
           std::string(method) + "\r\nContent-Length: 0\r\n\r\n";
}

} // namespace

TEST_CASE("§17 over a lossy transport every transaction completes or times out, and each TU "
          "hears of its outcome exactly once") {
    rc::prop("lossy pair", [] {
        const bool invite = *rc::gen::arbitrary<bool>();
        const int status = *rc::gen::element(200, 404, 486, 503, 603);
        const bool provisional_first = *rc::gen::arbitrary<bool>();
        const auto fates = *rc::gen::container<std::vector<fate>>(rc::gen::weightedElement<fate>(
            {{6, fate::deliver}, {2, fate::drop}, {1, fate::duplicate}, {1, fate::delay}}));
        // The TU answers after 0 to 19.5 s.
        const auto answer_after = std::chrono::milliseconds(*rc::gen::inRange(0, 40) * 1000 / 2);

        lossy_network net;
        net.fates = fates;
        lossy_transport client_transport{&net, 1};
        lossy_transport server_transport{&net, 2};
        sipkit::timer_queue client_timers;
        sipkit::timer_queue server_timers;
        counting_user client_user;
        counting_user server_user;
        layer client{client_transport, client_timers, client_user};
        layer server{server_transport, server_timers, server_user};

        sipkit::clock::time_point now{};
        std::optional<std::pair<transaction_handle, std::string>> pending; // (tx, request)
        std::optional<sipkit::clock::time_point> answer_at;
        server_user.answer = [&](transaction_handle tx, const sipkit::message_view& m) {
            pending.emplace(tx, std::string(m.bytes()));
            answer_at = now + answer_after;
            if (provisional_first && invite) {
                auto ringing = sipkit::response_to(m, 180, "Ringing", "b1").str();
                (void)server.send_response(tx, std::move(ringing), now);
            }
        };

        const std::string method = invite ? "INVITE" : "OPTIONS";
        RC_ASSERT(client.send_request(make_request(method), 2, now).has_value());

        const auto deliver = [&] {
            for (int guard = 0; guard < 10000 && !net.in_flight.empty(); ++guard) {
                datagram d = std::move(net.in_flight.front());
                net.in_flight.pop_front();
                (d.to == 1 ? client : server).on_message(d.bytes, d.from, now);
            }
            // Delayed datagrams arrive after the others: reordered, never lost.
            while (!net.delayed.empty()) {
                datagram d = std::move(net.delayed.front());
                net.delayed.pop_front();
                (d.to == 1 ? client : server).on_message(d.bytes, d.from, now);
            }
        };
        deliver();
        const auto limit = sipkit::clock::time_point{} + 200s;
        while (now < limit) {
            std::optional<sipkit::clock::time_point> next;
            for (auto d : {client.next_deadline(), server.next_deadline(), answer_at}) {
                if (d && (!next || *d < *next)) {
                    next = d;
                }
            }
            if (!next) {
                break;
            }
            now = std::max(now, *next);
            if (answer_at && *answer_at <= now) {
                answer_at.reset();
                auto req = sipkit::parse_message(pending->second);
                RC_ASSERT(req.has_value());
                (void)server.send_response(
                    pending->first, sipkit::response_to(*req, status, "Final", "b1").str(), now);
            }
            client.on_timer(now);
            server.on_timer(now);
            deliver();
        }

        // Everything has terminated, well before the limit (64*T1 plus Timer D / J / L / M),
        // except an INVITE client transaction that got a provisional response and then no final
        // one: Figure 5's Proceeding state has no timer (the TU cancels, or a proxy's Timer C
        // fires, §16.6), so it is still there, and its TU has heard the provisional.
        int final_seen = 0;
        for (const auto& entry : client_user.finals) {
            final_seen += entry.second;
        }
        const bool stuck_in_proceeding = invite && client_user.provisionals > 0 && final_seen == 0;
        RC_ASSERT(client.size() == (stuck_in_proceeding ? 1u : 0u));
        RC_ASSERT(server.size() == 0u);
        RC_ASSERT(now <= sipkit::clock::time_point{} + 150s);
        // The server TU saw the request at most once, however often it arrived.
        RC_ASSERT(server_user.requests <= 1);
        // The client TU heard exactly one outcome: the final response, or the timeout.
        int final_count = 0;
        for (const auto& [code, n] : client_user.finals) {
            RC_ASSERT(code == status);
            final_count += n;
        }
        RC_ASSERT(client_user.errors == 0);
        if (stuck_in_proceeding) {
            RC_ASSERT(client_user.timeouts == 0);
            RC_TAG("proceeding, no final response");
            return;
        }
        if (client_user.timeouts > 0) {
            RC_ASSERT(client_user.timeouts == 1);
            RC_ASSERT(final_count == 0);
        } else if (invite && status < 300) {
            // RFC 6026 §8.4: every 2xx copy that arrives reaches the TU (it ACKs each).
            RC_ASSERT(final_count >= 1);
        } else {
            RC_ASSERT(final_count == 1);
        }
        // Without loss the transaction must complete.
        bool lossless = true;
        for (const fate f : fates) {
            lossless = lossless && f == fate::deliver;
        }
        if (lossless && answer_after < 32s) {
            RC_ASSERT(final_count >= 1);
        }
        RC_TAG(client_user.timeouts > 0 ? "timed out" : "completed");
    });
}
