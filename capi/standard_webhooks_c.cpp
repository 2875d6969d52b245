// ak_standard_*: the C face of ashbyknit/standard_webhooks.hpp.
#include "ashbyknit/standard_webhooks.hpp"
#include "c_api_support.hpp"

using namespace ashbyknit;

extern "C" {

ak_status ak_standard_secret_new(char **out) {
  AK_REQUIRE_ARGUMENT(out);
  return capi::guarded([&] {
    auto secret = standard_webhook_secret_new(system_random());
    if (!secret.ok()) return capi::fail(secret.failure());
    return capi::give_string(secret.value(), out);
  });
}

ak_status ak_standard_key_pair_new(char **out_signing_key, char **out_public_key) {
  AK_REQUIRE_ARGUMENT(out_signing_key);
  AK_REQUIRE_ARGUMENT(out_public_key);
  return capi::guarded([&] {
    auto pair = standard_webhook_key_pair_new(system_random());
    if (!pair.ok()) return capi::fail(pair.failure());
    return capi::give_strings({{pair.value().signing_key, out_signing_key}, {pair.value().public_key, out_public_key}});
  });
}

ak_status ak_standard_public_key(const char *signing_key, char **out) {
  AK_REQUIRE_ARGUMENT(signing_key);
  AK_REQUIRE_ARGUMENT(out);
  return capi::guarded([&] {
    auto public_key = standard_webhook_public_key(signing_key);
    if (!public_key.ok()) return capi::fail(public_key.failure());
    return capi::give_string(public_key.value(), out);
  });
}

ak_status ak_standard_sign(const char *const *keys, size_t key_count, const char *id, int64_t timestamp_s,
                           const void *body, size_t body_len, char **out) {
  AK_REQUIRE_ARGUMENT(id);
  AK_REQUIRE_ARGUMENT(out);
  AK_TRY(capi::check_span(body, body_len, "body", "body_len"));
  return capi::guarded([&] {
    std::vector<std::string> signing_keys;
    AK_TRY(capi::read_strings(keys, key_count, "keys", "key_count", signing_keys));
    auto signature = standard_webhook_sign(signing_keys, {id, timestamp_s, capi::bytes(body, body_len)});
    if (!signature.ok()) return capi::fail(signature.failure());
    return capi::give_string(signature.value(), out);
  });
}

ak_status ak_standard_verify(const char *const *keys, size_t key_count, const char *id, const char *timestamp,
                             const char *signature, const void *body, size_t body_len, int64_t now_s,
                             int64_t tolerance_s) {
  AK_REQUIRE_ARGUMENT(id);
  AK_REQUIRE_ARGUMENT(timestamp);
  AK_REQUIRE_ARGUMENT(signature);
  AK_TRY(capi::check_span(body, body_len, "body", "body_len"));
  return capi::guarded([&] {
    std::vector<std::string> verifying_keys;
    AK_TRY(capi::read_strings(keys, key_count, "keys", "key_count", verifying_keys));
    const auto verified = standard_webhook_verify(verifying_keys, {id, timestamp, signature},
                                                  capi::bytes(body, body_len), now_s, tolerance_s);
    if (!verified.ok()) return capi::fail(verified.failure());
    return AK_OK;
  });
}

}  // extern "C"
