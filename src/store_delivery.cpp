// store: what operators see of delivery: event counts, event lists, attempt histories, replays.
#include <fmt/format.h>

#include <limits>

#include "store_internal.hpp"

namespace ashbyknit {
namespace {

constexpr std::int64_t all_states = -1;

/// Where an event is, from its row's delivered and dead-lettered times.
event_state state_of(const detail::sql_query &row, int delivered_column, int dead_column) {
  if (!row.is_null(delivered_column)) return event_state::delivered;
  if (!row.is_null(dead_column)) return event_state::dead_lettered;
  return event_state::pending;
}

/// The sequence number of an event, or error_code::not_found. The caller holds the mutex.
result<std::int64_t> find_event(store::impl &state, std::string_view event_id) {
  auto query = state.database->query(state.sql->find_event_seq);
  if (!query.ok()) return std::move(query).failure();
  auto row = query.value().bind(1, event_id).step();
  if (!row.ok()) return std::move(row).failure();
  if (!row.value()) return error{error_code::not_found, fmt::format("There is no event {}.", event_id)};
  return query.value().integer(0);
}

/// Makes one dead-lettered event (or, with no `seq`, all of them) due at once with a fresh retry
/// window; returns how many. The caller holds the mutex.
result<std::size_t> replay(store::impl &state, std::optional<std::int64_t> seq) {
  auto update = state.database->query(state.sql->replay_dead_letters);
  if (!update.ok()) return std::move(update).failure();
  if (auto done = detail::run_statement(std::move(update.value().bind(1, seq).bind(2, state.now_ms()))); !done.ok()) {
    return done.failure();
  }
  return static_cast<std::size_t>(state.database->changes());
}

}  // namespace

result<store::event_counts> store::count_events() {
  std::lock_guard lock(impl_->mutex);
  auto query = impl_->database->query(impl_->sql->count_events);
  if (!query.ok()) return std::move(query).failure();
  auto row = query.value().step();
  if (!row.ok()) return std::move(row).failure();
  const auto &q = query.value();
  return event_counts{q.integer(0), q.integer(1), q.integer(2)};
}

result<std::vector<event_info>> store::list_events(std::optional<event_state> state, std::size_t limit) {
  std::lock_guard lock(impl_->mutex);
  auto query = impl_->database->query(impl_->sql->list_events);
  if (!query.ok()) return std::move(query).failure();
  const std::int64_t wanted = state ? static_cast<std::int64_t>(*state) : all_states;
  // No limit is the largest one: both backends take it, where only SQLite takes -1.
  constexpr std::int64_t unlimited = std::numeric_limits<std::int64_t>::max();
  const std::int64_t rows =
      limit == 0 || limit > static_cast<std::size_t>(unlimited) ? unlimited : static_cast<std::int64_t>(limit);
  query.value().bind(1, wanted).bind(2, rows);
  return detail::collect_rows(query.value(), [](const detail::sql_query &q) {
    event_info info{std::string(q.text(0)), std::string(q.text(1)), std::string(q.text(2)), std::string(q.text(3)),
                    state_of(q, 7, 8), q.integer(4), q.integer(5), q.integer(6), std::nullopt,
                    std::string(q.text(9))};
    if (info.state != event_state::pending) {
      info.finished_ms = info.state == event_state::delivered ? q.integer(7) : q.integer(8);
      info.next_attempt_ms = 0;
    }
    return info;
  });
}

result<std::vector<delivery_attempt>> store::event_history(std::string_view event_id) {
  std::lock_guard lock(impl_->mutex);
  auto seq = find_event(*impl_, event_id);
  if (!seq.ok()) return std::move(seq).failure();
  auto query = impl_->database->query(impl_->sql->event_history);
  if (!query.ok()) return std::move(query).failure();
  query.value().bind(1, seq.value());
  return detail::collect_rows(query.value(), [](const detail::sql_query &q) {
    return delivery_attempt{std::string(q.text(0)), q.integer(1), q.integer(2), static_cast<int>(q.integer(3)),
                            std::string(q.text(4)), std::string(q.text(5))};
  });
}

result<std::size_t> store::replay_dead_letters(std::optional<std::string_view> event_id) {
  std::lock_guard lock(impl_->mutex);
  if (!event_id) return replay(*impl_, std::nullopt);
  detail::sql_transaction transaction(*impl_->database);
  if (auto begun = transaction.begin(); !begun.ok()) return begun.failure();
  auto seq = find_event(*impl_, *event_id);
  if (!seq.ok()) return std::move(seq).failure();
  auto replayed = replay(*impl_, seq.value());
  if (!replayed.ok()) return std::move(replayed).failure();
  if (replayed.value() == 0) {
    return error{error_code::conflict, fmt::format("The event {} is not dead-lettered.", *event_id)};
  }
  if (auto committed = transaction.commit(); !committed.ok()) return committed.failure();
  return replayed;
}

}  // namespace ashbyknit
