// cseq: the CSeq header (RFC 3261 §20.16), a sequence number and a method.
#pragma once

#include <sipkit/core/ascii.hpp>
#include <sipkit/core/result.hpp>
#include <sipkit/grammar/scanners.hpp>
#include <sipkit/message/header_name.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace sipkit {

/// RFC 3261 §20.16: CSeq = "CSeq" HCOLON 1*DIGIT LWS Method. The method views the parsed text.
struct cseq {
    static constexpr header_id id = header_id::cseq;
    static constexpr errc invalid = errc::cseq_invalid;
    static constexpr bool list = false;
    /// RFC 3261 §8.1.1.5: the sequence number is less than 2**31.
    static constexpr std::uint32_t max_number = 0x7fffffff;

    std::uint32_t number = 0;
    /// The method as written; methods are case-sensitive (RFC 3261 §7.1).
    std::string_view method;

    /// Parses a CSeq value. Leading zeros are allowed (RFC 4475 §3.1.1.1); a number of 2**31
    /// or more is an error at its first digit.
    static constexpr result<cseq> parse(std::string_view s) noexcept {
        cseq out;
        const auto number = grammar::scan_number(s, 0, max_number);
        if (!number)
            return unexpected(invalid, 0);
        out.number = static_cast<std::uint32_t>(number->value);
        const std::size_t digits_end = number->end;
        const std::size_t method_pos = grammar::skip_lws(s, digits_end);
        if (method_pos == digits_end)
            return unexpected(invalid, digits_end);
        const std::size_t method_end = grammar::scan_token(s, method_pos);
        if (method_end == method_pos)
            return unexpected(invalid, method_pos);
        if (method_end != s.size())
            return unexpected(invalid, method_end);
        out.method = grammar::slice(s, method_pos, method_end);
        return out;
    }

    friend constexpr bool operator==(const cseq&, const cseq&) = default;
};

/// "number SP method", the number without leading zeros.
inline void serialize_to(std::string& out, const cseq& c) {
    out += std::to_string(c.number);
    out += ' ';
    out += c.method;
}

} // namespace sipkit
