// Per-integration secret keys (docs/protocol.md §4): issue, hash, and check a presented key against
// a hash.
//
// A key is `aksk_`, 43 characters of [A-Za-z0-9] (256 bits from the CSPRNG) and a 6-character
// CRC-32 checksum of the rest in the same alphabet, 54 characters in all: a secret scanner can
// find it by its prefix, and a mistyped key is refused before any lookup. Hosts store only the
// key hash, `sha256:` followed by the 64 lower-case hex digits of SHA-256 over the key; the key
// itself is shown once and never kept. A plain hash suits keys of 256 random bits: no dictionary
// or brute force reaches them, and it lets the store look a presented key up by its hash.
#pragma once

#include <string>
#include <string_view>

#include "ashbyknit/export.h"
#include "ashbyknit/result.hpp"
#include "ashbyknit/sources.hpp"

namespace ashbyknit {

/// Every secret key starts with this.
inline constexpr std::string_view secret_key_prefix = "aksk_";

/// What issuing a key produces: Knit's {secretKey, baseUrl} pair, plus the hash to store.
struct issued_secret {
  std::string secret_key;  ///< hand to Ashby once, then forget
  std::string base_url;    ///< the normalised public base URL, ending in '/'
  std::string key_hash;    ///< what the host stores
};

/// Issues a new key for `integration_id` (1 to 128 characters of [A-Za-z0-9._-]), with
/// `public_base_url` (absolute http or https, no query or fragment) normalised to end in '/'.
/// Fails with error_code::invalid_argument naming the bad argument, or error_code::internal when
/// the random source fails. Thread-safe when `random` is.
AK_API result<issued_secret> issue_secret(std::string_view integration_id, std::string_view public_base_url,
                                   const random_source &random = system_random());

/// Checks an integration id: 1 to 128 characters of [A-Za-z0-9._-]. Fails with
/// error_code::invalid_argument. Thread-safe.
AK_API status check_integration_id(std::string_view integration_id);

/// Checks a base URL as issue_secret does and returns it ending in '/'. Fails with
/// error_code::invalid_argument. Thread-safe.
AK_API result<std::string> normalise_base_url(std::string_view public_base_url);

/// Checks the shape of a key (prefix, length, alphabet, checksum) without hashing it. Fails with
/// error_code::unauthenticated and a message that names the defect but never repeats the key.
/// Thread-safe.
AK_API status check_secret_key_format(std::string_view secret_key);

/// The key hash of a well-formed key. Fails as check_secret_key_format does. Thread-safe.
AK_API result<std::string> hash_secret_key(std::string_view secret_key);

/// True when `presented_key` is well-formed and its hash equals `key_hash`. The comparison of
/// the hashes takes the same time whatever their content. A malformed key, or a hash that is not
/// a well-formed `sha256:` hash, gives false. Thread-safe.
AK_API bool secret_matches(std::string_view presented_key, std::string_view key_hash) noexcept;

}  // namespace ashbyknit
