// What serving one Ashby call costs: validating its body, then building the Knit event.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "ashbyknit/ashby.hpp"
#include "ashbyknit/catalogue.hpp"
#include "ashbyknit/mapping.hpp"
#include "benchmarks.hpp"
#include "fixtures.hpp"

namespace ashbyknit::bench {
namespace {

/// Parses `body` and maps the request, once per iteration, with `options` (which keep the
/// system clock and random source unless the caller pinned them).
template <typename Request>
void parse_and_map(benchmark::State &state, std::string_view body, const map_options &options,
                   result<Request> (*parse)(std::string_view, const json_limits &),
                   result<knit_event> (*map)(const Request &, const map_options &)) {
  const json_limits limits;
  for (auto _ : state) {
    Request request;
    knit_event event;
    if (parse(body, limits).get(request) != error_code::ok || map(request, options).get(event) != error_code::ok) {
      state.SkipWithError("The fixture does not map.");
      break;
    }
    benchmark::DoNotOptimize(event.json.data());
  }
}

/// Registers the start mapping under `name`, with the fixture catalogue and `assessment_id`
/// (empty: minted for every event, as in production).
void register_map_start(const char *name, const fixture_bodies &fixtures,
                        std::shared_ptr<const package_catalogue> catalogue, std::string_view assessment_id) {
  benchmark::RegisterBenchmark(name, [body = fixtures.start, catalogue = std::move(catalogue),
                                      assessment_id = std::string(assessment_id)](benchmark::State &state) {
    map_options options;
    options.packages = catalogue.get();
    options.assessment_id = assessment_id;
    parse_and_map(state, body, options, parse_start_request, map_start);
  });
}

}  // namespace

status register_mapping_benchmarks(const fixture_bodies &fixtures) {
  auto catalogue = package_catalogue::parse(fixtures.packages);
  if (!catalogue.ok()) return std::move(catalogue).failure();
  // Shared by both start benchmarks, whose options point into it while they run.
  const auto packages = std::make_shared<const package_catalogue>(std::move(catalogue).value());

  register_map_start("map_start", fixtures, packages, {});
  register_map_start("map_start/pinned_id", fixtures, packages, example_assessment_id);
  benchmark::RegisterBenchmark("map_cancel", [body = fixtures.cancel](benchmark::State &state) {
    parse_and_map(state, body, map_options{}, parse_cancel_request, map_cancel);
  });
  return {};
}

}  // namespace ashbyknit::bench
