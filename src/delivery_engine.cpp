// delivery_engine: claims due events, sends them through the transport, and records each attempt.
#include "ashbyknit/delivery.hpp"

#include <simdjson.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <vector>

#include "ashbyknit/standard_webhooks.hpp"
#include "ashby_update_replies.hpp"
#include "ashby_call_request.hpp"
#include "base_encoding.hpp"
#include "candidate_enricher.hpp"
#include "delivery_policy.hpp"
#include "http_url.hpp"
#include "store_internal.hpp"

namespace ashbyknit {
namespace {

using steady = std::chrono::steady_clock;

constexpr std::size_t max_error_bytes = 512;
constexpr std::size_t execution_id_random_chars = 21;

status check_options(const delivery_options &options) {
  if (!options.webhook_url.empty()) {
    if (auto url = detail::check_http_url(options.webhook_url, "webhook URL", true); !url.ok()) return url.failure();
  }
  if (!options.standard_webhook_keys.empty()) {
    if (options.webhook_url.empty()) {
      return {error_code::invalid_argument, "Standard Webhooks keys sign events for a webhook; there is no webhook URL."};
    }
    if (auto keys = standard_webhook_check_signing_keys(options.standard_webhook_keys); !keys.ok()) return keys;
  }
  if (auto url = detail::check_http_url(options.ashby_api_url, "Ashby API URL", false); !url.ok()) {
    return url.failure();
  }
  if (auto policy = detail::check_retry_policy(options.retry); !policy.ok()) return policy;
  if (options.workers == 0) return {error_code::invalid_argument, "The engine needs at least one worker."};
  if (options.batch_size == 0) return {error_code::invalid_argument, "The batch size must be at least 1."};
  if (options.lease_ms <= 0) return {error_code::invalid_argument, "The lease must be positive."};
  if (options.idle_poll_ms <= 0) return {error_code::invalid_argument, "The idle poll interval must be positive."};
  if (options.enrichment_timeout_ms <= 0 || options.enrichment_timeout_ms >= options.lease_ms / 2) {
    return {error_code::invalid_argument, "The enrichment time-out must be positive and under half the lease."};
  }
  return {};
}

/// A reason as the history keeps it: at most max_error_bytes, and valid UTF-8 (the lists render
/// it as JSON).
std::string recorded_text(std::string_view reason) {
  std::string kept(reason.substr(0, max_error_bytes));
  if (!simdjson::validate_utf8(kept.data(), kept.size())) {
    for (char &byte : kept) {
      if (static_cast<unsigned char>(byte) >= 0x80) byte = '?';
    }
  }
  return kept;
}

/// What the history says of an attempt: the judgement's reason when answered, the transport's
/// (never empty) otherwise.
std::string recorded_error(const outbound_reply &reply, const detail::reply_judgement &judgement) {
  if (reply.result == outbound_reply::outcome::answered) return recorded_text(judgement.reason);
  std::string kept = recorded_text(reply.error);
  return kept.empty() ? "no reply" : kept;
}

std::string_view execution_id_of(const std::vector<http_header> &headers) {
  for (const http_header &header : headers) {
    if (header.name == "X-Knit-Execution-Id") return header.value;
  }
  return {};
}

}  // namespace

/// One attempt's request, ready to send; or, when `unsendable` is set, why it cannot be sent now.
struct prepared_request {
  std::string url;
  std::vector<http_header> headers;
  std::string execution_id;  ///< names the attempt in the history
  std::string unsendable;
};

struct delivery_engine::impl {
  impl(bridge &bridge_to_serve, store::impl &store_state, delivery_options settings, std::shared_ptr<transport> transport)
      : source(bridge_to_serve),
        state(store_state),
        options(std::move(settings)),
        sender(std::move(transport)),
        update_url(detail::ashby_call_url(options.ashby_api_url, detail::update_event_type)),
        completed_url(detail::ashby_call_url(options.ashby_api_url, detail::completed_event_type)),
        enricher(state, *sender, options.ashby_api_url, options.enrichment_timeout_ms),
        scope(options.webhook_url.empty() ? detail::claim_scope::ashby_only : detail::claim_scope::everything) {}

  bridge &source;
  store::impl &state;
  delivery_options options;
  std::shared_ptr<transport> sender;
  const std::string update_url;     ///< where updates go
  const std::string completed_url;  ///< where completed assessments that Ashby did not start go
  const detail::candidate_enricher enricher;
  const detail::claim_scope scope;

  std::mutex mutex;                 ///< guards everything below
  std::condition_variable wakeup;   ///< idle workers wait here
  std::condition_variable settled;  ///< stop() waits here for sends in flight
  bool running = false;
  bool stopping = false;
  bool woken = false;               ///< an event may be due: the next idle worker looks at once
  std::size_t idle_workers = 0;     ///< workers waiting on `wakeup`
  std::size_t sends_in_flight = 0;
  std::vector<std::thread> workers;
  /// Sends to Ashby held back after a 429 (protocol §5): every integration's until the first time,
  /// one integration's until its own; times past mean no pause.
  std::int64_t every_integration_paused_until_ms = 0;
  std::unordered_map<std::string, std::int64_t> integration_paused_until_ms;

  /// When sends to Ashby for `integration` may go again: a time past or 0 when they may now.
  std::int64_t ashby_resumes_ms(const std::string &integration);

  /// Holds back sends to Ashby until `until_ms`, for the integration of `claim` or for every
  /// integration, as `limited` says.
  void pause_ashby(const detail::claimed_event &claim, detail::reply_judgement::limit_scope limited,
                   std::int64_t until_ms);

  /// Claims due events and sends them one after the other, stamping each attempt with now().
  /// Sending stops (the rest are released) once half the lease has passed, so that every send
  /// ends before its lease does while the transport's timeout is under half the lease.
  template <typename Clock>
  result<delivery_summary> deliver_batch(const Clock &now);

  /// Fills a record.new's candidate from candidate.info and keeps the body (`claim` then carries
  /// it), unless Ashby asked for a pause or the fetch fails: the event then goes as it is. An error
  /// only when the store fails.
  status enrich(detail::claimed_event &claim, std::int64_t now_ms);

  /// Sends one claimed event and records the attempt.
  status deliver_one(const detail::claimed_event &claim, std::int64_t started_ms, delivery_summary &summary);

  /// The request for an event to the webhook: signed, with a new X-Knit-Execution-Id.
  result<prepared_request> prepare_event(const detail::claimed_event &claim, std::int64_t now_ms) const;

  /// The request for a call to Ashby (an update or a completed assessment, by the entry's event
  /// type), with the integration's Ashby API key.
  result<prepared_request> prepare_update(const detail::claimed_event &claim) const;

  /// Counts a send in flight unless the engine is stopping; false when it is.
  bool begin_send();
  void end_send();

  void work();

  /// Stops the workers (see delivery_engine::stop); `lock` holds the mutex on entry and exit.
  void halt(std::unique_lock<std::mutex> &lock, std::chrono::milliseconds drain);
};

template <typename Clock>
result<delivery_summary> delivery_engine::impl::deliver_batch(const Clock &now) {
  const auto claimed = steady::now();
  auto claims = detail::claim_events(state, scope, options.batch_size, now(), options.lease_ms);
  if (!claims.ok()) return std::move(claims).failure();
  const auto send_by = claimed + std::chrono::milliseconds(options.lease_ms / 2);
  delivery_summary summary;
  // Claimed but not sent, by when each is due again: 0 (at once) when the engine is stopping,
  // the lease runs short or the store failed; the pause's end when Ashby asked for one.
  std::map<std::int64_t, std::vector<std::string>> unsent;
  status failure;
  for (detail::claimed_event &claim : claims.value()) {
    // Ashby asked for a pause: the update waits for its end, and no attempt is counted.
    const std::int64_t resumes_ms = claim.for_ashby ? ashby_resumes_ms(claim.event.integration_id) : 0;
    if (resumes_ms > now()) {
      unsent[resumes_ms].push_back(claim.event.event_id);
      continue;
    }
    if (!failure.ok() || steady::now() >= send_by || !begin_send()) {
      unsent[0].push_back(claim.event.event_id);
      continue;
    }
    if (claim.enrich) failure = enrich(claim, now());
    // candidate.info took its time: the event still goes only before half the lease has passed.
    const bool in_time = steady::now() < send_by;
    if (failure.ok() && in_time) failure = deliver_one(claim, now(), summary);
    end_send();
    if (!failure.ok() || !in_time) unsent[0].push_back(claim.event.event_id);
  }
  for (const auto &[due_ms, event_ids] : unsent) {
    (void)detail::release_events(state, event_ids, due_ms);
    summary.released += event_ids.size();
  }
  if (!failure.ok()) return failure.failure();
  return summary;
}

result<prepared_request> delivery_engine::impl::prepare_event(const detail::claimed_event &claim,
                                                             std::int64_t now_ms) const {
  auto headers = source.delivery_headers(claim.event);
  if (!headers.ok()) return headers.failure();
  if (!options.standard_webhook_keys.empty()) {
    const std::int64_t timestamp_s = now_ms / 1000;
    auto signature = standard_webhook_sign(options.standard_webhook_keys,
                                           {claim.event.event_id, timestamp_s, claim.event.body});
    if (!signature.ok()) return std::move(signature).failure();
    headers.value().push_back({"webhook-id", claim.event.event_id});
    headers.value().push_back({"webhook-timestamp", std::to_string(timestamp_s)});
    headers.value().push_back({"webhook-signature", std::move(signature).value()});
  }
  std::string execution_id(execution_id_of(headers.value()));
  return prepared_request{options.webhook_url, std::move(headers).value(), std::move(execution_id), {}};
}

result<prepared_request> delivery_engine::impl::prepare_update(const detail::claimed_event &claim) const {
  auto execution = detail::random_text(detail::lower_alphanumerics, execution_id_random_chars, state.options.random);
  if (!execution.ok()) return std::move(execution).failure();
  const bool completed = claim.event.event_type == detail::completed_event_type;
  prepared_request request{completed ? completed_url : update_url, {}, "exe_" + execution.value(), {}};
  auto key = detail::load_ashby_key(state, claim.event.integration_id);
  if (key.ok()) {
    request.headers = detail::ashby_call_headers(key.value());
  } else if (key.code() != error_code::not_found && key.code() != error_code::invalid_argument) {
    return std::move(key).failure();
  } else {
    // Missing, no master key, or sealed under another master key: a failed attempt, retried, so
    // that setting the key or restarting with the right master key lets the update go out.
    request.unsendable = "The integration's Ashby API key cannot be used: " + key.message();
  }
  return request;
}

status delivery_engine::impl::deliver_one(const detail::claimed_event &claim, std::int64_t started_ms,
                                          delivery_summary &summary) {
  auto prepared = claim.for_ashby ? prepare_update(claim) : prepare_event(claim, started_ms);
  if (!prepared.ok()) return prepared.failure();
  const prepared_request &request = prepared.value();
  const auto started = steady::now();
  outbound_reply reply;
  if (request.unsendable.empty()) {
    reply = sender->send({request.url, request.headers, claim.event.body});
  } else {
    reply.error = request.unsendable;
  }
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(steady::now() - started);
  const detail::reply_judgement judgement = claim.for_ashby ? detail::judge_ashby_reply(reply, started_ms + elapsed.count())
                                                            : detail::judge_webhook_reply(reply);

  const bool answered = reply.result == outbound_reply::outcome::answered;
  delivery_attempt attempt{request.execution_id,           started_ms, elapsed.count(), answered ? reply.status : 0,
                           recorded_error(reply, judgement), recorded_text(judgement.request_id)};
  const auto outcome = detail::judge_attempt(options.retry, claim, judgement, std::move(attempt),
                                             detail::random_fraction(state.options.random));
  if (judgement.limited != detail::reply_judgement::limit_scope::none) {
    // The others of the limit's scope wait as long as this update does: Ashby's Retry-After, else
    // the retry policy's wait.
    const std::int64_t finished_ms = started_ms + elapsed.count();
    std::int64_t until_ms = finished_ms + judgement.retry_after_ms;
    if (judgement.retry_after_ms == 0 && outcome.what == detail::attempt_outcome::verdict::retry) {
      until_ms = outcome.next_attempt_ms;
    }
    pause_ashby(claim, judgement.limited, until_ms);
  }
  if (auto recorded = detail::finish_attempt(state, claim, outcome); !recorded.ok()) return recorded;
  switch (outcome.what) {
    case detail::attempt_outcome::verdict::delivered: ++summary.delivered; break;
    case detail::attempt_outcome::verdict::retry: ++summary.retrying; break;
    case detail::attempt_outcome::verdict::dead_letter: ++summary.dead_lettered; break;
    case detail::attempt_outcome::verdict::released: ++summary.released; break;
  }
  return {};
}

status delivery_engine::impl::enrich(detail::claimed_event &claim, std::int64_t now_ms) {
  if (ashby_resumes_ms(claim.event.integration_id) > now_ms) return {};
  detail::candidate_enricher::outcome fetched = enricher.fetch(claim.event);
  if (fetched.limited != detail::reply_judgement::limit_scope::none) {
    const std::int64_t wait_ms = fetched.retry_after_ms > 0 ? fetched.retry_after_ms : options.retry.first_delay_ms;
    pause_ashby(claim, fetched.limited, now_ms + wait_ms);
  }
  if (!fetched.body) return {};
  auto stored = detail::store_enriched_body(state, claim, *fetched.body);
  if (!stored.ok()) return stored.failure();
  if (stored.value()) claim.event.body = std::move(*fetched.body);
  return {};
}

std::int64_t delivery_engine::impl::ashby_resumes_ms(const std::string &integration) {
  std::lock_guard lock(mutex);
  const auto paused = integration_paused_until_ms.find(integration);
  const std::int64_t own = paused == integration_paused_until_ms.end() ? 0 : paused->second;
  return std::max(every_integration_paused_until_ms, own);
}

void delivery_engine::impl::pause_ashby(const detail::claimed_event &claim,
                                        detail::reply_judgement::limit_scope limited, std::int64_t until_ms) {
  std::lock_guard lock(mutex);
  std::int64_t &paused = limited == detail::reply_judgement::limit_scope::every_integration
                             ? every_integration_paused_until_ms
                             : integration_paused_until_ms[claim.event.integration_id];
  paused = std::max(paused, until_ms);
}

bool delivery_engine::impl::begin_send() {
  std::lock_guard lock(mutex);
  if (stopping) return false;
  ++sends_in_flight;
  return true;
}

void delivery_engine::impl::end_send() {
  {
    std::lock_guard lock(mutex);
    --sends_in_flight;
  }
  settled.notify_all();
}

void delivery_engine::impl::work() {
  const clock_source &clock = state.options.clock;
  for (;;) {
    {
      std::lock_guard lock(mutex);
      if (stopping) return;
    }
    auto done = deliver_batch(clock);
    // Nothing was due, or the store failed (busy, full disk): wait, then look again.
    if (!done.ok() || done.value().claimed() == 0) {
      std::unique_lock lock(mutex);
      ++idle_workers;
      wakeup.wait_for(lock, std::chrono::milliseconds(options.idle_poll_ms), [&] { return stopping || woken; });
      --idle_workers;
      woken = false;
    }
  }
}

delivery_engine::delivery_engine(std::unique_ptr<impl> state) noexcept : impl_(std::move(state)) {}

delivery_engine::~delivery_engine() { stop(std::chrono::milliseconds(0)); }

result<std::unique_ptr<delivery_engine>> delivery_engine::create(bridge &source, delivery_options options,
                                                                 std::shared_ptr<transport> sender) {
  if (!options.webhook_url.empty() && !source.signs_events()) {
    return error{error_code::invalid_argument, "The bridge has no signing key, so it cannot sign events for delivery."};
  }
  if (auto checked = check_options(options); !checked.ok()) return checked.failure();
  if (!sender) {
    auto curl = make_curl_transport();
    if (!curl.ok()) return std::move(curl).failure();
    sender = std::move(curl).value();
  }
  store::impl &state = *source.store().impl_;
  return std::unique_ptr<delivery_engine>(
      new delivery_engine(std::make_unique<impl>(source, state, std::move(options), std::move(sender))));
}

result<delivery_summary> delivery_engine::deliver_due(std::int64_t now_ms) {
  return impl_->deliver_batch([now_ms] { return now_ms; });
}

void delivery_engine::impl::halt(std::unique_lock<std::mutex> &lock, std::chrono::milliseconds drain) {
  stopping = true;
  wakeup.notify_all();
  if (!settled.wait_for(lock, drain, [&] { return sends_in_flight == 0; })) sender->abort_sends();
  std::vector<std::thread> stopped = std::move(workers);
  workers.clear();
  lock.unlock();
  for (std::thread &worker : stopped) worker.join();
  lock.lock();
  running = stopping = false;
  settled.notify_all();
}

status delivery_engine::start() {
  std::unique_lock lock(impl_->mutex);
  if (impl_->running) return {error_code::conflict, "The delivery engine is running already."};
  impl_->running = true;
  try {
    for (std::size_t i = 0; i < impl_->options.workers; ++i) impl_->workers.emplace_back([this] { impl_->work(); });
  } catch (const std::system_error &failure) {
    impl_->halt(lock, std::chrono::milliseconds(0));
    return {error_code::internal, std::string("A delivery worker could not start: ") + failure.what()};
  }
  return {};
}

void delivery_engine::stop(std::chrono::milliseconds drain) {
  std::unique_lock lock(impl_->mutex);
  if (impl_->stopping) {
    // Another thread is stopping the engine: return once it has.
    impl_->settled.wait(lock, [&] { return !impl_->running; });
    return;
  }
  if (impl_->running) impl_->halt(lock, drain);
}

bool delivery_engine::running() const noexcept {
  std::lock_guard lock(impl_->mutex);
  return impl_->running;
}

void delivery_engine::wake() noexcept {
  bool someone_idle = false;
  {
    std::lock_guard lock(impl_->mutex);
    impl_->woken = true;
    someone_idle = impl_->idle_workers > 0;
  }
  // A call queues one event, which needs one worker; a busy worker looks again once its batch
  // is sent. Waking them all for every call would have each claim in turn, mostly for nothing.
  if (someone_idle) impl_->wakeup.notify_one();
}

}  // namespace ashbyknit
