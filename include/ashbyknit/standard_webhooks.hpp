// Standard Webhooks signatures (docs/protocol.md §6), an optional second scheme beside
// X-Knit-Signature: `webhook-signature` lists "v1,<base64 HMAC-SHA256>" and "v1a,<base64
// ed25519>" entries over `<webhook-id>.<webhook-timestamp>.<body>`.
//
// Keys are text with a prefix naming their kind: "whsec_" + base64 of 24 to 64 bytes, a secret
// shared with the receiver (signs and verifies v1); "whsk_" + base64 of a 32-byte ed25519 seed,
// the sender's signing key (signs v1a); "whpk_" + base64 of the 32-byte ed25519 public key, the
// receiver's (verifies v1a). Several keys sign at once, one entry each, so that a receiver can
// move to a new key without a gap.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ashbyknit/export.h"
#include "ashbyknit/result.hpp"
#include "ashbyknit/sources.hpp"

namespace ashbyknit {

/// How far a webhook-timestamp may be from the verifier's clock, either way, by default.
inline constexpr std::int64_t standard_webhook_default_tolerance_s = 300;

/// What a signature covers.
struct standard_webhook_message {
  std::string_view id;       ///< the webhook-id header: the eventId
  std::int64_t timestamp_s;  ///< the webhook-timestamp header: unix seconds of the attempt
  std::string_view body;     ///< the exact body bytes
};

/// An ed25519 key pair for v1a.
struct standard_webhook_key_pair {
  std::string signing_key;  ///< "whsk_...": the sender's, secret
  std::string public_key;   ///< "whpk_...": for receivers
};

/// A new shared secret, "whsec_" + base64 of 32 bytes from `random`. error_code::internal when
/// the source fails. Thread-safe when `random` is.
AK_API result<std::string> standard_webhook_secret_new(const random_source &random);

/// A new ed25519 key pair whose seed comes from `random`. error_code::internal when the source or
/// the crypto library fails. Thread-safe when `random` is.
AK_API result<standard_webhook_key_pair> standard_webhook_key_pair_new(const random_source &random);

/// The public key ("whpk_...") of `signing_key` ("whsk_..."). error_code::invalid_argument for any
/// other text. Thread-safe.
AK_API result<std::string> standard_webhook_public_key(std::string_view signing_key);

/// error_code::invalid_argument, naming the key by its position (never its text), unless every key
/// in `keys` is a "whsec_" or "whsk_" key; also when there is none. Thread-safe.
AK_API status standard_webhook_check_signing_keys(const std::vector<std::string> &keys);

/// As standard_webhook_check_signing_keys, for the keys that verify: "whsec_", "whsk_" or "whpk_".
/// Thread-safe.
AK_API status standard_webhook_check_verifying_keys(const std::vector<std::string> &keys);

/// The webhook-signature header of `message`: one entry per key of `keys`, in their order,
/// separated by single spaces: "v1,..." for a "whsec_" key, "v1a,..." for a "whsk_" key.
/// error_code::invalid_argument as standard_webhook_check_signing_keys says, error_code::internal
/// when the crypto library fails. Thread-safe.
AK_API result<std::string> standard_webhook_sign(const std::vector<std::string> &keys,
                                                 const standard_webhook_message &message);

/// The received headers that a verifier checks, as sent (none may be empty).
struct standard_webhook_headers {
  std::string_view id;         ///< webhook-id
  std::string_view timestamp;  ///< webhook-timestamp: decimal unix seconds
  std::string_view signature;  ///< webhook-signature: space-separated "version,signature" entries
};

/// Ok when `headers.timestamp` is within `tolerance_s` of `now_s` and some entry of
/// `headers.signature` verifies over `body` under some key of `keys`: a "whsec_" key checks v1
/// entries, a "whpk_" key (or a "whsk_" one, through its public key) checks v1a entries; other
/// versions are skipped. Fails with error_code::invalid_argument for no key or a malformed key
/// (named by its position) or a negative tolerance; error_code::unauthenticated, with a message
/// that says which, for a missing header, a timestamp that is not unix seconds or is out of
/// tolerance, or no signature that verifies; error_code::internal when the crypto library fails.
/// Works on the raw bytes and compares MACs in constant time. Thread-safe.
AK_API status standard_webhook_verify(const std::vector<std::string> &keys, const standard_webhook_headers &headers,
                                      std::string_view body, std::int64_t now_s,
                                      std::int64_t tolerance_s = standard_webhook_default_tolerance_s);

}  // namespace ashbyknit
