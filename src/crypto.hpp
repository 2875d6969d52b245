// Thin wrappers over OpenSSL's libcrypto: the hashes and the constant-time comparison.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace ashbyknit::detail {

using sha256_digest = std::array<unsigned char, 32>;

/// HMAC-SHA256 of `message` under `key` into `out`; false if libcrypto fails. Thread-safe.
bool hmac_sha256(std::string_view key, std::string_view message, sha256_digest &out) noexcept;

/// SHA-256 of `data` into `out`; false if libcrypto fails. Thread-safe.
bool sha256(std::string_view data, sha256_digest &out) noexcept;

/// True when the two views are equal. Takes the same time whatever their content (only their
/// lengths, which are not secret, decide when it returns early).
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

}  // namespace ashbyknit::detail
