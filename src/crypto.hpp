// Thin wrappers over OpenSSL's libcrypto: the hashes, ed25519 and the constant-time comparison.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace ashbyknit::detail {

using sha256_digest = std::array<unsigned char, 32>;
/// An ed25519 private key in its 32-byte seed form, or a public key (RFC 8032).
using ed25519_key = std::array<unsigned char, 32>;
using ed25519_signature = std::array<unsigned char, 64>;

/// HMAC-SHA256 of `message` under `key` into `out`; false if libcrypto fails. Thread-safe.
bool hmac_sha256(std::string_view key, std::string_view message, sha256_digest &out) noexcept;

/// SHA-256 of `data` into `out`; false if libcrypto fails. Thread-safe.
bool sha256(std::string_view data, sha256_digest &out) noexcept;

/// The public key of the private key `seed` into `out`; false if libcrypto fails. Thread-safe.
bool ed25519_public_key(const ed25519_key &seed, ed25519_key &out) noexcept;

/// The ed25519 signature of `message` under the private key `seed` into `out`; false if libcrypto
/// fails. Thread-safe.
bool ed25519_sign(const ed25519_key &seed, std::string_view message, ed25519_signature &out) noexcept;

/// True when `signature` is a valid ed25519 signature of `message` under `public_key`; false for
/// anything else, a failure of libcrypto included. Thread-safe.
bool ed25519_verify(const ed25519_key &public_key, std::string_view message, std::string_view signature) noexcept;

/// True when the two views are equal. Takes the same time whatever their content (only their
/// lengths, which are not secret, decide when it returns early).
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

}  // namespace ashbyknit::detail
