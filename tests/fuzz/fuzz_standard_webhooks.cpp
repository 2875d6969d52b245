// Fuzzes Standard Webhooks: verification of received headers against fixed keys (the input is
// "<webhook-id>\n<webhook-timestamp>\n<webhook-signature>\n<body>"), signing and verifying the
// input as id and body, and the input read as a key.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ashbyknit/standard_webhooks.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace ashbyknit;

constexpr std::int64_t now_s = 1'700'000'000;

/// A shared secret and an ed25519 key pair, the same on every run.
struct fixed_keys {
  std::string secret;
  standard_webhook_key_pair pair;
};

const fixed_keys &keys() {
  static const fixed_keys made = [] {
    fixed_keys fixed;
    fuzz::require(standard_webhook_secret_new(fuzz::deterministic_random()).get(fixed.secret) == error_code::ok,
                  "a secret can be made");
    fuzz::require(standard_webhook_key_pair_new(fuzz::deterministic_random()).get(fixed.pair) == error_code::ok,
                  "a key pair can be made");
    return fixed;
  }();
  return made;
}

/// The text before the next '\n' of `rest`, which loses it and the '\n'.
std::string_view next_line(std::string_view &rest) {
  const std::size_t end = rest.find('\n');
  const std::string_view line = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
  return line;
}

void check_received_headers(std::string_view input) {
  std::string_view rest = input;
  const std::string_view id = next_line(rest);
  const std::string_view timestamp = next_line(rest);
  const std::string_view signature = next_line(rest);
  const status verified =
      standard_webhook_verify({keys().secret, keys().pair.public_key}, {id, timestamp, signature}, rest, now_s);
  fuzz::require(verified.ok() || verified.code() == error_code::unauthenticated,
                "received headers are verified or refused as unauthenticated, nothing else");
}

void check_round_trip(std::string_view input) {
  const std::string id = "msg_" + std::string(input.substr(0, input.size() / 4));
  const std::string_view body = input.substr(input.size() / 4);
  std::string header;
  fuzz::require(standard_webhook_sign({keys().secret, keys().pair.signing_key}, {id, now_s, body}).get(header) ==
                    error_code::ok,
                "any id and body can be signed");
  const std::string timestamp = std::to_string(now_s);
  for (const std::string &key : {keys().secret, keys().pair.public_key}) {
    fuzz::require(standard_webhook_verify({key}, {id, timestamp, header}, body, now_s).ok(), "a signature verifies");
  }
  const std::string other_body = std::string(body) + "x";
  fuzz::require(!standard_webhook_verify({keys().secret}, {id, timestamp, header}, other_body, now_s).ok(),
                "another body does not verify");
}

void check_key(std::string_view input) {
  const std::vector<std::string> key{std::string(input)};
  const bool signs = standard_webhook_check_signing_keys(key).ok();
  const bool verifies = standard_webhook_check_verifying_keys(key).ok();
  fuzz::require(!signs || verifies, "a key that signs also verifies");
  const bool signing_key = signs && input.substr(0, 5) == "whsk_";
  fuzz::require(standard_webhook_public_key(input).ok() == signing_key, "exactly a signing key has a public key");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string_view input = fuzz::as_text(data, size);
  check_received_headers(input);
  check_round_trip(input);
  check_key(input);
  return 0;
}
