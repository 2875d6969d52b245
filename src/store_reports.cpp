// store: queuing the calls for Ashby (assessment.update and assessment.addCompletedToCandidate),
// and the assessment life cycle they drive.
#include <fmt/format.h>

#include <algorithm>

#include "base_encoding.hpp"
#include "store_internal.hpp"
#include "update_blobs.hpp"

namespace ashbyknit::detail {
namespace {

constexpr std::size_t update_id_random_chars = 21;

/// An assessment as a report sees it.
struct report_target {
  std::string status;
  std::int64_t last_update_ms = 0;
};

bool is_final(std::string_view status) { return status == "completed" || status == "cancelled"; }

/// The life-cycle state after `update`: a result completes, a reason cancels, a status "Started"
/// starts an active assessment; anything else leaves it where it is.
std::string_view status_after(std::string_view current, const assessment_update &update) {
  if (update.result) return "completed";
  if (update.cancelled_reason) return "cancelled";
  const bool starts = update.status && update.status->type == blob_type::string &&
                      std::get<std::string>(update.status->value) == started_status_text;
  return starts && current == "active" ? "started" : current;
}

result<report_target> find_target(store::impl &state, std::string_view integration_id, std::string_view assessment_id) {
  if (auto found = require_integration(state, integration_id); !found.ok()) return found.failure();
  auto query = state.database->query(state.sql->find_report_target);
  if (!query.ok()) return std::move(query).failure();
  auto row = query.value().bind(1, assessment_id).bind(2, integration_id).step();
  if (!row.ok()) return std::move(row).failure();
  if (!row.value()) {
    return error{error_code::not_found,
                 fmt::format("The integration {} has no assessment {}.", integration_id, assessment_id)};
  }
  return report_target{std::string(query.value().text(0)), query.value().integer(1)};
}

status require_ashby_key(store::impl &state, std::string_view integration_id) {
  auto query = state.database->query(state.sql->ashby_key_exists);
  if (!query.ok()) return std::move(query).failure();
  auto row = query.value().bind(1, integration_id).step();
  if (!row.ok()) return std::move(row).failure();
  if (row.value()) return {};
  return {error_code::invalid_argument,
          fmt::format("The integration {} has no Ashby API key to report with: set one first.", integration_id)};
}

/// The update's timestamp: the one given, which must come after the last update, or the clock's,
/// moved past the last update when the clock stepped back.
result<std::int64_t> update_timestamp(std::int64_t given_ms, std::int64_t now_ms, const report_target &target,
                                      std::string_view assessment_id) {
  if (given_ms == 0) return std::max(now_ms, target.last_update_ms + 1);
  if (given_ms <= target.last_update_ms) {
    return error{error_code::conflict,
                 fmt::format("The timestamp {} is not after the last update of assessment {} ({}).", given_ms,
                             assessment_id, target.last_update_ms)};
  }
  return given_ms;
}

status move_along(store::impl &state, std::string_view assessment_id, std::string_view status, std::int64_t now_ms,
                  std::int64_t timestamp_ms) {
  auto update = state.database->query(state.sql->move_assessment_along);
  if (!update.ok()) return std::move(update).failure();
  auto &q = update.value().bind(1, assessment_id).bind(2, status).bind(3, now_ms);
  return run_statement(std::move(q.bind(4, timestamp_ms)));
}

/// A new outbox id for a call to Ashby: `upd_` + 21 random characters.
result<std::string> new_update_id(store::impl &state) {
  auto suffix = random_text(lower_alphanumerics, update_id_random_chars, state.options.random);
  if (!suffix.ok()) return std::move(suffix).failure();
  return "upd_" + suffix.value();
}

/// Writes `queued` to the outbox as a call of `event_type` for Ashby.
status insert_call(store::impl &state, std::string_view integration_id, const queued_update &queued,
                   std::string_view assessment_id, std::string_view event_type, std::int64_t now_ms) {
  auto insert = state.database->query(state.sql->insert_update);
  if (!insert.ok()) return std::move(insert).failure();
  auto &q = insert.value().bind(1, queued.update_id).bind(2, integration_id).bind(3, assessment_id);
  q.bind(4, event_type).bind(5, queued.body).bind(6, now_ms);
  return run_statement(std::move(q.bind(7, ashby_destination)));
}

/// Refuses an assessment id the store already knows, of any integration: the id names the
/// assessment in the store, in the outbox and in Ashby.
status require_new_assessment(store::impl &state, std::string_view assessment_id) {
  auto query = state.database->query(state.sql->find_assessment_owner);
  if (!query.ok()) return std::move(query).failure();
  auto row = query.value().bind(1, assessment_id).step();
  if (!row.ok()) return std::move(row).failure();
  if (!row.value()) return {};
  return {error_code::conflict,
          fmt::format("The assessment ID {} is already taken: a completed assessment is added once, with an ID of "
                      "its own.", assessment_id)};
}

/// The assessments row of a completed assessment that Ashby did not start: no application, no job.
status insert_completed(store::impl &state, std::string_view integration_id, const completed_assessment &assessment,
                        std::int64_t now_ms) {
  auto insert = state.database->query(state.sql->insert_assessment);
  if (!insert.ok()) return std::move(insert).failure();
  auto &q = insert.value().bind(1, assessment.assessment_id).bind(2, integration_id).bind(3, std::string_view());
  q.bind(4, assessment.assessment_type_id).bind(5, assessment.candidate_id).bind(6, std::string_view());
  q.bind(7, now_ms).bind(8, "completed").bind(9, assessment.timestamp_ms);
  return run_statement(std::move(q));
}

}  // namespace

result<queued_update> queue_update(store::impl &state, std::string_view integration_id, assessment_update update) {
  auto update_id = new_update_id(state);
  if (!update_id.ok()) return std::move(update_id).failure();

  std::lock_guard lock(state.mutex);
  sql_transaction transaction(*state.database);
  if (auto begun = transaction.begin(); !begun.ok()) return begun.failure();
  auto target = find_target(state, integration_id, update.assessment_id);
  if (!target.ok()) return std::move(target).failure();
  if (is_final(target.value().status)) {
    return error{error_code::conflict, fmt::format("The assessment {} is {}: it takes no more reports.",
                                                   update.assessment_id, target.value().status)};
  }
  if (auto keyed = require_ashby_key(state, integration_id); !keyed.ok()) return keyed.failure();
  const std::int64_t now_ms = state.now_ms();
  auto timestamp = update_timestamp(update.timestamp_ms, now_ms, target.value(), update.assessment_id);
  if (!timestamp.ok()) return std::move(timestamp).failure();
  update.timestamp_ms = timestamp.value();

  queued_update queued{std::move(update_id).value(), update.timestamp_ms, write_assessment_update(update)};
  const std::string_view status = status_after(target.value().status, update);
  if (auto moved = move_along(state, update.assessment_id, status, now_ms, update.timestamp_ms); !moved.ok()) {
    return moved.failure();
  }
  if (auto inserted = insert_call(state, integration_id, queued, update.assessment_id, update_event_type, now_ms);
      !inserted.ok()) {
    return inserted.failure();
  }
  if (auto committed = transaction.commit(); !committed.ok()) return committed.failure();
  return queued;
}

result<queued_update> queue_completed(store::impl &state, std::string_view integration_id,
                                      completed_assessment assessment) {
  auto update_id = new_update_id(state);
  if (!update_id.ok()) return std::move(update_id).failure();

  std::lock_guard lock(state.mutex);
  sql_transaction transaction(*state.database);
  if (auto begun = transaction.begin(); !begun.ok()) return begun.failure();
  if (auto found = require_integration(state, integration_id); !found.ok()) return found.failure();
  if (auto fresh = require_new_assessment(state, assessment.assessment_id); !fresh.ok()) return fresh.failure();
  if (auto keyed = require_ashby_key(state, integration_id); !keyed.ok()) return keyed.failure();
  const std::int64_t now_ms = state.now_ms();
  if (assessment.timestamp_ms == 0) assessment.timestamp_ms = now_ms;

  queued_update queued{std::move(update_id).value(), assessment.timestamp_ms, write_completed_assessment(assessment)};
  if (auto inserted = insert_completed(state, integration_id, assessment, now_ms); !inserted.ok()) {
    return inserted.failure();
  }
  const std::string_view assessment_id = assessment.assessment_id;
  if (auto inserted = insert_call(state, integration_id, queued, assessment_id, completed_event_type, now_ms);
      !inserted.ok()) {
    return inserted.failure();
  }
  if (auto committed = transaction.commit(); !committed.ok()) return committed.failure();
  return queued;
}

}  // namespace ashbyknit::detail
