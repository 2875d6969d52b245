// What the delivery benchmarks share: a bridge on a store file with normal durability, a
// receiver on 127.0.0.1 answering at once, a delivery engine sending from the one to the other,
// and the timed loop that fills the outbox before the clock runs and times only the deliveries.
#pragma once

#include <benchmark/benchmark.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "ashbyknit/delivery.hpp"
#include "ashbyknit/result.hpp"
#include "benchmarks.hpp"
#include "bridge_harness.hpp"
#include "loopback_receiver.hpp"
#include "request_bodies.hpp"

namespace ashbyknit::bench {

/// Entries one iteration puts in the outbox before the clock runs, then times: enough batches
/// that the start and the end of a run weigh little beside them.
inline constexpr std::size_t outbox_batch = 256;

/// Where the engine sends. The receiver answers the webhook 200 with no body, and Ashby's API 200
/// with Ashby's {"success":true,"results":{}}, which the engine reads and judges.
enum class delivery_target {
  webhook,  ///< the bridge's events, signed, to the vendor's webhook
  ashby,    ///< assessment.update calls only (no webhook URL), with the integration's Ashby key
};

/// The bridge, the receiver and the engine of one benchmark run. Members are destroyed in reverse:
/// the engine stops its workers before the receiver and the bridge it uses go.
struct delivery_rig {
  std::unique_ptr<bridge_harness> harness;
  std::unique_ptr<ak_test::loopback_receiver> receiver;
  std::string path;  ///< where every request should arrive on the receiver
  std::unique_ptr<delivery_engine> engine;
};

/// A rig for `setup` sending to `target`, on a fresh store in file_normal_store, or nothing after
/// stopping the benchmark with the reason.
std::optional<delivery_rig> open_delivery_rig(benchmark::State &state, const delivery_setup &setup,
                                              const bridge_fixtures &fixtures, delivery_target target);

/// Puts `count` entries for the rig's engine in the outbox.
using outbox_filler = std::function<status(std::size_t count)>;

/// The timed loop, in manual time: every iteration calls `fill` for outbox_batch entries, then
/// times their delivery, on this thread with deliver_due for one worker and by the engine's
/// workers otherwise. Stops the benchmark when filling fails, when an entry is not delivered at
/// its first attempt, or when the receiver did not get exactly one request per entry, all at the
/// rig's path. Counts entries as items, and sets the `connections` counter: the TCP connections
/// the receiver saw in the whole run.
void time_deliveries(benchmark::State &state, delivery_rig &rig, const delivery_setup &setup,
                     const outbox_filler &fill);

}  // namespace ashbyknit::bench
