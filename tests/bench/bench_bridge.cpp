// What serving Ashby's start and cancel calls costs end to end: bridge::handle with the key
// check, validation, mapping, and the store's transaction writing the assessment and its
// outbox event, on file and in memory.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "benchmarks.hpp"
#include "bridge_harness.hpp"
#include "request_bodies.hpp"

namespace ashbyknit::bench {
namespace {

/// Stops the benchmark with the bridge's reply, so that a refusal is never timed as a request.
void stop_on_refusal(benchmark::State &state, std::string_view path, const http_response &reply) {
  state.SkipWithError(fmt::format("The bridge refused a call to {}: {} {}", path, reply.status, reply.body).c_str());
}

/// The timed loop: one call to `path` per iteration, with the body `next_body()` gives, each
/// one counted as an item so that Google Benchmark prints requests per second.
template <typename NextBody>
void time_calls(benchmark::State &state, bridge_harness &harness, std::string_view path, NextBody next_body) {
  for (auto _ : state) {
    const http_response reply = harness.call(path, next_body());
    if (!accepted(reply)) {
      stop_on_refusal(state, path, reply);
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

void serve_starts(benchmark::State &state, const bridge_store &store, const bridge_fixtures &fixtures) {
  const auto harness = open_harness(state, store, fixtures);
  if (!harness) return;
  numbered_starts starts(fixtures);
  time_calls(state, *harness, start_path, [&starts] { return starts.next(); });
}

/// Starts `count` assessments and gives a cancel body for each, or nothing after stopping the
/// benchmark.
std::optional<std::vector<std::string>> start_to_cancel(benchmark::State &state, bridge_harness &harness,
                                                        const bridge_fixtures &fixtures, std::size_t count) {
  numbered_starts starts(fixtures);
  auto started = start_assessments(harness, starts, count);
  if (!started.ok()) {
    state.SkipWithError(started.message().c_str());
    return std::nullopt;
  }
  std::vector<std::string> bodies;
  bodies.reserve(count);
  for (const std::string &assessment_id : started.value()) bodies.push_back(fixtures.cancel.with(assessment_id));
  return bodies;
}

void serve_cancels(benchmark::State &state, const bridge_store &store, const bridge_fixtures &fixtures) {
  const auto harness = open_harness(state, store, fixtures);
  if (!harness) return;
  // Every iteration cancels an active assessment of its own, started before the timer runs:
  // each cancel writes the status and a record.deleted event.
  const auto bodies = start_to_cancel(state, *harness, fixtures, static_cast<std::size_t>(state.max_iterations));
  if (!bodies) return;
  auto next = bodies->begin();
  time_calls(state, *harness, cancel_path, [&next] { return std::string_view(*next++); });
}

/// Starts from every thread of the benchmark into one bridge on `store`, which thread 0 opens
/// before the threads start timing and closes once they all stopped.
void serve_concurrent_starts(benchmark::State &state, const bridge_store &store, const bridge_fixtures &fixtures) {
  static std::unique_ptr<bridge_harness> shared;
  if (state.thread_index() == 0) shared = open_harness(state, store, fixtures);
  // Application ids of the thread's own, so that no two threads start the same assessment.
  bridge_fixtures own = fixtures;
  own.application_id += "_" + std::to_string(state.thread_index());
  numbered_starts starts(own);
  std::optional<http_response> refusal;
  for (auto _ : state) {
    // The loop starts once every thread is in it, thread 0 with the bridge open; and no thread
    // leaves it early, so that thread 0 closes the bridge only once every thread is done.
    if (!shared || refusal) continue;
    http_response reply = shared->call_concurrently(start_path, starts.next());
    if (!accepted(reply)) refusal = std::move(reply);
  }
  if (refusal) stop_on_refusal(state, start_path, *refusal);
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) shared.reset();
}

}  // namespace

std::string bridge_benchmark_name(std::string_view operation, const bridge_store &store) {
  return fmt::format("bridge_{}/{}", operation, store.name);
}

status register_bridge_benchmarks(const fixture_bodies &fixtures) {
  auto cut = bridge_fixtures_from(fixtures);
  if (!cut.ok()) return std::move(cut).failure();
  for (const bridge_store &store : bridge_stores) {
    // Real time: a commit waiting for the disk costs little CPU, and items per second follow
    // the time the benchmark is measured in.
    benchmark::RegisterBenchmark(bridge_benchmark_name("start", store).c_str(), serve_starts, store, cut.value())
        ->UseRealTime();
    benchmark::RegisterBenchmark(bridge_benchmark_name("cancel", store).c_str(), serve_cancels, store, cut.value())
        ->UseRealTime();
  }
  for (const bridge_store &store : concurrent_stores) {
    benchmark::RegisterBenchmark(bridge_benchmark_name("start_concurrent", store).c_str(), serve_concurrent_starts,
                                 store, cut.value())
        ->Threads(concurrent_start_threads)
        ->UseRealTime();
  }
  return {};
}

}  // namespace ashbyknit::bench
