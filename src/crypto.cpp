#include "crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <memory>

namespace ashbyknit::detail {
namespace {

struct pkey_free {
  void operator()(EVP_PKEY *key) const noexcept { EVP_PKEY_free(key); }
};
struct md_context_free {
  void operator()(EVP_MD_CTX *context) const noexcept { EVP_MD_CTX_free(context); }
};
using owned_pkey = std::unique_ptr<EVP_PKEY, pkey_free>;
using owned_md_context = std::unique_ptr<EVP_MD_CTX, md_context_free>;

owned_pkey private_ed25519(const ed25519_key &seed) noexcept {
  return owned_pkey(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
}

const unsigned char *bytes_of(std::string_view text) noexcept {
  return reinterpret_cast<const unsigned char *>(text.empty() ? "" : text.data());
}

}  // namespace

bool hmac_sha256(std::string_view key, std::string_view message, sha256_digest &out) noexcept {
  unsigned int length = 0;
  // HMAC() treats a NULL key as "no key" rather than as an empty one; pass a real pointer.
  static const unsigned char empty = 0;
  const void *key_bytes = key.empty() ? static_cast<const void *>(&empty) : key.data();
  return HMAC(EVP_sha256(), key_bytes, static_cast<int>(key.size()), bytes_of(message), message.size(), out.data(),
              &length) != nullptr &&
         length == out.size();
}

bool sha256(std::string_view data, sha256_digest &out) noexcept {
  unsigned int length = 0;
  return EVP_Digest(data.data(), data.size(), out.data(), &length, EVP_sha256(), nullptr) == 1 &&
         length == out.size();
}

bool ed25519_public_key(const ed25519_key &seed, ed25519_key &out) noexcept {
  const owned_pkey key = private_ed25519(seed);
  std::size_t length = out.size();
  return key && EVP_PKEY_get_raw_public_key(key.get(), out.data(), &length) == 1 && length == out.size();
}

bool ed25519_sign(const ed25519_key &seed, std::string_view message, ed25519_signature &out) noexcept {
  const owned_pkey key = private_ed25519(seed);
  const owned_md_context context(EVP_MD_CTX_new());
  std::size_t length = out.size();
  return key && context && EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
         EVP_DigestSign(context.get(), out.data(), &length, bytes_of(message), message.size()) == 1 &&
         length == out.size();
}

bool ed25519_verify(const ed25519_key &public_key, std::string_view message, std::string_view signature) noexcept {
  const owned_pkey key(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.data(), public_key.size()));
  const owned_md_context context(EVP_MD_CTX_new());
  return key && context && EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
         EVP_DigestVerify(context.get(), bytes_of(signature), signature.size(), bytes_of(message),
                          message.size()) == 1;
}

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace ashbyknit::detail
