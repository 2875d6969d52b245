// Key rotation: several active keys, revocation and expiry (protocol §4).
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "ashbyknit/secrets.hpp"
#include "bridge_support.hpp"

using namespace ashbyknit;
using test::bridge_fixture;

namespace {

int list_status(bridge_fixture &fixture, std::string_view key) {
  return fixture.call("assessment.list", "{}", test::basic_authorization(key)).status;
}

}  // namespace

TEST_CASE("old and new keys both work until the old one is revoked", "[bridge][keys]") {
  bridge_fixture fixture;
  const std::string old_key = fixture.key;
  const std::string new_key = fixture.issue_key("acme");
  CHECK(list_status(fixture, old_key) == 200);
  CHECK(list_status(fixture, new_key) == 200);

  const auto keys = fixture.instance->store().list_keys("acme").value();
  REQUIRE(keys.size() == 2);
  REQUIRE(fixture.instance->store().revoke_key("acme", keys[0].key_id).ok());
  CHECK(list_status(fixture, old_key) == 403);
  CHECK(list_status(fixture, new_key) == 200);
  CHECK(fixture.instance->store().list_keys("acme").value()[0].revoked_ms == *fixture.now_ms);
  CHECK(fixture.instance->store().list_integrations().value()[0].active_keys == 1);
}

TEST_CASE("a key stops working when it expires", "[bridge][keys]") {
  bridge_fixture fixture;
  const std::string short_lived = fixture.issue_key("acme", 60'000);
  CHECK(list_status(fixture, short_lived) == 200);
  *fixture.now_ms += 59'999;
  CHECK(list_status(fixture, short_lived) == 200);
  *fixture.now_ms += 1;
  CHECK(list_status(fixture, short_lived) == 403);
  CHECK(list_status(fixture, fixture.key) == 200);
}

TEST_CASE("revoking an unknown key or another integration's key fails", "[bridge][keys]") {
  bridge_fixture fixture;
  REQUIRE(fixture.instance->store().create_integration("globex").ok());
  const auto acme_key_id = fixture.instance->store().list_keys("acme").value()[0].key_id;
  CHECK(fixture.instance->store().revoke_key("globex", acme_key_id).code() == error_code::not_found);
  CHECK(fixture.instance->store().revoke_key("acme", "key_nosuchkey").code() == error_code::not_found);
  CHECK(list_status(fixture, fixture.key) == 200);
  REQUIRE(fixture.instance->store().revoke_key("acme", acme_key_id).ok());
  CHECK(fixture.instance->store().revoke_key("acme", acme_key_id).ok());
}

TEST_CASE("the store keeps only key hashes", "[bridge][keys][sqlite]") {
  bridge_fixture fixture;
  fixture.instance.reset();
  std::ifstream file(fixture.store_path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  std::ifstream wal(fixture.store_path + "-wal", std::ios::binary);
  const std::string wal_bytes((std::istreambuf_iterator<char>(wal)), std::istreambuf_iterator<char>());
  CHECK(bytes.find(fixture.key) == std::string::npos);
  CHECK(wal_bytes.find(fixture.key) == std::string::npos);
  CHECK((bytes + wal_bytes).find(hash_secret_key(fixture.key).value()) != std::string::npos);
}

TEST_CASE("issuing a key checks its integration and lifetime", "[bridge][keys]") {
  bridge_fixture fixture;
  CHECK(fixture.instance->store().issue_key("nobody", bridge_fixture::base_url).code() == error_code::not_found);
  CHECK(fixture.instance->store().issue_key("acme", bridge_fixture::base_url, 0).code() == error_code::invalid_argument);
  CHECK(fixture.instance->store().issue_key("acme", "not a url").code() == error_code::invalid_argument);
  CHECK(fixture.instance->store().list_keys("nobody").code() == error_code::not_found);
}
