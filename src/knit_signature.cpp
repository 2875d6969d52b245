#include "ashbyknit/knit_signature.hpp"

#include "base_encoding.hpp"
#include "crypto.hpp"

namespace ashbyknit {

result<std::string> knit_sign(std::string_view key, std::string_view body) {
  if (key.empty()) return error{error_code::invalid_argument, "The signing key is empty."};
  detail::sha256_digest mac{};
  if (!detail::hmac_sha256(key, body, mac)) return error{error_code::internal, "HMAC-SHA256 failed."};
  return detail::base64url_encode(mac.data(), mac.size());
}

bool knit_verify(std::string_view key, std::string_view body, std::string_view signature) noexcept {
  try {
    // A 32-byte MAC is 43 base64url characters; padded, it gains exactly one '='.
    if (signature.size() == 44 && signature.back() == '=') signature.remove_suffix(1);
    std::string expected;
    if (knit_sign(key, body).get(expected) != error_code::ok) return false;
    return detail::constant_time_equal(expected, signature);
  } catch (...) {  // std::bad_alloc: not verified rather than a throw through a noexcept API
    return false;
  }
}

}  // namespace ashbyknit
