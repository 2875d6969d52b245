#include "crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace ashbyknit::detail {

bool hmac_sha256(std::string_view key, std::string_view message, sha256_digest &out) noexcept {
  unsigned int length = 0;
  // HMAC() treats a NULL key as "no key" rather than as an empty one; pass a real pointer.
  static const unsigned char empty = 0;
  const void *key_bytes = key.empty() ? static_cast<const void *>(&empty) : key.data();
  const auto *data = reinterpret_cast<const unsigned char *>(message.empty() ? "" : message.data());
  return HMAC(EVP_sha256(), key_bytes, static_cast<int>(key.size()), data, message.size(), out.data(),
              &length) != nullptr &&
         length == out.size();
}

bool sha256(std::string_view data, sha256_digest &out) noexcept {
  unsigned int length = 0;
  return EVP_Digest(data.data(), data.size(), out.data(), &length, EVP_sha256(), nullptr) == 1 &&
         length == out.size();
}

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace ashbyknit::detail
