// Reporting back to Ashby: reports per second that assessment_reporter queues, and updates per
// second that the delivery engine gets to Ashby's API.
//
// report_queue/<kind>: a progress report (a status text and one metadata blob) or a completed
// one (a numeric_score result, a profile URL and two metadata blobs), each validated, moving its
// assessment's life cycle and written into the outbox in one transaction, on a store file with
// normal durability: the store of bridge_start/file_normal, which the summary compares them
// with. Every report is on an active assessment of its own, started through bridge::handle
// before the clock runs; the report's values are built inside the timed loop, as a vendor's
// call builds them.
//
// delivery_updates/workers:<n>: completed updates per second that the engine gets to Ashby's
// API, played by a loopback_receiver on 127.0.0.1 answering 200 at once (with no body: see
// delivery_target), with one update in flight (deliver_due on the benchmark's thread) and eight
// (eight workers), over reused connections, from the same kind of store. The receiver is the
// bare loopback_receiver, not fake_ashby: the fake checks every request as Ashby would, and that
// work would be timed with the library's. The engine has no webhook URL, so it sends only
// updates; every iteration starts its assessments, pulls and acknowledges their record.new
// events as a host without a webhook does, and queues one report for each, all before the clock
// runs.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ashbyknit/reporter.hpp"
#include "benchmarks.hpp"
#include "bridge_harness.hpp"
#include "delivery_rig.hpp"
#include "request_bodies.hpp"

namespace ashbyknit::bench {
namespace {

/// How long the pulled record.new events are leased: far longer than acknowledging them takes.
constexpr std::int64_t pull_lease_ms = 60'000;

std::string_view report_kind_name(report_kind kind) {
  switch (kind) {
    case report_kind::progress: return "progress";
    case report_kind::completed: return "completed";
  }
  return {};
}

/// Queues one report of `kind` on the active assessment `assessment_id`.
result<queued_update> queue_report(assessment_reporter &reporter, report_kind kind, std::string_view assessment_id) {
  if (kind == report_kind::progress) {
    return reporter.progress(harness_integration_id, assessment_id, "In progress",
                             {{"questions_answered", "Questions answered", blob_type::numeric_score, 12.0, {}}});
  }
  return reporter.completed(harness_integration_id, assessment_id,
                            {"overall_score", "Overall score", blob_type::numeric_score, 87.5, {}},
                            "https://assessments.vendor.example/reports/overall",
                            {{"time_taken", "Time taken", blob_type::numeric_duration_minutes, 42.0, {}},
                             {"passed", "Passed", blob_type::boolean_success, true, {}}});
}

/// Queues one report of `kind` on each of `assessment_ids`.
status queue_reports(assessment_reporter &reporter, report_kind kind, const std::vector<std::string> &assessment_ids) {
  for (const std::string &assessment_id : assessment_ids) {
    if (auto queued = queue_report(reporter, kind, assessment_id); !queued.ok()) return std::move(queued).failure();
  }
  return {};
}

/// Pulls the `count` record.new events in the outbox and acknowledges them, as a host that
/// delivers events itself does, so that only updates are left pending.
status pull_events(ashbyknit::store &store, std::size_t count) {
  auto pulled = store.lease_events(count, pull_lease_ms);
  if (!pulled.ok()) return std::move(pulled).failure();
  std::vector<std::string> event_ids;
  event_ids.reserve(pulled.value().size());
  for (const outbox_event &event : pulled.value()) event_ids.push_back(event.event_id);
  auto acknowledged = store.acknowledge_events(event_ids);
  if (!acknowledged.ok()) return std::move(acknowledged).failure();
  if (acknowledged.value() != count) {
    return {error_code::internal, fmt::format("{} of {} record.new events were pulled.", acknowledged.value(), count)};
  }
  return {};
}

/// Checks that the store holds `expected` pending outbox entries: a report that did not queue
/// its update would make the rate a lie.
status check_pending(ashbyknit::store &store, std::size_t expected) {
  auto counts = store.count_events();
  if (!counts.ok()) return std::move(counts).failure();
  if (counts.value().pending != static_cast<std::int64_t>(expected)) {
    return {error_code::internal,
            fmt::format("The outbox holds {} pending entries, not {}.", counts.value().pending, expected)};
  }
  return {};
}

void time_reports(benchmark::State &state, report_kind kind, const bridge_fixtures &fixtures) {
  const auto fail = [&state](const std::string &why) { state.SkipWithError(why.c_str()); };
  const std::unique_ptr<bridge_harness> harness = open_harness(state, file_normal_store, fixtures);
  if (!harness) return;
  ashbyknit::store &store = harness->bridge().store();
  assessment_reporter reporter(store);
  numbered_starts starts(fixtures);
  std::size_t queued = 0;
  for (auto _ : state) {
    auto started = start_assessments(*harness, starts, outbox_batch);
    if (!started.ok()) {
      fail(started.message());
      break;
    }
    const auto clock = std::chrono::steady_clock::now();
    const status reported = queue_reports(reporter, kind, started.value());
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - clock;
    if (!reported.ok()) {
      fail(reported.message());
      break;
    }
    state.SetIterationTime(elapsed.count());
    queued += outbox_batch;
  }
  if (state.error_occurred()) return;
  // Every start's record.new event and every report's update, none of them delivered.
  if (auto checked = check_pending(store, 2 * queued); !checked.ok()) return fail(checked.message());
  state.SetItemsProcessed(static_cast<std::int64_t>(queued));
}

void deliver_updates(benchmark::State &state, std::size_t workers, const bridge_fixtures &fixtures) {
  const delivery_setup setup{workers, true};
  auto rig = open_delivery_rig(state, setup, fixtures, delivery_target::ashby);
  if (!rig) return;
  assessment_reporter reporter(rig->harness->bridge().store());
  numbered_starts starts(fixtures);
  time_deliveries(state, *rig, setup, [&rig, &reporter, &starts](std::size_t count) -> status {
    auto started = start_assessments(*rig->harness, starts, count);
    if (!started.ok()) return std::move(started).failure();
    if (auto pulled = pull_events(rig->harness->bridge().store(), count); !pulled.ok()) return pulled;
    return queue_reports(reporter, report_kind::completed, started.value());
  });
}

}  // namespace

std::string report_queue_benchmark_name(report_kind kind) {
  return fmt::format("report_queue/{}", report_kind_name(kind));
}

std::string update_delivery_benchmark_name(std::size_t workers) {
  return fmt::format("delivery_updates/workers:{}", workers);
}

status register_report_benchmarks(const fixture_bodies &fixtures) {
  auto cut = bridge_fixtures_from(fixtures);
  if (!cut.ok()) return std::move(cut).failure();
  // Manual time: only the reports, or their delivery, are timed, not the starts before them.
  for (const report_kind kind : report_kinds) {
    benchmark::RegisterBenchmark(report_queue_benchmark_name(kind).c_str(), time_reports, kind, cut.value())
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
  }
  for (const std::size_t workers : update_delivery_workers) {
    benchmark::RegisterBenchmark(update_delivery_benchmark_name(workers).c_str(), deliver_updates, workers,
                                 cut.value())
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
  }
  return {};
}

}  // namespace ashbyknit::bench
