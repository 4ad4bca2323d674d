// sip-inspect: parse one SIP message (as a datagram) and print it as JSON.
//
//   sip-inspect [--repeat N] [--validate [--role uas|proxy|registrar]] FILE|-
//
// Each header field is printed with its name, its raw value and, for the headers sipkit types,
// "typed": its parsed fields. --validate adds "validation": {"status": <code, null when the
// message is acceptable, or "discard">, "reason": "<text>"} for the element of --role (default
// uas; a response is judged as a UAC receiving it).
//
// Exit status: 0 parsed (whatever the validation says), 1 parse error (printed as JSON), 2 bad
// usage or unreadable input.
#include <sipkit/sipkit.hpp>

#include "inspect/json.hpp"
#include "inspect/typed.hpp"

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
    std::cerr << "usage: sip-inspect [--repeat N] [--validate [--role uas|proxy|registrar]] "
                 "FILE|-\n";
    return 2;
}

} // namespace

std::string validation_json(const sipkit::validation_result& v) {
    std::string out = "{\"status\":";
    switch (v.verdict) {
        case sipkit::verdict::accept:
            out += "null";
            break;
        case sipkit::verdict::respond:
            out += std::to_string(v.status);
            break;
        case sipkit::verdict::discard:
            out += "\"discard\"";
            break;
    }
    out += ",\"reason\":" + json(v.verdict == sipkit::verdict::respond ? v.reason : v.detail);
    if (v.verdict != sipkit::verdict::accept)
        out += ",\"detail\":" + json(v.detail);
    return out + "}";
}

int main(int argc, char** argv) {
    long repeat = 1;
    bool validate = false;
    sipkit::element_role role = sipkit::element_role::uas;
    const char* path = nullptr;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--repeat" && i + 1 < argc) {
            char* end = nullptr;
            repeat = std::strtol(argv[++i], &end, 10);
            if (*end != '\0' || repeat < 1)
                return usage();
        } else if (arg == "--validate") {
            validate = true;
        } else if (arg == "--role" && i + 1 < argc) {
            const std::string_view r = argv[++i];
            if (r == "uas")
                role = sipkit::element_role::uas;
            else if (r == "proxy")
                role = sipkit::element_role::proxy;
            else if (r == "registrar")
                role = sipkit::element_role::registrar;
            else
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
                  << ",\"message\":" << json(e.message());
        if (validate)
            std::cout << ",\"validation\":"
                      << validation_json(sipkit::verdict_for_parse_error(bytes, e));
        std::cout << "}\n";
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
        out += "{\"name\":" + json(h.canonical_name()) + ",\"value\":" + json(h.value);
        if (const std::string typed = inspect::typed_json(h); !typed.empty())
            out += ",\"typed\":" + typed;
        out += "}";
        first = false;
    }
    out += "],\"body_length\":" + std::to_string(m.body().size());
    if (validate) {
        const auto policy = sipkit::validation_policy::for_role(role);
        out += ",\"validation\":" + validation_json(m.is_request()
                                                        ? sipkit::validate_request(m, policy)
                                                        : sipkit::validate_response(m, policy));
    }
    out += "}\n";
    std::cout << out;
    return 0;
}
