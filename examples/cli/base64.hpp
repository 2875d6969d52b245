// Standard base64 (RFC 4648 section 4, with '=' padding), for the HTTP Basic credentials that
// `ashbyknit call` sends as Ashby does. The library's own codec is internal to it.
#pragma once

#include <string>
#include <string_view>

namespace ashbyknit::cli {

/// `bytes` in standard base64: the alphabet A-Z a-z 0-9 + /, padded with '=' to a multiple of 4.
std::string base64_encode(std::string_view bytes);

}  // namespace ashbyknit::cli
