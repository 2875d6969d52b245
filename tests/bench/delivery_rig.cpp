#include "delivery_rig.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include "ashbyknit/transport.hpp"

namespace ashbyknit::bench {
namespace {

/// How long one iteration may take before the benchmark gives up on a lost delivery.
constexpr std::chrono::seconds patience(60);

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// Delivers every due entry on this thread, batch after batch. Fails when a pass finds nothing
/// due before all are delivered, or an entry is not delivered at the first attempt.
status deliver_sequentially(delivery_engine &engine, std::size_t count) {
  std::size_t delivered = 0;
  while (delivered < count) {
    auto pass = engine.deliver_due(now_ms());
    if (!pass.ok()) return pass.failure();
    const delivery_summary &summary = pass.value();
    if (summary.claimed() == 0 || summary.delivered != summary.claimed()) {
      return {error_code::internal, fmt::format("A pass delivered {} of the {} entries it claimed, after {} of {}.",
                                                summary.delivered, summary.claimed(), delivered, count)};
    }
    delivered += summary.delivered;
  }
  return {};
}

/// Runs the workers until the store holds no pending entry: the receiver has seen `expected`
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
      return {error_code::internal, fmt::format("{} entries are still pending and {} dead-lettered.",
                                                counts.value().pending, counts.value().dead_lettered)};
    }
    std::this_thread::yield();
  }
}

/// Checks that the receiver got one request per entry sent, each at `path`: a retry or a stray
/// request would make the rate a lie.
status check_requests(const std::vector<ak_test::received_request> &requests, const std::string &path,
                      std::size_t sent) {
  const auto elsewhere_than_path = [&path](const ak_test::received_request &request) { return request.path != path; };
  const auto elsewhere = std::count_if(requests.begin(), requests.end(), elsewhere_than_path);
  if (requests.size() != sent || elsewhere != 0) {
    return {error_code::internal, fmt::format("The receiver got {} requests for {} entries, {} of them not at {}.",
                                              requests.size(), sent, elsewhere, path)};
  }
  return {};
}

}  // namespace

std::optional<delivery_rig> open_delivery_rig(benchmark::State &state, const delivery_setup &setup,
                                              const bridge_fixtures &fixtures, delivery_target target) {
  const auto fail = [&state](const std::string &why) {
    state.SkipWithError(why.c_str());
    return std::nullopt;
  };
  delivery_rig rig;
  rig.harness = open_harness(state, file_normal_store, fixtures);
  if (!rig.harness) return std::nullopt;
  try {
    rig.receiver = std::make_unique<ak_test::loopback_receiver>();
  } catch (const std::runtime_error &failure) {  // no port to listen on
    return fail(std::string("Cannot start the receiver: ") + failure.what());
  }

  curl_transport_options transport_options;
  transport_options.reuse_connections = setup.reuse_connections;
  auto sender = make_curl_transport(transport_options);
  if (!sender.ok()) return fail("Cannot make the transport: " + sender.message());
  delivery_options options;
  options.workers = setup.workers;
  if (target == delivery_target::webhook) {
    rig.path = "/knit/webhook";
    options.webhook_url = rig.receiver->url(rig.path);
  } else {
    rig.path = "/assessment.update";
    options.ashby_api_url = rig.receiver->url("/");
    rig.receiver->set_handler([](const ak_test::received_request &) {
      ak_test::reply accepted;
      accepted.body = R"({"success":true,"results":{}})";
      accepted.content_type = "application/json";
      return accepted;
    });
  }
  auto engine = delivery_engine::create(rig.harness->bridge(), options, std::move(sender).value());
  if (!engine.ok()) return fail("Cannot create the engine: " + engine.message());
  rig.engine = std::move(engine).value();
  return rig;
}

void time_deliveries(benchmark::State &state, delivery_rig &rig, const delivery_setup &setup,
                     const outbox_filler &fill) {
  const auto fail = [&state](const std::string &why) { state.SkipWithError(why.c_str()); };
  std::size_t sent = 0;
  for (auto _ : state) {
    if (auto filled = fill(outbox_batch); !filled.ok()) {
      fail(filled.message());
      break;
    }
    sent += outbox_batch;
    const auto started = std::chrono::steady_clock::now();
    const status delivered =
        setup.workers == 1 ? deliver_sequentially(*rig.engine, outbox_batch)
                           : deliver_with_workers(*rig.engine, rig.harness->bridge().store(), *rig.receiver, sent);
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
    rig.engine->stop();
    if (!delivered.ok()) {
      fail(delivered.message());
      break;
    }
    state.SetIterationTime(elapsed.count());
  }
  if (state.error_occurred()) return;
  const std::vector<ak_test::received_request> requests = rig.receiver->requests();
  if (auto checked = check_requests(requests, rig.path, sent); !checked.ok()) return fail(checked.message());
  state.SetItemsProcessed(static_cast<std::int64_t>(sent));
  // As many connections as deliveries in flight when they are reused, one per entry when not.
  std::set<int> connections;
  for (const ak_test::received_request &request : requests) connections.insert(request.remote_port);
  state.counters["connections"] = static_cast<double>(connections.size());
}

}  // namespace ashbyknit::bench
