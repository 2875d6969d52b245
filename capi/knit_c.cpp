// ak_knit_*: the C face of ashbyknit/knit_signature.hpp.
#include "ashbyknit/knit_signature.hpp"
#include "c_api_support.hpp"

using namespace ashbyknit;

extern "C" {

ak_status ak_knit_sign(const void *key, size_t key_len, const void *body, size_t body_len, char **out) {
  AK_REQUIRE_ARGUMENT(key);
  AK_REQUIRE_ARGUMENT(out);
  AK_TRY(capi::check_span(body, body_len, "body", "body_len"));
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
