// ak_standard_*: the specification's vector, keys, and every refusal with its message.
#include <catch2/catch.hpp>
#include <string>

#include "capi_support.hpp"

using namespace capi_test;

namespace {

// The specification's published vector (docs/protocol.md §6).
const char *const vector_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const char *const vector_id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr std::int64_t vector_timestamp = 1614265330;
const std::string vector_body = R"({"test": 2432232314})";
const char *const vector_signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

ak_status verify(const char *key, const char *signature, std::int64_t now_s = vector_timestamp) {
  return ak_standard_verify(&key, 1, vector_id, "1614265330", signature, vector_body.data(), vector_body.size(), now_s,
                            AK_STANDARD_DEFAULT_TOLERANCE_S);
}

}  // namespace

TEST_CASE("ak_standard_sign gives the specification's vector and ak_standard_verify accepts it", "[capi]") {
  char *out = nullptr;
  REQUIRE(ak_standard_sign(&vector_secret, 1, vector_id, vector_timestamp, vector_body.data(), vector_body.size(),
                           &out) == AK_OK);
  const owned_string signature(out);
  CHECK(std::string(signature.get()) == vector_signature);
  CHECK(verify(vector_secret, vector_signature) == AK_OK);
}

TEST_CASE("ak_standard_verify says why it refuses", "[capi]") {
  CHECK(verify(vector_secret, vector_signature, vector_timestamp + 301) == AK_ERR_UNAUTHENTICATED);
  CHECK(last_error() == "The webhook-timestamp is 301 s behind the clock, beyond the tolerance of 300 s.");
  CHECK(verify(vector_secret, "v1,AAAA") == AK_ERR_UNAUTHENTICATED);
  CHECK(last_error() == "No signature in webhook-signature verifies under the keys given.");
  CHECK(verify("whsec_", vector_signature) == AK_ERR_INVALID_ARGUMENT);
  CHECK(last_error().find("Key 1 ") == 0);
  CHECK(ak_standard_verify(nullptr, 0, vector_id, "1614265330", vector_signature, vector_body.data(),
                           vector_body.size(), vector_timestamp, 300) == AK_ERR_INVALID_ARGUMENT);
  CHECK(last_error() == "No Standard Webhooks key is given.");
  CHECK(ak_standard_verify(&vector_secret, 1, nullptr, "1614265330", vector_signature, nullptr, 0, vector_timestamp,
                           300) == AK_ERR_INVALID_ARGUMENT);
  CHECK(last_error() == "id must not be NULL.");
  const char *const holes[] = {vector_secret, nullptr};
  CHECK(ak_standard_verify(holes, 2, vector_id, "1614265330", vector_signature, vector_body.data(),
                           vector_body.size(), vector_timestamp, 300) == AK_ERR_INVALID_ARGUMENT);
  CHECK(last_error() == "keys holds a NULL string.");
  CHECK(ak_standard_verify(&vector_secret, 1, vector_id, "1614265330", vector_signature, nullptr, 3,
                           vector_timestamp, 300) == AK_ERR_INVALID_ARGUMENT);
  CHECK(last_error() == "body is NULL but body_len is not 0.");
}

TEST_CASE("a new key pair signs v1a, which its public key verifies", "[capi]") {
  char *signing_out = nullptr;
  char *public_out = nullptr;
  REQUIRE(ak_standard_key_pair_new(&signing_out, &public_out) == AK_OK);
  const owned_string signing(signing_out);
  const owned_string public_key(public_out);
  char *derived_out = nullptr;
  REQUIRE(ak_standard_public_key(signing.get(), &derived_out) == AK_OK);
  const owned_string derived(derived_out);
  CHECK(std::string(derived.get()) == public_key.get());

  const char *const key = signing.get();
  char *out = nullptr;
  REQUIRE(ak_standard_sign(&key, 1, vector_id, vector_timestamp, vector_body.data(), vector_body.size(), &out) ==
          AK_OK);
  const owned_string signature(out);
  CHECK(std::string(signature.get()).rfind("v1a,", 0) == 0);
  CHECK(verify(public_key.get(), signature.get()) == AK_OK);
  CHECK(verify(vector_secret, signature.get()) == AK_ERR_UNAUTHENTICATED);

  // A public key neither has a public key nor signs.
  const char *const verifying_key = public_key.get();
  CHECK(ak_standard_public_key(verifying_key, &out) == AK_ERR_INVALID_ARGUMENT);
  CHECK(ak_standard_sign(&verifying_key, 1, vector_id, 0, nullptr, 0, &out) == AK_ERR_INVALID_ARGUMENT);
}

TEST_CASE("new secrets differ and NULL outputs are refused", "[capi]") {
  char *first = nullptr;
  char *second = nullptr;
  REQUIRE(ak_standard_secret_new(&first) == AK_OK);
  const owned_string one(first);
  REQUIRE(ak_standard_secret_new(&second) == AK_OK);
  const owned_string two(second);
  CHECK(std::string(one.get()).rfind("whsec_", 0) == 0);
  CHECK(std::string(one.get()) != two.get());
  CHECK(ak_standard_secret_new(nullptr) == AK_ERR_INVALID_ARGUMENT);
  char *kept = nullptr;
  CHECK(ak_standard_key_pair_new(&kept, nullptr) == AK_ERR_INVALID_ARGUMENT);
  CHECK(kept == nullptr);
  CHECK(ak_standard_sign(&vector_secret, 1, vector_id, 0, nullptr, 0, nullptr) == AK_ERR_INVALID_ARGUMENT);
}
