// ak_sources read into the C++ clock_source and random_source.
#include "sources_c.hpp"

#include <memory>

#include "c_api_support.hpp"

namespace ashbyknit::capi {

ak_status read_sources(const ak_sources *sources, clock_source &clock, random_source &random) {
  if (sources == nullptr) return AK_OK;
  // The fields are read before struct_size is judged: a struct from a newer header still holds
  // them all, and its destroy must run even though the struct is then refused.
  void *const user_data = AK_FIELD_PRESENT(sources, user_data) ? sources->user_data : nullptr;
  void (*const destroy)(void *) = AK_FIELD_PRESENT(sources, destroy) ? sources->destroy : nullptr;
  const std::shared_ptr<void> shared(user_data, [destroy](void *data) {
    if (destroy != nullptr) destroy(data);
  });
  AK_TRY(check_struct_size(sources->struct_size, sizeof(ak_sources), "sources", "ak_sources"));
  if (AK_FIELD_PRESENT(sources, now_ms) && sources->now_ms != nullptr) {
    clock = [now_ms = sources->now_ms, shared] { return now_ms(shared.get()); };
  }
  if (AK_FIELD_PRESENT(sources, random_bytes) && sources->random_bytes != nullptr) {
    random = [random_bytes = sources->random_bytes, shared](unsigned char *out, std::size_t size) {
      return random_bytes(out, size, shared.get()) == 0;
    };
  }
  return AK_OK;
}

}  // namespace ashbyknit::capi
