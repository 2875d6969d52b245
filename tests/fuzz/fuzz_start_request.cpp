// Fuzzes parse_start_request, and map_start on every body it accepts: the event must be JSON.
#include <cstddef>
#include <cstdint>

#include "ashbyknit/ashby.hpp"
#include "ashbyknit/mapping.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  using namespace ashbyknit;
  start_request request;
  if (parse_start_request(fuzz::as_text(data, size)).get(request) != error_code::ok) return 0;
  fuzz::require_valid_event(map_start(request, fuzz::deterministic_map_options()));
  return 0;
}
