// sipkit: a header-only, sans-I/O C++20 toolkit for SIP (RFC 3261).
// The umbrella header: includes every public component.
#pragma once

#include <sipkit/core/ascii.hpp>
#include <sipkit/core/error.hpp>
#include <sipkit/core/limits.hpp>
#include <sipkit/core/result.hpp>
#include <sipkit/grammar/char_class.hpp>
#include <sipkit/grammar/quoted_string.hpp>
#include <sipkit/grammar/scanners.hpp>
#include <sipkit/grammar/uri_scanners.hpp>
#include <sipkit/message/cseq.hpp>
#include <sipkit/message/header_field.hpp>
#include <sipkit/message/header_name.hpp>
#include <sipkit/message/header_parameters.hpp>
#include <sipkit/message/message_view.hpp>
#include <sipkit/message/parse_message.hpp>
#include <sipkit/message/serialize.hpp>
#include <sipkit/message/typed_header.hpp>
#include <sipkit/transport/stream_framer.hpp>
#include <sipkit/uri/absolute_uri.hpp>
#include <sipkit/uri/escape.hpp>
#include <sipkit/uri/host.hpp>
#include <sipkit/uri/sip_uri.hpp>
#include <sipkit/uri/tel_uri.hpp>
#include <sipkit/uri/uri.hpp>
#include <sipkit/uri/uri_context.hpp>
#include <sipkit/uri/uri_parameters.hpp>
#include <sipkit/version.hpp>
