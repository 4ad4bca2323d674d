// sip-inspect: parse one SIP message (as a datagram) and print it as JSON.
//
//   sip-inspect [--repeat N] FILE|-
//
// Exit status: 0 parsed, 1 parse error (printed as JSON), 2 bad usage or unreadable input.
#include <sipkit/sipkit.hpp>

#include "inspect/json.hpp"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>

namespace {

using inspect::json;

// ---- input: plain C++, nothing sipkit-specific ----

bool read_all(const char* path, std::string& out) {
    std::FILE* f = std::string_view(path) == "-" ? stdin : std::fopen(path, "rb");
    if (f == nullptr)
        return false;
    char chunk[65536];
    std::size_t n = 0;
    while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0)
        out.append(chunk, n);
    const bool ok = std::ferror(f) == 0;
    if (f != stdin)
        std::fclose(f);
    return ok;
}

int usage() {
    std::cerr << "usage: sip-inspect [--repeat N] FILE|-\n";
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    long repeat = 1;
    const char* path = nullptr;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--repeat" && i + 1 < argc) {
            char* end = nullptr;
            repeat = std::strtol(argv[++i], &end, 10);
            if (*end != '\0' || repeat < 1)
                return usage();
        } else if ((arg.size() > 1 && arg[0] == '-') || path != nullptr) {
            return usage();
        } else {
            path = argv[i];
        }
    }
    if (path == nullptr)
        return usage();
    std::string bytes;
    if (!read_all(path, bytes)) {
        std::cerr << "sip-inspect: cannot read " << path << "\n";
        return 2;
    }

    // ---- sipkit: parse (repeatedly, for profiling) and print ----
    auto parsed = sipkit::parse_message(bytes);
    for (long i = 1; i < repeat; ++i)
        parsed = sipkit::parse_message(bytes);
    if (!parsed) {
        const sipkit::error& e = parsed.error();
        std::cout << "{\"error\":" << json(e.name()) << ",\"offset\":" << e.offset
                  << ",\"message\":" << json(e.message()) << "}\n";
        return 1;
    }
    const sipkit::message_view& m = *parsed;
    std::string out = "{";
    if (m.is_request()) {
        out += "\"kind\":\"request\",\"method\":" + json(m.method()) +
               ",\"request_uri\":" + json(m.request_uri());
    } else {
        out += "\"kind\":\"response\",\"status\":" + std::to_string(m.status_code()) +
               ",\"reason\":" + json(m.reason_phrase());
    }
    out += ",\"version\":" + json(m.version()) + ",\"headers\":[";
    bool first = true;
    for (const sipkit::header_field h : m.headers()) {
        out += first ? "" : ",";
        out += "{\"name\":" + json(h.canonical_name()) + ",\"value\":" + json(h.value) + "}";
        first = false;
    }
    out += "],\"body_length\":" + std::to_string(m.body().size()) + "}\n";
    std::cout << out;
    return 0;
}
