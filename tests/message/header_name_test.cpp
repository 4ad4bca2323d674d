// header_id, canonical and compact names, and case-insensitive name lookup
// (sipkit/message/header_name.hpp; RFC 3261 §7.3.1, §7.3.3, §20).
#include <sipkit/message/header_name.hpp>

#include <catch2/catch.hpp>

#include "../support/corpus.hpp"

#include <cctype>
#include <iterator>
#include <set>
#include <string>
#include <string_view>

using sipkit::header_id;

namespace {

using sipkit_test::lower;
using sipkit_test::upper;

// Alternating case, "cOnTeNt-lEnGtH": neither the canonical nor a uniform case.
std::string alternating(std::string_view s) {
    std::string out(s);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto c = static_cast<unsigned char>(out[i]);
        out[i] = static_cast<char>(i % 2 ? std::toupper(c) : std::tolower(c));
    }
    return out;
}

header_id id_at(std::size_t i) {
    return static_cast<header_id>(i);
}

struct compact_row {
    char letter;
    header_id id;
    std::string_view long_name;
};

// RFC 3261 §7.3.3 (c e f i k l m s t v) and the IANA "Header Fields" registry (the rest).
constexpr compact_row compact_forms[] = {
    {'a', header_id::accept_contact, "Accept-Contact"},           // RFC 3841
    {'b', header_id::referred_by, "Referred-By"},                 // RFC 3892
    {'c', header_id::content_type, "Content-Type"},               // RFC 3261
    {'d', header_id::request_disposition, "Request-Disposition"}, // RFC 3841
    {'e', header_id::content_encoding, "Content-Encoding"},       // RFC 3261
    {'f', header_id::from, "From"},                               // RFC 3261
    {'i', header_id::call_id, "Call-ID"},                         // RFC 3261
    {'j', header_id::reject_contact, "Reject-Contact"},           // RFC 3841
    {'k', header_id::supported, "Supported"},                     // RFC 3261
    {'l', header_id::content_length, "Content-Length"},           // RFC 3261
    {'m', header_id::contact, "Contact"},                         // RFC 3261
    {'n', header_id::identity_info, "Identity-Info"},             // RFC 4474
    {'o', header_id::event, "Event"},                             // RFC 6665
    {'r', header_id::refer_to, "Refer-To"},                       // RFC 3515
    {'s', header_id::subject, "Subject"},                         // RFC 3261
    {'t', header_id::to, "To"},                                   // RFC 3261
    {'u', header_id::allow_events, "Allow-Events"},               // RFC 6665
    {'v', header_id::via, "Via"},                                 // RFC 3261
    {'x', header_id::session_expires, "Session-Expires"},         // RFC 4028
    {'y', header_id::identity, "Identity"},                       // RFC 8224
};

} // namespace

TEST_CASE("every header_id round-trips: canonical_name -> lookup_header_name, in any letter case") {
    REQUIRE(sipkit::header_id_count > 60);
    for (std::size_t i = 1; i < sipkit::header_id_count; ++i) {
        const std::string_view name = sipkit::canonical_name(id_at(i));
        INFO("header_id " << i << " \"" << name << "\"");
        REQUIRE_FALSE(name.empty());
        CHECK(sipkit::lookup_header_name(name) == id_at(i));
        CHECK(sipkit::lookup_header_name(lower(name)) == id_at(i));
        CHECK(sipkit::lookup_header_name(upper(name)) == id_at(i));
        CHECK(sipkit::lookup_header_name(alternating(name)) == id_at(i));
    }
}

TEST_CASE(
    "canonical names are distinct, and spelled as RFC 3261 §20 and the extension RFCs write them") {
    std::set<std::string> seen;
    for (std::size_t i = 1; i < sipkit::header_id_count; ++i)
        CHECK(seen.insert(lower(sipkit::canonical_name(id_at(i)))).second);
    // The irregular spellings.
    CHECK(sipkit::canonical_name(header_id::call_id) == "Call-ID");
    CHECK(sipkit::canonical_name(header_id::cseq) == "CSeq");
    CHECK(sipkit::canonical_name(header_id::www_authenticate) == "WWW-Authenticate");
    CHECK(sipkit::canonical_name(header_id::mime_version) == "MIME-Version");
    CHECK(sipkit::canonical_name(header_id::rack) == "RAck");
    CHECK(sipkit::canonical_name(header_id::rseq) == "RSeq");
    CHECK(sipkit::canonical_name(header_id::sip_etag) == "SIP-ETag");
    CHECK(sipkit::canonical_name(header_id::min_se) == "Min-SE");
    CHECK(sipkit::canonical_name(header_id::via) == "Via");
    CHECK(sipkit::canonical_name(header_id::other).empty());
}

TEST_CASE("RFC 3261 §20 lists 44 header fields, and each has its own header_id") {
    constexpr std::string_view rfc3261[] = {"Accept",
                                            "Accept-Encoding",
                                            "Accept-Language",
                                            "Alert-Info",
                                            "Allow",
                                            "Authentication-Info",
                                            "Authorization",
                                            "Call-ID",
                                            "Call-Info",
                                            "Contact",
                                            "Content-Disposition",
                                            "Content-Encoding",
                                            "Content-Language",
                                            "Content-Length",
                                            "Content-Type",
                                            "CSeq",
                                            "Date",
                                            "Error-Info",
                                            "Expires",
                                            "From",
                                            "In-Reply-To",
                                            "Max-Forwards",
                                            "MIME-Version",
                                            "Min-Expires",
                                            "Organization",
                                            "Priority",
                                            "Proxy-Authenticate",
                                            "Proxy-Authorization",
                                            "Proxy-Require",
                                            "Record-Route",
                                            "Reply-To",
                                            "Require",
                                            "Retry-After",
                                            "Route",
                                            "Server",
                                            "Subject",
                                            "Supported",
                                            "Timestamp",
                                            "To",
                                            "Unsupported",
                                            "User-Agent",
                                            "Via",
                                            "Warning",
                                            "WWW-Authenticate"};
    CHECK(std::size(rfc3261) == 44);
    std::set<header_id> ids;
    for (const std::string_view name : rfc3261) {
        INFO(name);
        const header_id id = sipkit::lookup_header_name(name);
        CHECK(id != header_id::other);
        CHECK(sipkit::canonical_name(id) == name);
        ids.insert(id);
    }
    CHECK(ids.size() == 44);
}

TEST_CASE("RFC 3261 §7.3.3 and IANA compact forms map to their long header, in either case") {
    for (const auto& [letter, id, long_name] : compact_forms) {
        const std::string lo(1, letter);
        const std::string up(1,
                             static_cast<char>(std::toupper(static_cast<unsigned char>(letter))));
        INFO("compact form " << lo << " for " << long_name);
        CHECK(sipkit::lookup_header_name(lo) == id);
        CHECK(sipkit::lookup_header_name(up) == id);
        CHECK(sipkit::canonical_name(id) == long_name);
        CHECK(sipkit::lookup_header_name(long_name) == id);
        CHECK(sipkit::compact_name(id) == lo);
    }
}

TEST_CASE("compact_name is empty for headers without a compact form, and no other letter is a "
          "compact form") {
    std::set<header_id> with_compact;
    for (const auto& row : compact_forms)
        with_compact.insert(row.id);
    for (std::size_t i = 0; i < sipkit::header_id_count; ++i) {
        if (with_compact.count(id_at(i)) != 0)
            continue;
        INFO(sipkit::canonical_name(id_at(i)));
        CHECK(sipkit::compact_name(id_at(i)).empty());
    }
    // g h p q w z are unassigned (RFC 3261 §7.3.3 and the IANA registry).
    for (const char c : std::string_view("ghpqwzGHPQWZ")) {
        INFO(c);
        CHECK(sipkit::lookup_header_name(std::string(1, c)) == header_id::other);
    }
    for (int c = 0; c < 256; ++c) {
        const char ch = static_cast<char>(c);
        if (std::isalpha(c) == 0)
            CHECK(sipkit::lookup_header_name(std::string_view(&ch, 1)) == header_id::other);
    }
}

TEST_CASE("unknown names, near misses and the empty name give header_id::other") {
    for (const std::string_view name :
         {"", "X-Custom", "UnknownHeaderWithUnusualValue", "Vias", "Vi", "Via-", "Content_Length",
          "ContentLength", "Call-IDs", "C%6Fntact", "NewFangledHeader", "Max-Forward",
          "P-Asserted-Identity-X", "WWW-Authenticatee", "aa", "CSeqq", "Contact ",
          "A-Very-Long-Header-Name-That-Is-Longer-Than-Any-Known-Name"}) {
        INFO("\"" << name << "\"");
        CHECK(sipkit::lookup_header_name(name) == header_id::other);
    }
}

TEST_CASE("lookup_header_name is usable in constant expressions") {
    STATIC_REQUIRE(sipkit::lookup_header_name("v") == header_id::via);
    STATIC_REQUIRE(sipkit::lookup_header_name("cALL-iD") == header_id::call_id);
    STATIC_REQUIRE(sipkit::lookup_header_name("X-Foo") == header_id::other);
    STATIC_REQUIRE(sipkit::canonical_name(header_id::content_length) == "Content-Length");
    STATIC_REQUIRE(sipkit::compact_name(header_id::content_length) == "l");
}
