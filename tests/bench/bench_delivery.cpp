// Events per second that the delivery engine gets to a webhook answering 200 at once, on
// 127.0.0.1: one delivery in flight (deliver_due on the benchmark's thread) and eight (eight
// workers), each over reused and over fresh connections. The store is a file with normal
// durability; every iteration creates its events through bridge::handle before the clock runs.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstddef>
#include <string>
#include <utility>

#include "benchmarks.hpp"
#include "delivery_rig.hpp"
#include "request_bodies.hpp"

namespace ashbyknit::bench {
namespace {

void deliver_events(benchmark::State &state, delivery_setup setup, const bridge_fixtures &fixtures) {
  auto rig = open_delivery_rig(state, setup, fixtures, delivery_target::webhook);
  if (!rig) return;
  numbered_starts starts(fixtures);
  // Every start puts one record.new event in the outbox.
  time_deliveries(state, *rig, setup, [&rig, &starts](std::size_t count) -> status {
    auto started = start_assessments(*rig->harness, starts, count);
    if (!started.ok()) return std::move(started).failure();
    return {};
  });
}

}  // namespace

std::string delivery_benchmark_name(const delivery_setup &setup) {
  return fmt::format("delivery_events/workers:{}/connections:{}", setup.workers,
                     setup.reuse_connections ? "reused" : "fresh");
}

status register_delivery_benchmarks(const fixture_bodies &fixtures) {
  auto cut = bridge_fixtures_from(fixtures);
  if (!cut.ok()) return std::move(cut).failure();
  for (const delivery_setup &setup : delivery_setups) {
    // Manual time: only the deliveries are timed, not the start calls that create the events.
    benchmark::RegisterBenchmark(delivery_benchmark_name(setup).c_str(), deliver_events, setup, cut.value())
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
  }
  return {};
}

}  // namespace ashbyknit::bench
