// ak_secret_issue, ak_secret_hash and ak_secret_matches.
#include <catch2/catch.hpp>
#include <string>
#include <utility>

#include "capi_support.hpp"

using namespace capi_test;

namespace {

constexpr const char *base_url = "https://hooks.vendor.example/ashby";

struct issued {
  std::string secret_key;
  std::string base_url;
  std::string key_hash;
};

issued issue(const char *integration_id = "acme") {
  char *key = nullptr;
  char *url = nullptr;
  char *hash = nullptr;
  REQUIRE(ak_secret_issue(integration_id, base_url, &key, &url, &hash) == AK_OK);
  const owned_string owned_key(key), owned_url(url), owned_hash(hash);
  return {key, url, hash};
}

/// `key` with the character at `index` replaced by another letter.
std::string tampered(std::string key, std::size_t index) {
  key[index] = key[index] == 'A' ? 'B' : 'A';
  return key;
}

}  // namespace

TEST_CASE("ak_secret_issue gives a key, the normalised base URL and the key's hash", "[capi]") {
  const issued secret = issue();
  CHECK(is_prefix_then(secret.secret_key, "aksk_", 49, alphanumerics));
  CHECK(secret.base_url == std::string(base_url) + "/");
  CHECK(is_prefix_then(secret.key_hash, "sha256:", 64, lower_hex));
  CHECK(issue().secret_key != secret.secret_key);
}

TEST_CASE("ak_secret_hash of an issued key is the hash issued with it", "[capi]") {
  const issued secret = issue();
  char *out = nullptr;
  REQUIRE(ak_secret_hash(secret.secret_key.c_str(), &out) == AK_OK);
  const owned_string hash(out);
  CHECK(std::string(hash.get()) == secret.key_hash);
}

TEST_CASE("ak_secret_matches accepts the issued key and nothing else", "[capi]") {
  const issued secret = issue();
  CHECK(ak_secret_matches(secret.secret_key.c_str(), secret.key_hash.c_str()) == 1);
  CHECK(ak_secret_matches(tampered(secret.secret_key, 20).c_str(), secret.key_hash.c_str()) == 0);
  const std::string other_hash = tampered(secret.key_hash, secret.key_hash.size() - 1);
  CHECK(ak_secret_matches(secret.secret_key.c_str(), other_hash.c_str()) == 0);
  CHECK(ak_secret_matches(secret.secret_key.c_str(), issue().key_hash.c_str()) == 0);
  CHECK(ak_secret_matches(secret.secret_key.c_str(), "") == 0);
  CHECK(ak_secret_matches(nullptr, secret.key_hash.c_str()) == 0);
  CHECK(ak_secret_matches(secret.secret_key.c_str(), nullptr) == 0);
  CHECK(ak_secret_matches(nullptr, nullptr) == 0);
}

TEST_CASE("ak_secret_matches sets no error message", "[capi]") {
  char *out = nullptr;
  REQUIRE(ak_knit_sign("", 0, "", 0, &out) == AK_ERR_INVALID_ARGUMENT);
  const std::string before = last_error();
  CHECK(ak_secret_matches("aksk_malformed", "sha256:0") == 0);
  CHECK(ak_secret_matches(nullptr, nullptr) == 0);
  CHECK(last_error() == before);
}

TEST_CASE("ak_secret_issue refuses NULL arguments and leaves the outputs untouched", "[capi]") {
  char *key = untouched_marker();
  char *url = untouched_marker();
  char *hash = untouched_marker();
  CHECK_FAILS_WITH(ak_secret_issue(nullptr, base_url, &key, &url, &hash), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_secret_issue("acme", nullptr, &key, &url, &hash), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_secret_issue("acme", base_url, nullptr, &url, &hash), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_secret_issue("acme", base_url, &key, nullptr, &hash), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_secret_issue("acme", base_url, &key, &url, nullptr), AK_ERR_INVALID_ARGUMENT);
  CHECK(key == untouched_marker());
  CHECK(url == untouched_marker());
  CHECK(hash == untouched_marker());
}

TEST_CASE("ak_secret_issue refuses a bad integration id or base URL", "[capi]") {
  const std::pair<const char *, const char *> bad_arguments[] = {
      {"", base_url},
      {"has space", base_url},
      {"colon:", base_url},
      {"acme", "ftp://hooks.example/"},
      {"acme", "https://"},
      {"acme", "https://user:pw@hooks.example/"},
  };
  for (const auto &[integration_id, url] : bad_arguments) {
    INFO(integration_id << " " << url);
    char *key = untouched_marker();
    char *out_url = untouched_marker();
    char *hash = untouched_marker();
    CHECK_FAILS_WITH(ak_secret_issue(integration_id, url, &key, &out_url, &hash), AK_ERR_INVALID_ARGUMENT);
    CHECK(key == untouched_marker());
    CHECK(out_url == untouched_marker());
    CHECK(hash == untouched_marker());
  }
}

TEST_CASE("ak_secret_hash refuses NULL and malformed keys, leaving the output untouched", "[capi]") {
  const issued secret = issue();
  char *out = untouched_marker();
  CHECK_FAILS_WITH(ak_secret_hash(nullptr, &out), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_secret_hash(secret.secret_key.c_str(), nullptr), AK_ERR_INVALID_ARGUMENT);
  for (const std::string &bad : {tampered(secret.secret_key, 30), secret.secret_key.substr(1), std::string("aksk_"),
                                 std::string()}) {
    INFO("key " << bad);
    CHECK_FAILS_WITH(ak_secret_hash(bad.c_str(), &out), AK_ERR_UNAUTHENTICATED);
    if (bad.size() > 5) CHECK(last_error().find(bad.substr(5)) == std::string::npos);
  }
  CHECK(out == untouched_marker());
}
