// Fuzzes package_catalogue::parse. An accepted catalogue must find each of its packages by id,
// and the first package must map into a valid event: its metaData is copied into the event as
// raw JSON, so a bad copy would corrupt every event.
#include <cstddef>
#include <cstdint>

#include "ashbyknit/ashby.hpp"
#include "ashbyknit/catalogue.hpp"
#include "ashbyknit/mapping.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  using namespace ashbyknit;
  package_catalogue catalogue;
  if (package_catalogue::parse(fuzz::as_text(data, size)).get(catalogue) != error_code::ok) return 0;
  for (const assessment_package &package : catalogue.packages()) {
    fuzz::require(catalogue.find(package.id) == &package, "package ids are unique and found");
  }
  if (catalogue.packages().empty()) return 0;

  start_request request;
  request.assessment_type_id = catalogue.packages().front().id;
  request.candidate.ashby_id = "cand_789xyz";
  request.application.ashby_id = "app_123abc";
  request.job.ashby_id = "job_456def";
  request.origin_data = "{}";
  map_options options = fuzz::deterministic_map_options();
  options.packages = &catalogue;
  fuzz::require_valid_event(map_start(request, options));
  return 0;
}
