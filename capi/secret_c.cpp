// ak_secret_*: the C face of ashbyknit/secrets.hpp.
#include "ashbyknit/secrets.hpp"
#include "c_api_support.hpp"

using namespace ashbyknit;

extern "C" {

ak_status ak_secret_issue(const char *integration_id, const char *public_base_url, char **out_secret_key,
                          char **out_base_url, char **out_key_hash) {
  AK_REQUIRE_ARGUMENT(integration_id);
  AK_REQUIRE_ARGUMENT(public_base_url);
  AK_REQUIRE_ARGUMENT(out_secret_key);
  AK_REQUIRE_ARGUMENT(out_base_url);
  AK_REQUIRE_ARGUMENT(out_key_hash);
  return capi::guarded([&] {
    auto issued = issue_secret(integration_id, public_base_url);
    if (!issued.ok()) return capi::fail(issued.failure());
    const issued_secret &secret = issued.value();
    return capi::give_strings(
        {{secret.secret_key, out_secret_key}, {secret.base_url, out_base_url}, {secret.key_hash, out_key_hash}});
  });
}

ak_status ak_secret_hash(const char *secret_key, char **out) {
  AK_REQUIRE_ARGUMENT(secret_key);
  AK_REQUIRE_ARGUMENT(out);
  return capi::guarded([&] {
    auto hash = hash_secret_key(secret_key);
    if (!hash.ok()) return capi::fail(hash.failure());
    return capi::give_string(hash.value(), out);
  });
}

int ak_secret_matches(const char *presented_key, const char *key_hash) {
  if (presented_key == nullptr || key_hash == nullptr) return 0;
  return secret_matches(presented_key, key_hash) ? 1 : 0;
}

}  // extern "C"
