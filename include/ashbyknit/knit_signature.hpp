// The X-Knit-Signature header (docs/protocol.md §3.3): HMAC-SHA256 of the exact body bytes,
// base64url without '=' padding.
#pragma once

#include <string>
#include <string_view>

#include "ashbyknit/export.h"
#include "ashbyknit/result.hpp"

namespace ashbyknit {

/// The signature of `body` under `key`: 43 characters of base64url. Fails with
/// error_code::invalid_argument for an empty key, error_code::internal if the crypto library
/// fails. Thread-safe.
AK_API result<std::string> knit_sign(std::string_view key, std::string_view body);

/// True when `signature` is the signature of `body` under `key`. The signature is base64url,
/// with or without its one '=' of padding; the standard alphabet ('+', '/'), white space or any
/// other text gives false, and so does an empty key. Works on the raw bytes (never re-serialise
/// a body before verifying it) and compares in constant time. Thread-safe.
AK_API bool knit_verify(std::string_view key, std::string_view body, std::string_view signature) noexcept;

}  // namespace ashbyknit
