#include "ashbyknit/secrets.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>

#include "base_encoding.hpp"
#include "crypto.hpp"
#include "http_url.hpp"

namespace ashbyknit {
namespace {

constexpr std::size_t random_chars = 43;    // 43 * log2(62) = 256.03 bits
constexpr std::size_t checksum_chars = 6;   // 62^6 > 2^32: any CRC-32 fits
constexpr std::size_t key_length = secret_key_prefix.size() + random_chars + checksum_chars;
constexpr std::string_view hash_prefix = "sha256:";
constexpr std::size_t max_integration_id_length = 128;

std::uint32_t crc32(std::string_view data) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> entries{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t value = i;
      for (int bit = 0; bit < 8; ++bit) value = (value & 1) ? 0xEDB88320u ^ (value >> 1) : value >> 1;
      entries[i] = value;
    }
    return entries;
  }();
  std::uint32_t crc = 0xFFFFFFFFu;
  for (const char c : data) crc = table[(crc ^ static_cast<unsigned char>(c)) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

/// The checksum of everything before it: CRC-32 in base 62, six digits, most significant first.
std::string checksum_of(std::string_view key_body) {
  std::string digits(checksum_chars, '0');
  std::uint32_t value = crc32(key_body);
  for (std::size_t i = checksum_chars; i-- > 0; value /= 62) digits[i] = detail::alphanumerics[value % 62];
  return digits;
}

bool is_alphanumeric(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

std::string hash_of_well_formed(std::string_view secret_key) {
  detail::sha256_digest digest{};
  if (!detail::sha256(secret_key, digest)) return {};
  return std::string(hash_prefix) + detail::hex_encode(digest.data(), digest.size());
}

bool is_well_formed_hash(std::string_view key_hash) {
  if (key_hash.size() != hash_prefix.size() + 64 || key_hash.substr(0, hash_prefix.size()) != hash_prefix) return false;
  return std::all_of(key_hash.begin() + hash_prefix.size(), key_hash.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

status check_integration_id(std::string_view integration_id) {
  if (integration_id.empty() || integration_id.size() > max_integration_id_length) {
    return {error_code::invalid_argument, "The integration id must be 1 to 128 characters long."};
  }
  const bool allowed = std::all_of(integration_id.begin(), integration_id.end(),
                                   [](char c) { return is_alphanumeric(c) || c == '.' || c == '_' || c == '-'; });
  if (!allowed) {
    return {error_code::invalid_argument, "The integration id may contain only letters, digits, '.', '_' and '-'."};
  }
  return {};
}

result<std::string> normalise_base_url(std::string_view url) {
  auto checked = detail::check_http_url(url, "base URL", false);
  if (!checked.ok()) return std::move(checked).failure();
  // The scheme is written in lower case; the rest as given.
  std::string normalised = checked.value() == 8 ? "https://" : "http://";
  normalised.append(url.substr(checked.value()));
  if (normalised.back() != '/') normalised += '/';
  return normalised;
}

result<issued_secret> issue_secret(std::string_view integration_id, std::string_view public_base_url,
                                   const random_source &random) {
  if (auto checked = check_integration_id(integration_id); !checked.ok()) return checked.failure();
  auto base_url = normalise_base_url(public_base_url);
  if (!base_url.ok()) return std::move(base_url).failure();
  issued_secret issued;
  issued.base_url = std::move(base_url).value();
  std::string random_part;
  if (auto code = detail::random_text(detail::alphanumerics, random_chars, random).get(random_part);
      code != error_code::ok) {
    return error{code, "The random source failed while issuing a secret key."};
  }
  issued.secret_key = std::string(secret_key_prefix) + random_part;
  issued.secret_key += checksum_of(issued.secret_key);
  issued.key_hash = hash_of_well_formed(issued.secret_key);
  if (issued.key_hash.empty()) return error{error_code::internal, "SHA-256 failed while hashing a secret key."};
  return issued;
}

status check_secret_key_format(std::string_view secret_key) {
  if (secret_key.substr(0, secret_key_prefix.size()) != secret_key_prefix) {
    return {error_code::unauthenticated, fmt::format("The secret key does not start with {}.", secret_key_prefix)};
  }
  if (secret_key.size() != key_length) {
    return {error_code::unauthenticated,
            fmt::format("The secret key has {} characters; a key has {}.", secret_key.size(), key_length)};
  }
  if (!std::all_of(secret_key.begin() + secret_key_prefix.size(), secret_key.end(), is_alphanumeric)) {
    return {error_code::unauthenticated, "The secret key contains characters other than letters and digits."};
  }
  const std::string_view body = secret_key.substr(0, key_length - checksum_chars);
  if (!detail::constant_time_equal(checksum_of(body), secret_key.substr(body.size()))) {
    return {error_code::unauthenticated, "The secret key's checksum does not match: it is mistyped or truncated."};
  }
  return {};
}

result<std::string> hash_secret_key(std::string_view secret_key) {
  if (auto checked = check_secret_key_format(secret_key); !checked.ok()) return checked.failure();
  std::string hash = hash_of_well_formed(secret_key);
  if (hash.empty()) return error{error_code::internal, "SHA-256 failed while hashing a secret key."};
  return hash;
}

bool secret_matches(std::string_view presented_key, std::string_view key_hash) noexcept {
  try {
    if (!is_well_formed_hash(key_hash) || !check_secret_key_format(presented_key).ok()) return false;
    return detail::constant_time_equal(hash_of_well_formed(presented_key), key_hash);
  } catch (...) {  // std::bad_alloc: no match rather than a throw through a noexcept API
    return false;
  }
}

}  // namespace ashbyknit
