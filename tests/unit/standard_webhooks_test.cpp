#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>

#include "ashbyknit/standard_webhooks.hpp"
#include "base_encoding.hpp"
#include "crypto.hpp"

using namespace ashbyknit;

namespace {

// The specification's published vector (docs/protocol.md §6).
constexpr const char *vector_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr const char *vector_id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr std::int64_t vector_timestamp = 1614265330;
constexpr const char *vector_body = R"({"test": 2432232314})";
constexpr const char *vector_signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

/// A random source that hands out the bytes first, first + 1, ... so that keys are reproducible.
random_source counting_from(unsigned char first) {
  return [next = first](unsigned char *out, std::size_t size) mutable {
    for (std::size_t i = 0; i < size; ++i) out[i] = next++;
    return true;
  };
}

standard_webhook_key_pair new_key_pair(unsigned char first) {
  auto pair = standard_webhook_key_pair_new(counting_from(first));
  REQUIRE(pair.ok());
  return std::move(pair).value();
}

std::string timestamp_text(std::int64_t seconds) { return std::to_string(seconds); }

/// Verifies the vector's body and id, signed as `signature` at `timestamp`, at `now`.
status verify_at(const std::vector<std::string> &keys, const std::string &signature, std::int64_t timestamp,
                 std::int64_t now, std::int64_t tolerance = standard_webhook_default_tolerance_s) {
  const std::string timestamp_header = timestamp_text(timestamp);
  return standard_webhook_verify(keys, {vector_id, timestamp_header, signature}, vector_body, now, tolerance);
}

std::string hex(const unsigned char *bytes, std::size_t size) { return detail::hex_encode(bytes, size); }

detail::ed25519_key key_from_hex(std::string_view text) {
  detail::ed25519_key key{};
  for (std::size_t i = 0; i < key.size(); ++i) {
    key[i] = static_cast<unsigned char>(std::stoi(std::string(text.substr(2 * i, 2)), nullptr, 16));
  }
  return key;
}

}  // namespace

TEST_CASE("the specification's vector signs and verifies", "[standard-webhooks]") {
  const auto signature = standard_webhook_sign({vector_secret}, {vector_id, vector_timestamp, vector_body});
  REQUIRE(signature.ok());
  CHECK(signature.value() == vector_signature);
  CHECK(verify_at({vector_secret}, vector_signature, vector_timestamp, vector_timestamp).ok());
}

TEST_CASE("ed25519 matches RFC 8032's first two test vectors", "[standard-webhooks]") {
  struct rfc_vector {
    const char *seed, *public_key, *message, *signature;
  };
  const rfc_vector vectors[] = {
      {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
       "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
       "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
      {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
       "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "r",
       "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
  };
  for (const rfc_vector &vector : vectors) {
    const detail::ed25519_key seed = key_from_hex(vector.seed);
    detail::ed25519_key public_key{};
    REQUIRE(detail::ed25519_public_key(seed, public_key));
    CHECK(hex(public_key.data(), public_key.size()) == vector.public_key);
    detail::ed25519_signature signature{};
    REQUIRE(detail::ed25519_sign(seed, vector.message, signature));
    CHECK(hex(signature.data(), signature.size()) == vector.signature);
    const std::string raw(reinterpret_cast<const char *>(signature.data()), signature.size());
    CHECK(detail::ed25519_verify(public_key, vector.message, raw));
    CHECK_FALSE(detail::ed25519_verify(public_key, std::string(vector.message) + "x", raw));
  }
}

TEST_CASE("new keys have their prefix and the right length", "[standard-webhooks]") {
  const std::string secret = standard_webhook_secret_new(counting_from(0)).value();
  CHECK(secret.rfind("whsec_", 0) == 0);
  std::string bytes;
  REQUIRE(detail::base64_decode(secret.substr(6), bytes));
  CHECK(bytes.size() == 32);
  CHECK(secret != standard_webhook_secret_new(counting_from(1)).value());

  const auto pair = new_key_pair(0);
  CHECK(pair.signing_key.rfind("whsk_", 0) == 0);
  CHECK(pair.public_key.rfind("whpk_", 0) == 0);
  CHECK(standard_webhook_public_key(pair.signing_key).value() == pair.public_key);
  CHECK(standard_webhook_public_key(pair.public_key).code() == error_code::invalid_argument);
  CHECK(standard_webhook_public_key(secret).code() == error_code::invalid_argument);
}

TEST_CASE("a source that fails gives no key", "[standard-webhooks]") {
  const random_source failing = [](unsigned char *, std::size_t) { return false; };
  CHECK(standard_webhook_secret_new(failing).code() == error_code::internal);
  CHECK(standard_webhook_key_pair_new(failing).code() == error_code::internal);
}

TEST_CASE("every key signs, in order, and each verifies alone", "[standard-webhooks]") {
  const std::string old_secret = vector_secret;
  const std::string new_secret = standard_webhook_secret_new(counting_from(7)).value();
  const auto pair = new_key_pair(40);
  const auto header = standard_webhook_sign({old_secret, pair.signing_key, new_secret},
                                            {vector_id, vector_timestamp, vector_body});
  REQUIRE(header.ok());
  const std::string &signature = header.value();
  CHECK(signature.rfind(std::string(vector_signature) + " v1a,", 0) == 0);
  CHECK(std::count(signature.begin(), signature.end(), ' ') == 2);

  for (const std::string &key : {old_secret, new_secret, pair.public_key, pair.signing_key}) {
    INFO(key);
    CHECK(verify_at({key}, signature, vector_timestamp, vector_timestamp).ok());
  }
  const std::string stranger = standard_webhook_secret_new(counting_from(99)).value();
  const auto refused = verify_at({stranger, new_key_pair(200).public_key}, signature, vector_timestamp, vector_timestamp);
  CHECK(refused.code() == error_code::unauthenticated);
  CHECK(refused.message() == "No signature in webhook-signature verifies under the keys given.");
}

TEST_CASE("a v1a signature verifies only for its key, id, timestamp and body", "[standard-webhooks]") {
  const auto pair = new_key_pair(1);
  const std::string signature = standard_webhook_sign({pair.signing_key}, {vector_id, vector_timestamp, vector_body}).value();
  const std::vector<std::string> keys{pair.public_key};
  CHECK(verify_at(keys, signature, vector_timestamp, vector_timestamp).ok());
  CHECK_FALSE(verify_at({new_key_pair(2).public_key}, signature, vector_timestamp, vector_timestamp).ok());
  CHECK_FALSE(verify_at(keys, signature, vector_timestamp + 1, vector_timestamp).ok());
  const std::string timestamp = timestamp_text(vector_timestamp);
  CHECK_FALSE(standard_webhook_verify(keys, {"msg_other", timestamp, signature}, vector_body, vector_timestamp).ok());
  CHECK_FALSE(standard_webhook_verify(keys, {vector_id, timestamp, signature}, "{\"test\":2432232314}", vector_timestamp).ok());
  // A shared secret never checks a v1a entry, nor a public key a v1 one.
  CHECK_FALSE(verify_at({vector_secret}, signature, vector_timestamp, vector_timestamp).ok());
  CHECK_FALSE(verify_at(keys, vector_signature, vector_timestamp, vector_timestamp).ok());
}

TEST_CASE("tampered signatures and other versions do not verify", "[standard-webhooks]") {
  const std::vector<std::string> keys{vector_secret};
  const std::string good = vector_signature;
  for (const std::string &signature :
       {std::string("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OF="), std::string("v2,") + good.substr(3),
        good.substr(3), std::string("v1a,") + good.substr(3), good.substr(0, good.size() - 1), good + "=",
        std::string("v1 ,") + good.substr(3), std::string(","), std::string(" ")}) {
    INFO(signature);
    CHECK(verify_at(keys, signature, vector_timestamp, vector_timestamp).code() == error_code::unauthenticated);
  }
  // An unknown version or a stray space beside a good entry does not hide it.
  CHECK(verify_at(keys, "v2,abc  " + good, vector_timestamp, vector_timestamp).ok());
}

TEST_CASE("the timestamp must be unix seconds within the tolerance", "[standard-webhooks]") {
  const std::vector<std::string> keys{vector_secret};
  const std::int64_t tolerance = standard_webhook_default_tolerance_s;
  CHECK(verify_at(keys, vector_signature, vector_timestamp, vector_timestamp + tolerance).ok());
  CHECK(verify_at(keys, vector_signature, vector_timestamp, vector_timestamp - tolerance).ok());
  const auto late = verify_at(keys, vector_signature, vector_timestamp, vector_timestamp + tolerance + 1);
  CHECK(late.code() == error_code::unauthenticated);
  CHECK(late.message() == "The webhook-timestamp is 301 s behind the clock, beyond the tolerance of 300 s.");
  const auto early = verify_at(keys, vector_signature, vector_timestamp, vector_timestamp - 3600);
  CHECK(early.message() == "The webhook-timestamp is 3600 s ahead of the clock, beyond the tolerance of 300 s.");
  CHECK(verify_at(keys, vector_signature, vector_timestamp, vector_timestamp + 3600, 3600).ok());
  CHECK(verify_at(keys, vector_signature, vector_timestamp, vector_timestamp + 1, 0).code() ==
        error_code::unauthenticated);
  CHECK(verify_at(keys, vector_signature, vector_timestamp, vector_timestamp, -1).code() ==
        error_code::invalid_argument);
  // Far-apart clocks do not overflow.
  CHECK_FALSE(verify_at(keys, vector_signature, vector_timestamp, INT64_MIN).ok());

  for (const char *timestamp : {"", "-1614265330", "+1614265330", "1614265330.0", "1614265330 ", "0x60", "99999999999999999999"}) {
    INFO(timestamp);
    const auto refused = standard_webhook_verify(keys, {vector_id, timestamp, vector_signature}, vector_body, vector_timestamp);
    CHECK(refused.code() == error_code::unauthenticated);
  }
  CHECK(standard_webhook_verify(keys, {vector_id, "1614265330x", vector_signature}, vector_body, vector_timestamp)
            .message() == "The webhook-timestamp header is not unix seconds.");
}

TEST_CASE("a missing header is named", "[standard-webhooks]") {
  const std::vector<std::string> keys{vector_secret};
  const std::string timestamp = timestamp_text(vector_timestamp);
  CHECK(standard_webhook_verify(keys, {"", timestamp, vector_signature}, vector_body, vector_timestamp).message() ==
        "The webhook-id header is missing.");
  CHECK(standard_webhook_verify(keys, {vector_id, "", vector_signature}, vector_body, vector_timestamp).message() ==
        "The webhook-timestamp header is missing.");
  CHECK(standard_webhook_verify(keys, {vector_id, timestamp, ""}, vector_body, vector_timestamp).message() ==
        "The webhook-signature header is missing.");
}

TEST_CASE("malformed keys are refused by position, never shown", "[standard-webhooks]") {
  const standard_webhook_message message{vector_id, vector_timestamp, vector_body};
  const std::string short_secret = "whsec_" + detail::base64_encode(reinterpret_cast<const unsigned char *>("23-bytes-are-too-few..."), 23);
  for (const std::string &key : {std::string("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), std::string("whsec_not base64!"),
                                 short_secret, std::string("whsk_") + std::string(44, 'A'), std::string("whsec_"),
                                 std::string("")}) {
    INFO(key);
    const auto signed_with = standard_webhook_sign({vector_secret, key}, message);
    CHECK(signed_with.code() == error_code::invalid_argument);
    CHECK(signed_with.message().find("Key 2 ") == 0);
    // The message names the prefixes a key may have, but never a key's own text.
    if (key.size() > 6) CHECK(signed_with.message().find(key) == std::string::npos);
    CHECK(verify_at({key}, vector_signature, vector_timestamp, vector_timestamp).code() == error_code::invalid_argument);
  }
  CHECK(standard_webhook_sign({}, message).code() == error_code::invalid_argument);
  CHECK(verify_at({}, vector_signature, vector_timestamp, vector_timestamp).code() == error_code::invalid_argument);
  // A public key cannot sign.
  const auto pair = new_key_pair(3);
  CHECK(standard_webhook_sign({pair.public_key}, message).code() == error_code::invalid_argument);
  CHECK(standard_webhook_check_signing_keys({pair.public_key}).code() == error_code::invalid_argument);
  CHECK(standard_webhook_check_signing_keys({pair.signing_key, vector_secret}).ok());
  CHECK(standard_webhook_check_verifying_keys({pair.public_key, pair.signing_key, vector_secret}).ok());
  CHECK(standard_webhook_check_verifying_keys({pair.public_key, "whpk_"}).message().find("Key 2 ") == 0);
}
