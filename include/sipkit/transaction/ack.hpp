// The ACK a client INVITE transaction sends for a non-2xx final response (RFC 3261 §17.1.1.3).
#pragma once

#include <sipkit/message/cseq.hpp>
#include <sipkit/message/header_field.hpp>
#include <sipkit/message/message_builder.hpp>
#include <sipkit/message/message_view.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace sipkit {

/// RFC 3261 §17.1.1.3: the ACK for `response` (300–699) to `invite`, as wire bytes:
/// - Request-URI, Call-ID and From as in the INVITE; To as in the response (with its tag);
/// - one Via: the INVITE's top Via (so the same branch);
/// - CSeq: the INVITE's sequence number, method ACK;
/// - the INVITE's Route header fields, in order;
/// - Max-Forwards 70 (§8.1.1.6) and Content-Length 0: no body (§17.1.1.3 advises against one).
/// Folded values are written on one line. The caller passes a request and a response it has
/// parsed and matched (§17.1.3); a header missing from either is left out, not invented.
inline std::string build_ack(const message_view& invite, const message_view& response) {
    auto b = message_builder::request("ACK", invite.request_uri());
    if (const auto top = invite.find(header_id::via)) {
        // The first element of the first Via field is the top Via (§7.3.1 comma lists).
        b.add(header_id::via, detail::unfolded(first_comma_value(top->value)));
    }
    // §8.1.1.6: every request carries Max-Forwards.
    b.add(header_id::max_forwards, "70");
    const auto copy = [&b](const message_view& from_message, header_id id) {
        for (const header_field f : from_message.all(id)) {
            b.add(id, detail::unfolded(f.value));
        }
    };
    copy(response, header_id::to);
    copy(invite, header_id::from);
    copy(invite, header_id::call_id);
    if (const auto c = invite.get<cseq>()) {
        b.add(header_id::cseq, std::to_string(c->number) + " ACK");
    }
    copy(invite, header_id::route);
    b.body(std::string_view{});
    return b.str();
}

} // namespace sipkit
