// The answering machine: a transaction user (TU) that answers every call, for examples/uas and
// examples/loopback_call. INVITE gets 200 OK with an SDP answer, retransmitted until the ACK
// comes (RFC 3261 §13.3.1.4); BYE gets 200 OK; CANCEL ends a call not yet answered (487) or gets
// 481; a request a UAS must refuse is answered as validate_request says (§8.2).
#pragma once

#include <sipkit/sipkit.hpp>

#include "udp.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace example {

struct answering_machine;
using uas_layer = sipkit::transaction_layer<udp_transport, sipkit::timer_queue, answering_machine>;

struct answering_machine {
    uas_layer* layer = nullptr;
    std::string contact;
    int calls_ended = 0;

    // RFC 3261 §13.3.1.4: the UAS core retransmits its 2xx until the ACK arrives, at T1 doubling
    // up to T2, for at most 64*T1.
    struct pending_2xx {
        sipkit::transaction_handle tx;
        std::string bytes;
        sipkit::clock::time_point next;
        std::chrono::milliseconds interval{500};
        sipkit::clock::time_point give_up;
    };
    std::map<std::string, pending_2xx, std::less<>> unacknowledged; // by Call-ID
    std::map<std::string, bool, std::less<>> calls;                 // Call-IDs of live calls

    static std::string call_id_of(const sipkit::message_view& m) {
        const auto id = m.get<sipkit::call_id>();
        return id ? std::string(id->value) : std::string();
    }

    void answer(sipkit::transaction_handle tx, const sipkit::message_view& request, int status,
                std::string_view reason, std::string_view body = {}) {
        auto response = sipkit::response_to(request, status, reason, "uas-tag");
        if (status >= 200 && status < 300 && request.method() == "INVITE") {
            response.add("Contact", contact);
        }
        if (!body.empty()) {
            response.body("application/sdp", body);
        }
        std::string bytes = response.str();
        if (status >= 200 && status < 300 && request.method() == "INVITE") {
            const auto now = sipkit::clock::now();
            unacknowledged[call_id_of(request)] =
                pending_2xx{tx, bytes, now + std::chrono::milliseconds(500),
                            std::chrono::milliseconds(500), now + std::chrono::seconds(32)};
        }
        if (const auto e = layer->send_response(tx, std::move(bytes), sipkit::clock::now())) {
            std::fprintf(stderr, "uas: response refused: %s\n", e.message().c_str());
        }
    }

    void on_request(sipkit::transaction_handle tx, const sipkit::message_view& request,
                    const udp_address&) {
        // RFC 3261 §8.2: judge the request as a UAS first.
        const auto verdict = sipkit::validate_request(request);
        if (!verdict.acceptable()) {
            if (auto response = sipkit::make_error_response(request, verdict, {}, "uas-tag")) {
                (void)layer->send_response(tx, response->str(), sipkit::clock::now());
            }
            return;
        }
        const std::string_view method = request.method();
        if (method == "INVITE") {
            if (layer->is_merged_request(request)) {
                answer(tx, request, 482, "Loop Detected"); // §8.2.2.2
                return;
            }
            calls[call_id_of(request)] = true;
            answer(tx, request, 200, "OK",
                   "v=0\r\no=uas 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
                   "t=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n");
        } else if (method == "BYE") {
            const auto call = calls.find(call_id_of(request));
            if (call == calls.end()) {
                answer(tx, request, 481, "Call/Transaction Does Not Exist");
                return;
            }
            calls.erase(call);
            unacknowledged.erase(call_id_of(request));
            answer(tx, request, 200, "OK");
            ++calls_ended;
        } else {
            answer(tx, request, 200, "OK"); // OPTIONS and the other methods the policy allows
        }
    }

    void on_cancel(sipkit::transaction_handle cancel, sipkit::transaction_handle invite,
                   const sipkit::message_view& request, const udp_address&) {
        // RFC 3261 §9.2: a CANCEL for an INVITE still in progress gets 200 and the INVITE 487;
        // here every INVITE is answered at once, so usually there is nothing left to cancel.
        if (!invite.valid()) {
            answer(cancel, request, 481, "Call/Transaction Does Not Exist");
            return;
        }
        answer(cancel, request, 200, "OK");
        if (auto invite_request = layer->request(invite)) {
            answer(invite, *invite_request, 487, "Request Terminated");
        }
    }

    void on_ack(const sipkit::message_view& ack, const udp_address&) {
        unacknowledged.erase(call_id_of(ack)); // §13.3.1.4: the ACK stops the 2xx retransmissions
    }
    void on_response(sipkit::transaction_handle, const sipkit::message_view&) {}
    void on_timeout(sipkit::transaction_handle) {}
    void on_transport_error(sipkit::transaction_handle) {
        std::fprintf(stderr, "uas: transport error\n");
    }
    void on_dropped(const sipkit::drop_info& info) {
        std::fprintf(stderr, "uas: dropped: %s%s\n", info.error.name(),
                     info.answered_400 ? " (answered 400)" : "");
    }

    // Retransmits the 2xx that are due; returns the earliest next one.
    std::optional<sipkit::clock::time_point> retransmit_2xx(sipkit::clock::time_point now) {
        std::optional<sipkit::clock::time_point> next;
        for (auto it = unacknowledged.begin(); it != unacknowledged.end();) {
            pending_2xx& p = it->second;
            if (now >= p.give_up) {
                it = unacknowledged.erase(it); // §13.3.1.4: no ACK after 64*T1: give up
                continue;
            }
            if (now >= p.next) {
                (void)layer->send_response(p.tx, p.bytes, now);
                p.interval = std::min(2 * p.interval, std::chrono::milliseconds(4000));
                p.next = now + p.interval;
            }
            next = next ? std::min(*next, p.next) : p.next;
            ++it;
        }
        return next;
    }
};

} // namespace example
