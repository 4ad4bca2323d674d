// parse_limits: the bounds every parse enforces against hostile or broken input.
#pragma once

#include <cstddef>

namespace sipkit {

/// Limits applied by parse_message and the stream framer. Exceeding one is an error, never a
/// crash or unbounded growth. The defaults admit every message of RFC 4475 and real-world
/// traffic with room to spare.
struct parse_limits {
    /// Whole message, start line to end of body. RFC 3261 §18.1.1 keeps UDP messages far
    /// below this; a stream message of this size is already suspicious.
    std::size_t max_message_size = 65535;
    /// Header fields (lines, not comma-separated values). At most message_view::capacity.
    std::size_t max_header_count = 128;
    /// One physical line of the header section, the start line included.
    std::size_t max_header_line_length = 8192;
    /// One header field's value with its folded continuation lines.
    std::size_t max_header_value_length = 16384;
};

} // namespace sipkit
