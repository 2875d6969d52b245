// ashbyknit_bench: times the library on the fixture bodies, then compares mapping a body with
// merely parsing it, serving a call through the bridge with merely mapping its body, the
// delivery engine's event rates with one another, queueing a report with serving a start, and
// delivering updates to Ashby with delivering events, in the same run so that all of them saw
// the same machine.
//
// Takes Google Benchmark's flags (--benchmark_filter, --benchmark_min_time, ...) and
// --ak_fixtures_dir=DIR. Exits 1 when a benchmark fails or the fixtures cannot be read.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstddef>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "benchmarks.hpp"
#include "fixtures.hpp"
#include "timing_reporter.hpp"

namespace {

namespace bench = ashbyknit::bench;
using bench::timing_reporter;

/// A comparison printed after the run: numerator's time over denominator's.
struct ratio {
  std::string_view numerator;
  std::string_view denominator;
  std::optional<double> target;  ///< the ratio should stay below this
};

constexpr ratio ratios[] = {
    {"map_start", "parse_start", 3.0},
    {"map_start/pinned_id", "parse_start", std::nullopt},
    {"map_start/two_steps", "parse_start", std::nullopt},
    {"map_cancel", "parse_cancel", std::nullopt},
    {"bridge_start_concurrent/one_per_commit", "bridge_start_concurrent/grouped", std::nullopt},
};

/// Prints every ratio whose two benchmarks ran; a filter may have left some out.
void print_ratios(const timing_reporter &timings) {
  std::cout << "\nRatios of median real time per operation, measured in this run:\n";
  for (const ratio &r : ratios) {
    const auto numerator = timings.real_time_ns(std::string(r.numerator));
    const auto denominator = timings.real_time_ns(std::string(r.denominator));
    if (!numerator || !denominator) continue;
    const double value = *numerator / *denominator;
    std::cout << fmt::format("{} / {} = {:.2f}", r.numerator, r.denominator, value);
    if (r.target) {
      std::cout << fmt::format("  (target < {:.2f}: {})", *r.target, value < *r.target ? "met" : "missed");
    }
    std::cout << '\n';
  }
}

/// A bridge operation, with the mapping benchmark of its body: the floor that serving the call
/// through the bridge, store included, cannot go below.
struct bridge_floor {
  std::string_view operation;
  std::string_view floor;
};

constexpr bridge_floor bridge_floors[] = {
    {"start", "map_start"},
    {"cancel", "map_cancel"},
};

/// Prints the request rate of every bridge benchmark that ran, beside its floor when that ran.
void print_bridge_rates(const timing_reporter &timings) {
  std::cout << "\nRequests through bridge::handle, median real time, beside mapping the body alone:\n";
  for (const bridge_floor &call : bridge_floors) {
    for (const bench::bridge_store &store : bench::bridge_stores) {
      const auto rate = timings.items_per_second(bench::bridge_benchmark_name(call.operation, store));
      if (!rate) continue;
      std::cout << fmt::format("bridge {} ({}): {:.0f} req/s = {:.1f} us/req", call.operation, store.label, *rate,
                               1e6 / *rate);
      if (const auto floor = timings.real_time_ns(std::string(call.floor))) {
        std::cout << fmt::format("; floor {}: {:.2f} us", call.floor, *floor / 1e3);
      }
      std::cout << '\n';
    }
  }
}

/// The summary's words for a delivery setup.
std::string delivery_label(const bench::delivery_setup &setup) {
  return fmt::format("{} worker{}, {} connections", setup.workers, setup.workers == 1 ? "" : "s",
                     setup.reuse_connections ? "reused" : "fresh");
}

/// A comparison of two delivery setups printed after the run: numerator's events per second
/// over denominator's.
struct delivery_ratio {
  std::string_view label;
  bench::delivery_setup numerator;
  bench::delivery_setup denominator;
};

constexpr delivery_ratio delivery_ratios[] = {
    {"reused / fresh connections, 1 worker", {1, true}, {1, false}},
    {"8 workers / 1 worker, reused connections", {8, true}, {1, true}},
};

/// Prints the event rate of every delivery benchmark that ran, then every ratio of rates whose
/// two benchmarks ran.
void print_delivery_rates(const timing_reporter &timings) {
  const auto rate = [&timings](const bench::delivery_setup &setup) {
    return timings.items_per_second(bench::delivery_benchmark_name(setup));
  };
  std::cout << "\nEvents delivered by delivery_engine to a webhook on 127.0.0.1, median over the deliveries' time:\n";
  for (const bench::delivery_setup &setup : bench::delivery_setups) {
    const auto events = rate(setup);
    if (!events) continue;
    std::cout << fmt::format("delivery ({}): {:.0f} events/s = {:.1f} us/event\n", delivery_label(setup), *events,
                             1e6 / *events);
  }
  for (const delivery_ratio &r : delivery_ratios) {
    const auto numerator = rate(r.numerator);
    const auto denominator = rate(r.denominator);
    if (!numerator || !denominator) continue;
    std::cout << fmt::format("delivery {}: {:.2f}\n", r.label, *numerator / *denominator);
  }
}

/// Prints the rate of every report benchmark that ran, and its ratio to serving a start through
/// bridge::handle on the same kind of store when that ran: each writes one transaction with an
/// outbox entry.
void print_report_rates(const timing_reporter &timings) {
  const std::string start = bench::bridge_benchmark_name("start", bench::file_normal_store);
  const auto starts = timings.items_per_second(start);
  std::cout << fmt::format("\nReports queued by assessment_reporter (store: {}), median over the reports' time,"
                           " over starts through bridge::handle:\n",
                           bench::file_normal_store.label);
  for (const bench::report_kind kind : bench::report_kinds) {
    const std::string name = bench::report_queue_benchmark_name(kind);
    const auto reports = timings.items_per_second(name);
    if (!reports) continue;
    std::cout << fmt::format("{}: {:.0f} reports/s = {:.1f} us/report", name, *reports, 1e6 / *reports);
    if (starts) {
      std::cout << fmt::format("; {} / {} = {:.2f} ({:.0f} starts/s)", name, start, *reports / *starts, *starts);
    }
    std::cout << '\n';
  }
}

/// Prints the rate of every update delivery benchmark that ran, and its ratio to the event
/// delivery benchmark with the same setup when that ran.
void print_update_rates(const timing_reporter &timings) {
  std::cout << "\nUpdates delivered by delivery_engine to Ashby's API on 127.0.0.1, median over the deliveries' time,"
               " over events to a webhook:\n";
  for (const std::size_t workers : bench::update_delivery_workers) {
    const bench::delivery_setup setup{workers, true};
    const auto updates = timings.items_per_second(bench::update_delivery_benchmark_name(workers));
    if (!updates) continue;
    std::cout << fmt::format("delivery updates ({}): {:.0f} updates/s = {:.1f} us/update", delivery_label(setup),
                             *updates, 1e6 / *updates);
    if (const auto events = timings.items_per_second(bench::delivery_benchmark_name(setup))) {
      std::cout << fmt::format("; updates / events = {:.2f}", *updates / *events);
    }
    std::cout << '\n';
  }
}

/// Reports a set-up failure and gives the exit status for it.
int setup_failure(const ashbyknit::error &failure) {
  std::cerr << "ashbyknit_bench: " << failure.message << '\n';
  return 1;
}

}  // namespace

int main(int argc, char **argv) {
  const std::string directory = bench::fixtures_directory(argc, argv);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

  auto fixtures = bench::load_fixtures(directory);
  if (!fixtures.ok()) return setup_failure(fixtures.failure());
  bench::register_parse_benchmarks(fixtures.value());
  for (const ashbyknit::status &registered : {bench::register_mapping_benchmarks(fixtures.value()),
                                              bench::register_signature_benchmarks(fixtures.value()),
                                              bench::register_secret_benchmarks(),
                                              bench::register_bridge_benchmarks(fixtures.value()),
                                              bench::register_delivery_benchmarks(fixtures.value()),
                                              bench::register_report_benchmarks(fixtures.value())}) {
    if (!registered.ok()) return setup_failure(registered.failure());
  }

  timing_reporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  print_ratios(reporter);
  print_bridge_rates(reporter);
  print_delivery_rates(reporter);
  print_report_rates(reporter);
  print_update_rates(reporter);
  benchmark::Shutdown();
  return reporter.any_errors() ? 1 : 0;
}
