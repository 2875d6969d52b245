// What serving one Ashby call costs: validating its body and building the Knit event, in one pass
// (map_start_body, as the bridge and the C ABI do) and through the two public halves.
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

/// Maps `body` with `map`, once per iteration, with `options` (which keep the system clock and
/// random source unless the caller pinned them).
template <typename Map>
void map_body(benchmark::State &state, std::string_view body, const map_options &options, Map map) {
  const json_limits limits;
  for (auto _ : state) {
    knit_event event;
    if (map(body, options, limits).get(event) != error_code::ok) {
      state.SkipWithError("The fixture does not map.");
      break;
    }
    benchmark::DoNotOptimize(event.json.data());
  }
}

/// map_start_body through its two public halves: the owning request, then its event.
result<knit_event> parse_then_map_start(std::string_view body, const map_options &options, const json_limits &limits) {
  auto request = parse_start_request(body, limits);
  if (!request.ok()) return std::move(request).failure();
  return map_start(request.value(), options);
}

/// Registers a start mapping under `name`, with the fixture catalogue and `assessment_id`
/// (empty: minted for every event, as in production).
template <typename Map>
void register_map_start(const char *name, const fixture_bodies &fixtures,
                        std::shared_ptr<const package_catalogue> catalogue, std::string_view assessment_id, Map map) {
  benchmark::RegisterBenchmark(name, [body = fixtures.start, catalogue = std::move(catalogue),
                                      assessment_id = std::string(assessment_id), map](benchmark::State &state) {
    map_options options;
    options.packages = catalogue.get();
    options.assessment_id = assessment_id;
    map_body(state, body, options, map);
  });
}

}  // namespace

status register_mapping_benchmarks(const fixture_bodies &fixtures) {
  auto catalogue = package_catalogue::parse(fixtures.packages);
  if (!catalogue.ok()) return std::move(catalogue).failure();
  // Shared by the start benchmarks, whose options point into it while they run.
  const auto packages = std::make_shared<const package_catalogue>(std::move(catalogue).value());

  register_map_start("map_start", fixtures, packages, {}, map_start_body);
  register_map_start("map_start/pinned_id", fixtures, packages, example_assessment_id, map_start_body);
  register_map_start("map_start/two_steps", fixtures, packages, {}, parse_then_map_start);
  benchmark::RegisterBenchmark("map_cancel", [body = fixtures.cancel](benchmark::State &state) {
    map_body(state, body, map_options{}, map_cancel_body);
  });
  return {};
}

}  // namespace ashbyknit::bench
