// `ashbyknit serve`: the bridge as an HTTP service for Ashby's calls, with the delivery engine
// sending the events to the vendor's webhook, until SIGINT or SIGTERM.
#include <memory>
#include <string>
#include <utility>

#include "ashbyknit/bridge.hpp"
#include "ashbyknit/delivery.hpp"
#include "command.hpp"
#include "output.hpp"
#include "request_router.hpp"
#include "store_access.hpp"
#include "serve_settings.hpp"
#include "service/service_log.hpp"
#include "service/signalled_server.hpp"

namespace ashbyknit::cli {
namespace {

/// The end of a stop: how many events are left to deliver, for the last log line.
std::string outbox_summary(store &events) {
  const auto counts = events.count_events();
  if (!counts.ok()) return "the outbox cannot be counted: " + counts.message();
  return std::to_string(counts.value().pending) + " events pending, " +
         std::to_string(counts.value().dead_lettered) + " dead-lettered";
}

exit_status run_serve(const parsed_arguments &arguments) {
  // First, before any thread starts: the server takes SIGINT and SIGTERM from here on.
  signalled_server server("serve", "undelivered events stay in the outbox");
  auto settings = read_serve_settings(arguments);
  if (!settings.ok()) return fail(settings.message());
  // The store syncs every commit (durability full, the default): an accepted call is never lost.
  auto opened = open_bridge(settings.value().db, settings.value().base_url, std::move(settings.value().signing_key),
                            std::move(settings.value().default_packages_json));
  if (!opened.ok()) return fail(opened.message());
  std::unique_ptr<bridge> calls = std::move(opened).value();

  delivery_options delivery;
  delivery.webhook_url = settings.value().webhook_url;
  delivery.workers = settings.value().workers;
  delivery.retry = settings.value().retry;
  auto created = delivery_engine::create(*calls, std::move(delivery));
  if (!created.ok()) return fail(created.message());
  std::unique_ptr<delivery_engine> engine = std::move(created).value();

  route_requests(server, *calls, *engine);
  // Larger bodies are refused (413) before they are read; the bridge never sees them.
  server.http().set_payload_max_length(json_limits{}.max_body_bytes);
  if (const auto bound = server.bind(settings.value().listen, ", serving Ashby's calls under " + calls->base_path());
      !bound.ok()) {
    return fail(bound.message());
  }
  if (const auto started = engine->start(); !started.ok()) return fail(started.message());

  const status served = server.run();
  log_line(stderr, "serve stopping delivery: sends in flight have " + std::to_string(settings.value().drain.count()) +
                       " s to finish");
  engine->stop(settings.value().drain);
  const std::string summary = outbox_summary(calls->store());
  engine.reset();
  calls.reset();  // closes the store
  if (!served.ok()) return fail(served.message());
  log_line(stderr, "serve stopped; " + summary);
  return exit_ok;
}

}  // namespace

std::vector<command> serve_commands() {
  return {
      {{"serve"},
       "--db FILE --listen HOST:PORT --base-url URL --webhook-url URL --signing-key-file F [--packages FILE] "
       "[--workers N] [--drain-seconds S] [--first-retry-ms MS] [--max-retry-ms MS]",
       "Serves Ashby's calls over HTTP through the bridge and delivers the events to the webhook.",
       "  --db FILE             the store (AK_DB)\n"
       "  --listen HOST:PORT    where to listen (AK_LISTEN); port 0 picks a free port\n"
       "  --base-url URL        the public base URL given to Ashby (AK_BASE_URL); calls go under its path\n"
       "  --webhook-url URL     the vendor's webhook, where events are POSTed (AK_WEBHOOK_URL)\n"
       "  --signing-key-file F  the key that signs events (AK_SIGNING_KEY_FILE; without either: AK_SIGNING_KEY)\n"
       "  --packages FILE       the package catalogue while the store holds none (AK_PACKAGES)\n"
       "  --workers N           delivery threads, 1 to 64 (AK_WORKERS; default: 4)\n"
       "  --drain-seconds S     on a stop, how long sends in flight may finish, 0 to 3600 (AK_DRAIN_SECONDS;\n"
       "                        default: 10)\n"
       "  --first-retry-ms MS   the first retry of a failed delivery comes within this (AK_FIRST_RETRY_MS;\n"
       "                        default: 10000); each later wait may double\n"
       "  --max-retry-ms MS     no wait between attempts exceeds this (AK_MAX_RETRY_MS; default: 3600000)\n"
       "Each flag may instead be set by its environment variable; a flag wins over its variable.\n"
       "GET /healthz answers {\"store\":\"ok\",\"worker\":\"running\",\"pending\":N,\"deadLettered\":M}, or 503\n"
       "with \"store\":\"error\" and a \"message\"; other paths outside the base URL's path are a 404.\n"
       "Standard error gets a line saying where it listens (the port bound, for port 0), then one line per\n"
       "request: time, method, operation, integration, status, duration, and the assessment id of an\n"
       "accepted start or cancel; never a key, a name or a body. SIGINT or SIGTERM stops accepting, lets\n"
       "requests and sends in flight finish, and exits 0; a second signal exits 0 at once, leaving\n"
       "undelivered events in the outbox.\n"
       "Exits 2 before serving for a bad setting, key file, URL or store, or an address in use.",
       serve_arguments(),
       run_serve},
  };
}

}  // namespace ashbyknit::cli
