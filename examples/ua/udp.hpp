// UDP over POSIX sockets for the examples: an address type, a sipkit transport (the
// `sipkit::transport` concept) that can print a ladder line per message, and a bound socket.
#pragma once

#include <sipkit/transaction/timer_config.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string_view>
#include <system_error>

namespace example {

struct udp_address {
    sockaddr_in sin{};
};

/// Sends datagrams from one socket. With `trace` set, prints
/// "   0.012  UAC -> UAS  INVITE sip:bob@127.0.0.1 SIP/2.0" for each message it sends.
struct udp_transport {
    using address_type = udp_address;
    int fd = -1;
    const char* trace = nullptr; // "UAC -> UAS", or nullptr for silence
    sipkit::clock::time_point epoch = sipkit::clock::now();

    std::error_code send(const udp_address& to, std::string_view bytes) {
        if (trace != nullptr) {
            const auto line = bytes.substr(0, bytes.find("\r\n"));
            const std::chrono::duration<double> t = sipkit::clock::now() - epoch;
            std::printf("%8.3f  %s  %.*s\n", t.count(), trace, int(line.size()), line.data());
        }
        const ssize_t n = ::sendto(fd, bytes.data(), bytes.size(), 0,
                                   reinterpret_cast<const sockaddr*>(&to.sin), sizeof to.sin);
        if (n < 0) {
            return {errno, std::system_category()};
        }
        return {};
    }
    bool reliable(const udp_address&) const { return false; }
};

/// A UDP socket bound to 127.0.0.1:port (0: an ephemeral port, returned in `bound`); -1 on error.
inline int open_udp(std::uint16_t port, std::uint16_t& bound) {
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) {
        return -1;
    }
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(port);
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof sin;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&sin), sizeof sin) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&sin), &len) != 0) {
        ::close(fd);
        return -1;
    }
    bound = ntohs(sin.sin_port);
    return fd;
}

/// 127.0.0.1:port as an address.
inline udp_address loopback(std::uint16_t port) {
    udp_address a;
    a.sin.sin_family = AF_INET;
    a.sin.sin_port = htons(port);
    a.sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

/// Reads one datagram if there is one; returns its size (0: none) and its source.
inline std::size_t receive(int fd, char* buffer, std::size_t size, udp_address& from) {
    socklen_t len = sizeof from.sin;
    const ssize_t n =
        ::recvfrom(fd, buffer, size, MSG_DONTWAIT, reinterpret_cast<sockaddr*>(&from.sin), &len);
    return n > 0 ? static_cast<std::size_t>(n) : 0;
}

} // namespace example
