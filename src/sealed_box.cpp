#include "sealed_box.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <climits>
#include <memory>
#include <utility>

#include "base_encoding.hpp"

namespace ashbyknit::detail {
namespace {

constexpr std::string_view sealed_prefix = "v1.";

struct cipher_context_deleter {
  void operator()(EVP_CIPHER_CTX *context) const noexcept { EVP_CIPHER_CTX_free(context); }
};
using cipher_context = std::unique_ptr<EVP_CIPHER_CTX, cipher_context_deleter>;

const unsigned char *bytes_of(std::string_view text) noexcept {
  return reinterpret_cast<const unsigned char *>(text.data());
}

// EVP_CipherUpdate counts in int; larger inputs go through in pieces (GCM keeps its state across
// calls, so the pieces join seamlessly). Passing `output` null feeds additional authenticated data.
bool cipher_update(EVP_CIPHER_CTX *context, unsigned char *output, std::string_view input) noexcept {
  constexpr std::size_t piece = std::size_t{1} << 30;
  static_assert(piece <= INT_MAX);
  while (!input.empty()) {
    const std::size_t size = std::min(input.size(), piece);
    int written = 0;
    if (EVP_CipherUpdate(context, output, &written, bytes_of(input), static_cast<int>(size)) != 1) return false;
    // GCM is a stream mode: every byte in comes straight out (the AAD produces no output at all).
    if (output != nullptr) {
      if (written != static_cast<int>(size)) return false;
      output += size;
    }
    input.remove_prefix(size);
  }
  return true;
}

// Sets `context` up for AES-256-GCM in one direction with `key` and `nonce`, and feeds it `aad`.
bool start_gcm(EVP_CIPHER_CTX *context, bool encrypt, std::string_view key, std::string_view nonce,
               std::string_view aad) noexcept {
  const int direction = encrypt ? 1 : 0;
  return EVP_CipherInit_ex(context, EVP_aes_256_gcm(), nullptr, nullptr, nullptr, direction) == 1 &&
         EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(aes_256_gcm_nonce_bytes),
                             nullptr) == 1 &&
         EVP_CipherInit_ex(context, nullptr, nullptr, bytes_of(key), bytes_of(nonce), direction) == 1 &&
         cipher_update(context, nullptr, aad);
}

bool has_gcm_sizes(std::string_view key, std::string_view nonce) noexcept {
  return key.size() == aes_256_gcm_key_bytes && nonce.size() == aes_256_gcm_nonce_bytes;
}

error random_failed() { return {error_code::internal, "The random source failed."}; }

error bad_key_size() { return {error_code::invalid_argument, "The encryption key must be 32 bytes."}; }

}  // namespace

bool aes_256_gcm_encrypt(std::string_view key, std::string_view nonce, std::string_view aad,
                         std::string_view plaintext, std::string &out) {
  out.clear();
  if (!has_gcm_sizes(key, nonce)) return false;
  const cipher_context context{EVP_CIPHER_CTX_new()};
  if (!context || !start_gcm(context.get(), true, key, nonce, aad)) return false;

  std::string sealed(plaintext.size() + aes_256_gcm_tag_bytes, '\0');
  auto *output = reinterpret_cast<unsigned char *>(sealed.data());
  int final_bytes = 0;
  if (!cipher_update(context.get(), output, plaintext) ||
      EVP_CipherFinal_ex(context.get(), output + plaintext.size(), &final_bytes) != 1 || final_bytes != 0 ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(aes_256_gcm_tag_bytes),
                          output + plaintext.size()) != 1) {
    return false;
  }
  out = std::move(sealed);
  return true;
}

gcm_decrypt_outcome aes_256_gcm_decrypt(std::string_view key, std::string_view nonce, std::string_view aad,
                                        std::string_view sealed, std::string &out) {
  out.clear();
  if (!has_gcm_sizes(key, nonce) || sealed.size() < aes_256_gcm_tag_bytes) return gcm_decrypt_outcome::failed;
  const std::string_view ciphertext = sealed.substr(0, sealed.size() - aes_256_gcm_tag_bytes);
  // EVP_CTRL_GCM_SET_TAG takes a non-const pointer; it only reads from it.
  std::array<unsigned char, aes_256_gcm_tag_bytes> tag{};
  std::copy_n(bytes_of(sealed) + ciphertext.size(), tag.size(), tag.begin());

  const cipher_context context{EVP_CIPHER_CTX_new()};
  if (!context || !start_gcm(context.get(), false, key, nonce, aad)) return gcm_decrypt_outcome::failed;

  // Decrypt straight into `out`, so that the only copy of the plaintext is the caller's, and wipe
  // it if the tag then fails to match.
  out.assign(ciphertext.size(), '\0');
  auto *output = reinterpret_cast<unsigned char *>(out.data());
  const auto discard = [&out](gcm_decrypt_outcome outcome) {
    OPENSSL_cleanse(out.data(), out.size());
    out.clear();
    return outcome;
  };
  if (!cipher_update(context.get(), output, ciphertext) ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag.size()), tag.data()) != 1) {
    return discard(gcm_decrypt_outcome::failed);
  }
  // The tag is checked here, and only here: a mismatch is the one way a well-formed call fails.
  int final_bytes = 0;
  if (EVP_CipherFinal_ex(context.get(), output + ciphertext.size(), &final_bytes) != 1) {
    return discard(gcm_decrypt_outcome::rejected);
  }
  if (final_bytes != 0) return discard(gcm_decrypt_outcome::failed);
  return gcm_decrypt_outcome::opened;
}

result<std::string> seal(std::string_view key, std::string_view context, std::string_view plaintext,
                         const random_source &random) {
  if (key.size() != aes_256_gcm_key_bytes) return bad_key_size();
  std::array<unsigned char, aes_256_gcm_nonce_bytes> nonce{};
  if (!random || !random(nonce.data(), nonce.size())) return random_failed();
  const std::string_view nonce_text(reinterpret_cast<const char *>(nonce.data()), nonce.size());

  std::string ciphertext;
  if (!aes_256_gcm_encrypt(key, nonce_text, context, plaintext, ciphertext)) {
    return error{error_code::internal, "The crypto library failed to encrypt a value."};
  }
  const std::string box = std::string(nonce_text) + ciphertext;
  return std::string(sealed_prefix) + base64url_encode(bytes_of(box), box.size());
}

result<std::string> open_sealed(std::string_view key, std::string_view context, std::string_view sealed) {
  if (key.size() != aes_256_gcm_key_bytes) return bad_key_size();
  std::string box;
  if (sealed.substr(0, sealed_prefix.size()) != sealed_prefix ||
      !base64url_decode(sealed.substr(sealed_prefix.size()), box) ||
      box.size() < aes_256_gcm_nonce_bytes + aes_256_gcm_tag_bytes) {
    return error{error_code::store_error,
                 "The stored value is not in the sealed form this version reads: the store is damaged."};
  }
  const std::string_view nonce = std::string_view(box).substr(0, aes_256_gcm_nonce_bytes);
  const std::string_view ciphertext = std::string_view(box).substr(aes_256_gcm_nonce_bytes);

  std::string plaintext;
  switch (aes_256_gcm_decrypt(key, nonce, context, ciphertext, plaintext)) {
    case gcm_decrypt_outcome::opened:
      // Moved, not copied: a longer text's buffer passes to the caller as it is. (A text short enough
      // to live inside the string object is copied by any move; chasing those copies is not worth it.)
      return result<std::string>(std::move(plaintext));
    case gcm_decrypt_outcome::rejected:
      return error{error_code::store_error,
                   "The stored value cannot be decrypted with this master key: the key differs or the store is "
                   "damaged."};
    case gcm_decrypt_outcome::failed:
      break;
  }
  return error{error_code::internal, "The crypto library failed to decrypt a value."};
}

}  // namespace ashbyknit::detail
