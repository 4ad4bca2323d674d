// rapidcheck generators of valid SIP messages (RFC 3261 §7) that remember what they were
// built from, so a property can compare the parse with the intent. Shared by the message and
// transport property tests.
#pragma once

#include <sipkit/sipkit.hpp>

#include <rapidcheck.h>

#include "../grammar/grammar_generators.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace sipkit_test {

/// The header names the tests expect sipkit to know, written out independently of
/// header_name.hpp: RFC 3261 §20 (compact forms from §7.3.3) and the extensions.
struct known_header {
    std::string_view name;
    std::string_view compact;
    sipkit::header_id id;
};

inline constexpr std::array<known_header, 70> known_headers = {{
    {"Accept", "", sipkit::header_id::accept},
    {"Accept-Encoding", "", sipkit::header_id::accept_encoding},
    {"Accept-Language", "", sipkit::header_id::accept_language},
    {"Alert-Info", "", sipkit::header_id::alert_info},
    {"Allow", "", sipkit::header_id::allow},
    {"Authentication-Info", "", sipkit::header_id::authentication_info},
    {"Authorization", "", sipkit::header_id::authorization},
    {"Call-ID", "i", sipkit::header_id::call_id},
    {"Call-Info", "", sipkit::header_id::call_info},
    {"Contact", "m", sipkit::header_id::contact},
    {"Content-Disposition", "", sipkit::header_id::content_disposition},
    {"Content-Encoding", "e", sipkit::header_id::content_encoding},
    {"Content-Language", "", sipkit::header_id::content_language},
    {"Content-Length", "l", sipkit::header_id::content_length},
    {"Content-Type", "c", sipkit::header_id::content_type},
    {"CSeq", "", sipkit::header_id::cseq},
    {"Date", "", sipkit::header_id::date},
    {"Error-Info", "", sipkit::header_id::error_info},
    {"Expires", "", sipkit::header_id::expires},
    {"From", "f", sipkit::header_id::from},
    {"In-Reply-To", "", sipkit::header_id::in_reply_to},
    {"Max-Forwards", "", sipkit::header_id::max_forwards},
    {"MIME-Version", "", sipkit::header_id::mime_version},
    {"Min-Expires", "", sipkit::header_id::min_expires},
    {"Organization", "", sipkit::header_id::organization},
    {"Priority", "", sipkit::header_id::priority},
    {"Proxy-Authenticate", "", sipkit::header_id::proxy_authenticate},
    {"Proxy-Authorization", "", sipkit::header_id::proxy_authorization},
    {"Proxy-Require", "", sipkit::header_id::proxy_require},
    {"Record-Route", "", sipkit::header_id::record_route},
    {"Reply-To", "", sipkit::header_id::reply_to},
    {"Require", "", sipkit::header_id::require},
    {"Retry-After", "", sipkit::header_id::retry_after},
    {"Route", "", sipkit::header_id::route},
    {"Server", "", sipkit::header_id::server},
    {"Subject", "s", sipkit::header_id::subject},
    {"Supported", "k", sipkit::header_id::supported},
    {"Timestamp", "", sipkit::header_id::timestamp},
    {"To", "t", sipkit::header_id::to},
    {"Unsupported", "", sipkit::header_id::unsupported},
    {"User-Agent", "", sipkit::header_id::user_agent},
    {"Via", "v", sipkit::header_id::via},
    {"Warning", "", sipkit::header_id::warning},
    {"WWW-Authenticate", "", sipkit::header_id::www_authenticate},
    {"Accept-Contact", "a", sipkit::header_id::accept_contact},
    {"Allow-Events", "u", sipkit::header_id::allow_events},
    {"Event", "o", sipkit::header_id::event},
    {"Identity", "y", sipkit::header_id::identity},
    {"Identity-Info", "n", sipkit::header_id::identity_info},
    {"Refer-To", "r", sipkit::header_id::refer_to},
    {"Referred-By", "b", sipkit::header_id::referred_by},
    {"Reject-Contact", "j", sipkit::header_id::reject_contact},
    {"Request-Disposition", "d", sipkit::header_id::request_disposition},
    {"Session-Expires", "x", sipkit::header_id::session_expires},
    {"Min-SE", "", sipkit::header_id::min_se},
    {"Path", "", sipkit::header_id::path},
    {"Privacy", "", sipkit::header_id::privacy},
    {"P-Asserted-Identity", "", sipkit::header_id::p_asserted_identity},
    {"P-Preferred-Identity", "", sipkit::header_id::p_preferred_identity},
    {"RAck", "", sipkit::header_id::rack},
    {"Reason", "", sipkit::header_id::reason},
    {"Replaces", "", sipkit::header_id::replaces},
    {"RSeq", "", sipkit::header_id::rseq},
    {"Security-Client", "", sipkit::header_id::security_client},
    {"Security-Server", "", sipkit::header_id::security_server},
    {"Security-Verify", "", sipkit::header_id::security_verify},
    {"Service-Route", "", sipkit::header_id::service_route},
    {"SIP-ETag", "", sipkit::header_id::sip_etag},
    {"SIP-If-Match", "", sipkit::header_id::sip_if_match},
    {"Subscription-State", "", sipkit::header_id::subscription_state},
}};

/// The id a name must map to by the table above (header_id::other when it is not there).
inline sipkit::header_id expected_id(std::string_view name) {
    for (const known_header& k : known_headers)
        if (sipkit::iequals(k.name, name) ||
            (!k.compact.empty() && sipkit::iequals(k.compact, name)))
            return k.id;
    return sipkit::header_id::other;
}

inline std::string trim_wsp(std::string s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos)
        return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

/// RFC 3261 §7.3.1: every LWS holding a line break means one SP. Collapses each run of
/// SP/HTAB/CR/LF that holds a line break into a single SP.
inline std::string unfold(std::string_view v) {
    std::string out;
    for (std::size_t i = 0; i < v.size();) {
        const auto is_space = [](char c) {
            return c == ' ' || c == '\t' || c == '\r' || c == '\n';
        };
        if (is_space(v[i])) {
            std::size_t e = i;
            bool line_break = false;
            for (; e < v.size() && is_space(v[e]); ++e)
                line_break |= v[e] == '\r' || v[e] == '\n';
            if (line_break) {
                out += ' ';
                i = e;
                continue;
            }
        }
        out += v[i++];
    }
    return out;
}

// ---- URIs ----------------------------------------------------------------------------------

inline rc::Gen<std::string> gen_uri_params(int max) {
    return rc::gen::exec([max] {
        std::string out;
        const auto n = *rc::gen::inRange(0, max + 1);
        for (int i = 0; i < n; ++i) {
            out += ";" + *gen_token(1, 10);
            if (*rc::gen::inRange(0, 3) != 0)
                out += "=" + *gen_token(1, 12);
        }
        return out;
    });
}

// RFC 3261 §19.1.1: sip:user:password@host:port;uri-parameters?headers
inline rc::Gen<std::string> gen_sip_uri() {
    return rc::gen::exec([] {
        std::string uri =
            *rc::gen::weightedElement<std::string>({{5, "sip:"}, {2, "sips:"}, {1, "SIP:"}});
        if (*rc::gen::inRange(0, 4) != 0) {
            uri += *gen_string_of(std::string(alphanum_chars) + "-_.!~*'()&=+$,;?/", 1, 10);
            if (*rc::gen::inRange(0, 4) == 0)
                uri += "%" + *gen_string_of(hex_chars, 2, 2);
            uri += "@";
        }
        uri += *gen_host();
        if (*rc::gen::inRange(0, 3) == 0)
            uri += ":" + std::to_string(*rc::gen::inRange(0, 65536));
        uri += *gen_uri_params(3);
        if (*rc::gen::inRange(0, 6) == 0)
            uri += "?" + *gen_token(1, 8) + "=" + *gen_token(1, 8);
        return uri;
    });
}

// RFC 3966 tel URI
inline rc::Gen<std::string> gen_tel_uri() {
    return rc::gen::exec([] {
        std::string uri = "tel:+" + *gen_string_of("0123456789-", 1, 14);
        if (*rc::gen::inRange(0, 2) == 0)
            uri += ";phone-context=" + *gen_hostname();
        return uri;
    });
}

// RFC 3986 absolute URI of any scheme: scheme ":" then visible ASCII but "<", ">" and DQUOTE.
inline rc::Gen<std::string> gen_other_uri() {
    return rc::gen::exec([] {
        std::string visible;
        for (int c = 0x21; c < 0x7f; ++c)
            if (c != '<' && c != '>' && c != '"')
                visible += static_cast<char>(c);
        return *gen_string_of(alpha_chars, 1, 1) +
               *gen_string_of(std::string(alphanum_chars) + "+-.", 0, 8) + ":" +
               *gen_string_of(visible, 0, 30);
    });
}

/// RFC 3261 §25.1 Request-URI = SIP-URI / SIPS-URI / absoluteURI
inline rc::Gen<std::string> gen_request_uri() {
    return rc::gen::weightedOneOf<std::string>(
        {{6, gen_sip_uri()}, {1, gen_tel_uri()}, {2, gen_other_uri()}});
}

// ---- header values -------------------------------------------------------------------------
// Values are generated trimmed and without line breaks; folds are added afterwards.

inline rc::Gen<std::string> gen_text_no_breaks(std::size_t max) {
    return rc::gen::map(gen_text(max), trim_wsp);
}

// RFC 3261 §25.1: name-addr = [ display-name ] LAQUOT addr-spec RAQUOT, plus header params.
inline rc::Gen<std::string> gen_name_addr() {
    return rc::gen::exec([] {
        std::string out;
        switch (*rc::gen::inRange(0, 4)) {
            case 0:
                out = quote(*gen_text(16)) + *rc::gen::element<std::string>(" ", "", "  ");
                break;
            case 1:
                out = *gen_token(1, 8) + " " + *gen_token(1, 8) + " ";
                break;
            default:
                break;
        }
        out += "<" + *gen_request_uri() + ">";
        if (*rc::gen::inRange(0, 2) == 0)
            out += ";tag=" + *gen_token(4, 16);
        out += *gen_uri_params(2);
        return out;
    });
}

// RFC 3261 §20.42: Via = sent-protocol LWS sent-by *( SEMI via-params )
inline rc::Gen<std::string> gen_via() {
    return rc::gen::exec([] {
        std::string out = *rc::gen::weightedElement<std::string>(
            {{6, "SIP/2.0/"}, {1, "SIP / 2.0 / "}, {1, "sip/2.0/"}});
        out += *rc::gen::weightedOneOf<std::string>(
            {{4, rc::gen::element<std::string>("UDP", "TCP", "TLS", "SCTP", "WS", "WSS")},
             {1, gen_token(1, 8)}});
        out += " " + *gen_host();
        if (*rc::gen::inRange(0, 2) == 0)
            out += ":" + std::to_string(*rc::gen::inRange(0, 65536));
        if (*rc::gen::inRange(0, 5) != 0)
            out +=
                *rc::gen::element<std::string>(";", " ; ") + "branch=z9hG4bK" + *gen_token(1, 16);
        if (*rc::gen::inRange(0, 3) == 0)
            out += ";rport";
        if (*rc::gen::inRange(0, 3) == 0)
            out += ";received=" + *gen_ipv4();
        out += *gen_uri_params(2);
        return out;
    });
}

// RFC 3261 §25.1: challenge / credentials = auth-scheme LWS auth-param *(COMMA auth-param)
inline rc::Gen<std::string> gen_auth() {
    return rc::gen::exec([] {
        std::string out = *rc::gen::element<std::string>("Digest", "Basic", "NTLM") + " ";
        const auto n = *rc::gen::inRange(1, 5);
        for (int i = 0; i < n; ++i) {
            if (i > 0)
                out += *rc::gen::element<std::string>(",", ", ", " ,\t");
            out += *gen_token(1, 8) + "=";
            out += *rc::gen::inRange(0, 2) == 0 ? *gen_token(1, 16) : quote(*gen_text(20));
        }
        return out;
    });
}

inline rc::Gen<std::string> gen_list_element() {
    return rc::gen::weightedOneOf<std::string>(
        {{3, gen_name_addr()},
         {2, gen_via()},
         {2, gen_token(1, 12)},
         {1, rc::gen::map(gen_text(12), [](std::string s) { return quote(s); })}});
}

// RFC 3261 §7.3.1: header = "header-name" HCOLON header-value *(COMMA header-value)
inline rc::Gen<std::string> gen_comma_list() {
    return rc::gen::exec([] {
        const auto n = *rc::gen::inRange(2, 5);
        std::string out;
        for (int i = 0; i < n; ++i) {
            if (i > 0)
                out += *rc::gen::element<std::string>(",", ", ", " ,", " , ", ",\t");
            out += *gen_list_element();
        }
        return out;
    });
}

/// Any octet but CR and LF, trimmed: what a header value may hold that no grammar describes.
inline rc::Gen<std::string> gen_opaque_value() {
    return rc::gen::exec([] {
        std::string s = *gen_bytes(30);
        for (char& c : s)
            if (c == '\r' || c == '\n')
                c = '?';
        return trim_wsp(s);
    });
}

/// A header value of a realistic shape: trimmed, no line breaks.
inline rc::Gen<std::string> gen_header_value() {
    return rc::gen::weightedOneOf<std::string>({
        {1, rc::gen::just(std::string())},
        {3, gen_token(1, 20)},
        {2, gen_string_of(digit_chars, 1, 10)},
        {3, gen_name_addr()},
        {1, rc::gen::map(gen_sip_uri(), [](std::string s) { return s; })},
        {3, gen_via()},
        {3, gen_comma_list()},
        {2, gen_auth()},
        {2, gen_text_no_breaks(30)},
        {1, gen_opaque_value()},
    });
}

// ---- messages ------------------------------------------------------------------------------

struct generated_header {
    std::string name; ///< as written on the wire
    sipkit::header_id id = sipkit::header_id::other;
    std::string value;        ///< as the parse must report it: trimmed, folds kept
    std::string before_colon; ///< SP/HTAB between name and colon
    std::string after_colon;  ///< SWS between colon and value
    std::string after_value;  ///< SP/HTAB before the line break
    std::string line_end;
    std::size_t offset = 0; ///< offset of the name in the wire form (set by render)
};

struct generated_message {
    bool request = true;
    std::string method;
    std::string uri;
    std::string version = "SIP/2.0";
    int status = 0;
    std::string reason;
    bool reason_separator = true; ///< SP after the Status-Code (optional when the phrase is empty)
    std::string leading;          ///< line breaks before the start line (RFC 3261 §7.5)
    std::string start_line_end = "\r\n";
    std::vector<generated_header> headers;
    std::string end_of_headers = "\r\n";
    std::string body;
    bool has_content_length = false;
    std::string trailing; ///< datagram octets after the body Content-Length frames (§18.3)

    std::string wire;      ///< the rendered message
    std::size_t start = 0; ///< offset of the start line in `wire`

    std::string start_line() const {
        if (request)
            return method + " " + uri + " " + version;
        std::string line = version + " " + std::to_string(status);
        if (reason_separator)
            line += " " + reason;
        return line;
    }

    /// What message_view::bytes() must be: start line to end of body.
    std::string_view framed() const {
        return std::string_view(wire).substr(start, wire.size() - start - trailing.size());
    }

    void render() {
        wire = leading;
        start = wire.size();
        wire += start_line() + start_line_end;
        for (generated_header& h : headers) {
            h.offset = wire.size();
            wire += h.name + h.before_colon + ":" + h.after_colon + h.value + h.after_value +
                    h.line_end;
        }
        wire += end_of_headers + body + trailing;
    }
};

inline std::ostream& operator<<(std::ostream& os, const generated_message& m) {
    os << "wire (" << m.wire.size() << " octets): \"";
    for (const char c : m.wire) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '\r')
            os << "\\r";
        else if (c == '\n')
            os << "\\n\n";
        else if (c == '\\' || c == '"')
            os << '\\' << c;
        else if (u < 0x20 || u >= 0x7f) {
            const char* digits = "0123456789abcdef";
            os << "\\x" << digits[u >> 4] << digits[u & 15];
        } else
            os << c;
    }
    return os << "\"";
}

struct message_options {
    /// For a stream: Content-Length always, nothing before the start line or after the body.
    bool stream = false;
    /// Header fields besides Content-Length: 0 to max_headers.
    int max_headers = 40;
};

enum class eol_style { crlf, lf, mixed };

inline std::string random_case(std::string s) {
    for (char& c : s)
        if (*rc::gen::inRange(0, 2) == 0)
            c = sipkit::to_lower(c);
        else if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
    return s;
}

/// A valid SIP message (RFC 3261 §7) with its wire form rendered.
inline rc::Gen<generated_message> gen_message(message_options options = {}) {
    return rc::gen::exec([options] {
        generated_message m;
        const auto style = *rc::gen::weightedElement<eol_style>(
            {{7, eol_style::crlf}, {1, eol_style::lf}, {2, eol_style::mixed}});
        const auto eol = [style]() -> std::string {
            switch (style) {
                case eol_style::crlf:
                    return "\r\n";
                case eol_style::lf:
                    return "\n";
                case eol_style::mixed:
                    break;
            }
            return *rc::gen::element<std::string>("\r\n", "\n");
        };

        // Start line: RFC 3261 §7.1 Request-Line / §7.2 Status-Line.
        m.request = *rc::gen::inRange(0, 3) != 0;
        m.version = *rc::gen::weightedOneOf<std::string>({
            {8, rc::gen::just(std::string("SIP/2.0"))},
            {1, rc::gen::just(std::string("sip/2.0"))},
            {1, rc::gen::exec([] {
                 return "SIP/" + *gen_string_of(digit_chars, 1, 3) + "." +
                        *gen_string_of(digit_chars, 1, 3);
             })},
        });
        if (m.request) {
            m.method = *rc::gen::weightedOneOf<std::string>({
                {2, rc::gen::element<std::string>("INVITE", "ACK", "BYE", "CANCEL", "REGISTER",
                                                  "OPTIONS", "PRACK", "SUBSCRIBE", "NOTIFY",
                                                  "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE")},
                {1, gen_token(1, 12)},
            });
            m.uri = *gen_request_uri();
        } else {
            m.status = *rc::gen::inRange(100, 700);
            m.reason = *rc::gen::weightedOneOf<std::string>(
                {{1, rc::gen::just(std::string())}, {4, gen_text(24)}});
            m.reason_separator = !m.reason.empty() || *rc::gen::inRange(0, 2) == 0;
        }
        if (!options.stream && *rc::gen::inRange(0, 5) == 0) {
            const auto n = *rc::gen::inRange(1, 3);
            for (int i = 0; i < n; ++i)
                m.leading += eol();
        }
        m.start_line_end = eol();

        // Header fields: RFC 3261 §7.3.
        // Mostly a handful of fields, now and then up to max_headers.
        const int few = std::min(options.max_headers, 8);
        const auto count =
            *rc::gen::weightedOneOf<int>({{3, rc::gen::inRange(0, few + 1)},
                                          {1, rc::gen::inRange(few, options.max_headers + 1)}});
        for (int i = 0; i < count; ++i) {
            generated_header h;
            if (*rc::gen::inRange(0, 4) != 0) {
                const known_header k = *rc::gen::suchThat(
                    rc::gen::elementOf(known_headers), [](const known_header& x) {
                        return x.id != sipkit::header_id::content_length;
                    });
                h.id = k.id;
                const auto form = *rc::gen::inRange(0, 5);
                if (form == 1 && !k.compact.empty())
                    h.name = std::string(k.compact);
                else if (form == 2)
                    h.name = random_case(std::string(k.name));
                else if (form == 3 && !k.compact.empty())
                    h.name = random_case(std::string(k.compact));
                else
                    h.name = std::string(k.name);
            } else {
                h.name = *rc::gen::suchThat(gen_token(1, 20), [](const std::string& n) {
                    return expected_id(n) == sipkit::header_id::other;
                });
                h.id = sipkit::header_id::other;
            }
            h.value = *gen_header_value();
            // Fold at some of the value's inner whitespace (RFC 3261 §7.3.1).
            std::string folded;
            for (std::size_t j = 0; j < h.value.size(); ++j) {
                if ((h.value[j] == ' ' || h.value[j] == '\t') && *rc::gen::inRange(0, 5) == 0)
                    folded += eol();
                folded += h.value[j];
            }
            h.value = folded;
            h.before_colon =
                *rc::gen::weightedElement<std::string>({{6, ""}, {2, " "}, {1, "\t"}, {1, "  "}});
            switch (*rc::gen::inRange(0, 10)) {
                case 0:
                    h.after_colon = "";
                    break;
                case 1:
                    h.after_colon = "  ";
                    break;
                case 2:
                    h.after_colon = "\t";
                    break;
                case 3:
                    h.after_colon = " \t";
                    break;
                case 4:
                    h.after_colon = eol() + " ";
                    break;
                case 5:
                    h.after_colon = " " + eol() + "\t";
                    break;
                default:
                    h.after_colon = " ";
                    break;
            }
            h.after_value = *rc::gen::weightedElement<std::string>({{8, ""}, {1, " "}, {1, "\t "}});
            h.line_end = eol();
            m.headers.push_back(std::move(h));
        }

        // Body: RFC 3261 §7.4, framed by Content-Length or (datagram) by the end of input.
        m.body = *rc::gen::weightedOneOf<std::string>(
            {{1, rc::gen::just(std::string())}, {3, gen_bytes(80)}});
        m.has_content_length = options.stream || *rc::gen::inRange(0, 5) != 0;
        if (m.has_content_length) {
            const auto copies =
                *rc::gen::inRange(0, 8) == 0 ? 2 : 1; // agreeing repeats still frame
            for (int c = 0; c < copies; ++c) {
                generated_header h;
                h.name = *rc::gen::element<std::string>("Content-Length", "l", "content-length",
                                                        "L", "CONTENT-LENGTH");
                h.id = sipkit::header_id::content_length;
                h.value = std::string(static_cast<std::size_t>(*rc::gen::inRange(0, 5) == 0), '0') +
                          std::to_string(m.body.size());
                h.before_colon = *rc::gen::weightedElement<std::string>({{4, ""}, {1, " "}});
                h.after_colon =
                    *rc::gen::weightedElement<std::string>({{4, " "}, {1, ""}, {1, "\t"}});
                h.after_value = *rc::gen::weightedElement<std::string>({{4, ""}, {1, " "}});
                h.line_end = eol();
                const auto at = *rc::gen::inRange<std::size_t>(0, m.headers.size() + 1);
                m.headers.insert(m.headers.begin() + static_cast<std::ptrdiff_t>(at), std::move(h));
            }
            if (!options.stream && *rc::gen::inRange(0, 4) == 0)
                m.trailing = *gen_bytes(12);
        }
        m.end_of_headers = eol();
        m.render();
        return m;
    });
}

} // namespace sipkit_test

namespace rc {
template <>
struct Arbitrary<sipkit_test::generated_message> {
    static Gen<sipkit_test::generated_message> arbitrary() { return sipkit_test::gen_message(); }
};
} // namespace rc
