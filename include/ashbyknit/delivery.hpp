// The delivery engine: sends the outbox's events to the vendor's webhook (docs/protocol.md §3.3),
// retrying with backoff until they are delivered or dead-lettered. Run it as background workers
// (start and stop) or drive it from the host's own loop (deliver_due).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ashbyknit/bridge.hpp"
#include "ashbyknit/export.h"
#include "ashbyknit/result.hpp"
#include "ashbyknit/transport.hpp"

namespace ashbyknit {

/// When failed deliveries are tried again, and when they are given up.
struct retry_policy {
  std::int64_t first_delay_ms = 10'000;            ///< the first retry comes within this
  std::int64_t max_delay_ms = 3'600'000;           ///< no wait between attempts exceeds this
  std::int64_t max_age_ms = 4 * 24 * 3'600'000LL;  ///< a failure after this age dead-letters the event
  std::int64_t max_attempts = 0;                   ///< a failure on this attempt dead-letters it; 0: no limit
};

/// The wait before the next attempt after `failed_attempts` failures (1 after the first):
/// "full jitter", `random_fraction` (in [0, 1)) times min(max_delay, first_delay * 2^(n-1)).
AK_API std::int64_t retry_delay_ms(const retry_policy &policy, std::int64_t failed_attempts,
                                   double random_fraction) noexcept;

/// What the engine needs beside a bridge and a transport.
struct delivery_options {
  /// The vendor's absolute http(s) URL for events; "" when the host pulls events itself, and the
  /// engine then sends only the calls to Ashby.
  std::string webhook_url;
  /// Standard Webhooks keys ("whsec_..." or "whsk_...", see standard_webhooks.hpp) that also sign
  /// every event sent to the webhook: webhook-id (the eventId), webhook-timestamp (the attempt's
  /// unix seconds) and webhook-signature (one entry per key, in this order) go beside
  /// X-Knit-Signature. Empty: no Standard Webhooks headers. Give the old and the new key while
  /// receivers move from one to the other.
  std::vector<std::string> standard_webhook_keys;
  /// Ashby's API base: updates go to `<ashby_api_url>assessment.update` and completed assessments
  /// that Ashby did not start to `<ashby_api_url>assessment.addCompletedToCandidate`. Absolute
  /// http(s), ending in '/' (one is added); change it for a sandbox or a test.
  std::string ashby_api_url = "https://api.ashbyhq.com/";
  retry_policy retry;
  std::size_t workers = 4;         ///< background threads started by start(): deliveries in flight
  std::size_t batch_size = 8;      ///< events one claim takes; deliver_due sends at most this many
  std::int64_t lease_ms = 120'000; ///< how long a claimed event is held; more than twice the transport's timeout
  std::int64_t idle_poll_ms = 200; ///< how long an idle worker waits before looking again
  /// How long a record.new of an integration that enriches candidates (store::set_candidate_enrichment)
  /// waits at most for Ashby's candidate.info before it goes as it is; under half the lease.
  std::int64_t enrichment_timeout_ms = 5'000;
};

/// What one deliver_due pass did.
struct delivery_summary {
  std::size_t delivered = 0;      ///< answered 2xx
  std::size_t retrying = 0;       ///< failed, scheduled again
  std::size_t dead_lettered = 0;  ///< failed for the last time
  std::size_t released = 0;       ///< aborted, given back without counting as an attempt

  /// Every event the pass claimed.
  std::size_t claimed() const noexcept { return delivered + retrying + dead_lettered + released; }
};

/// Delivers one bridge's outbox: events to the vendor's webhook, signed with the bridge's key, and
/// assessment.update and assessment.addCompletedToCandidate calls to Ashby (see
/// assessment_reporter), with the integration's Ashby API key decrypted by the store's master key.
/// Ashby's replies are judged as protocol §5 says: a 2xx with "success":true or an empty body is
/// delivered; "success":false is retried when its errorInfo.code is transient and dead-lettered
/// otherwise; 401 and 403 (the key) and other 4xx are dead-lettered at once; 429 waits at least its Retry-After; 408, 5xx and failed sends are
/// retried. The history keeps Ashby's message, rate-limit scope and x-ashby-request-id. The
/// bridge's clock (the workers' `now`) and random source (backoff jitter, execution ids) are used.
/// Every event is claimed with a lease before it is sent, so engines in several threads or
/// processes sharing one store file never send the same event at once, and an event held by a
/// worker that died is sent again when its lease ends. Events of one assessment go out in the
/// order they were created, and so do its updates; events, updates and other assessments never
/// wait for each other. Every attempt is kept in the event's history (store::event_history).
/// For an integration that enriches candidates (store::set_candidate_enrichment), a record.new is
/// first filled from Ashby's candidate.info, waiting at most enrichment_timeout_ms, and its body
/// kept, so that every attempt sends the same bytes; when the call fails, times out or Ashby asked
/// for a pause (a 429 on it pauses the integration's calls as any other), it goes unenriched.
/// Every member may be called from any thread.
class AK_API delivery_engine {
 public:
  /// An engine over `source`, which must outlive it, sending through `sender` (nullptr: libcurl
  /// with its default settings). error_code::invalid_argument for a webhook URL with a bridge
  /// without a signing key, a webhook or Ashby URL that is not absolute http(s), a zero or
  /// negative setting, or Standard Webhooks keys that are malformed or without a webhook URL.
  static result<std::unique_ptr<delivery_engine>> create(bridge &source, delivery_options options,
                                                         std::shared_ptr<transport> sender = nullptr);

  /// Stops the workers as stop() does, with no time to drain.
  ~delivery_engine();
  delivery_engine(const delivery_engine &) = delete;
  delivery_engine &operator=(const delivery_engine &) = delete;

  /// One pass on the calling thread: claims up to batch_size events due at `now_ms` and sends
  /// them one after the other, recording each attempt at `now_ms`. Returns what happened; an
  /// error only when the store fails (what was sent before stays recorded).
  result<delivery_summary> deliver_due(std::int64_t now_ms);

  /// Starts `workers` background threads that deliver until stop(). error_code::conflict when
  /// already running; error_code::internal when a thread cannot be started (none is left running).
  status start();

  /// Stops claiming, lets deliveries in flight finish for up to `drain`, then aborts the rest
  /// through transport::abort_sends (their events are released, due at once) and joins the
  /// workers. Does nothing when not running. Must not be called from a worker's send.
  void stop(std::chrono::milliseconds drain = std::chrono::seconds(10));

  /// True between start() and stop().
  bool running() const noexcept;

  /// Wakes an idle worker to look for due events now (for example after the bridge accepted a
  /// call); without one idle, the next worker to finish its batch looks at once. Thread-safe.
  void wake() noexcept;

 private:
  struct impl;
  explicit delivery_engine(std::unique_ptr<impl> state) noexcept;
  std::unique_ptr<impl> impl_;
};

}  // namespace ashbyknit
