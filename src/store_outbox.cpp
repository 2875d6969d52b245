// store: the events outbox, leased to whoever delivers and acknowledged once delivered.
#include <algorithm>
#include <limits>

#include "store_internal.hpp"

namespace ashbyknit {

result<std::vector<outbox_event>> store::lease_events(std::size_t max, std::int64_t lease_ms) {
  if (lease_ms <= 0) return error{error_code::invalid_argument, "The lease must be positive."};
  std::lock_guard lock(impl_->mutex);
  detail::sqlite_transaction transaction(*impl_->database);
  if (auto begun = transaction.begin(); !begun.ok()) return begun.failure();

  const std::int64_t now = impl_->now_ms();
  // Oldest first; an event waits for every earlier unacknowledged event of its assessment.
  auto due = impl_->database->query(
      "SELECT seq, event_id, integration_id, assessment_id, event_type, body, created_ms, handed_out + 1 FROM events e"
      " WHERE acknowledged_ms IS NULL AND leased_until_ms <= ?1"
      " AND NOT EXISTS (SELECT 1 FROM events p WHERE p.assessment_id = e.assessment_id AND p.seq < e.seq"
      "                 AND p.acknowledged_ms IS NULL)"
      " ORDER BY seq LIMIT ?2");
  if (!due.ok()) return std::move(due).failure();
  const auto limit = static_cast<std::int64_t>(std::min<std::size_t>(max, std::numeric_limits<std::int64_t>::max()));
  due.value().bind(1, now).bind(2, limit);
  std::vector<outbox_event> events;
  std::vector<std::int64_t> sequence_numbers;
  for (;;) {
    auto row = due.value().step();
    if (!row.ok()) return std::move(row).failure();
    if (!row.value()) break;
    const auto &q = due.value();
    sequence_numbers.push_back(q.integer(0));
    events.push_back({std::string(q.text(1)), std::string(q.text(2)), std::string(q.text(3)), std::string(q.text(4)),
                      std::string(q.text(5)), q.integer(6), q.integer(7)});
  }
  for (const std::int64_t seq : sequence_numbers) {
    auto lease = impl_->database->query(
        "UPDATE events SET leased_until_ms = ?2, handed_out = handed_out + 1 WHERE seq = ?1");
    if (!lease.ok()) return std::move(lease).failure();
    if (auto leased = lease.value().bind(1, seq).bind(2, now + lease_ms).step(); !leased.ok()) {
      return std::move(leased).failure();
    }
  }
  if (auto committed = transaction.commit(); !committed.ok()) return committed.failure();
  return events;
}

result<std::size_t> store::acknowledge_events(const std::vector<std::string> &event_ids) {
  std::lock_guard lock(impl_->mutex);
  detail::sqlite_transaction transaction(*impl_->database);
  if (auto begun = transaction.begin(); !begun.ok()) return begun.failure();
  const std::int64_t now = impl_->now_ms();
  std::size_t acknowledged = 0;
  for (const auto &event_id : event_ids) {
    auto ack = impl_->database->query(
        "UPDATE events SET acknowledged_ms = ?2 WHERE event_id = ?1 AND acknowledged_ms IS NULL");
    if (!ack.ok()) return std::move(ack).failure();
    if (auto done = ack.value().bind(1, event_id).bind(2, now).step(); !done.ok()) return std::move(done).failure();
    acknowledged += static_cast<std::size_t>(impl_->database->changes());
  }
  if (auto committed = transaction.commit(); !committed.ok()) return committed.failure();
  return acknowledged;
}

namespace detail {

status release_events(store::impl &state, const std::vector<std::string> &event_ids) {
  std::lock_guard lock(state.mutex);
  sqlite_transaction transaction(*state.database);
  if (auto begun = transaction.begin(); !begun.ok()) return begun;
  for (const auto &event_id : event_ids) {
    auto release = state.database->query(
        "UPDATE events SET leased_until_ms = 0, handed_out = handed_out - 1"
        " WHERE event_id = ?1 AND acknowledged_ms IS NULL");
    if (!release.ok()) return std::move(release).failure();
    if (auto done = release.value().bind(1, event_id).step(); !done.ok()) return std::move(done).failure();
  }
  return transaction.commit();
}

}  // namespace detail

result<store::event_counts> store::count_events() {
  std::lock_guard lock(impl_->mutex);
  auto query = impl_->database->query(
      "SELECT count(*) FILTER (WHERE acknowledged_ms IS NULL), count(*) FILTER (WHERE acknowledged_ms IS NOT NULL)"
      " FROM events");
  if (!query.ok()) return std::move(query).failure();
  auto row = query.value().step();
  if (!row.ok()) return std::move(row).failure();
  return event_counts{query.value().integer(0), query.value().integer(1)};
}

}  // namespace ashbyknit
