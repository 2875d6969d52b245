// ashbyknit.h as a C++17 translation unit sees it, built with every warning an error: the
// extern "C" block, the enum and the options struct must be clean C++ as well as clean C.
#include "ashbyknit.h"

#include <type_traits>

template <typename Struct>
constexpr bool is_plain_c_struct = std::is_standard_layout<Struct>::value && std::is_trivial<Struct>::value;

static_assert(is_plain_c_struct<ak_map_options> && is_plain_c_struct<ak_store_options> &&
                  is_plain_c_struct<ak_sources> && is_plain_c_struct<ak_bridge_options> &&
                  is_plain_c_struct<ak_header> && is_plain_c_struct<ak_http_request>,
              "the options, sources and request structs must stay plain C structs");
static_assert(AK_OK == 0 && AK_ERR_INVALID_ARGUMENT < 0, "statuses are 0 for success and negative for errors");

namespace headertest {

ak_map_options current_options();

/// Options as a C++ caller fills them: value-initialised, then sized.
ak_map_options current_options() {
  ak_map_options options{};
  options.struct_size = sizeof options;
  options.packages_json = ak_status_name(AK_OK);
  return options;
}

}  // namespace headertest
