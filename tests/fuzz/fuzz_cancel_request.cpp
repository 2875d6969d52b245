// Fuzzes parse_cancel_request, and map_cancel on every body it accepts: the event must be JSON.
// map_cancel_body must agree with the two steps on every body, accepted or not.
#include <cstddef>
#include <cstdint>

#include "ashbyknit/ashby.hpp"
#include "ashbyknit/mapping.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  using namespace ashbyknit;
  fuzz::require_mappers_agree(fuzz::as_text(data, size), parse_cancel_request, map_cancel, map_cancel_body);
  return 0;
}
