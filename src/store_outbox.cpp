// store: the events outbox: claimed with a lease by whoever delivers, finished attempt by attempt.
#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "base_encoding.hpp"
#include "store_internal.hpp"

namespace ashbyknit {
namespace detail {
namespace {

constexpr std::size_t lease_token_chars = 16;

/// Binds `text`, or NULL when it is empty.
void bind_text_or_null(sql_query &query, int index, std::string_view text) {
  if (text.empty()) {
    query.bind_null(index);
  } else {
    query.bind(index, text);
  }
}

/// The destination a claim's scope is limited to; "" for every destination.
std::string_view scope_destination(claim_scope scope) {
  switch (scope) {
    case claim_scope::webhook_only: return webhook_destination;
    case claim_scope::ashby_only: return ashby_destination;
    case claim_scope::everything: break;
  }
  return {};
}

/// Writes one attempt into the event's history.
status append_history(store::impl &state, std::int64_t seq, const delivery_attempt &attempt) {
  auto insert = state.database->query(state.sql->insert_attempt);
  if (!insert.ok()) return std::move(insert).failure();
  auto &q = insert.value();
  q.bind(1, seq).bind(2, attempt.execution_id).bind(3, attempt.started_ms).bind(4, attempt.duration_ms);
  q.bind(5, attempt.http_status != 0 ? std::optional<std::int64_t>(attempt.http_status) : std::nullopt);
  bind_text_or_null(q, 6, attempt.error);
  bind_text_or_null(q, 7, attempt.request_id);
  return run_statement(std::move(q));
}

/// What an event's list shows as the reason for its last failure.
std::string failure_summary(const delivery_attempt &attempt) {
  if (attempt.http_status == 0) return attempt.error;
  if (attempt.error.empty()) return fmt::format("HTTP {}", attempt.http_status);
  return fmt::format("HTTP {}: {}", attempt.http_status, attempt.error);
}

/// Applies an attempt's verdict to its event. A failure is applied only under the claim's own
/// lease: a worker that lost its lease (it outlived it) must not undo its successor's work.
status apply_verdict(store::impl &state, const claimed_event &claim, const attempt_outcome &outcome) {
  const delivery_attempt &attempt = outcome.attempt;
  switch (outcome.what) {
    case attempt_outcome::verdict::delivered: {
      auto update = state.database->query(state.sql->mark_delivered);
      if (!update.ok()) return std::move(update).failure();
      return run_statement(std::move(update.value().bind(1, claim.seq).bind(2, attempt.started_ms + attempt.duration_ms)));
    }
    case attempt_outcome::verdict::retry: {
      auto update = state.database->query(state.sql->mark_retry);
      if (!update.ok()) return std::move(update).failure();
      auto &q = update.value().bind(1, claim.seq).bind(2, claim.lease_token);
      return run_statement(std::move(q.bind(3, outcome.next_attempt_ms).bind(4, failure_summary(attempt))));
    }
    case attempt_outcome::verdict::dead_letter: {
      auto update = state.database->query(state.sql->mark_dead_lettered);
      if (!update.ok()) return std::move(update).failure();
      auto &q = update.value().bind(1, claim.seq).bind(2, claim.lease_token);
      return run_statement(std::move(q.bind(3, attempt.started_ms + attempt.duration_ms).bind(4, failure_summary(attempt))));
    }
    case attempt_outcome::verdict::released: {
      auto update = state.database->query(state.sql->release_claim);
      if (!update.ok()) return std::move(update).failure();
      return run_statement(std::move(update.value().bind(1, claim.seq).bind(2, claim.lease_token)));
    }
  }
  return {error_code::internal, "Unknown delivery verdict."};
}

/// Leases up to `max` due entries to `token`, within the caller's transaction.
result<std::vector<claimed_event>> lease_due(store::impl &state, claim_scope scope, std::size_t max,
                                             std::int64_t now_ms, std::int64_t lease_ms, const std::string &token) {
  // Oldest first; an entry waits for every earlier undelivered entry of its assessment and
  // destination, a dead-lettered one included, so that order holds even across a replay.
  auto due = state.database->query(state.sql->select_due);
  if (!due.ok()) return std::move(due).failure();
  const auto limit = static_cast<std::int64_t>(std::min<std::size_t>(max, std::numeric_limits<std::int64_t>::max()));
  due.value().bind(1, now_ms).bind(2, limit).bind(3, scope_destination(scope));
  auto claimed = collect_rows(due.value(), [&](const sql_query &q) {
    return claimed_event{{std::string(q.text(1)), std::string(q.text(2)), std::string(q.text(3)),
                          std::string(q.text(4)), std::string(q.text(5)), q.integer(6), q.integer(7)},
                         q.integer(0),
                         token,
                         q.integer(8),
                         q.integer(9),
                         q.integer(10) != 0,
                         q.integer(11) != 0};
  });
  if (!claimed.ok()) return std::move(claimed).failure();
  std::vector<claimed_event> &claims = claimed.value();
  for (const claimed_event &claim : claims) {
    auto lease = state.database->query(state.sql->lease_event);
    if (!lease.ok()) return std::move(lease).failure();
    if (auto leased = run_statement(std::move(lease.value().bind(1, claim.seq).bind(2, now_ms + lease_ms).bind(3, claim.lease_token)));
        !leased.ok()) {
      return leased.failure();
    }
  }
  return claimed;
}

}  // namespace

// The outbox's writes go through the group commit, as starts and cancels do: under load, a
// worker's claim or finished attempt shares their transaction and their sync of the disk.

result<std::vector<claimed_event>> claim_events(store::impl &state, claim_scope scope, std::size_t max,
                                                std::int64_t now_ms, std::int64_t lease_ms) {
  if (lease_ms <= 0) return error{error_code::invalid_argument, "The lease must be positive."};
  auto token = random_text(lower_alphanumerics, lease_token_chars, state.options.random);
  if (!token.ok()) return std::move(token).failure();
  return state.commits->run([&] { return lease_due(state, scope, max, now_ms, lease_ms, token.value()); });
}

status finish_attempt(store::impl &state, const claimed_event &claim, const attempt_outcome &outcome) {
  return state.commits->run([&] {
    if (auto logged = append_history(state, claim.seq, outcome.attempt); !logged.ok()) return logged;
    return apply_verdict(state, claim, outcome);
  });
}

status release_events(store::impl &state, const std::vector<std::string> &event_ids, std::int64_t due_ms) {
  return state.commits->run([&]() -> status {
    for (const auto &event_id : event_ids) {
      auto release = state.database->query(state.sql->release_event);
      if (!release.ok()) return std::move(release).failure();
      if (auto done = run_statement(std::move(release.value().bind(1, event_id).bind(2, due_ms))); !done.ok()) return done;
    }
    return {};
  });
}

}  // namespace detail

result<std::vector<outbox_event>> store::lease_events(std::size_t max, std::int64_t lease_ms) {
  auto claims = detail::claim_events(*impl_, detail::claim_scope::webhook_only, max, impl_->now_ms(), lease_ms);
  if (!claims.ok()) return std::move(claims).failure();
  std::vector<outbox_event> events;
  events.reserve(claims.value().size());
  for (auto &claim : claims.value()) events.push_back(std::move(claim.event));
  return events;
}

result<std::size_t> store::acknowledge_events(const std::vector<std::string> &event_ids) {
  std::lock_guard lock(impl_->mutex);
  detail::sql_transaction transaction(*impl_->database);
  if (auto begun = transaction.begin(); !begun.ok()) return begun.failure();
  const std::int64_t now = impl_->now_ms();
  std::size_t acknowledged = 0;
  for (const auto &event_id : event_ids) {
    auto ack = impl_->database->query(impl_->sql->acknowledge_event);
    if (!ack.ok()) return std::move(ack).failure();
    if (auto done = detail::run_statement(std::move(ack.value().bind(1, event_id).bind(2, now))); !done.ok()) {
      return done.failure();
    }
    acknowledged += static_cast<std::size_t>(impl_->database->changes());
  }
  if (auto committed = transaction.commit(); !committed.ok()) return committed.failure();
  return acknowledged;
}

}  // namespace ashbyknit
