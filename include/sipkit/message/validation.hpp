// Judging a parsed message the way an element must before it acts on it: RFC 3261 §8.2.1–§8.2.3
// (UAS), §16.3 (proxy), §10.3 (registrar) and §8.1.3.3 (UAC receiving a response). The verdict
// is the response the element should send (or that it should discard the message); building
// that response is make_error_response.
#pragma once

#include <sipkit/core/ascii.hpp>
#include <sipkit/core/error.hpp>
#include <sipkit/message/call_id.hpp>
#include <sipkit/message/codings.hpp>
#include <sipkit/message/cseq.hpp>
#include <sipkit/message/header_name.hpp>
#include <sipkit/message/media_type.hpp>
#include <sipkit/message/message_builder.hpp>
#include <sipkit/message/message_view.hpp>
#include <sipkit/message/name_addr.hpp>
#include <sipkit/message/reason_phrase.hpp>
#include <sipkit/message/scalar_headers.hpp>
#include <sipkit/message/token_lists.hpp>
#include <sipkit/message/via.hpp>
#include <sipkit/uri/uri_context.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace sipkit {

/// The element whose checks validate_request performs.
enum class element_role : std::uint8_t {
    uas,       // RFC 3261 §8.2: a user agent server
    proxy,     // RFC 3261 §16.3: a proxy (stateful or not)
    registrar, // RFC 3261 §10.3: a registrar (a UAS for REGISTER)
};

/// What the element supports. Every list is compared case-insensitively except methods, which
/// are case-sensitive (RFC 3261 §7.1). The defaults describe a plain RFC 3261 user agent.
struct validation_policy {
    static constexpr std::array<std::string_view, 5> uas_methods = {"INVITE", "ACK", "CANCEL",
                                                                    "BYE", "OPTIONS"};
    static constexpr std::array<std::string_view, 4> registrar_methods = {"REGISTER", "OPTIONS",
                                                                          "ACK", "CANCEL"};
    /// The methods of RFC 3261 and its standard extensions (RFC 3262 PRACK, RFC 6665 SUBSCRIBE
    /// and NOTIFY, RFC 3903 PUBLISH, RFC 6086 INFO, RFC 3515 REFER, RFC 3428 MESSAGE, RFC 3311
    /// UPDATE).
    static constexpr std::array<std::string_view, 14> standard_methods = {
        "INVITE",    "ACK",    "CANCEL",  "BYE",  "OPTIONS", "REGISTER", "PRACK",
        "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "REFER",   "MESSAGE",  "UPDATE"};
    static constexpr std::array<std::string_view, 3> sip_schemes = {"sip", "sips", "tel"};
    static constexpr std::array<std::string_view, 2> sdp_types = {"application/sdp",
                                                                  "multipart/mixed"};
    static constexpr std::array<std::string_view, 1> sdp_only = {"application/sdp"};
    static constexpr std::array<std::string_view, 1> identity_only = {"identity"};

    element_role role = element_role::uas;
    /// Methods the element implements (UAS and registrar; a proxy forwards any method). Others
    /// get 501, or 405 when listed in `known_methods`.
    std::span<const std::string_view> methods = uas_methods;
    /// Methods the element recognizes but does not implement (405 with Allow rather than 501,
    /// RFC 3261 §8.2.1).
    std::span<const std::string_view> known_methods = standard_methods;
    /// Option tags the element supports (Require for a UAS/registrar, Proxy-Require for a proxy).
    std::span<const std::string_view> option_tags = {};
    /// Request-URI schemes the element handles (else 416).
    std::span<const std::string_view> uri_schemes = sip_schemes;
    /// Body types the element understands, "type/subtype" (else 415 with Accept).
    std::span<const std::string_view> content_types = sdp_types;
    /// Content codings the element understands (else 415 with Accept-Encoding).
    std::span<const std::string_view> content_encodings = identity_only;
    /// Body types the element's answers to INVITE and OPTIONS carry; a request whose Accept
    /// admits none of them gets 406 (RFC 4475 §3.3.13). Empty: no Accept check.
    std::span<const std::string_view> response_types = sdp_only;
    /// Check the Request-URI against RFC 3261 §19.1.1 Table 1 (400 for, say, escaped headers
    /// in it, RFC 4475 §3.1.2.11). §19.1.1 lets a liberal element ignore them instead.
    bool check_request_uri_components = true;

    /// The defaults for a role: a registrar implements REGISTER.
    static constexpr validation_policy for_role(element_role r) noexcept {
        validation_policy p;
        p.role = r;
        if (r == element_role::registrar)
            p.methods = registrar_methods;
        return p;
    }
};

/// What to do with a message.
enum class verdict : std::uint8_t {
    accept,  // process it
    respond, // answer with `status` (requests)
    discard, // drop it silently (responses, ACK, or anything unanswerable)
};

/// The outcome of validation. For verdict::respond, status and reason say what to answer;
/// `header` and `offset` locate the fault when one header caused it.
struct validation_result {
    sipkit::verdict verdict = sipkit::verdict::accept;
    int status = 0;
    /// The Reason-Phrase to send (RFC 3261 §21), "" when accepted.
    std::string_view reason;
    /// One sentence naming what was wrong, for logs ("" when accepted).
    std::string_view detail;
    header_id header = header_id::other;
    /// Offset of the fault in the parsed input (0 when not about one place).
    std::size_t offset = 0;

    constexpr bool acceptable() const noexcept { return verdict == sipkit::verdict::accept; }
    friend constexpr bool operator==(const validation_result&, const validation_result&) = default;
};

namespace detail {

constexpr validation_result respond(int status, std::string_view detail,
                                    header_id header = header_id::other,
                                    std::size_t offset = 0) noexcept {
    return {verdict::respond, status, default_reason_phrase(status), detail, header, offset};
}
constexpr validation_result discard(std::string_view detail, header_id header = header_id::other,
                                    std::size_t offset = 0) noexcept {
    return {verdict::discard, 0, {}, detail, header, offset};
}

constexpr bool contains_exact(std::span<const std::string_view> set, std::string_view v) noexcept {
    for (const std::string_view s : set)
        if (s == v)
            return true;
    return false;
}
constexpr bool contains_ignoring_case(std::span<const std::string_view> set,
                                      std::string_view v) noexcept {
    for (const std::string_view s : set)
        if (iequals(s, v))
            return true;
    return false;
}
// "type/subtype" in `set` (case-insensitive).
constexpr bool contains_media_type(std::span<const std::string_view> set, std::string_view type,
                                   std::string_view subtype) noexcept {
    for (const std::string_view s : set) {
        const std::size_t slash = s.find('/');
        if (slash != std::string_view::npos && iequals(s.substr(0, slash), type) &&
            iequals(s.substr(slash + 1), subtype))
            return true;
    }
    return false;
}

// A fault in one header: its offset, or nothing.
struct header_fault {
    bool found = false;
    header_id header = header_id::other;
    std::size_t offset = 0;
    std::string_view detail;
};

// Every value of H must parse; a single-valued header must appear at most once.
template <typed_header H>
header_fault check_header(const message_view& m, bool required, bool single,
                          std::string_view missing, std::string_view invalid,
                          std::string_view repeated) {
    const auto fields = m.all(H::id);
    if (fields.empty())
        return required ? header_fault{true, H::id, 0, missing} : header_fault{};
    if (single && fields.size() > 1) {
        auto second = fields.begin();
        ++second;
        return {true, H::id, (*second).offset, repeated};
    }
    for (const auto value : m.all<H>())
        if (!value)
            return {true, H::id, value.error().offset, invalid};
    return {};
}

// RFC 3261 §8.1.1: To, From, CSeq, Call-ID, Max-Forwards and Via in every request; §20: the
// single-valued ones appear once (RFC 4475 §3.3.9). The headers an element relies on must also
// parse (RFC 4475 §3.1.2.1); others, such as Date (RFC 4475 §3.1.2.12), are left to whoever
// reads them. Max-Forwards may be absent at a UAS (a proxy adds it, §16.6 step 3).
inline header_fault check_headers(const message_view& m) {
    header_fault f;
    const auto check = [&](header_fault r) {
        if (!f.found)
            f = r;
    };
    check(check_header<via>(m, true, false, "the message has no Via header",
                            "a Via header value is invalid", ""));
    check(check_header<from>(m, true, true, "the message has no From header",
                             "the From header is invalid", "the message has two From headers"));
    check(check_header<to>(m, true, true, "the message has no To header",
                           "the To header is invalid", "the message has two To headers"));
    check(check_header<call_id>(m, true, true, "the message has no Call-ID header",
                                "the Call-ID header is invalid",
                                "the message has two Call-ID headers"));
    check(check_header<cseq>(m, true, true, "the message has no CSeq header",
                             "the CSeq header is invalid", "the message has two CSeq headers"));
    check(check_header<max_forwards>(m, false, true, "", "the Max-Forwards header is invalid",
                                     "the message has two Max-Forwards headers"));
    check(check_header<contact>(m, false, false, "", "a Contact header value is invalid", ""));
    check(check_header<content_type>(m, false, true, "", "the Content-Type header is invalid",
                                     "the message has two Content-Type headers"));
    check(check_header<expires>(m, false, true, "", "the Expires header is invalid",
                                "the message has two Expires headers"));
    check(check_header<route>(m, false, false, "", "a Route header value is invalid", ""));
    check(check_header<record_route>(m, false, false, "", "a Record-Route header value is invalid",
                                     ""));
    check(check_header<require>(m, false, false, "", "a Require header value is invalid", ""));
    check(check_header<proxy_require>(m, false, false, "",
                                      "a Proxy-Require header value is invalid", ""));
    check(check_header<content_encoding>(m, false, false, "",
                                         "a Content-Encoding header value is invalid", ""));
    check(check_header<accept>(m, false, false, "", "an Accept header value is invalid", ""));
    return f;
}

// The first option tag of H (Require or Proxy-Require) not in `supported`, if any.
template <typed_header H>
const char* first_unsupported(const message_view& m, std::span<const std::string_view> supported,
                              std::size_t& offset) {
    for (const auto field : m.all(H::id)) {
        for (const std::string_view element : comma_values(field.value)) {
            const auto tag = H::parse(element);
            if (tag && !contains_ignoring_case(supported, tag->tag)) {
                offset = field.offset;
                return "an option tag in Require or Proxy-Require is not supported";
            }
        }
    }
    return nullptr;
}

// RFC 3261 §8.2.3: a body the element cannot read gets 415.
inline validation_result check_content(const message_view& m, const validation_policy& p) {
    if (m.body().empty())
        return {};
    if (const auto type = m.get<content_type>();
        type && !p.content_types.empty() &&
        !contains_media_type(p.content_types, type->type, type->subtype))
        return respond(415, "the body's Content-Type is not supported", header_id::content_type);
    for (const auto coding : m.all<content_encoding>())
        if (coding && !iequals(coding->coding, "identity") &&
            !contains_ignoring_case(p.content_encodings, coding->coding))
            return respond(415, "the body's Content-Encoding is not supported",
                           header_id::content_encoding);
    return {};
}

// RFC 3261 §20.1, §21.4.7: Accept must admit a type the answer can carry (RFC 4475 §3.3.13).
inline validation_result check_accept(const message_view& m, const validation_policy& p) {
    if (p.response_types.empty() || !m.contains(header_id::accept))
        return {};
    const std::string_view method = m.method();
    if (method != "INVITE" && method != "OPTIONS")
        return {};
    for (const auto range : m.all<accept>()) {
        if (!range || range->q() == 0u)
            continue;
        for (const std::string_view s : p.response_types) {
            const std::size_t slash = s.find('/');
            const std::string_view type = s.substr(0, slash);
            const std::string_view subtype = s.substr(slash + 1);
            if ((range->type == "*" || iequals(range->type, type)) &&
                (range->subtype == "*" || iequals(range->subtype, subtype)))
                return {};
        }
    }
    return respond(406, "Accept admits no body type the answer can carry", header_id::accept);
}

} // namespace detail

/// Validates a request for the element `policy.role` describes, in the RFC's order: version
/// (505), method (501/405, not at a proxy), header syntax and the mandatory headers (400),
/// CSeq method (400), Request-URI scheme (416) and components (400), Max-Forwards at a proxy
/// (483), Require or Proxy-Require (420), the body (415), Accept (406), and the registrar's
/// own checks (§10.3). An ACK is never answered (§17.2.1): its faults give verdict::discard.
inline validation_result validate_request(const message_view& m,
                                          const validation_policy& policy = {}) {
    if (!m.is_request())
        return detail::discard("the message is not a request");
    const validation_result result = [&]() -> validation_result {
        // RFC 3261 §8.2 / §21.5.6: an element speaking SIP/2.0 answers other versions 505.
        if (!m.is_sip_2_0())
            return detail::respond(505, "the request's SIP version is not 2.0");
        const std::string_view method = m.method();
        // RFC 3261 §8.2.1: method inspection comes first for a UAS (RFC 4475 §3.1.2.18 prefers
        // 501 over 400 for NEWMETHOD with a mismatched CSeq).
        if (policy.role != element_role::proxy && !detail::contains_exact(policy.methods, method))
            return detail::contains_exact(policy.known_methods, method)
                       ? detail::respond(405, "the method is not allowed here")
                       : detail::respond(501, "the method is not implemented");
        if (const auto fault = detail::check_headers(m); fault.found)
            return detail::respond(400, fault.detail, fault.header, fault.offset);
        // RFC 3261 §8.1.1.5, §20.16: the CSeq method matches the Request-Line's.
        if (const auto c = m.get<cseq>(); c->method != method)
            return detail::respond(400, "the CSeq method differs from the request method",
                                   header_id::cseq);
        // RFC 3261 §8.2.2.1 / §16.3 step 2: 416 for a Request-URI scheme the element lacks.
        const auto ruri = parse_uri(m.request_uri());
        if (!ruri)
            return detail::respond(400, "the Request-URI is invalid");
        if (!detail::contains_ignoring_case(policy.uri_schemes, ruri->scheme()))
            return detail::respond(416, "the Request-URI scheme is not supported");
        if (policy.check_request_uri_components && !validate_request_uri(*ruri))
            return detail::respond(400, "the Request-URI holds a component not allowed there");
        const bool ignores_require = method == "CANCEL" || method == "ACK";
        if (policy.role == element_role::proxy) {
            // RFC 3261 §16.3 step 3: Max-Forwards 0 gets 483 (RFC 4475 §3.3.11). The step lets
            // a proxy answer an OPTIONS itself (§11) instead; one that does so checks before.
            if (const auto mf = m.get<max_forwards>(); mf && mf->value == 0)
                return detail::respond(483, "Max-Forwards is 0", header_id::max_forwards);
            // RFC 3261 §16.3 step 5: Proxy-Require.
            std::size_t offset = 0;
            if (const char* d =
                    detail::first_unsupported<proxy_require>(m, policy.option_tags, offset);
                d != nullptr && !ignores_require)
                return detail::respond(420, d, header_id::proxy_require, offset);
            return {};
        }
        // RFC 3261 §8.2.2.3: Require (ignored in CANCEL and ACK).
        std::size_t offset = 0;
        if (const char* d = detail::first_unsupported<require>(m, policy.option_tags, offset);
            d != nullptr && !ignores_require)
            return detail::respond(420, d, header_id::require, offset);
        if (const auto r = detail::check_content(m, policy); !r.acceptable())
            return r;
        if (const auto r = detail::check_accept(m, policy); !r.acceptable())
            return r;
        if (policy.role == element_role::registrar && method == "REGISTER") {
            // RFC 3261 §10.3 step 5: To holds the address-of-record, a SIP or SIPS URI.
            if (const auto t = m.get<to>(); !t->uri.is_sip())
                return detail::respond(400, "the To header is not a SIP or SIPS address-of-record",
                                       header_id::to);
            // RFC 3261 §10.3 step 6: "*" only alone and with Expires: 0.
            bool star = false;
            std::size_t contacts = 0;
            for (const auto c : m.all<contact>()) {
                ++contacts;
                star = star || c->star;
            }
            if (star) {
                const auto e = m.get<expires>();
                if (contacts > 1 || !e || e->seconds != 0)
                    return detail::respond(400,
                                           "Contact \"*\" needs Expires: 0 and no other Contact",
                                           header_id::contact);
            }
        }
        return {};
    }();
    if (!result.acceptable() && m.method() == "ACK")
        return {verdict::discard, 0, {}, result.detail, result.header, result.offset};
    return result;
}

/// Validates a response the way a UAC (or a proxy, for responses it relays) must before
/// passing it on: SIP/2.0, exactly one Via at a UAC (RFC 3261 §8.1.3.3), and the headers that
/// identify its transaction (Via, From, To, Call-ID, CSeq) present and well-formed. Anything
/// else is verdict::discard: responses are never answered.
inline validation_result validate_response(const message_view& m,
                                           const validation_policy& policy = {}) {
    if (!m.is_response())
        return detail::discard("the message is not a response");
    if (!m.is_sip_2_0())
        return detail::discard("the response's SIP version is not 2.0");
    if (const auto fault = detail::check_headers(m); fault.found)
        return detail::discard(fault.detail, fault.header, fault.offset);
    // RFC 3261 §8.1.3.3: more than one Via at a UAC means the response was misrouted.
    if (policy.role != element_role::proxy && m.all<via>().size() > 1)
        return detail::discard("a response reaching a UAC has more than one Via", header_id::via);
    return {};
}

/// The verdict for input parse_message rejected (RFC 4475 §3.1.2): a request gets 400 (the
/// "error" RFC 4475 asks for; RFC 3261 §18.3 names 400 for a truncated body), a response is
/// discarded. A message whose start line is not a request line counts as a response when it
/// begins with "SIP/".
constexpr validation_result verdict_for_parse_error(std::string_view bytes,
                                                    const sipkit::error& e) noexcept {
    std::size_t i = 0;
    while (i < bytes.size() && (bytes[i] == '\r' || bytes[i] == '\n'))
        ++i;
    if (iequals(bytes.substr(i, 4), "SIP/"))
        return detail::discard(to_string(e.code), header_id::other, e.offset);
    return detail::respond(400, to_string(e.code), header_id::other, e.offset);
}

namespace detail {

inline std::string join(std::span<const std::string_view> items) {
    std::string out;
    for (const std::string_view item : items) {
        if (!out.empty())
            out += ", ";
        out += item;
    }
    return out;
}

} // namespace detail

/// The error response a validate_request verdict calls for, built per RFC 3261 §8.2.6.2 (Via,
/// From, To with `to_tag` added, Call-ID and CSeq copied from the request) with the header
/// fields each status needs: Allow for 405 (§8.2.1; and for 501, as RFC 4475 §3.1.1.2
/// shows), Unsupported listing the option tags the element lacks for 420 (§8.2.2.3, §16.3
/// step 5), Accept or Accept-Encoding for 415 (§8.2.3). nullopt when the verdict is not
/// verdict::respond. Add anything else (a Warning, a body) to the builder, then str() or
/// build().
inline std::optional<message_builder> make_error_response(const message_view& request,
                                                          const validation_result& v,
                                                          const validation_policy& policy = {},
                                                          std::string_view to_tag = {}) {
    if (v.verdict != verdict::respond)
        return std::nullopt;
    message_builder b = message_builder::response_to(request, v.status, v.reason, to_tag);
    switch (v.status) {
        case 405:
        case 501:
            b.add(header_id::allow, detail::join(policy.methods));
            break;
        case 420: {
            // The tags of Require (or Proxy-Require at a proxy) the element does not support.
            std::string tags;
            const header_id id =
                policy.role == element_role::proxy ? header_id::proxy_require : header_id::require;
            for (const header_field field : request.all(id)) {
                for (const std::string_view tag : comma_values(field.value)) {
                    if (detail::contains_ignoring_case(policy.option_tags, tag))
                        continue;
                    if (!tags.empty())
                        tags += ", ";
                    tags += tag;
                }
            }
            b.add(header_id::unsupported, tags);
            break;
        }
        case 415:
            if (v.header == header_id::content_encoding)
                b.add(header_id::accept_encoding, detail::join(policy.content_encodings));
            else
                b.add(header_id::accept, detail::join(policy.content_types));
            break;
        default:
            break;
    }
    return b;
}

} // namespace sipkit
