#include <catch2/catch.hpp>

#include "ashbyknit/knit_signature.hpp"

using namespace ashbyknit;

// Computed independently: base64.urlsafe_b64encode(hmac.new(key, body, sha256).digest()),
// with the trailing '=' removed.
TEST_CASE("signatures match independently computed vectors", "[signing]") {
  CHECK(knit_sign("knit-signing-key", R"({"eventType":"record.new"})").value() ==
        "Z3aI11SOQZFaeRn-X2pz82h8AmgyFNwq_bsqlIAKyq4");
  CHECK(knit_sign("key", "The quick brown fox jumps over the lazy dog").value() ==
        "97yD9DBThCSxMpjmqm-xQ-9NWaFJRhdZl0edvC0aPNg");
  CHECK(knit_sign("k", "").value() == "i7mQxAp9YcuXWXqUISUCW-UKyL63RDbjc1uYiTp_ZiA");
}

TEST_CASE("a signature verifies with or without its padding", "[signing]") {
  const std::string body = R"({"eventType":"record.new"})";
  CHECK(knit_verify("knit-signing-key", body, "Z3aI11SOQZFaeRn-X2pz82h8AmgyFNwq_bsqlIAKyq4"));
  CHECK(knit_verify("knit-signing-key", body, "Z3aI11SOQZFaeRn-X2pz82h8AmgyFNwq_bsqlIAKyq4="));
  CHECK_FALSE(knit_verify("knit-signing-key", body, "Z3aI11SOQZFaeRn-X2pz82h8AmgyFNwq_bsqlIAKyq4=="));
}

TEST_CASE("tampered bodies, signatures and keys do not verify", "[signing]") {
  const std::string body = R"({"eventType":"record.new"})";
  const std::string signature = "Z3aI11SOQZFaeRn-X2pz82h8AmgyFNwq_bsqlIAKyq4";
  CHECK_FALSE(knit_verify("knit-signing-key", body + " ", signature));
  CHECK_FALSE(knit_verify("knit-signing-key", R"({"eventType": "record.new"})", signature));
  CHECK_FALSE(knit_verify("knit-signing-kez", body, signature));
  CHECK_FALSE(knit_verify("knit-signing-key", body, "Z3aI11SOQZFaeRn-X2pz82h8AmgyFNwq_bsqlIAKyq5"));
  CHECK_FALSE(knit_verify("knit-signing-key", body, signature.substr(0, 42)));
  CHECK_FALSE(knit_verify("knit-signing-key", body, ""));
  CHECK_FALSE(knit_verify("knit-signing-key", body, " " + signature));
}

TEST_CASE("the standard base64 alphabet is not accepted", "[signing]") {
  // Same MAC as "...X2pz82h8AmgyFNwq_bsqlIAKyq4" but in the '+/' alphabet.
  CHECK_FALSE(knit_verify("knit-signing-key", R"({"eventType":"record.new"})",
                          "Z3aI11SOQZFaeRn+X2pz82h8AmgyFNwq/bsqlIAKyq4"));
}

TEST_CASE("an empty key is refused for signing and never verifies", "[signing]") {
  auto signed_with_nothing = knit_sign("", "body");
  CHECK(signed_with_nothing.code() == error_code::invalid_argument);
  CHECK(signed_with_nothing.message() == "The signing key is empty.");
  CHECK_FALSE(knit_verify("", "body", "anything"));
}

TEST_CASE("keys and bodies are raw bytes, NUL included", "[signing]") {
  const std::string key("k\0ey", 4);
  const std::string body("a\0b", 3);
  const std::string signature = knit_sign(key, body).value();
  CHECK(knit_verify(key, body, signature));
  CHECK_FALSE(knit_verify("k", body, signature));
  CHECK_FALSE(knit_verify(key, "a", signature));
}
