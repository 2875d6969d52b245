// `ashbyknit serve`: the bridge as an HTTP service for Ashby's calls and the vendor's reports, with
// the delivery engine sending the events to the vendor's webhook and the reports to Ashby, until
// SIGINT or SIGTERM.
#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <utility>

#include "admin_routes.hpp"
#include "ashbyknit/bridge.hpp"
#include "ashbyknit/delivery.hpp"
#include "ashbyknit/transport.hpp"
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

/// The bridge over the store, with what the settings say of it; moves the secrets out of `given`.
result<std::unique_ptr<bridge>> open_served_bridge(serve_settings &given) {
  bridge_options options;
  options.public_base_url = given.base_url;
  options.signing_key = std::move(given.signing_key);
  options.default_packages_json = std::move(given.default_packages_json);
  options.store.master_key = std::move(given.master_key);
  options.initial_update_request = given.initial_update;
  options.store.commit_batch_max = given.commit_batch_max;
  options.store.commit_wait_us = given.commit_wait_us;
  // The store syncs every commit (durability full, the default): an accepted call is never lost.
  return open_bridge(given.db, std::move(options));
}

/// The admin API over the bridge's store, or nullptr when the settings have no admin token; moves
/// the token out of `given`. Fails when its prefix and the bridge's base path overlap.
result<std::unique_ptr<admin_api>> make_admin_api(serve_settings &given, bridge &calls) {
  if (given.admin_token.empty()) return std::unique_ptr<admin_api>();
  if (const auto apart = check_admin_prefix(given.admin_prefix, calls.base_path()); !apart.ok()) {
    return apart.failure();
  }
  return std::make_unique<admin_api>(given.admin_prefix, std::move(given.admin_token), calls.store(), calls.base_url());
}

/// The delivery engine: events to the webhook, reports to Ashby, through libcurl with timeouts
/// that end every send before its lease does (a send starts in the lease's first half).
result<std::unique_ptr<delivery_engine>> create_engine(const serve_settings &given, bridge &calls) {
  delivery_options delivery;
  delivery.webhook_url = given.webhook_url;
  delivery.standard_webhook_keys = given.standard_webhook_keys;
  delivery.ashby_api_url = given.ashby_api_url;
  delivery.workers = given.workers;
  delivery.retry = given.retry;
  delivery.lease_ms = std::chrono::duration_cast<std::chrono::milliseconds>(given.lease).count();
  delivery.enrichment_timeout_ms = given.enrichment_timeout_ms;
  curl_transport_options sending;
  sending.total_timeout_ms = std::min(sending.total_timeout_ms, delivery.lease_ms / 2 - 1);
  sending.connect_timeout_ms = std::min(sending.connect_timeout_ms, sending.total_timeout_ms);
  auto sender = make_curl_transport(sending);
  if (!sender.ok()) return std::move(sender).failure();
  return delivery_engine::create(calls, std::move(delivery), std::move(sender).value());
}

exit_status run_serve(const parsed_arguments &arguments) {
  // First, before any thread starts: the server takes SIGINT and SIGTERM from here on.
  signalled_server server("serve", "undelivered events stay in the outbox");
  auto settings = read_serve_settings(arguments);
  if (!settings.ok()) return fail(settings.message());
  serve_settings &given = settings.value();
  auto opened = open_served_bridge(given);
  if (!opened.ok()) return fail(opened.message());
  std::unique_ptr<bridge> calls = std::move(opened).value();
  auto made = make_admin_api(given, *calls);
  if (!made.ok()) return fail(made.message());
  std::unique_ptr<admin_api> admin = std::move(made).value();
  auto created = create_engine(given, *calls);
  if (!created.ok()) return fail(created.message());
  std::unique_ptr<delivery_engine> engine = std::move(created).value();

  route_requests(server, *calls, *engine, admin.get());
  std::string serving = ", serving Ashby's calls under " + calls->base_path();
  if (admin) serving += " and the admin API under " + admin->prefix();
  if (const auto bound = server.bind(given.listen, serving); !bound.ok()) return fail(bound.message());
  if (const auto started = engine->start(); !started.ok()) return fail(started.message());

  const status served = server.run();
  log_line(stderr, "serve stopping delivery: sends in flight have " + std::to_string(given.drain.count()) +
                       " s to finish");
  engine->stop(given.drain);
  const std::string summary = outbox_summary(calls->store());
  engine.reset();
  admin.reset();
  calls.reset();  // closes the store
  if (!served.ok()) return fail(served.message());
  log_line(stderr, "serve stopped; " + summary);
  return exit_ok;
}

}  // namespace

std::vector<command> serve_commands() {
  return {
      {{"serve"},
       "--db FILE --listen HOST:PORT --base-url URL --webhook-url URL --signing-key-file F "
       "[--standard-keys-file F] [--packages FILE] "
       "[--workers N] [--drain-seconds S] [--lease-seconds S] [--first-retry-ms MS] [--max-retry-ms MS] "
       "[--enrichment-timeout-ms MS] "
       "[--ashby-api-url URL] [--master-key-file F] [--initial-update] [--admin-token-file F [--admin-prefix PATH]] "
       "[--commit-batch N] [--commit-wait-us US]",
       "Serves Ashby's calls and the vendor's reports over HTTP; delivers events to the webhook, reports to Ashby.",
       "  --db FILE             the store (AK_DB)\n"
       "  --listen HOST:PORT    where to listen (AK_LISTEN); port 0 picks a free port\n"
       "  --base-url URL        the public base URL given to Ashby (AK_BASE_URL); calls go under its path\n"
       "  --webhook-url URL     the vendor's webhook, where events are POSTed (AK_WEBHOOK_URL)\n"
       "  --signing-key-file F  the key that signs events (AK_SIGNING_KEY_FILE; without either: AK_SIGNING_KEY)\n"
       "  --standard-keys-file F  also sign each event with the Standard Webhooks headers, one signature per key\n"
       "                        in F (whsec_... or whsk_..., separated by white space) (AK_STANDARD_KEYS_FILE)\n"
       "  --packages FILE       the package catalogue while the store holds none (AK_PACKAGES)\n"
       "  --workers N           delivery threads, 1 to 64 (AK_WORKERS; default: 4)\n"
       "  --drain-seconds S     on a stop, how long sends in flight may finish, 0 to 3600 (AK_DRAIN_SECONDS;\n"
       "                        default: 10)\n"
       "  --lease-seconds S     how long a claimed event is held, 2 to 3600 (AK_LEASE_SECONDS; default: 120):\n"
       "                        an event that a killed serve sharing the store was sending goes again after it\n"
       "  --first-retry-ms MS   the first retry of a failed delivery comes within this (AK_FIRST_RETRY_MS;\n"
       "                        default: 10000); each later wait may double\n"
       "  --max-retry-ms MS     no wait between attempts exceeds this (AK_MAX_RETRY_MS; default: 3600000)\n"
       "  --enrichment-timeout-ms MS  how long a record.new of an integration that enriches candidates\n"
       "                        ('integration set-enrichment') waits at most for Ashby's candidate.info\n"
       "                        before it goes as it is, under half the lease (AK_ENRICHMENT_TIMEOUT_MS;\n"
       "                        default: 5000, or just under half a shorter lease)\n"
       "  --ashby-api-url URL   where reports go: Ashby's API base (AK_ASHBY_API_URL; default:\n"
       "                        https://api.ashbyhq.com/)\n"
       "  --master-key-file F   the master key that decrypts the integrations' Ashby API keys, needed to send\n"
       "                        reports (AK_MASTER_KEY_FILE; without either: AK_MASTER_KEY)\n"
       "  --initial-update      start replies carry an update_request with status \"Started\", and the\n"
       "                        assessment is then started (AK_INITIAL_UPDATE=1)\n"
       "  --admin-token-file F  serves the admin API, for callers that send Authorization: Bearer and the\n"
       "                        file's content, at least 32 visible characters (AK_ADMIN_TOKEN_FILE)\n"
       "  --admin-prefix PATH   where the admin API is served (AK_ADMIN_PREFIX; default: /admin/); it starts\n"
       "                        and ends with '/', and neither it nor the base URL's path may start the other\n"
       "  --commit-batch N      starts, cancels and delivery records that arrive together share one commit\n"
       "                        (one sync of the disk), at most N, 1 to 10000 (AK_COMMIT_BATCH; default: 64;\n"
       "                        1: each alone)\n"
       "  --commit-wait-us US   how long the first call of a batch waits for others, 0 to 1000000 microseconds\n"
       "                        (AK_COMMIT_WAIT_US; default: 0, no wait: calls that queue during a commit\n"
       "                        share the next one)\n"
       "Each flag may instead be set by its environment variable; a flag wins over its variable.\n"
       "The admin API (docs/admin-openapi.json, also served at PREFIXopenapi.json) takes, under PREFIX:\n"
       "  POST integrations {\"id\"}, GET integrations, GET integrations/ID\n"
       "  POST integrations/ID/keys {\"expiresInDays\"?}: 201 {\"secretKey\",\"baseUrl\"}, shown once; the\n"
       "       Location header names the key; GET integrations/ID/keys; DELETE integrations/ID/keys/KEY_ID\n"
       "  PUT integrations/ID/ashby-key {\"apiKey\"} (needs the master key)\n"
       "  PUT integrations/ID/candidate-enrichment {\"enabled\":true|false}\n"
       "  GET|PUT [integrations/ID/]packages and [integrations/ID/]custom-fields (the body: the document)\n"
       "  GET events?state=pending|delivered|dead_lettered&limit=N, GET events/EVENT_ID/attempts,\n"
       "       POST events/EVENT_ID/replay, POST events/replay (every dead letter)\n"
       "  POST reports/KIND, answered 202 {\"updateId\",\"timestamp\"} once the report is queued for Ashby:\n"
       "    started    {\"integrationId\",\"assessmentId\",\"profileUrl\"?}\n"
       "    progress   {\"integrationId\",\"assessmentId\",\"status\",\"metadata\"?}\n"
       "    completed  {\"integrationId\",\"assessmentId\",\"result\",\"profileUrl\",\"metadata\"?}\n"
       "    cancelled  {\"integrationId\",\"assessmentId\",\"reason\"}\n"
       "    update     {\"integrationId\",\"update\":{a complete assessment.update body}}\n"
       "    add-completed  {\"integrationId\",\"completed\":{a complete assessment.addCompletedToCandidate\n"
       "                   body}}: an assessment Ashby did not start, then known as completed\n"
       "    (as 'ashbyknit report' takes them)\n"
       "Errors are {\"error\":{\"code\",\"message\"}} with 401 (no bearer token), 403 (another token), 400 (a\n"
       "field or query parameter missing, mistyped or unknown), 422 (a value that breaks a rule, or no Ashby\n"
       "API key), 404, 405 (with Allow), 409 (a record in the way, a final assessment, or an assessment id\n"
       "already taken), 413 or 500.\n"
       "GET /healthz answers {\"store\":\"ok\",\"worker\":\"running\",\"pending\":N,\"deadLettered\":M}, or 503\n"
       "with \"store\":\"error\" and a \"message\"; other paths outside the base URL's path are a 404.\n"
       "Standard error gets a line saying where it listens (the port bound, for port 0), then one line per\n"
       "request: time, method, operation, integration, status, duration, and the assessment id of an\n"
       "accepted start or cancel or of a report; never a key, a token, a name or a body. SIGINT or SIGTERM\n"
       "stops accepting, lets requests and sends in flight finish, and exits 0; a second signal exits 0 at\n"
       "once, leaving undelivered events in the outbox.\n"
       "Exits 2 before serving for a bad setting, key or token file, URL or store, an admin prefix that\n"
       "overlaps the base URL's path, or an address in use.",
       serve_arguments(),
       run_serve},
  };
}

}  // namespace ashbyknit::cli
