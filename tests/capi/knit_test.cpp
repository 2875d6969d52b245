// ak_knit_sign and ak_knit_verify. The expected signatures were computed independently, with
// Python's hmac and base64.urlsafe_b64encode, '=' stripped.
#include <catch2/catch.hpp>
#include <string>
#include <string_view>

#include "capi_support.hpp"

using namespace capi_test;

namespace {

struct vector {
  std::string_view key;
  std::string_view body;
  std::string_view signature;
};

using namespace std::string_view_literals;

// RFC 4231 test cases 1 and 2; then NUL bytes in key and body, which a strlen would cut.
const vector vectors[] = {
    {"\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b"sv, "Hi There"sv,
     "sDRMYdjbOFNcqK_OrwvxK4gdwgDJgz2nJuk3bC4yz_c"sv},
    {"Jefe"sv, "what do ya want for nothing?"sv, "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM"sv},
    {"k\0ey"sv, "bo\0dy"sv, "M5o0avUcqdkjzkYU9TAhmpBlnUNUB-PhXpw6HTldC3A"sv},
    {"Jefe"sv, ""sv, "kjWYym1krypdunnc0CGooP5cX1V1Ga2q8K1TLUUG3TA"sv},
};

// A signature with both characters in which base64url differs from standard base64.
const vector url_alphabet = {"Jefe"sv, "body 0"sv, "3BFCL4tCx4eVvCwK-_2bwo7tFYMY_Zpr0_Sn8dm66z0"sv};

std::string sign(std::string_view key, std::string_view body) {
  char *out = nullptr;
  REQUIRE(ak_knit_sign(key.data(), key.size(), body.data(), body.size(), &out) == AK_OK);
  const owned_string signature(out);
  return signature.get();
}

int verify(std::string_view key, std::string_view body, const std::string &signature) {
  return ak_knit_verify(key.data(), key.size(), body.data(), body.size(), signature.c_str());
}

}  // namespace

TEST_CASE("ak_knit_sign gives the known answers", "[capi]") {
  for (const vector &known : vectors) {
    INFO("body " << known.body);
    CHECK(sign(known.key, known.body) == known.signature);
  }
}

TEST_CASE("ak_knit_sign accepts a NULL body of length 0", "[capi]") {
  char *out = nullptr;
  REQUIRE(ak_knit_sign("Jefe", 4, nullptr, 0, &out) == AK_OK);
  const owned_string signature(out);
  CHECK(std::string_view(signature.get()) == vectors[3].signature);
}

TEST_CASE("ak_knit_sign refuses a NULL or empty key, a NULL out and a NULL body with a length", "[capi]") {
  char *out = untouched_marker();
  CHECK_FAILS_WITH(ak_knit_sign(nullptr, 4, "body", 4, &out), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_knit_sign("", 0, "body", 4, &out), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_knit_sign("Jefe", 4, nullptr, 4, &out), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_knit_sign("Jefe", 4, "body", 4, nullptr), AK_ERR_INVALID_ARGUMENT);
  CHECK(out == untouched_marker());
}

TEST_CASE("ak_knit_verify accepts the signature with and without its padding", "[capi]") {
  for (const vector &known : vectors) {
    INFO("body " << known.body);
    CHECK(verify(known.key, known.body, std::string(known.signature)) == 1);
    CHECK(verify(known.key, known.body, std::string(known.signature) + "=") == 1);
  }
  CHECK(ak_knit_verify("Jefe", 4, nullptr, 0, std::string(vectors[3].signature).c_str()) == 1);
}

TEST_CASE("ak_knit_verify rejects other paddings and lengths", "[capi]") {
  const std::string signature(vectors[1].signature);
  for (const std::string &variant : {signature + "==", signature.substr(1), signature + "A", "=" + signature,
                                     std::string()}) {
    INFO("signature " << variant);
    CHECK(verify(vectors[1].key, vectors[1].body, variant) == 0);
  }
}

TEST_CASE("ak_knit_verify rejects a tampered body or signature", "[capi]") {
  const vector &known = vectors[1];
  std::string body(known.body);
  body[10] ^= 1;
  CHECK(verify(known.key, body, std::string(known.signature)) == 0);
  CHECK(verify(known.key, std::string(known.body) + " ", std::string(known.signature)) == 0);
  std::string signature(known.signature);
  signature[0] = signature[0] == 'A' ? 'B' : 'A';
  CHECK(verify(known.key, known.body, signature) == 0);
}

TEST_CASE("ak_knit_verify rejects the standard base64 alphabet", "[capi]") {
  std::string standard(url_alphabet.signature);
  for (char &c : standard) c = c == '-' ? '+' : c == '_' ? '/' : c;
  CHECK(verify(url_alphabet.key, url_alphabet.body, std::string(url_alphabet.signature)) == 1);
  CHECK(verify(url_alphabet.key, url_alphabet.body, standard) == 0);
}

TEST_CASE("ak_knit_verify says 0 for another key, an empty key and NULLs", "[capi]") {
  const vector &known = vectors[1];
  const std::string signature(known.signature);
  CHECK(verify("Jeff", known.body, signature) == 0);
  CHECK(verify("", "", sign("x", "")) == 0);
  CHECK(ak_knit_verify(nullptr, 4, known.body.data(), known.body.size(), signature.c_str()) == 0);
  CHECK(ak_knit_verify(known.key.data(), known.key.size(), nullptr, known.body.size(), signature.c_str()) == 0);
  CHECK(ak_knit_verify(known.key.data(), known.key.size(), known.body.data(), known.body.size(), nullptr) == 0);
}

TEST_CASE("ak_knit_verify sets no error message", "[capi]") {
  char *out = nullptr;
  REQUIRE(ak_map_cancel("[]", 2, nullptr, &out) == AK_ERR_MALFORMED_JSON);
  const std::string before = last_error();
  CHECK(ak_knit_verify("", 0, "", 0, "") == 0);
  CHECK(ak_knit_verify(nullptr, 0, nullptr, 0, nullptr) == 0);
  CHECK(last_error() == before);
}

TEST_CASE("a mapped event signs and verifies as its exact bytes", "[capi]") {
  const std::string body = read_fixture("ashby-assessment-cancel.json");
  const ak_map_options options = map_options(nullptr, cancel_now_ms);
  char *out = nullptr;
  REQUIRE(ak_map_cancel(body.data(), body.size(), &options, &out) == AK_OK);
  const owned_string event(out);
  const std::string signature = sign("signing key", event.get());
  CHECK(verify("signing key", event.get(), signature) == 1);
  CHECK(verify("signing key", canonical_json(event.get()), signature) == 0);
}
