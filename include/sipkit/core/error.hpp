// sipkit error codes: one enumerator per distinct failure, with its own std::error_category.
#pragma once

#include <string>
#include <system_error>

/// The typed-header errors: one per RFC 3261 §20 header (Content-Length has its own above).
/// X(enumerator, header name, section)
#define SIPKIT_TYPED_HEADER_ERRORS(X)                                                              \
    X(accept_invalid, "Accept", "20.1")                                                            \
    X(accept_encoding_invalid, "Accept-Encoding", "20.2")                                          \
    X(accept_language_invalid, "Accept-Language", "20.3")                                          \
    X(alert_info_invalid, "Alert-Info", "20.4")                                                    \
    X(allow_invalid, "Allow", "20.5")                                                              \
    X(authentication_info_invalid, "Authentication-Info", "20.6")                                  \
    X(authorization_invalid, "Authorization", "20.7")                                              \
    X(call_id_invalid, "Call-ID", "20.8")                                                          \
    X(call_info_invalid, "Call-Info", "20.9")                                                      \
    X(contact_invalid, "Contact", "20.10")                                                         \
    X(content_disposition_invalid, "Content-Disposition", "20.11")                                 \
    X(content_encoding_invalid, "Content-Encoding", "20.12")                                       \
    X(content_language_invalid, "Content-Language", "20.13")                                       \
    X(content_type_invalid, "Content-Type", "20.15")                                               \
    X(cseq_invalid, "CSeq", "20.16")                                                               \
    X(date_invalid, "Date", "20.17")                                                               \
    X(error_info_invalid, "Error-Info", "20.18")                                                   \
    X(expires_invalid, "Expires", "20.19")                                                         \
    X(from_invalid, "From", "20.20")                                                               \
    X(in_reply_to_invalid, "In-Reply-To", "20.21")                                                 \
    X(max_forwards_invalid, "Max-Forwards", "20.22")                                               \
    X(mime_version_invalid, "MIME-Version", "20.24")                                               \
    X(min_expires_invalid, "Min-Expires", "20.23")                                                 \
    X(organization_invalid, "Organization", "20.25")                                               \
    X(priority_invalid, "Priority", "20.26")                                                       \
    X(proxy_authenticate_invalid, "Proxy-Authenticate", "20.27")                                   \
    X(proxy_authorization_invalid, "Proxy-Authorization", "20.28")                                 \
    X(proxy_require_invalid, "Proxy-Require", "20.29")                                             \
    X(record_route_invalid, "Record-Route", "20.30")                                               \
    X(reply_to_invalid, "Reply-To", "20.31")                                                       \
    X(require_invalid, "Require", "20.32")                                                         \
    X(retry_after_invalid, "Retry-After", "20.33")                                                 \
    X(route_invalid, "Route", "20.34")                                                             \
    X(server_invalid, "Server", "20.35")                                                           \
    X(subject_invalid, "Subject", "20.36")                                                         \
    X(supported_invalid, "Supported", "20.37")                                                     \
    X(timestamp_invalid, "Timestamp", "20.38")                                                     \
    X(to_invalid, "To", "20.39")                                                                   \
    X(unsupported_invalid, "Unsupported", "20.40")                                                 \
    X(user_agent_invalid, "User-Agent", "20.41")                                                   \
    X(via_invalid, "Via", "20.42")                                                                 \
    X(warning_invalid, "Warning", "20.43")                                                         \
    X(www_authenticate_invalid, "WWW-Authenticate", "20.44")

namespace sipkit {

/// Every failure sipkit reports. Each value names what was wrong; message() says it in a sentence.
enum class errc : int {
    // Framing and size limits
    empty_message = 1,
    message_too_large,
    too_many_headers,
    header_line_too_long,
    header_value_too_long,
    headers_incomplete,
    // Start line (RFC 3261 §7.1, §7.2)
    start_line_invalid,
    method_invalid,
    request_uri_invalid,
    version_invalid,
    status_code_invalid,
    reason_phrase_invalid,
    // Header fields (RFC 3261 §7.3)
    header_name_invalid,
    header_colon_missing,
    // Body and Content-Length (RFC 3261 §18.3, §20.14)
    content_length_invalid,
    content_length_negative,
    content_length_too_large,
    content_length_conflict,
    content_length_missing,
    body_truncated,
    // Stream framing (RFC 3261 §18.3, RFC 5626 §3.5.1)
    stream_garbage,
    // Grammar scanners
    token_invalid,
    quoted_string_unterminated,
    quoted_string_invalid,
    quoted_pair_invalid,
    utf8_invalid,
    host_invalid,
    port_invalid,
    parameter_invalid,
    number_invalid,
    number_out_of_range,
    // URIs (RFC 3261 §19.1, §25.1; RFC 3966; RFC 3986)
    uri_scheme_invalid,
    uri_escape_invalid,
    uri_userinfo_invalid,
    uri_header_invalid,
    uri_character_invalid,
    uri_parameter_value_invalid,
    uri_component_not_allowed,
    tel_number_invalid,
    tel_phone_context_missing,
    // Transactions (RFC 3261 §17)
    transaction_not_found,
    transaction_exists,
    transaction_refused,
    // Typed headers (RFC 3261 §20, §25.1)
    header_missing,
#define SIPKIT_TYPED_HEADER_ENUMERATOR(name, header, section) name,
    SIPKIT_TYPED_HEADER_ERRORS(SIPKIT_TYPED_HEADER_ENUMERATOR)
#undef SIPKIT_TYPED_HEADER_ENUMERATOR
};

/// The first and last typed-header error: a code in this range names the header it is about.
inline constexpr errc first_typed_header_error = errc::accept_invalid;
inline constexpr errc last_typed_header_error = errc::www_authenticate_invalid;

namespace detail {

class error_category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "sipkit"; }

    std::string message(int value) const override { return describe(static_cast<errc>(value)); }

    static const char* describe(errc e) noexcept {
        switch (e) {
            case errc::empty_message:
                return "the input holds no message";
            case errc::message_too_large:
                return "the message is larger than the size limit";
            case errc::too_many_headers:
                return "the message has more header fields than the limit";
            case errc::header_line_too_long:
                return "a header line is longer than the limit";
            case errc::header_value_too_long:
                return "a header value is longer than the limit";
            case errc::headers_incomplete:
                return "the header section does not end with an empty line";
            case errc::start_line_invalid:
                return "the start line is neither a Request-Line nor a Status-Line";
            case errc::method_invalid:
                return "the request method is not a token";
            case errc::request_uri_invalid:
                return "the Request-URI is not a URI";
            case errc::version_invalid:
                return "the SIP-Version is not of the form SIP/digits.digits";
            case errc::status_code_invalid:
                return "the Status-Code is not three digits from 100 to 699";
            case errc::reason_phrase_invalid:
                return "the Reason-Phrase holds a control character";
            case errc::header_name_invalid:
                return "a header name is not a token";
            case errc::header_colon_missing:
                return "a header line has no colon after its name";
            case errc::content_length_invalid:
                return "Content-Length is not a decimal number";
            case errc::content_length_negative:
                return "Content-Length is negative";
            case errc::content_length_too_large:
                return "Content-Length is larger than the size limit";
            case errc::content_length_conflict:
                return "the message has Content-Length headers with different values";
            case errc::content_length_missing:
                return "a message on a stream transport has no Content-Length";
            case errc::body_truncated:
                return "the body is shorter than Content-Length says";
            case errc::stream_garbage:
                return "the stream holds bytes that do not start a message";
            case errc::token_invalid:
                return "a token was expected";
            case errc::quoted_string_unterminated:
                return "a quoted string has no closing quote";
            case errc::quoted_string_invalid:
                return "a quoted string holds a control character outside a quoted-pair";
            case errc::quoted_pair_invalid:
                return "a backslash escapes a CR or LF";
            case errc::utf8_invalid:
                return "the text is not valid UTF-8";
            case errc::host_invalid:
                return "the host is not a hostname, IPv4 address or IPv6 reference";
            case errc::port_invalid:
                return "the port is not a number from 0 to 65535";
            case errc::parameter_invalid:
                return "a parameter is not name[=value]";
            case errc::number_invalid:
                return "a decimal number was expected";
            case errc::number_out_of_range:
                return "a number is larger than its rule allows";
            case errc::transaction_not_found:
                return "no live transaction has this handle (it has terminated, or it is not of "
                       "the kind the call needs)";
            case errc::transaction_exists:
                return "a live transaction already has this branch and method";
            case errc::transaction_refused:
                return "the transaction does not take this message in its current state";
            case errc::uri_scheme_invalid:
                return "the URI does not start with a scheme and a colon";
            case errc::uri_escape_invalid:
                return "a % in the URI is not followed by two hexadecimal digits";
            case errc::uri_userinfo_invalid:
                return "the user part of the URI is empty or holds a character that must be "
                       "escaped";
            case errc::uri_header_invalid:
                return "a URI header is not hname=hvalue";
            case errc::uri_character_invalid:
                return "the URI holds a character its grammar does not allow at that place";
            case errc::uri_parameter_value_invalid:
                return "a URI parameter has a value its grammar does not allow (such as ttl above "
                       "255)";
            case errc::uri_component_not_allowed:
                return "the URI holds a component its context does not allow (RFC 3261 Table 1)";
            case errc::tel_number_invalid:
                return "the tel URI number is neither a global nor a local number";
            case errc::tel_phone_context_missing:
                return "a local tel URI number has no phone-context parameter";
            case errc::header_missing:
                return "the message has no header field of the kind asked for";
#define SIPKIT_TYPED_HEADER_DESCRIPTION(name, header, section)                                     \
    case errc::name:                                                                               \
        return "the " header " header value does not follow its grammar (RFC 3261 §" section ")";
                SIPKIT_TYPED_HEADER_ERRORS(SIPKIT_TYPED_HEADER_DESCRIPTION)
#undef SIPKIT_TYPED_HEADER_DESCRIPTION
        }
        return "unknown sipkit error";
    }
};

} // namespace detail

/// The category of sipkit's error codes.
inline const std::error_category& error_category() noexcept {
    static const detail::error_category_impl instance;
    return instance;
}

inline std::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), error_category()};
}

/// The enumerator's name as written in the source (`header_colon_missing`), for logs and JSON.
constexpr const char* to_string(errc e) noexcept {
    switch (e) {
#define SIPKIT_ERRC_NAME(n)                                                                        \
    case errc::n:                                                                                  \
        return #n;
        SIPKIT_ERRC_NAME(empty_message)
        SIPKIT_ERRC_NAME(message_too_large)
        SIPKIT_ERRC_NAME(too_many_headers)
        SIPKIT_ERRC_NAME(header_line_too_long)
        SIPKIT_ERRC_NAME(header_value_too_long)
        SIPKIT_ERRC_NAME(headers_incomplete)
        SIPKIT_ERRC_NAME(start_line_invalid)
        SIPKIT_ERRC_NAME(method_invalid)
        SIPKIT_ERRC_NAME(request_uri_invalid)
        SIPKIT_ERRC_NAME(version_invalid)
        SIPKIT_ERRC_NAME(status_code_invalid)
        SIPKIT_ERRC_NAME(reason_phrase_invalid)
        SIPKIT_ERRC_NAME(header_name_invalid)
        SIPKIT_ERRC_NAME(header_colon_missing)
        SIPKIT_ERRC_NAME(content_length_invalid)
        SIPKIT_ERRC_NAME(content_length_negative)
        SIPKIT_ERRC_NAME(content_length_too_large)
        SIPKIT_ERRC_NAME(content_length_conflict)
        SIPKIT_ERRC_NAME(content_length_missing)
        SIPKIT_ERRC_NAME(body_truncated)
        SIPKIT_ERRC_NAME(stream_garbage)
        SIPKIT_ERRC_NAME(token_invalid)
        SIPKIT_ERRC_NAME(quoted_string_unterminated)
        SIPKIT_ERRC_NAME(quoted_string_invalid)
        SIPKIT_ERRC_NAME(quoted_pair_invalid)
        SIPKIT_ERRC_NAME(utf8_invalid)
        SIPKIT_ERRC_NAME(host_invalid)
        SIPKIT_ERRC_NAME(port_invalid)
        SIPKIT_ERRC_NAME(parameter_invalid)
        SIPKIT_ERRC_NAME(number_invalid)
        SIPKIT_ERRC_NAME(number_out_of_range)
        SIPKIT_ERRC_NAME(uri_scheme_invalid)
        SIPKIT_ERRC_NAME(uri_escape_invalid)
        SIPKIT_ERRC_NAME(uri_userinfo_invalid)
        SIPKIT_ERRC_NAME(uri_header_invalid)
        SIPKIT_ERRC_NAME(uri_character_invalid)
        SIPKIT_ERRC_NAME(uri_parameter_value_invalid)
        SIPKIT_ERRC_NAME(uri_component_not_allowed)
        SIPKIT_ERRC_NAME(tel_number_invalid)
        SIPKIT_ERRC_NAME(tel_phone_context_missing)
        SIPKIT_ERRC_NAME(transaction_not_found)
        SIPKIT_ERRC_NAME(transaction_exists)
        SIPKIT_ERRC_NAME(transaction_refused)
        SIPKIT_ERRC_NAME(header_missing)
#define SIPKIT_TYPED_HEADER_NAME(name, header, section) SIPKIT_ERRC_NAME(name)
        SIPKIT_TYPED_HEADER_ERRORS(SIPKIT_TYPED_HEADER_NAME)
#undef SIPKIT_TYPED_HEADER_NAME
#undef SIPKIT_ERRC_NAME
    }
    return "unknown";
}

/// A failure and where it was found: the byte offset into the input the operation was given.
struct error {
    errc code{};
    std::size_t offset = 0;

    std::error_code error_code() const noexcept { return make_error_code(code); }
    const char* name() const noexcept { return to_string(code); }
    std::string message() const { return detail::error_category_impl::describe(code); }

    friend bool operator==(const error&, const error&) = default;
};

} // namespace sipkit

template <>
struct std::is_error_code_enum<sipkit::errc> : std::true_type {};
