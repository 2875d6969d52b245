// Fuzzes the checks on presented credentials: the secret-key format and secret_matches against
// a fixed key and hash, and knit_verify with the input's first half as the key and its second
// half as both the body and the signature.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ashbyknit/knit_signature.hpp"
#include "ashbyknit/secrets.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace ashbyknit;

/// One well-formed key and its hash, the same on every run.
const issued_secret &fixed_secret() {
  static const issued_secret secret = [] {
    issued_secret issued;
    const error_code code = issue_secret("fuzz", "https://hooks.example.com/", fuzz::deterministic_random()).get(issued);
    fuzz::require(code == error_code::ok, "a secret can be issued");
    return issued;
  }();
  return secret;
}

void check_secret_key(std::string_view input) {
  const issued_secret &fixed = fixed_secret();
  const bool well_formed = check_secret_key_format(input).ok();
  auto hash = hash_secret_key(input);
  fuzz::require(hash.ok() == well_formed, "hash_secret_key accepts exactly the well-formed keys");
  if (well_formed) fuzz::require(secret_matches(input, hash.value()), "a key matches its own hash");
  fuzz::require(secret_matches(input, fixed.key_hash) == (input == fixed.secret_key),
                "only the fixed key matches the fixed hash");
  fuzz::require(secret_matches(fixed.secret_key, input) == (input == fixed.key_hash),
                "the fixed key matches only its own hash");
}

void check_knit_signature(std::string_view input) {
  const std::string_view key = input.substr(0, input.size() / 2);
  const std::string_view second_half = input.substr(input.size() / 2);
  std::string signature;
  const bool signed_body = knit_sign(key, second_half).get(signature) == error_code::ok;
  fuzz::require(signed_body == !key.empty(), "knit_sign refuses exactly the empty key");
  // knit_verify accepts the signature and its padded form, and nothing else.
  const bool genuine = signed_body && (second_half == signature || second_half == signature + "=");
  fuzz::require(knit_verify(key, second_half, second_half) == genuine, "knit_verify accepts only genuine signatures");
  if (!signed_body) return;
  fuzz::require(knit_verify(key, second_half, signature), "a signature verifies");
  fuzz::require(knit_verify(key, second_half, signature + "="), "a padded signature verifies");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string_view input = fuzz::as_text(data, size);
  check_secret_key(input);
  check_knit_signature(input);
  return 0;
}
