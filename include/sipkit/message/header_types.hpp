// header_types: the typed header type of each RFC 3261 §20 header_id, for code that handles
// headers generically (inspection, validation of every field, fuzzing).
#pragma once

#include <sipkit/core/result.hpp>
#include <sipkit/message/auth_params.hpp>
#include <sipkit/message/call_id.hpp>
#include <sipkit/message/codings.hpp>
#include <sipkit/message/content_disposition.hpp>
#include <sipkit/message/cseq.hpp>
#include <sipkit/message/date.hpp>
#include <sipkit/message/header_name.hpp>
#include <sipkit/message/info_headers.hpp>
#include <sipkit/message/media_type.hpp>
#include <sipkit/message/message_view.hpp>
#include <sipkit/message/name_addr.hpp>
#include <sipkit/message/product.hpp>
#include <sipkit/message/retry_after.hpp>
#include <sipkit/message/scalar_headers.hpp>
#include <sipkit/message/text_headers.hpp>
#include <sipkit/message/timestamp.hpp>
#include <sipkit/message/token_lists.hpp>
#include <sipkit/message/via.hpp>
#include <sipkit/message/warning.hpp>

namespace sipkit {

// X(type) for every typed header: the type's name is its header_id's name.
#define SIPKIT_TYPED_HEADERS(X)                                                                    \
    X(accept)                                                                                      \
    X(accept_encoding)                                                                             \
    X(accept_language)                                                                             \
    X(alert_info)                                                                                  \
    X(allow)                                                                                       \
    X(authentication_info)                                                                         \
    X(authorization)                                                                               \
    X(call_id)                                                                                     \
    X(call_info)                                                                                   \
    X(contact)                                                                                     \
    X(content_disposition)                                                                         \
    X(content_encoding)                                                                            \
    X(content_language)                                                                            \
    X(content_length)                                                                              \
    X(content_type)                                                                                \
    X(cseq)                                                                                        \
    X(date)                                                                                        \
    X(error_info)                                                                                  \
    X(expires)                                                                                     \
    X(from)                                                                                        \
    X(in_reply_to)                                                                                 \
    X(max_forwards)                                                                                \
    X(mime_version)                                                                                \
    X(min_expires)                                                                                 \
    X(organization)                                                                                \
    X(priority)                                                                                    \
    X(proxy_authenticate)                                                                          \
    X(proxy_authorization)                                                                         \
    X(proxy_require)                                                                               \
    X(record_route)                                                                                \
    X(reply_to)                                                                                    \
    X(require)                                                                                     \
    X(retry_after)                                                                                 \
    X(route)                                                                                       \
    X(server)                                                                                      \
    X(subject)                                                                                     \
    X(supported)                                                                                   \
    X(timestamp)                                                                                   \
    X(to)                                                                                          \
    X(unsupported)                                                                                 \
    X(user_agent)                                                                                  \
    X(via)                                                                                         \
    X(warning)                                                                                     \
    X(www_authenticate)

/// The number of typed header types (every RFC 3261 §20 header).
inline constexpr std::size_t typed_header_count = [] {
    std::size_t n = 0;
#define SIPKIT_COUNT_TYPED_HEADER(type) ++n;
    SIPKIT_TYPED_HEADERS(SIPKIT_COUNT_TYPED_HEADER)
#undef SIPKIT_COUNT_TYPED_HEADER
    return n;
}();

/// Calls `f.template operator()<H>()` with the typed header type H of `id` (a lambda
/// `[&]<class H>() { ... }` does) and returns true; returns false, calling nothing, for
/// header_id::other and extension headers sipkit keeps raw.
template <class F>
constexpr bool visit_header_type(header_id id, F&& f) {
    switch (id) {
#define SIPKIT_VISIT_TYPED_HEADER(type)                                                            \
    case header_id::type:                                                                          \
        static_assert(type::id == header_id::type);                                                \
        f.template operator()<type>();                                                             \
        return true;
        SIPKIT_TYPED_HEADERS(SIPKIT_VISIT_TYPED_HEADER)
#undef SIPKIT_VISIT_TYPED_HEADER
        default:
            return false;
    }
}

/// Parses every value of every typed header in `m` and returns the first failure (in message
/// order), naming the header and its offset in the parsed input. Strict: validate_request
/// checks only the headers an element relies on, so a bad Date does not stop a proxy.
inline result<void> check_typed_headers(const message_view& m) {
    for (const header_field field : m.headers()) {
        sipkit::error failure{};
        bool failed = false;
        visit_header_type(field.id, [&]<class H>() {
            const auto check = [&](std::string_view value) {
                if (failed)
                    return;
                const std::size_t at =
                    field.offset + static_cast<std::size_t>(value.data() - field.name.data());
                if (const auto r = parse_header<H>(value, at); !r) {
                    failure = r.error();
                    failed = true;
                }
            };
            if constexpr (H::list) {
                for (const std::string_view element : comma_values(field.value))
                    check(element);
            } else {
                check(field.value);
            }
        });
        if (failed)
            return unexpected(failure);
    }
    return {};
}

} // namespace sipkit
