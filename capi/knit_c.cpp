// ak_knit_*: the C face of ashbyknit/knit_signature.hpp.
#include "ashbyknit/knit_signature.hpp"
#include "c_api_support.hpp"

using namespace ashbyknit;

extern "C" {

ak_status ak_knit_sign(const void *key, size_t key_len, const void *body, size_t body_len, char **out) {
  AK_REQUIRE_ARGUMENT(key);
  AK_REQUIRE_ARGUMENT(out);
  if (body == nullptr && body_len != 0) return capi::fail(AK_ERR_INVALID_ARGUMENT, "body is NULL but body_len is not 0.");
  return capi::guarded([&] {
    auto signature = knit_sign(capi::bytes(key, key_len), capi::bytes(body, body_len));
    if (!signature.ok()) return capi::fail(signature.failure());
    return capi::give_string(signature.value(), out);
  });
}

int ak_knit_verify(const void *key, size_t key_len, const void *body, size_t body_len, const char *signature) {
  if (key == nullptr || signature == nullptr || (body == nullptr && body_len != 0)) return 0;
  return knit_verify(capi::bytes(key, key_len), capi::bytes(body, body_len), signature) ? 1 : 0;
}

}  // extern "C"
