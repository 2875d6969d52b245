// What every C entry point shares: the thread's last error, caller-owned strings, option
// structs that grow, and the guard that keeps exceptions out of C.
#pragma once

#include <cstddef>
#include <new>
#include <string>
#include <string_view>

#include "ashbyknit.h"
#include "ashbyknit/result.hpp"

namespace ashbyknit::capi {

/// Records `message` as this thread's last error and returns `status`.
ak_status fail(ak_status status, std::string_view message) noexcept;

/// Records a core error as this thread's last error and returns its status.
ak_status fail(const error &failure) noexcept;

/// A malloc'd NUL-terminated copy that ak_string_free releases; nullptr when out of memory.
char *copy_string(std::string_view text) noexcept;

/// A (pointer, length) span as a view; a NULL pointer is the empty span.
inline std::string_view bytes(const void *data, std::size_t size) noexcept {
  return data ? std::string_view(static_cast<const char *>(data), size) : std::string_view();
}

/// True when an options struct of the caller's `struct_size` is large enough to hold a field
/// that ends at `field_end` (offsetof + sizeof): older callers pass smaller structs.
inline bool has_field(std::size_t struct_size, std::size_t field_end) noexcept { return struct_size >= field_end; }

/// Runs `body` (returning ak_status) so that no exception crosses into C.
template <typename Body>
ak_status guarded(Body &&body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc &) {
    return fail(AK_ERR_INTERNAL, "Out of memory.");
  } catch (const std::exception &e) {
    return fail(AK_ERR_INTERNAL, e.what());
  } catch (...) {
    return fail(AK_ERR_INTERNAL, "An unknown internal error occurred.");
  }
}

/// Hands `text` to the caller through `*out`, or fails with AK_ERR_INTERNAL when out of memory.
ak_status give_string(std::string_view text, char **out) noexcept;

}  // namespace ashbyknit::capi

/// Fails the calling entry point with AK_ERR_INVALID_ARGUMENT when `pointer` is NULL.
#define AK_REQUIRE_ARGUMENT(pointer)                                                          \
  do {                                                                                        \
    if ((pointer) == nullptr) {                                                               \
      return ::ashbyknit::capi::fail(AK_ERR_INVALID_ARGUMENT, #pointer " must not be NULL."); \
    }                                                                                         \
  } while (0)
