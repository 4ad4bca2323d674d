// A program using sipkit the way a user would. tests/consumers/run.sh builds it four ways
// (find_package, add_subdirectory/FetchContent, meson + pkg-config/subproject, bare single header).
#include <sipkit/sipkit.hpp>

#include <cstdio>
#include <string_view>

int main() {
    constexpr std::string_view datagram = "OPTIONS sip:carol@chicago.example.com SIP/2.0\r\n"
                                          "Call-ID: consumer-1@example.com\r\n"
                                          "l: 0\r\n"
                                          "\r\n";
    const auto parsed = sipkit::parse_message(datagram);
    if (!parsed || parsed->method() != "OPTIONS" || !parsed->find(sipkit::header_id::call_id)) {
        std::printf("sipkit %s: parse_message failed\n", SIPKIT_VERSION_STRING);
        return 1;
    }
    std::printf("sipkit %s parsed %.*s\n", SIPKIT_VERSION_STRING, int(parsed->method().size()),
                parsed->method().data());
    return 0;
}
