// ashbyknit.h as a C++17 translation unit sees it, built with every warning an error: the
// extern "C" block, the enum and the options struct must be clean C++ as well as clean C.
#include "ashbyknit.h"

#include <type_traits>

static_assert(std::is_standard_layout<ak_map_options>::value && std::is_trivial<ak_map_options>::value,
              "ak_map_options must stay a plain C struct");
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
