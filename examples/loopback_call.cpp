// loopback_call: one SIP call over UDP on 127.0.0.1, caller and callee in one process, each with
// its own socket and its own sipkit transaction layer. It prints the ladder of messages:
//
//   INVITE ->, <- 100 Trying, <- 200 OK, ACK ->, BYE ->, <- 200 OK
//
// and exits 0 when the BYE has been answered (1 on failure, after at most 40 s).
//   loopback_call [--lose-first-invite]
// --lose-first-invite drops the first INVITE the callee receives, to show the retransmission
// (RFC 3261 §17.1.1.2: Timer A, T1 = 500 ms).
#include <sipkit/sipkit.hpp>

#include "ua/answering_machine.hpp"
#include "ua/udp.hpp"
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace {

// The caller's TU: sends the INVITE, ACKs the 2xx (§13.2.2.4), then hangs up with a BYE.
struct caller;
using uac_layer = sipkit::transaction_layer<example::udp_transport, sipkit::timer_queue, caller>;

struct caller {
    uac_layer* layer = nullptr;
    example::udp_transport* transport = nullptr;
    example::udp_address callee;
    std::string local; // "127.0.0.1:PORT"
    std::string remote;
    std::string to_tag;
    std::string remote_target; // the 2xx's Contact URI: where in-dialog requests go (§12.1.2)
    bool acked = false;
    bool done = false;
    bool failed = false;
    std::optional<sipkit::clock::time_point> hang_up_at;

    std::string request(std::string_view method, int cseq, std::string_view branch,
                        std::string_view uri) const {
        auto b = sipkit::message_builder::request(method, uri);
        b.add("Via", "SIP/2.0/UDP " + local + ";branch=" + std::string(branch) + ";rport");
        b.add("Max-Forwards", "70");
        b.add("From", "<sip:alice@" + local + ">;tag=caller-tag");
        b.add("To", "<sip:bob@" + remote + ">" + (to_tag.empty() ? "" : ";tag=" + to_tag));
        b.add("Call-ID", "loopback-call-1@127.0.0.1");
        b.add("CSeq", std::to_string(cseq) + " " + std::string(method));
        if (method == "INVITE") {
            b.add("Contact", "<sip:alice@" + local + ">");
            b.body("application/sdp", "v=0\r\no=alice 1 1 IN IP4 127.0.0.1\r\ns=-\r\n"
                                      "c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6002 RTP/AVP 0\r\n");
        }
        return b.str();
    }

    void call(sipkit::clock::time_point now) {
        auto tx = layer->send_request(request("INVITE", 1, "z9hG4bK-invite-1", "sip:bob@" + remote),
                                      callee, now);
        failed = !tx;
    }

    void on_response(sipkit::transaction_handle, const sipkit::message_view& response) {
        const auto cseq = response.get<sipkit::cseq>();
        if (!cseq) {
            return;
        }
        if (cseq->method == "INVITE" && response.status_code() >= 200 &&
            response.status_code() < 300) {
            // §13.2.2.4: the UAC core ACKs every 2xx itself (a new transaction-less request).
            if (const auto t = response.get<sipkit::to>(); t && t->tag()) {
                to_tag = std::string(*t->tag());
            }
            if (const auto c = response.get<sipkit::contact>()) {
                remote_target.clear();
                sipkit::serialize_to(remote_target, c->uri);
            }
            const std::string ack =
                request("ACK", 1, "z9hG4bK-ack-1",
                        remote_target.empty() ? "sip:bob@" + remote : remote_target);
            (void)transport->send(callee, ack);
            if (!acked) {
                acked = true;
                hang_up_at = sipkit::clock::now() + std::chrono::milliseconds(200);
            }
        } else if (cseq->method == "INVITE" && response.status_code() >= 300) {
            failed = true;
        } else if (cseq->method == "BYE" && response.status_code() >= 200) {
            done = true;
            failed = response.status_code() >= 300;
        }
    }

    void hang_up(sipkit::clock::time_point now) {
        hang_up_at.reset();
        auto tx = layer->send_request(
            request("BYE", 2, "z9hG4bK-bye-1",
                    remote_target.empty() ? "sip:bob@" + remote : remote_target),
            callee, now);
        failed = failed || !tx;
    }

    void on_request(sipkit::transaction_handle, const sipkit::message_view&,
                    const example::udp_address&) {}
    void on_timeout(sipkit::transaction_handle) {
        std::printf("timeout: no answer\n");
        failed = done = true;
    }
    void on_transport_error(sipkit::transaction_handle) {
        std::printf("transport error\n");
        failed = done = true;
    }
    void on_ack(const sipkit::message_view&, const example::udp_address&) {}
};

} // namespace

int main(int argc, char** argv) {
    const bool lose_first_invite = argc > 1 && std::string_view(argv[1]) == "--lose-first-invite";
    std::uint16_t uac_port = 0;
    std::uint16_t uas_port = 0;
    example::udp_transport uac_transport;
    example::udp_transport uas_transport;
    uac_transport.fd = example::open_udp(0, uac_port);
    uas_transport.fd = example::open_udp(0, uas_port);
    if (uac_transport.fd < 0 || uas_transport.fd < 0) {
        std::perror("loopback_call: bind 127.0.0.1");
        return 1;
    }
    uac_transport.trace = "alice -> bob  ";
    uas_transport.trace = "alice <- bob  ";
    uas_transport.epoch = uac_transport.epoch;
    std::printf("alice at 127.0.0.1:%u calls bob at 127.0.0.1:%u\n", unsigned(uac_port),
                unsigned(uas_port));

    // The callee: a transaction layer whose TU answers every call.
    sipkit::timer_queue uas_timers;
    example::answering_machine bob;
    bob.contact = "<sip:bob@127.0.0.1:" + std::to_string(uas_port) + ">";
    example::uas_layer uas(uas_transport, uas_timers, bob);
    bob.layer = &uas;

    // The caller: a transaction layer whose TU places one call.
    sipkit::timer_queue uac_timers;
    caller alice;
    alice.transport = &uac_transport;
    alice.callee = example::loopback(uas_port);
    alice.local = "127.0.0.1:" + std::to_string(uac_port);
    alice.remote = "127.0.0.1:" + std::to_string(uas_port);
    uac_layer uac(uac_transport, uac_timers, alice);
    alice.layer = &uac;

    const auto start = sipkit::clock::now();
    alice.call(start);
    bool invite_lost = false;
    char buffer[65536];
    while (!alice.done && !alice.failed &&
           sipkit::clock::now() - start < std::chrono::seconds(40)) {
        const auto now = sipkit::clock::now();
        std::optional<sipkit::clock::time_point> next;
        for (const auto d : {uac.next_deadline(), uas.next_deadline(), bob.retransmit_2xx(now),
                             alice.hang_up_at}) {
            if (d && (!next || *d < *next)) {
                next = d;
            }
        }
        int timeout_ms = 1000;
        if (next) {
            const auto wait = std::chrono::ceil<std::chrono::milliseconds>(*next - now);
            timeout_ms = static_cast<int>(std::clamp<long long>(wait.count(), 0, 1000));
        }
        std::array<pollfd, 2> fds{pollfd{uac_transport.fd, POLLIN, 0},
                                  pollfd{uas_transport.fd, POLLIN, 0}};
        if (::poll(fds.data(), fds.size(), timeout_ms) < 0 && errno != EINTR) {
            std::perror("loopback_call: poll");
            return 1;
        }
        example::udp_address from;
        while (const std::size_t n =
                   example::receive(uas_transport.fd, buffer, sizeof buffer, from)) {
            const std::string_view datagram(buffer, n);
            if (lose_first_invite && !invite_lost && datagram.starts_with("INVITE")) {
                invite_lost = true;
                std::printf("          (the network loses that INVITE)\n");
                continue;
            }
            uas.on_message(datagram, from, sipkit::clock::now());
        }
        while (const std::size_t n =
                   example::receive(uac_transport.fd, buffer, sizeof buffer, from)) {
            uac.on_message(std::string_view(buffer, n), from, sipkit::clock::now());
        }
        const auto after = sipkit::clock::now();
        if (alice.hang_up_at && after >= *alice.hang_up_at) {
            alice.hang_up(after);
        }
        uac.on_timer(after);
        uas.on_timer(after);
    }
    const bool ok = alice.done && !alice.failed && bob.calls_ended == 1;
    std::printf("%s\n",
                ok ? "call complete: INVITE answered, ACKed and ended with BYE" : "call failed");
    ::close(uac_transport.fd);
    ::close(uas_transport.fd);
    return ok ? 0 : 1;
}
