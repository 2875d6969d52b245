// The host's master key: it encrypts (AES-256-GCM) the Ashby API keys the store keeps. It lives
// outside the store (a file or the environment), so a copy of the store file alone reveals no key.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "ashbyknit/export.h"
#include "ashbyknit/result.hpp"
#include "ashbyknit/sources.hpp"

namespace ashbyknit {

/// Bytes in a master key.
inline constexpr std::size_t master_key_bytes = 32;

/// The 32 bytes of a master key written as 64 hexadecimal digits (either case), surrounding white
/// space (a file's final newline) ignored. error_code::invalid_argument for anything else, without
/// echoing the text. Thread-safe.
AK_API result<std::string> parse_master_key(std::string_view text);

/// A new master key from `random`, as 64 lowercase hexadecimal digits (the form parse_master_key
/// reads). error_code::internal when the random source fails.
AK_API result<std::string> generate_master_key(const random_source &random = system_random());

}  // namespace ashbyknit
