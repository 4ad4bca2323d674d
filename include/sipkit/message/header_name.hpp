// header_id: the well-known SIP header names, their compact forms, and name lookup.
#pragma once

#include <sipkit/core/ascii.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace sipkit {

/// The header fields sipkit knows by name: all of RFC 3261 §20 and the common extensions.
/// Every other name is header_id::other and stays raw.
enum class header_id : std::uint8_t {
    other = 0,
    // RFC 3261 §20
    accept,
    accept_encoding,
    accept_language,
    alert_info,
    allow,
    authentication_info,
    authorization,
    call_id,
    call_info,
    contact,
    content_disposition,
    content_encoding,
    content_language,
    content_length,
    content_type,
    cseq,
    date,
    error_info,
    expires,
    from,
    in_reply_to,
    max_forwards,
    mime_version,
    min_expires,
    organization,
    priority,
    proxy_authenticate,
    proxy_authorization,
    proxy_require,
    record_route,
    reply_to,
    require,
    retry_after,
    route,
    server,
    subject,
    supported,
    timestamp,
    to,
    unsupported,
    user_agent,
    via,
    warning,
    www_authenticate,
    // Extensions with a registered compact form
    accept_contact,      // RFC 3841, a
    allow_events,        // RFC 6665, u
    event,               // RFC 6665, o
    identity,            // RFC 8224, y
    identity_info,       // RFC 4474, n
    refer_to,            // RFC 3515, r
    referred_by,         // RFC 3892, b
    reject_contact,      // RFC 3841, j
    request_disposition, // RFC 3841, d
    session_expires,     // RFC 4028, x
    // Other extensions common enough to index
    min_se,               // RFC 4028
    path,                 // RFC 3327
    privacy,              // RFC 3323
    p_asserted_identity,  // RFC 3325
    p_preferred_identity, // RFC 3325
    rack,                 // RFC 3262
    reason,               // RFC 3326
    replaces,             // RFC 3891
    rseq,                 // RFC 3262
    security_client,      // RFC 3329
    security_server,      // RFC 3329
    security_verify,      // RFC 3329
    service_route,        // RFC 3608
    sip_etag,             // RFC 3903
    sip_if_match,         // RFC 3903
    subscription_state,   // RFC 6665
};

inline constexpr std::size_t header_id_count =
    static_cast<std::size_t>(header_id::subscription_state) + 1;

namespace detail {

struct header_name_entry {
    std::string_view name;
    char compact; // 0 when the header has no compact form
};

// Indexed by header_id. RFC 3261 §7.3.3 and the IANA registry give the compact forms.
inline constexpr std::array<header_name_entry, header_id_count> header_names = {{
    {"", 0},
    {"Accept", 0},
    {"Accept-Encoding", 0},
    {"Accept-Language", 0},
    {"Alert-Info", 0},
    {"Allow", 0},
    {"Authentication-Info", 0},
    {"Authorization", 0},
    {"Call-ID", 'i'},
    {"Call-Info", 0},
    {"Contact", 'm'},
    {"Content-Disposition", 0},
    {"Content-Encoding", 'e'},
    {"Content-Language", 0},
    {"Content-Length", 'l'},
    {"Content-Type", 'c'},
    {"CSeq", 0},
    {"Date", 0},
    {"Error-Info", 0},
    {"Expires", 0},
    {"From", 'f'},
    {"In-Reply-To", 0},
    {"Max-Forwards", 0},
    {"MIME-Version", 0},
    {"Min-Expires", 0},
    {"Organization", 0},
    {"Priority", 0},
    {"Proxy-Authenticate", 0},
    {"Proxy-Authorization", 0},
    {"Proxy-Require", 0},
    {"Record-Route", 0},
    {"Reply-To", 0},
    {"Require", 0},
    {"Retry-After", 0},
    {"Route", 0},
    {"Server", 0},
    {"Subject", 's'},
    {"Supported", 'k'},
    {"Timestamp", 0},
    {"To", 't'},
    {"Unsupported", 0},
    {"User-Agent", 0},
    {"Via", 'v'},
    {"Warning", 0},
    {"WWW-Authenticate", 0},
    {"Accept-Contact", 'a'},
    {"Allow-Events", 'u'},
    {"Event", 'o'},
    {"Identity", 'y'},
    {"Identity-Info", 'n'},
    {"Refer-To", 'r'},
    {"Referred-By", 'b'},
    {"Reject-Contact", 'j'},
    {"Request-Disposition", 'd'},
    {"Session-Expires", 'x'},
    {"Min-SE", 0},
    {"Path", 0},
    {"Privacy", 0},
    {"P-Asserted-Identity", 0},
    {"P-Preferred-Identity", 0},
    {"RAck", 0},
    {"Reason", 0},
    {"Replaces", 0},
    {"RSeq", 0},
    {"Security-Client", 0},
    {"Security-Server", 0},
    {"Security-Verify", 0},
    {"Service-Route", 0},
    {"SIP-ETag", 0},
    {"SIP-If-Match", 0},
    {"Subscription-State", 0},
}};

// Compact form letter (lower-cased) -> header_id.
inline constexpr std::array<header_id, 256> compact_table = [] {
    std::array<header_id, 256> t{};
    for (std::size_t i = 1; i < header_id_count; ++i)
        if (const char c = header_names[i].compact; c != 0)
            t[static_cast<unsigned char>(c)] = static_cast<header_id>(i);
    return t;
}();

constexpr std::size_t name_hash(std::string_view n) noexcept {
    return (n.size() * 37 + lower_table[static_cast<unsigned char>(n[0])] * 7 +
            lower_table[static_cast<unsigned char>(n[n.size() - 1])] * 3 +
            lower_table[static_cast<unsigned char>(n[n.size() / 2])]) &
           255;
}

// Open-addressed hash of the long names (linear probing; 0 marks an empty slot).
inline constexpr std::array<std::uint8_t, 256> name_slots = [] {
    std::array<std::uint8_t, 256> t{};
    for (std::size_t i = 1; i < header_id_count; ++i) {
        std::size_t h = name_hash(header_names[i].name);
        while (t[h] != 0)
            h = (h + 1) & 255;
        t[h] = static_cast<std::uint8_t>(i);
    }
    return t;
}();

// Probes name_slots for a name of n octets hashing like `name`; `equal(slot)` decides a
// candidate of the same length. The one lookup loop every name lookup shares.
template <class Equal>
constexpr header_id probe_name(std::string_view name, Equal&& equal) noexcept {
    for (std::size_t h = name_hash(name);; h = (h + 1) & 255) {
        const std::uint8_t slot = name_slots[h];
        if (slot == 0)
            return header_id::other;
        if (header_names[slot].name.size() == name.size() && equal(slot))
            return static_cast<header_id>(slot);
    }
}

// The long names in lower case, padded, for the parser's word-at-a-time comparison.
inline constexpr std::size_t max_known_name = 24;
inline constexpr std::array<std::array<char, max_known_name>, header_id_count> lower_names = [] {
    std::array<std::array<char, max_known_name>, header_id_count> t{};
    for (std::size_t i = 0; i < header_id_count; ++i)
        for (std::size_t j = 0; j < header_names[i].name.size(); ++j)
            t[i][j] =
                static_cast<char>(lower_table[static_cast<unsigned char>(header_names[i].name[j])]);
    return t;
}();

// Case-insensitive equality of a token (RFC 3261 §25.1) with a lower-cased known name. For
// token characters, c | 0x20 equals a lower-case letter, digit or "-" only when c is that
// character in either case, so OR-ing 0x20 is an exact case fold here. n <= max_known_name.
inline bool token_equals_lower(const char* token, const char* lower, std::size_t n) noexcept {
    constexpr std::uint64_t fold = 0x2020202020202020ull;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t a;
        std::uint64_t b;
        std::memcpy(&a, token + i, 8);
        std::memcpy(&b, lower + i, 8);
        if ((a | fold) != b)
            return false;
    }
    if (i < n && n >= 8) { // the last, overlapping word
        std::uint64_t a;
        std::uint64_t b;
        std::memcpy(&a, token + n - 8, 8);
        std::memcpy(&b, lower + n - 8, 8);
        return (a | fold) == b;
    }
    for (; i < n; ++i)
        if ((token[i] | 0x20) != lower[i])
            return false;
    return true;
}

// 0x20 at the letters of each long name and 0 elsewhere: (octet | mask) equals the lower-case
// name's octet exactly when the octet is that character, in either case for a letter.
inline constexpr std::array<std::array<char, max_known_name>, header_id_count> fold_masks = [] {
    std::array<std::array<char, max_known_name>, header_id_count> t{};
    for (std::size_t i = 0; i < header_id_count; ++i)
        for (std::size_t j = 0; j < header_names[i].name.size(); ++j) {
            const char c = header_names[i].name[j];
            t[i][j] =
                static_cast<char>((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? 0x20 : 0);
        }
    return t;
}();

inline std::uint64_t load_word(const char* p) noexcept {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
}

// Exact case-insensitive equality of the n octets at `octets` (2 <= n <= max_known_name, any
// octet values) with a known long name. Reads max(8, n) octets: the caller guarantees them.
inline bool octets_equal_known(const char* octets, std::size_t slot, std::size_t n) noexcept {
    const char* lower = lower_names[slot].data();
    const char* fold = fold_masks[slot].data();
    const auto diff_at = [&](std::size_t i) {
        return (load_word(octets + i) | load_word(fold + i)) ^ load_word(lower + i);
    };
    if (n <= 8) {
        const std::uint64_t keep = n == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * n)) - 1;
        // Little-endian: the first n octets are the low bytes.
        return (diff_at(0) & keep) == 0;
    }
    std::uint64_t diff = diff_at(0) | diff_at(n - 8);
    if (n > 16)
        diff |= diff_at(8);
    return diff == 0;
}

/// The known header whose long name is exactly the n octets at `octets` (any octet values),
/// or other. Reads max(8, n) octets; little-endian only (the parser checks).
inline header_id lookup_known_octets(const char* octets, std::size_t n) noexcept {
    if (n < 2 || n > max_known_name)
        return header_id::other;
    return probe_name(std::string_view(octets, n),
                      [&](std::size_t slot) { return octets_equal_known(octets, slot, n); });
}

/// lookup_header_name for a name already checked to be a token (the parser's fast path).
inline header_id lookup_header_token(const char* name, std::size_t n) noexcept {
    if (n == 1)
        return compact_table[lower_table[static_cast<unsigned char>(name[0])]];
    if (n > max_known_name)
        return header_id::other;
    return probe_name(std::string_view(name, n), [&](std::size_t slot) {
        return token_equals_lower(name, lower_names[slot].data(), n);
    });
}

} // namespace detail

/// The header's canonical long name ("Call-ID"); empty for header_id::other.
constexpr std::string_view canonical_name(header_id id) noexcept {
    return detail::header_names[static_cast<std::size_t>(id)].name;
}

/// The header's compact form ("i" for Call-ID); empty when it has none.
constexpr std::string_view compact_name(header_id id) noexcept {
    const auto& e = detail::header_names[static_cast<std::size_t>(id)];
    return e.compact ? std::string_view(&e.compact, 1) : std::string_view();
}

/// Looks a header name up, case-insensitively, in its long or compact form
/// (RFC 3261 §7.3.1, §7.3.3). Unknown names give header_id::other.
constexpr header_id lookup_header_name(std::string_view name) noexcept {
    if (name.empty())
        return header_id::other;
    if (name.size() == 1)
        return detail::compact_table[detail::lower_table[static_cast<unsigned char>(name[0])]];
    return detail::probe_name(
        name, [&](std::size_t slot) { return iequals(detail::header_names[slot].name, name); });
}

} // namespace sipkit
