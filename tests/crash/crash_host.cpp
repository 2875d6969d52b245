// ak_crash_host: a partner process as a vendor would run it, a bridge and a delivery engine on
// one store file, fed Ashby's calls on stdin so that a driver can kill it at any moment and
// start it again on the same file. See crash_test.py.
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include "ashbyknit/bridge.hpp"
#include "ashbyknit/delivery.hpp"
#include "ashbyknit/transport.hpp"
#include "base64.hpp"
#include "call_lines.hpp"
#include "host_settings.hpp"
#include "integration_key.hpp"
#include "json_text.hpp"

namespace ashbyknit::crash {
namespace {

/// Routes calls and names the keys' baseUrl; the host never connects to it.
constexpr std::string_view base_url = "http://127.0.0.1/ashby/";

/// How long a claimed event is held. A killed host's claims block their events until they end,
/// so they are short, yet longer than a whole send may take (transport_settings).
constexpr std::int64_t lease_ms = 2'000;

int fail(std::string_view what, std::string_view message) {
  std::cerr << "ak_crash_host: " << what << ": " << message << std::endl;
  return 1;
}

/// The webhook answers at once on loopback: a send that takes long has gone wrong.
curl_transport_options transport_settings() {
  curl_transport_options options;
  options.connect_timeout_ms = 500;
  options.total_timeout_ms = 1'000;
  return options;
}

/// Retries come within a fraction of a second, so that the webhook's refusals heal while the
/// driver is still sending calls.
delivery_options delivery_settings(const host_settings &settings) {
  delivery_options options;
  options.webhook_url = settings.webhook_url;
  options.workers = settings.workers;
  options.lease_ms = lease_ms;
  options.enrichment_timeout_ms = lease_ms / 4;  // under half the lease; no integration enriches here
  options.idle_poll_ms = 20;
  options.retry.first_delay_ms = 50;
  options.retry.max_delay_ms = 500;
  return options;
}

/// Answers every call on stdin, one reply line each, written only once handle() has returned.
/// Fails on a line that is not a call.
status answer_calls(bridge &front, delivery_engine &engine, const std::string &authorization) {
  std::string line;
  while (std::getline(std::cin, line)) {
    auto parsed = parse_call_line(line);
    if (!parsed.ok()) return parsed.failure();
    const ashby_call &call = parsed.value();
    const std::string path = front.base_path() + call.operation;
    const http_request request{"POST", path, {{"Authorization", authorization}, {"Content-Type", "application/json"}},
                               call.body};
    const http_response reply = front.handle(request);
    engine.wake();
    std::cout << reply_line(reply) << std::endl;
  }
  return {};
}

/// Waits until no event is pending, and returns the store's counts then.
result<store::event_counts> wait_until_delivered(store &outbox) {
  for (;;) {
    auto counts = outbox.count_events();
    if (!counts.ok() || counts.value().pending == 0) return counts;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

int run(host_settings settings) {
  bridge_options options;
  options.public_base_url = std::string(base_url);
  options.store.path = settings.store_path;
  options.store.sync = durability::full;
  options.signing_key = settings.signing_key;
  auto opened = bridge::open(std::move(options));
  if (!opened.ok()) return fail("cannot open the bridge", opened.message());
  bridge &front = *opened.value();

  auto key = integration_key(front.store(), settings.key_file, base_url);
  if (!key.ok()) return fail("cannot get the integration's key", key.message());
  const std::string authorization = "Basic " + cli::base64_encode(key.value() + ":");

  auto sender = make_curl_transport(transport_settings());
  if (!sender.ok()) return fail("cannot make the transport", sender.message());
  auto created = delivery_engine::create(front, delivery_settings(settings), std::move(sender).value());
  if (!created.ok()) return fail("cannot create the delivery engine", created.message());
  delivery_engine &engine = *created.value();
  if (status started = engine.start(); !started.ok()) return fail("cannot start the delivery engine", started.message());

  if (status answered = answer_calls(front, engine, authorization); !answered.ok()) {
    return fail("cannot read the calls", answered.message());
  }
  auto counts = wait_until_delivered(front.store());
  engine.stop();
  if (!counts.ok()) return fail("cannot count the events", counts.message());
  std::cout << cli::json_integer_object({{"pending", counts.value().pending},
                                         {"delivered", counts.value().acknowledged},
                                         {"dead_lettered", counts.value().dead_lettered}})
            << std::endl;
  return 0;
}

}  // namespace
}  // namespace ashbyknit::crash

int main(int argc, char **argv) {
  std::ios::sync_with_stdio(false);
  auto settings = ashbyknit::crash::read_settings(argc, argv);
  if (!settings.ok()) {
    std::cerr << "ak_crash_host: " << settings.message() << '\n' << ashbyknit::crash::usage;
    return 2;
  }
  if (!settings.value()) {
    std::cout << ashbyknit::crash::usage;
    return 0;
  }
  return ashbyknit::crash::run(std::move(*settings.value()));
}
