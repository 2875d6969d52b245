// The benchmark families. Each registers its benchmarks with Google Benchmark, keeping copies
// of the fixture bodies it needs. A benchmark whose operation fails stops with an error, which
// the program's exit status reports; a family that needs set-up returns the set-up's failure.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "ashbyknit/result.hpp"
#include "ashbyknit/store.hpp"
#include "fixtures.hpp"

namespace ashbyknit::bench {

/// parse_start and parse_cancel: a bare simdjson DOM parse of each body, the baseline that
/// mapping is compared with.
void register_parse_benchmarks(const fixture_bodies &fixtures);

/// map_start, map_start/pinned_id, map_start/two_steps (parse_start_request, then map_start)
/// and map_cancel: validating a body and building its event.
status register_mapping_benchmarks(const fixture_bodies &fixtures);

/// knit_sign and knit_verify over the bytes of the record.new event.
status register_signature_benchmarks(const fixture_bodies &fixtures);

/// secret_matches: checking a presented key against its stored hash.
status register_secret_benchmarks();

/// A store that the bridge benchmarks run against.
struct bridge_store {
  std::string_view name;   ///< ends the benchmark names: bridge_start/<name>
  std::string_view label;  ///< names the store in the printed summary
  bool on_file;            ///< a file in a fresh temporary directory, else ":memory:"
  durability sync;         ///< what a commit waits for; no disk is involved in memory
  std::size_t commit_batch_max = 0;  ///< the most calls in one commit; 0: the store's default
};

/// A store file with normal durability: one of the bridge benchmarks' stores, and the one the
/// delivery and report benchmarks keep their outbox in.
inline constexpr bridge_store file_normal_store = {"file_normal", "file, normal", true, durability::normal};

inline constexpr bridge_store bridge_stores[] = {
    {"file_full", "file, full", true, durability::full},
    file_normal_store,
    {"memory", "memory", false, durability::full},
};

/// The stores of the concurrent start benchmarks: a file with durability full, where every commit
/// waits for the disk, with concurrent calls grouped into shared commits (the store's default)
/// and with every call committed alone.
inline constexpr bridge_store concurrent_stores[] = {
    {"grouped", "file, full, grouped commits", true, durability::full},
    {"one_per_commit", "file, full, one call per commit", true, durability::full, 1},
};

/// The threads of the concurrent start benchmarks, each calling the bridge in turn.
inline constexpr int concurrent_start_threads = 8;

/// The name of the bridge benchmark of `operation` ("start", "cancel" or "start_concurrent")
/// against `store`.
std::string bridge_benchmark_name(std::string_view operation, const bridge_store &store);

/// bridge_start/<store> and bridge_cancel/<store> for each of bridge_stores: Ashby's calls
/// through bridge::handle, one request per iteration, timed in real time (a commit's wait for
/// the disk costs no CPU) and reported as items (requests) per second. And
/// bridge_start_concurrent/<store> for each of concurrent_stores: the same starts from
/// concurrent_start_threads threads at once into one bridge, timed and counted alike (over all
/// threads: the real time per item is the wall time per start).
status register_bridge_benchmarks(const fixture_bodies &fixtures);

/// A delivery benchmark's set-up: how many deliveries are in flight, over which connections.
struct delivery_setup {
  std::size_t workers;     ///< 1: deliver_due on the benchmark's thread; more: start() with this many workers
  bool reuse_connections;  ///< the transport keeps its connections open between deliveries
};

inline constexpr delivery_setup delivery_setups[] = {{1, true}, {1, false}, {8, true}, {8, false}};

/// The name of the delivery benchmark of `setup`:
/// delivery_events/workers:<workers>/connections:<reused|fresh>.
std::string delivery_benchmark_name(const delivery_setup &setup);

/// The delivery benchmark of each of delivery_setups: events that delivery_engine gets to a
/// webhook on 127.0.0.1 answering 200 at once, from a store in file_normal_store. Every
/// iteration creates its events through bridge::handle, then times only their delivery (manual
/// time), reported as items (events) per second; the `connections` counter gives the TCP
/// connections the webhook saw in the run.
status register_delivery_benchmarks(const fixture_bodies &fixtures);

/// The reports report_queue times.
enum class report_kind {
  progress,   ///< a status text and one metadata blob
  completed,  ///< a numeric_score result, a profile URL and two metadata blobs
};

inline constexpr report_kind report_kinds[] = {report_kind::progress, report_kind::completed};

/// The name of the report benchmark of `kind`: report_queue/<progress|completed>.
std::string report_queue_benchmark_name(report_kind kind);

/// The deliveries in flight of the update delivery benchmarks, over reused connections each.
inline constexpr std::size_t update_delivery_workers[] = {1, 8};

/// The name of the update delivery benchmark with `workers` deliveries in flight:
/// delivery_updates/workers:<workers>.
std::string update_delivery_benchmark_name(std::size_t workers);

/// report_queue/<kind> for each of report_kinds: reports that assessment_reporter queues, each on
/// an active assessment of its own, on a store in file_normal_store; and delivery_updates for each
/// of update_delivery_workers: completed updates that delivery_engine gets to Ashby's API played
/// by a receiver on 127.0.0.1 answering 200 at once. Every iteration starts its
/// assessments through bridge::handle (and, for delivery, queues their reports) before the clock
/// runs, then times only the reports or their delivery (manual time), reported as items (reports
/// or updates) per second.
status register_report_benchmarks(const fixture_bodies &fixtures);

}  // namespace ashbyknit::bench
