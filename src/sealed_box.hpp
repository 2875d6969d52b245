// Authenticated encryption of short secrets at rest (the Ashby API keys the store keeps): AES-256-GCM
// through OpenSSL's EVP API, in a self-describing text form ("v1." + base64url) that fits a text
// column.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "ashbyknit/result.hpp"
#include "ashbyknit/sources.hpp"

namespace ashbyknit::detail {

/// Bytes in an AES-256-GCM key.
inline constexpr std::size_t aes_256_gcm_key_bytes = 32;
/// Bytes in the nonce seal draws (96 bits: GCM's native size, used as is rather than hashed).
inline constexpr std::size_t aes_256_gcm_nonce_bytes = 12;
/// Bytes in a GCM authentication tag (the full 128 bits; never truncated).
inline constexpr std::size_t aes_256_gcm_tag_bytes = 16;

/// AES-256-GCM of `plaintext` under `key` (aes_256_gcm_key_bytes) and `nonce`
/// (aes_256_gcm_nonce_bytes), authenticating `aad` as well. Replaces `out` with ciphertext || tag
/// (plaintext.size() + aes_256_gcm_tag_bytes bytes) and returns true; returns false, leaving `out`
/// empty, for a key or nonce of another size or when libcrypto fails. A nonce must never be used
/// twice under one key: callers draw it from a CSPRNG (see seal). Thread-safe.
bool aes_256_gcm_encrypt(std::string_view key, std::string_view nonce, std::string_view aad,
                         std::string_view plaintext, std::string &out);

/// What aes_256_gcm_decrypt found.
enum class gcm_decrypt_outcome {
  opened,    ///< the text is authentic; `out` holds the plaintext
  rejected,  ///< the tag does not match: another key, nonce or aad, or a tampered text
  failed,    ///< a key, nonce or text of an impossible size, or libcrypto itself failed
};

/// Reverses aes_256_gcm_encrypt: `sealed` is ciphertext || tag. Replaces `out` with the plaintext
/// only when the tag matches; otherwise leaves `out` empty and wipes whatever it decrypted before
/// the check, so unauthenticated plaintext never escapes. Thread-safe.
gcm_decrypt_outcome aes_256_gcm_decrypt(std::string_view key, std::string_view nonce, std::string_view aad,
                                        std::string_view sealed, std::string &out);

/// Encrypts `plaintext` under `key` (32 bytes) with AES-256-GCM, a fresh 96-bit nonce drawn from
/// `random`, and `context` as additional authenticated data (binds the text to, e.g., its
/// integration, so a sealed value copied to another row does not open there).
/// Returns "v1." + base64url without padding of (nonce || ciphertext || 16-byte tag): the caller
/// owns the string, which reveals the plaintext's length but nothing else.
/// error_code::invalid_argument for a key that is not 32 bytes; error_code::internal when the
/// random source or libcrypto fails. Thread-safe when `random` may be called from the calling
/// thread.
result<std::string> seal(std::string_view key, std::string_view context, std::string_view plaintext,
                         const random_source &random);

/// Reverses seal: the plaintext, owned by the caller, only when `sealed` was made by seal under
/// the same `key` and `context`. error_code::store_error for another key, another context, a bad
/// prefix, encoding or length, or a tampered text; error_code::invalid_argument for a key that is
/// not 32 bytes; error_code::internal when libcrypto fails. Messages never contain the key, the
/// context, the sealed text or the plaintext. Thread-safe.
result<std::string> open_sealed(std::string_view key, std::string_view context, std::string_view sealed);

}  // namespace ashbyknit::detail
