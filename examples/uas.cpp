// uas: a user agent server that answers every call, over UDP on 127.0.0.1, built on sipkit's
// transaction layer (RFC 3261 §17) with a poll() loop.
//
//   uas [--port N] [--max-calls N]
//
// --port 0 (the default) binds an ephemeral port; the first line printed is
// "listening on 127.0.0.1:PORT". What it answers: examples/ua/answering_machine.hpp. With
// --max-calls N it exits 0 after N calls have ended with a BYE. Try it with SIPp:
//   uas --port 5070 & sipp -sn uac 127.0.0.1:5070 -m 10
#include <sipkit/sipkit.hpp>

#include "ua/answering_machine.hpp"
#include "ua/udp.hpp"
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

int main(int argc, char** argv) {
    unsigned long port = 0;
    long max_calls = -1;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--port" && i + 1 < argc) {
            port = std::strtoul(argv[++i], nullptr, 10);
        } else if (arg == "--max-calls" && i + 1 < argc) {
            max_calls = std::strtol(argv[++i], nullptr, 10);
        } else {
            std::fprintf(stderr, "usage: uas [--port N] [--max-calls N]\n");
            return 2;
        }
    }
    std::uint16_t bound = 0;
    example::udp_transport transport;
    transport.fd = example::open_udp(static_cast<std::uint16_t>(port), bound);
    if (transport.fd < 0) {
        std::perror("uas: bind 127.0.0.1");
        return 1;
    }
    std::printf("listening on 127.0.0.1:%u\n", unsigned(bound));
    std::fflush(stdout);

    // The sipkit part: a transaction layer whose TU is the answering machine.
    sipkit::timer_queue timers;
    example::answering_machine tu;
    tu.contact = "<sip:uas@127.0.0.1:" + std::to_string(bound) + ">";
    example::uas_layer layer(transport, timers, tu);
    tu.layer = &layer;

    char buffer[65536];
    while (max_calls < 0 || tu.calls_ended < max_calls) {
        // Sleep until a datagram arrives or the next timer (the layer's or a 2xx's) is due.
        const auto now = sipkit::clock::now();
        std::optional<sipkit::clock::time_point> next = layer.next_deadline();
        if (const auto r = tu.retransmit_2xx(now); r && (!next || *r < *next)) {
            next = r;
        }
        int timeout_ms = -1;
        if (next) {
            const auto wait = std::chrono::ceil<std::chrono::milliseconds>(*next - now);
            timeout_ms = static_cast<int>(std::max<long long>(0, wait.count()));
        }
        pollfd p{transport.fd, POLLIN, 0};
        if (::poll(&p, 1, timeout_ms) < 0 && errno != EINTR) {
            std::perror("uas: poll");
            return 1;
        }
        example::udp_address from;
        while (const std::size_t n = example::receive(transport.fd, buffer, sizeof buffer, from)) {
            layer.on_message(std::string_view(buffer, n), from, sipkit::clock::now());
        }
        layer.on_timer(sipkit::clock::now());
    }
    std::printf("%d calls ended\n", tu.calls_ended);
    ::close(transport.fd);
    return 0;
}
