#include "ashbyknit/standard_webhooks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <optional>

#include "base_encoding.hpp"
#include "crypto.hpp"

namespace ashbyknit {
namespace {

constexpr std::string_view shared_secret_prefix = "whsec_";
constexpr std::string_view signing_key_prefix = "whsk_";
constexpr std::string_view public_key_prefix = "whpk_";
constexpr std::size_t min_secret_bytes = 24;
constexpr std::size_t max_secret_bytes = 64;
constexpr std::size_t new_secret_bytes = 32;

enum class key_kind { shared_secret, signing_key, public_key };

/// A key's kind and its decoded bytes.
struct parsed_key {
  key_kind kind;
  std::string bytes;
};

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

/// The key `text`, or nothing when it is not one of the three forms.
std::optional<parsed_key> parse_key(std::string_view text) {
  parsed_key key{key_kind::shared_secret, {}};
  std::string_view encoded;
  if (starts_with(text, shared_secret_prefix)) {
    encoded = text.substr(shared_secret_prefix.size());
  } else if (starts_with(text, signing_key_prefix)) {
    key.kind = key_kind::signing_key;
    encoded = text.substr(signing_key_prefix.size());
  } else if (starts_with(text, public_key_prefix)) {
    key.kind = key_kind::public_key;
    encoded = text.substr(public_key_prefix.size());
  } else {
    return std::nullopt;
  }
  if (!detail::base64_decode(encoded, key.bytes)) return std::nullopt;
  const std::size_t size = key.bytes.size();
  const bool right_size = key.kind == key_kind::shared_secret ? size >= min_secret_bytes && size <= max_secret_bytes
                                                              : size == detail::ed25519_key{}.size();
  if (!right_size) return std::nullopt;
  return key;
}

/// Every key of `keys`, parsed, or the position of the first that is not a key of an allowed kind.
result<std::vector<parsed_key>> parse_keys(const std::vector<std::string> &keys, bool for_signing) {
  if (keys.empty()) return error{error_code::invalid_argument, "No Standard Webhooks key is given."};
  std::vector<parsed_key> parsed;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    auto key = parse_key(keys[i]);
    if (!key || (for_signing && key->kind == key_kind::public_key)) {
      return error{error_code::invalid_argument,
                   fmt::format("Key {} is not a Standard Webhooks {}: {} followed by base64 of the right length.",
                               i + 1, for_signing ? "signing key" : "key",
                               for_signing ? "whsec_ or whsk_" : "whsec_, whsk_ or whpk_")};
    }
    parsed.push_back(std::move(*key));
  }
  return parsed;
}

detail::ed25519_key key_bytes(const std::string &bytes) {
  detail::ed25519_key key{};
  std::copy(bytes.begin(), bytes.end(), key.begin());
  return key;
}

/// The bytes a signature covers.
std::string signed_content(std::string_view id, std::string_view timestamp, std::string_view body) {
  std::string content;
  content.reserve(id.size() + timestamp.size() + body.size() + 2);
  content.append(id).append(1, '.').append(timestamp).append(1, '.').append(body);
  return content;
}

/// The base64 v1 signature of `content` under a shared secret; nothing when libcrypto fails.
std::optional<std::string> v1_signature(const std::string &secret, std::string_view content) {
  detail::sha256_digest mac{};
  if (!detail::hmac_sha256(secret, content, mac)) return std::nullopt;
  return detail::base64_encode(mac.data(), mac.size());
}

/// The public key of a parsed signing or public key; nothing when libcrypto fails.
std::optional<detail::ed25519_key> public_key_of(const parsed_key &key) {
  detail::ed25519_key public_key = key_bytes(key.bytes);
  if (key.kind == key_kind::signing_key && !detail::ed25519_public_key(key_bytes(key.bytes), public_key)) {
    return std::nullopt;
  }
  return public_key;
}

error crypto_failed() { return error{error_code::internal, "The crypto library failed."}; }

/// What the entries of one webhook-signature are checked against: the v1 signature each shared
/// secret gives the content, and the public key of each other key, each worked out once.
struct expected_signatures {
  std::vector<std::string> v1;
  std::vector<detail::ed25519_key> public_keys;
};

/// The expectations of `keys` for `content`; nothing when libcrypto fails.
std::optional<expected_signatures> expect(const std::vector<parsed_key> &keys, std::string_view content) {
  expected_signatures expected;
  for (const parsed_key &key : keys) {
    if (key.kind == key_kind::shared_secret) {
      auto signature = v1_signature(key.bytes, content);
      if (!signature) return std::nullopt;
      expected.v1.push_back(std::move(*signature));
    } else {
      const auto public_key = public_key_of(key);
      if (!public_key) return std::nullopt;
      expected.public_keys.push_back(*public_key);
    }
  }
  return expected;
}

/// True when the entry "version,signature" verifies over `content` as `expected` says.
bool entry_verifies(std::string_view entry, const expected_signatures &expected, std::string_view content) {
  const std::size_t comma = entry.find(',');
  if (comma == std::string_view::npos) return false;
  const std::string_view version = entry.substr(0, comma);
  const std::string_view signature = entry.substr(comma + 1);
  if (version == "v1") {
    return std::any_of(expected.v1.begin(), expected.v1.end(),
                       [&](const std::string &v1) { return detail::constant_time_equal(v1, signature); });
  }
  std::string decoded;
  if (version != "v1a" || !detail::base64_decode(signature, decoded)) return false;
  return std::any_of(expected.public_keys.begin(), expected.public_keys.end(),
                     [&](const detail::ed25519_key &key) { return detail::ed25519_verify(key, content, decoded); });
}

/// The timestamp's unix seconds, or nothing unless it is plain decimal digits.
std::optional<std::int64_t> unix_seconds(std::string_view text) {
  std::int64_t seconds = 0;
  const char *end = text.data() + text.size();
  const auto parsed = std::from_chars(text.data(), end, seconds);
  if (text.empty() || text.front() == '-' || parsed.ec != std::errc{} || parsed.ptr != end) return std::nullopt;
  return seconds;
}

}  // namespace

result<std::string> standard_webhook_secret_new(const random_source &random) {
  unsigned char bytes[new_secret_bytes];
  if (!random(bytes, sizeof bytes)) return error{error_code::internal, "The random source failed."};
  return std::string(shared_secret_prefix) + detail::base64_encode(bytes, sizeof bytes);
}

result<standard_webhook_key_pair> standard_webhook_key_pair_new(const random_source &random) {
  detail::ed25519_key seed{};
  detail::ed25519_key public_key{};
  if (!random(seed.data(), seed.size())) return error{error_code::internal, "The random source failed."};
  if (!detail::ed25519_public_key(seed, public_key)) return crypto_failed();
  return standard_webhook_key_pair{
      std::string(signing_key_prefix) + detail::base64_encode(seed.data(), seed.size()),
      std::string(public_key_prefix) + detail::base64_encode(public_key.data(), public_key.size())};
}

result<std::string> standard_webhook_public_key(std::string_view signing_key) {
  const auto key = parse_key(signing_key);
  if (!key || key->kind != key_kind::signing_key) {
    return error{error_code::invalid_argument, "The key is not a Standard Webhooks signing key (whsk_...)."};
  }
  const auto public_key = public_key_of(*key);
  if (!public_key) return crypto_failed();
  return std::string(public_key_prefix) + detail::base64_encode(public_key->data(), public_key->size());
}

status standard_webhook_check_signing_keys(const std::vector<std::string> &keys) {
  auto parsed = parse_keys(keys, true);
  if (!parsed.ok()) return parsed.failure();
  return {};
}

status standard_webhook_check_verifying_keys(const std::vector<std::string> &keys) {
  auto parsed = parse_keys(keys, false);
  if (!parsed.ok()) return parsed.failure();
  return {};
}

result<std::string> standard_webhook_sign(const std::vector<std::string> &keys,
                                          const standard_webhook_message &message) {
  auto parsed = parse_keys(keys, true);
  if (!parsed.ok()) return std::move(parsed).failure();
  const std::string content = signed_content(message.id, std::to_string(message.timestamp_s), message.body);
  std::string header;
  for (const parsed_key &key : parsed.value()) {
    if (!header.empty()) header += ' ';
    if (key.kind == key_kind::shared_secret) {
      const auto signature = v1_signature(key.bytes, content);
      if (!signature) return crypto_failed();
      header.append("v1,").append(*signature);
    } else {
      detail::ed25519_signature signature{};
      if (!detail::ed25519_sign(key_bytes(key.bytes), content, signature)) return crypto_failed();
      header.append("v1a,").append(detail::base64_encode(signature.data(), signature.size()));
    }
  }
  return header;
}

status standard_webhook_verify(const std::vector<std::string> &keys, const standard_webhook_headers &headers,
                               std::string_view body, std::int64_t now_s, std::int64_t tolerance_s) {
  if (tolerance_s < 0) return error{error_code::invalid_argument, "The timestamp tolerance is negative."};
  auto parsed = parse_keys(keys, false);
  if (!parsed.ok()) return parsed.failure();
  for (const auto &[name, value] :
       {std::pair{"webhook-id", headers.id}, std::pair{"webhook-timestamp", headers.timestamp},
        std::pair{"webhook-signature", headers.signature}}) {
    if (value.empty()) return error{error_code::unauthenticated, fmt::format("The {} header is missing.", name)};
  }
  const auto timestamp = unix_seconds(headers.timestamp);
  if (!timestamp) return error{error_code::unauthenticated, "The webhook-timestamp header is not unix seconds."};
  // The distance in unsigned arithmetic, which holds the difference of any two int64 values.
  const bool ahead = *timestamp > now_s;
  const auto distance = ahead ? static_cast<std::uint64_t>(*timestamp) - static_cast<std::uint64_t>(now_s)
                              : static_cast<std::uint64_t>(now_s) - static_cast<std::uint64_t>(*timestamp);
  if (distance > static_cast<std::uint64_t>(tolerance_s)) {
    return error{error_code::unauthenticated,
                 fmt::format("The webhook-timestamp is {} s {} the clock, beyond the tolerance of {} s.", distance,
                             ahead ? "ahead of" : "behind", tolerance_s)};
  }
  const std::string content = signed_content(headers.id, headers.timestamp, body);
  const auto expected = expect(parsed.value(), content);
  if (!expected) return crypto_failed();
  std::string_view entries = headers.signature;
  while (!entries.empty()) {
    const std::size_t space = entries.find(' ');
    if (entry_verifies(entries.substr(0, space), *expected, content)) return {};
    entries = space == std::string_view::npos ? std::string_view{} : entries.substr(space + 1);
  }
  return error{error_code::unauthenticated, "No signature in webhook-signature verifies under the keys given."};
}

}  // namespace ashbyknit
