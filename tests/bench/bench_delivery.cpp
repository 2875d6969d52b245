// Events per second that the delivery engine gets to a webhook answering 200 at once, on
// 127.0.0.1: one delivery in flight (deliver_due on the benchmark's thread) and eight (eight
// workers), each over reused and over fresh connections. The store is a file with normal
// durability; every iteration creates its events through bridge::handle before the clock runs.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

#include "ashbyknit/delivery.hpp"
#include "ashbyknit/transport.hpp"
#include "benchmarks.hpp"
#include "bridge_harness.hpp"
#include "loopback_receiver.hpp"
#include "request_bodies.hpp"

namespace ashbyknit::bench {
namespace {

/// Events one iteration creates and then times the delivery of: enough batches that the start
/// and the end of a run weigh little beside them.
constexpr std::size_t events_per_iteration = 256;
/// How long one iteration may take before the benchmark gives up on a lost delivery.
constexpr std::chrono::seconds patience(60);

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// Starts `count` new assessments, each of which puts one record.new event in the outbox.
status create_events(bridge_harness &harness, numbered_starts &starts, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    const http_response reply = harness.call(start_path, starts.next());
    if (!accepted(reply)) {
      return {error_code::internal, fmt::format("The bridge refused a start: {} {}", reply.status, reply.body)};
    }
  }
  return {};
}

/// Delivers every due event on this thread, batch after batch. Fails when a pass finds nothing
/// due before all are delivered, or an event is not delivered at the first attempt.
status deliver_sequentially(delivery_engine &engine, std::size_t count) {
  std::size_t delivered = 0;
  while (delivered < count) {
    auto pass = engine.deliver_due(now_ms());
    if (!pass.ok()) return pass.failure();
    const delivery_summary &summary = pass.value();
    if (summary.claimed() == 0 || summary.delivered != summary.claimed()) {
      return {error_code::internal, fmt::format("A pass delivered {} of the {} events it claimed, after {} of {}.",
                                                summary.delivered, summary.claimed(), delivered, count)};
    }
    delivered += summary.delivered;
  }
  return {};
}

/// Runs the workers until the store holds no pending event: the receiver has seen `expected`
/// requests in all and the engine has recorded every answer.
status deliver_with_workers(delivery_engine &engine, ashbyknit::store &store, const ak_test::loopback_receiver &receiver,
                            std::size_t expected) {
  if (auto started = engine.start(); !started.ok()) return started;
  if (!receiver.wait_for(expected, patience)) {
    return {error_code::internal, fmt::format("The receiver got {} of {} requests.", receiver.request_count(), expected)};
  }
  const auto deadline = std::chrono::steady_clock::now() + patience;
  for (;;) {
    auto counts = store.count_events();
    if (!counts.ok()) return counts.failure();
    if (counts.value().pending == 0 && counts.value().dead_lettered == 0) return {};
    if (std::chrono::steady_clock::now() > deadline) {
      return {error_code::internal, fmt::format("{} events are still pending and {} dead-lettered.",
                                                counts.value().pending, counts.value().dead_lettered)};
    }
    std::this_thread::yield();
  }
}

void deliver_events(benchmark::State &state, delivery_setup setup, const bridge_fixtures &fixtures) {
  const auto fail = [&state](const std::string &why) { state.SkipWithError(why.c_str()); };
  auto opened = bridge_harness::open(file_normal_store, fixtures.packages);
  if (!opened.ok()) return fail("Cannot open the bridge: " + opened.message());
  const std::unique_ptr<bridge_harness> harness = std::move(opened).value();
  std::unique_ptr<ak_test::loopback_receiver> receiver;
  try {
    receiver = std::make_unique<ak_test::loopback_receiver>();
  } catch (const std::runtime_error &failure) {  // no port to listen on
    return fail(std::string("Cannot start the receiver: ") + failure.what());
  }

  curl_transport_options transport_options;
  transport_options.reuse_connections = setup.reuse_connections;
  auto sender = make_curl_transport(transport_options);
  if (!sender.ok()) return fail("Cannot make the transport: " + sender.message());
  delivery_options options;
  options.webhook_url = receiver->url("/knit/webhook");
  options.workers = setup.workers;
  auto engine = delivery_engine::create(harness->bridge(), options, std::move(sender).value());
  if (!engine.ok()) return fail("Cannot create the engine: " + engine.message());

  numbered_starts starts(fixtures);
  std::size_t sent = 0;
  for (auto _ : state) {
    if (auto created = create_events(*harness, starts, events_per_iteration); !created.ok()) {
      fail(created.message());
      break;
    }
    sent += events_per_iteration;
    const auto started = std::chrono::steady_clock::now();
    const status delivered = setup.workers == 1
                                 ? deliver_sequentially(*engine.value(), events_per_iteration)
                                 : deliver_with_workers(*engine.value(), harness->bridge().store(), *receiver, sent);
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
    engine.value()->stop();
    if (!delivered.ok()) {
      fail(delivered.message());
      break;
    }
    state.SetIterationTime(elapsed.count());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(sent));
  // The TCP connections the receiver saw in the whole run: as many as deliveries in flight when
  // they are reused, one per event when they are not.
  std::set<int> connections;
  for (const ak_test::received_request &request : receiver->requests()) connections.insert(request.remote_port);
  state.counters["connections"] = static_cast<double>(connections.size());
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
