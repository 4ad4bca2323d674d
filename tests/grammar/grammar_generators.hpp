// rapidcheck generators for the RFC 3261 §25.1 ABNF rules the scanners implement: tokens,
// UTF-8 text, quoted strings and hosts. Shared by the grammar, message and transport
// property tests.
#pragma once

#include <rapidcheck.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sipkit_test {

/// A heap copy of exactly `s.size()` octets and nothing after them, so that AddressSanitizer
/// reports any read one past the end (a std::string would hide it behind its NUL).
class exact_buffer {
public:
    explicit exact_buffer(std::string_view s) : size_(s.size()), data_(new char[s.size()]) {
        if (size_ != 0)
            std::memcpy(data_.get(), s.data(), size_);
    }
    std::string_view view() const noexcept { return {data_.get(), size_}; }

private:
    std::size_t size_;
    std::unique_ptr<char[]> data_;
};

/// True when `inner` points into `outer` (an empty view may sit at its end).
inline bool view_within(std::string_view outer, std::string_view inner) noexcept {
    const auto lo = reinterpret_cast<std::uintptr_t>(outer.data());
    const auto hi = lo + outer.size();
    const auto p = reinterpret_cast<std::uintptr_t>(inner.data());
    return p >= lo && p <= hi && inner.size() <= hi - p;
}

inline constexpr std::string_view alpha_chars =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
inline constexpr std::string_view digit_chars = "0123456789";
inline constexpr std::string_view hex_chars = "0123456789abcdefABCDEF";
inline constexpr std::string_view alphanum_chars =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
// RFC 3261 §25.1: token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
inline constexpr std::string_view token_chars =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~";
inline constexpr std::string_view token_punctuation = "-.!%*_+`'~";

/// Any octet, NUL and CR/LF included.
inline rc::Gen<char> gen_byte() {
    return rc::gen::map(rc::gen::inRange(0, 256), [](int b) { return static_cast<char>(b); });
}

/// Octet strings of any content, mostly short.
inline rc::Gen<std::string> gen_bytes(std::size_t max) {
    return rc::gen::exec([max] {
        const auto n = *rc::gen::inRange<std::size_t>(0, max + 1);
        return *rc::gen::container<std::string>(n, gen_byte());
    });
}

/// A string of min..max characters of `alphabet`.
inline rc::Gen<std::string> gen_string_of(std::string_view alphabet, std::size_t min,
                                          std::size_t max) {
    const std::string chars(alphabet);
    return rc::gen::exec([chars, min, max] {
        const auto n = *rc::gen::inRange<std::size_t>(min, max + 1);
        return *rc::gen::container<std::string>(n, rc::gen::elementOf(chars));
    });
}

/// RFC 3261 §25.1 token, leaning on the unusual token characters now and then.
inline rc::Gen<std::string> gen_token(std::size_t min = 1, std::size_t max = 12) {
    return rc::gen::weightedOneOf<std::string>({
        {3, gen_string_of(alphanum_chars, min, max)},
        {1, gen_string_of(token_chars, min, max)},
        {1, gen_string_of(token_punctuation, min, max)},
    });
}

/// One UTF-8 encoded character above U+007F (RFC 3261 §25.1 UTF8-NONASCII).
inline rc::Gen<std::string> gen_utf8_nonascii() {
    return rc::gen::exec([] {
        const auto range = *rc::gen::inRange(0, 4);
        std::uint32_t cp = 0;
        switch (range) {
            case 0:
                cp = *rc::gen::inRange<std::uint32_t>(0x80, 0x800);
                break;
            case 1:
                cp = *rc::gen::inRange<std::uint32_t>(0x800, 0xd800);
                break;
            case 2:
                cp = *rc::gen::inRange<std::uint32_t>(0xe000, 0x10000);
                break;
            default:
                cp = *rc::gen::inRange<std::uint32_t>(0x10000, 0x110000);
                break;
        }
        std::string out;
        if (cp < 0x800) {
            out += static_cast<char>(0xc0 | (cp >> 6));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xe0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        } else {
            out += static_cast<char>(0xf0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        }
        out += static_cast<char>(0x80 | (cp & 0x3f));
        return out;
    });
}

/// Text of visible ASCII, SP, HTAB and UTF-8 characters (Reason-Phrase, Subject,
/// display names): no control character but HTAB. May be empty.
inline rc::Gen<std::string> gen_text(std::size_t max = 20) {
    return rc::gen::exec([max] {
        const auto n = *rc::gen::inRange<std::size_t>(0, max + 1);
        std::string out;
        for (std::size_t i = 0; i < n; ++i) {
            out += *rc::gen::weightedOneOf<std::string>({
                {6, rc::gen::map(rc::gen::inRange(0x21, 0x7f),
                                 [](int c) { return std::string(1, static_cast<char>(c)); })},
                {2, rc::gen::element(std::string(" "), std::string("\t"))},
                {2, gen_utf8_nonascii()},
            });
        }
        return out;
    });
}

/// RFC 3261 §25.1 quoted-string holding `content`: DQUOTE and backslash escaped, other
/// octets that are not qdtext escaped as quoted-pair, CR and LF written as a fold (LWS),
/// the only way a quoted string can hold a line break.
inline std::string quote(std::string_view content) {
    std::string out = "\"";
    for (const char c : content) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\r' || c == '\n') {
            out += "\r\n ";
        } else if (c == ' ' || c == '\t' || u == 0x21 || (u >= 0x23 && u <= 0x7e) || u >= 0x80) {
            out += c;
        } else {
            out += '\\'; // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)
            out += c;
        }
    }
    out += '"';
    return out;
}

// RFC 3261 §25.1: domainlabel = alphanum / alphanum *( alphanum / "-" ) alphanum
inline rc::Gen<std::string> gen_domainlabel() {
    return rc::gen::exec([] {
        std::string label = *gen_string_of(alphanum_chars, 1, 1);
        const auto inner = *rc::gen::inRange(0, 3);
        if (inner > 0) {
            label += *gen_string_of(std::string(alphanum_chars) + "-", 0, 8);
            label += *gen_string_of(alphanum_chars, 1, 1);
        }
        return label;
    });
}

/// RFC 3261 §25.1 hostname = *( domainlabel "." ) toplabel [ "." ]; toplabel starts with ALPHA.
inline rc::Gen<std::string> gen_hostname() {
    return rc::gen::exec([] {
        std::string host;
        const auto labels = *rc::gen::inRange(0, 4);
        for (int i = 0; i < labels; ++i)
            host += *gen_domainlabel() + ".";
        host += *gen_string_of(alpha_chars, 1, 1);
        if (*rc::gen::inRange(0, 2) == 1) {
            host += *gen_string_of(std::string(alphanum_chars) + "-", 0, 8);
            host += *gen_string_of(alphanum_chars, 1, 1);
        }
        if (*rc::gen::inRange(0, 5) == 0)
            host += ".";
        return host;
    });
}

/// RFC 3261 §25.1 IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT (each <= 255),
/// sometimes with leading zeros.
inline rc::Gen<std::string> gen_ipv4() {
    return rc::gen::exec([] {
        std::string out;
        for (int i = 0; i < 4; ++i) {
            if (i > 0)
                out += '.';
            const auto v = *rc::gen::inRange(0, 256);
            std::string digits = std::to_string(v);
            if (*rc::gen::inRange(0, 6) == 0)
                digits.insert(0, 3 - digits.size(), '0');
            out += digits;
        }
        return out;
    });
}

/// RFC 3261 §25.1 IPv6address (without brackets) in any compressed form: 8 groups of 1-4 hex
/// digits, or 6 and an embedded IPv4address, with any run of one or more groups replaced by
/// "::" (all of them: "::").
inline rc::Gen<std::string> gen_ipv6() {
    return rc::gen::exec([] {
        const bool embedded_v4 = *rc::gen::inRange(0, 4) == 0;
        const int n = embedded_v4 ? 6 : 8;
        std::vector<std::string> groups;
        for (int i = 0; i < n; ++i)
            groups.push_back(*gen_string_of(hex_chars, 1, 4));
        const bool compress = *rc::gen::inRange(0, 3) != 0;
        int start = n;
        int length = 0;
        if (compress) {
            start = *rc::gen::inRange(0, n);
            length = *rc::gen::inRange(1, n - start + 1);
        }
        const auto join = [&](int from, int to) {
            std::string s;
            for (int i = from; i < to; ++i)
                s += (i > from ? ":" : "") + groups[static_cast<std::size_t>(i)];
            return s;
        };
        std::string out;
        if (compress) {
            out = join(0, start) + "::" + join(start + length, n);
        } else {
            out = join(0, n);
        }
        if (embedded_v4) {
            const bool ends_with_colons = compress && start + length == n;
            out += (ends_with_colons ? "" : ":") + *gen_ipv4();
        }
        return out;
    });
}

/// RFC 3261 §25.1 IPv6reference = "[" IPv6address "]"
inline rc::Gen<std::string> gen_ipv6_reference() {
    return rc::gen::map(gen_ipv6(), [](const std::string& a) { return "[" + a + "]"; });
}

/// RFC 3261 §25.1 host = hostname / IPv4address / IPv6reference
inline rc::Gen<std::string> gen_host() {
    return rc::gen::weightedOneOf<std::string>(
        {{4, gen_hostname()}, {2, gen_ipv4()}, {1, gen_ipv6_reference()}});
}

} // namespace sipkit_test
