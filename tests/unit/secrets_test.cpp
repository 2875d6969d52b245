#include <catch2/catch.hpp>

#include <regex>
#include <set>

#include "ashbyknit/secrets.hpp"
#include "test_support.hpp"

using namespace ashbyknit;

namespace {

issued_secret issue(const random_source &random = system_random()) {
  auto issued = issue_secret("acme-prod", "https://hooks.vendor.example/ashby", random);
  REQUIRE(issued.ok());
  return std::move(issued).value();
}

/// `key` with the character at `index` replaced by another letter or digit.
std::string with_changed_char(std::string key, std::size_t index) {
  key[index] = key[index] == 'a' ? 'b' : 'a';
  return key;
}

}  // namespace

TEST_CASE("an issued key has the prefix, 256 random bits and a checksum", "[secrets]") {
  const issued_secret secret = issue();
  CHECK(std::regex_match(secret.secret_key, std::regex("aksk_[A-Za-z0-9]{49}")));
  CHECK(check_secret_key_format(secret.secret_key).ok());
  CHECK(std::regex_match(secret.key_hash, std::regex("sha256:[0-9a-f]{64}")));
  CHECK(secret.base_url == "https://hooks.vendor.example/ashby/");
}

TEST_CASE("issued keys differ and hash as issued", "[secrets]") {
  std::set<std::string> keys;
  for (int i = 0; i < 100; ++i) {
    const issued_secret secret = issue();
    CHECK(hash_secret_key(secret.secret_key).value() == secret.key_hash);
    keys.insert(secret.secret_key);
  }
  CHECK(keys.size() == 100);
}

TEST_CASE("the key hash is SHA-256 of the key in hex", "[secrets]") {
  const issued_secret secret = issue(test::counting_random());
  // The same deterministic source gives the same key; its hash must not depend on anything else.
  CHECK(issue(test::counting_random()).secret_key == secret.secret_key);
  CHECK(hash_secret_key(secret.secret_key).value() == secret.key_hash);
}

TEST_CASE("a key matches its own hash only", "[secrets]") {
  const issued_secret first = issue();
  const issued_secret second = issue();
  CHECK(secret_matches(first.secret_key, first.key_hash));
  CHECK_FALSE(secret_matches(first.secret_key, second.key_hash));
  CHECK_FALSE(secret_matches(second.secret_key, first.key_hash));
}

TEST_CASE("a malformed hash matches nothing", "[secrets]") {
  const issued_secret secret = issue();
  const std::string hex = secret.key_hash.substr(7);
  CHECK_FALSE(secret_matches(secret.secret_key, hex));
  CHECK_FALSE(secret_matches(secret.secret_key, "sha512:" + hex));
  CHECK_FALSE(secret_matches(secret.secret_key, "sha256:" + hex.substr(1)));
  std::string upper = secret.key_hash;
  for (char &c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK_FALSE(secret_matches(secret.secret_key, "sha256:" + upper.substr(7)));
  CHECK_FALSE(secret_matches(secret.secret_key, ""));
}

TEST_CASE("malformed keys are refused before hashing, without repeating the key", "[secrets]") {
  const std::string key = issue().secret_key;
  const auto refusal = [](std::string_view candidate) {
    auto hashed = hash_secret_key(candidate);
    CHECK(hashed.code() == error_code::unauthenticated);
    if (!candidate.empty()) CHECK(hashed.message().find(std::string(candidate.substr(5))) == std::string::npos);
    return hashed.message();
  };
  CHECK(refusal("") == "The secret key does not start with aksk_.");
  CHECK(refusal("ghp_" + key.substr(4)) == "The secret key does not start with aksk_.");
  CHECK(refusal(key.substr(0, 53)) == "The secret key has 53 characters; a key has 54.");
  CHECK(refusal(key + "A") == "The secret key has 55 characters; a key has 54.");
  std::string with_colon = key;
  with_colon[20] = ':';
  CHECK(refusal(with_colon) == "The secret key contains characters other than letters and digits.");
  CHECK(refusal(with_changed_char(key, 20)) == "The secret key's checksum does not match: it is mistyped or truncated.");
  CHECK(refusal(with_changed_char(key, 53)) == "The secret key's checksum does not match: it is mistyped or truncated.");
}

TEST_CASE("every single-character typo is caught by the checksum", "[secrets]") {
  const std::string key = issue().secret_key;
  for (std::size_t i = 5; i < key.size(); ++i) {
    CHECK_FALSE(check_secret_key_format(with_changed_char(key, i)).ok());
  }
}

TEST_CASE("base URLs are checked and normalised to end in a slash", "[secrets]") {
  CHECK(normalise_base_url("https://x.example").value() == "https://x.example/");
  CHECK(normalise_base_url("https://x.example/ashby/").value() == "https://x.example/ashby/");
  CHECK(normalise_base_url("HTTP://127.0.0.1:8080/a").value() == "http://127.0.0.1:8080/a/");
  for (std::string_view bad : {"", "x.example", "ftp://x.example", "https://", "https:///path", "https://:80/",
                               "https://x.example/a b", "https://x.example/?q=1", "https://x.example/#f",
                               "https://user:pw@x.example/", "https://x.example/\n"}) {
    INFO(bad);
    CHECK(normalise_base_url(bad).code() == error_code::invalid_argument);
  }
}

TEST_CASE("issuing checks the integration id and the base URL", "[secrets]") {
  CHECK(issue_secret("", "https://x.example").code() == error_code::invalid_argument);
  CHECK(issue_secret(std::string(129, 'a'), "https://x.example").code() == error_code::invalid_argument);
  CHECK(issue_secret(std::string(128, 'a'), "https://x.example").ok());
  CHECK(issue_secret("acme corp", "https://x.example").message() ==
        "The integration id may contain only letters, digits, '.', '_' and '-'.");
  CHECK(issue_secret("acme", "x.example").message() == "The base URL must start with https:// or http://.");
}

TEST_CASE("a failing random source fails the issue instead of giving a weak key", "[secrets]") {
  auto issued = issue_secret("acme", "https://x.example", test::failing_random());
  CHECK(issued.code() == error_code::internal);
}
