// Limits on the JSON bodies the library accepts.
#pragma once

#include <cstddef>

namespace ashbyknit {

/// Bounds applied to every body before and while it is parsed. A body over `max_body_bytes`
/// fails with error_code::too_large without being read; one nested deeper than `max_depth`
/// (objects and arrays, the document itself counting as one level) fails with
/// error_code::too_deep.
struct json_limits {
  std::size_t max_body_bytes = std::size_t{1} << 20;
  std::size_t max_depth = 64;
};

}  // namespace ashbyknit
