// The argument checks that several entry points share. The thread's last error, which they
// record, lives with the error functions in errors_c.cpp.
#include "c_api_support.hpp"

namespace ashbyknit::capi {

ak_status check_span(const void *data, std::size_t size, const char *name, const char *size_name) noexcept {
  if (data != nullptr || size == 0) return AK_OK;
  try {
    return fail(AK_ERR_INVALID_ARGUMENT, std::string(name) + " is NULL but " + size_name + " is not 0.");
  } catch (...) {
    return fail(AK_ERR_INVALID_ARGUMENT, "A span is NULL but its length is not 0.");
  }
}

ak_status read_strings(const char *const *items, std::size_t count, const char *name, const char *count_name,
                       std::vector<std::string> &out) {
  AK_TRY(check_span(items, count, name, count_name));
  for (std::size_t i = 0; i < count; ++i) {
    if (items[i] == nullptr) return fail(AK_ERR_INVALID_ARGUMENT, std::string(name) + " holds a NULL string.");
  }
  out.assign(items, items + count);
  return AK_OK;
}

ak_status check_struct_size(std::size_t struct_size, std::size_t current_size, const char *name,
                            const char *type) noexcept {
  if (struct_size >= sizeof(std::size_t) && struct_size <= current_size) return AK_OK;
  try {
    return fail(AK_ERR_INVALID_ARGUMENT, std::string(name) + "->struct_size must be sizeof(" + type +
                                             ") of this or an older ashbyknit.h.");
  } catch (...) {
    return fail(AK_ERR_INVALID_ARGUMENT, "A struct_size is not that of this or an older ashbyknit.h.");
  }
}

}  // namespace ashbyknit::capi
