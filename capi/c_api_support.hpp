// What every C entry point shares: the thread's last error, caller-owned strings, option
// structs that grow, and the guard that keeps exceptions out of C.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

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

/// Fails with AK_ERR_INVALID_ARGUMENT, naming the span's pointer and length ("body", "body_len"),
/// when a span has a NULL pointer but a non-zero length; AK_OK otherwise.
ak_status check_span(const void *data, std::size_t size, const char *name, const char *size_name) noexcept;

/// Copies the caller's array of `count` strings into `out`. Fails with AK_ERR_INVALID_ARGUMENT,
/// naming `name` and `count_name`, for a NULL array with a non-zero count or a NULL string in it.
/// May throw std::bad_alloc: call it inside guarded().
ak_status read_strings(const char *const *items, std::size_t count, const char *name, const char *count_name,
                       std::vector<std::string> &out);

/// True when an options struct of the caller's `struct_size` is large enough to hold a field
/// that ends at `field_end` (offsetof + sizeof): older callers pass smaller structs.
inline bool has_field(std::size_t struct_size, std::size_t field_end) noexcept { return struct_size >= field_end; }

/// Checks the struct_size of a caller's struct against `current_size`, the sizeof of this
/// header's: it must hold struct_size itself, and may be smaller (an older header) but not larger
/// (a newer header's fields would be silently ignored). Fails with AK_ERR_INVALID_ARGUMENT naming
/// `name` (the parameter, "options") and `type` (the struct, "ak_map_options").
ak_status check_struct_size(std::size_t struct_size, std::size_t current_size, const char *name,
                            const char *type) noexcept;

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

/// Hands each text to the caller through its output, all or none: when one copy fails for lack
/// of memory, the others are released, every output is left untouched and AK_ERR_INTERNAL returned.
template <std::size_t N>
ak_status give_strings(const std::pair<std::string_view, char **> (&outputs)[N]) noexcept {
  char *copies[N] = {};
  for (std::size_t i = 0; i < N; ++i) {
    copies[i] = copy_string(outputs[i].first);
    if (copies[i] == nullptr) {
      for (std::size_t made = 0; made < i; ++made) std::free(copies[made]);
      return fail(AK_ERR_INTERNAL, "Out of memory.");
    }
  }
  for (std::size_t i = 0; i < N; ++i) *outputs[i].second = copies[i];
  return AK_OK;
}

}  // namespace ashbyknit::capi

/// True when the caller's struct `*pointer` (a struct starting with struct_size) is large enough
/// to hold `field`; see has_field.
#define AK_FIELD_PRESENT(pointer, field)                                              \
  ::ashbyknit::capi::has_field(                                                       \
      (pointer)->struct_size,                                                         \
      offsetof(std::remove_cv_t<std::remove_pointer_t<decltype(pointer)>>, field) + sizeof((pointer)->field))

/// Returns `call`'s ak_status from the calling function when it is not AK_OK.
#define AK_TRY(call)                                    \
  do {                                                  \
    const ak_status ak_try_status_ = (call);            \
    if (ak_try_status_ != AK_OK) return ak_try_status_; \
  } while (0)

/// Fails the calling entry point with AK_ERR_INVALID_ARGUMENT when `pointer` is NULL.
#define AK_REQUIRE_ARGUMENT(pointer)                                                          \
  do {                                                                                        \
    if ((pointer) == nullptr) {                                                               \
      return ::ashbyknit::capi::fail(AK_ERR_INVALID_ARGUMENT, #pointer " must not be NULL."); \
    }                                                                                         \
  } while (0)
