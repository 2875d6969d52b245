// store: key lookup, settings lookup, and the start and cancel transactions.
#include "ashbyknit/secrets.hpp"
#include "map_fields.hpp"
#include "store_internal.hpp"
#include "update_blobs.hpp"

namespace ashbyknit::detail {
namespace {

/// The JSON setting in `sql`'s first column for an integration, else the bridge-wide one.
result<std::optional<std::string>> load_setting(store::impl &state, const char *sql, std::string_view integration_id) {
  auto query = state.database->query(sql);
  if (!query.ok()) return std::move(query).failure();
  auto row = query.value().bind(1, integration_id).step();
  if (!row.ok()) return std::move(row).failure();
  if (!row.value()) return std::optional<std::string>();
  return std::optional<std::string>(query.value().text(0));
}

status insert_event(store::impl &state, std::string_view integration_id, const knit_event &event) {
  auto query = state.database->query(state.sql->insert_event);
  if (!query.ok()) return std::move(query).failure();
  auto &q = query.value();
  q.bind(1, event.event_id).bind(2, integration_id).bind(3, event.record_id).bind(4, event.event_type);
  auto done = q.bind(5, event.json).bind(6, event.triggered_at_ms).step();
  return done.ok() ? status{} : status{std::move(done).failure()};
}

map_options mapping_options(store::impl &state, std::int64_t received_ms) {
  map_options options;
  options.clock = state.options.clock;
  options.random = state.options.random;
  options.received_at_ms = received_ms;
  return options;
}

}  // namespace

result<std::string> find_key_owner(sql_connection &database, const store_sql &sql, std::string_view presented_key,
                                   std::int64_t now_ms) {
  auto key_hash = hash_secret_key(presented_key);
  if (!key_hash.ok()) return std::move(key_hash).failure();
  auto query = database.query(sql.find_key_owner);
  if (!query.ok()) return std::move(query).failure();
  auto row = query.value().bind(1, key_hash.value()).bind(2, now_ms).step();
  if (!row.ok()) return std::move(row).failure();
  if (!row.value()) return error{error_code::unauthenticated, "The secret key is not an active key of any integration."};
  return std::string(query.value().text(0));
}

result<std::optional<package_catalogue>> load_packages(store::impl &state, std::string_view integration_id) {
  auto json = load_setting(state,
                           state.sql->load_packages,
                           integration_id);
  if (!json.ok()) return std::move(json).failure();
  if (!json.value()) return std::optional<package_catalogue>();
  auto cached = state.parsed_catalogues.find(std::string(integration_id));
  if (cached != state.parsed_catalogues.end() && cached->second.json == *json.value()) {
    return std::optional<package_catalogue>(cached->second.packages);
  }
  auto catalogue = package_catalogue::parse(*json.value());
  if (!catalogue.ok()) {
    return error{error_code::store_error, "The stored package catalogue is damaged: " + catalogue.message()};
  }
  state.parsed_catalogues[std::string(integration_id)] = {std::move(*json.value()), catalogue.value()};
  return std::optional<package_catalogue>(std::move(catalogue).value());
}

result<std::string> load_custom_fields(store::impl &state, std::string_view integration_id) {
  auto json = load_setting(state,
                           state.sql->load_custom_fields,
                           integration_id);
  if (!json.ok()) return std::move(json).failure();
  return json.value().value_or("[]");
}

namespace {

/// record_start's reads and writes, inside a transaction that the caller runs.
result<start_outcome> write_start(store::impl &state, std::string_view integration_id, const start_fields &request,
                                  const package_catalogue *fallback_packages, std::int64_t received_ms,
                                  bool initial_update) {
  auto active = state.database->query(state.sql->find_open_assessment);
  if (!active.ok()) return std::move(active).failure();
  auto found = active.value().bind(1, integration_id).bind(2, request.application_id).bind(3, request.assessment_type_id).step();
  if (!found.ok()) return std::move(found).failure();
  if (found.value()) {
    // The same application, type, candidate and job is Ashby retrying; anything else is another
    // assessment competing for the same slot.
    const auto &row = active.value();
    const bool same = row.text(1) == request.candidate_id && row.text(2) == request.job_id;
    return start_outcome{same ? start_outcome::kind::retried : start_outcome::kind::conflict, std::string(row.text(0)), {}};
  }

  auto packages = load_packages(state, integration_id);
  if (!packages.ok()) return std::move(packages).failure();
  map_options options = mapping_options(state, received_ms);
  options.packages = packages.value() ? &*packages.value() : fallback_packages;
  auto event = map_start_fields(request, options);
  if (!event.ok()) return std::move(event).failure();

  // With an initial update the reply itself tells Ashby the assessment started, at the time of
  // the start: that is the assessment's first update.
  const std::int64_t started_ms = event.value().triggered_at_ms;
  std::string update_request;
  if (initial_update) update_request = write_assessment_update(started_update(event.value().record_id, started_ms));

  auto insert = state.database->query(state.sql->insert_assessment);
  if (!insert.ok()) return std::move(insert).failure();
  auto &q = insert.value();
  q.bind(1, event.value().record_id).bind(2, integration_id).bind(3, request.application_id);
  q.bind(4, request.assessment_type_id).bind(5, request.candidate_id).bind(6, request.job_id);
  q.bind(7, started_ms).bind(8, initial_update ? "started" : "active").bind(9, initial_update ? started_ms : 0);
  if (auto inserted = q.step(); !inserted.ok()) return std::move(inserted).failure();
  if (auto queued = insert_event(state, integration_id, event.value()); !queued.ok()) return queued.failure();
  return start_outcome{start_outcome::kind::created, event.value().record_id, std::move(update_request)};
}

/// record_cancel's reads and writes, inside a transaction that the caller runs.
result<cancel_outcome> write_cancel(store::impl &state, std::string_view integration_id, const cancel_fields &request,
                                    std::int64_t received_ms) {
  auto current = state.database->query(state.sql->find_assessment_status);
  if (!current.ok()) return std::move(current).failure();
  auto found = current.value().bind(1, request.assessment_id).bind(2, integration_id).step();
  if (!found.ok()) return std::move(found).failure();
  if (!found.value()) return cancel_outcome::not_found;
  // Completed and cancelled assessments are final: nothing left to cancel.
  const std::string_view status = current.value().text(0);
  if (status != "active" && status != "started") return cancel_outcome::already_cancelled;

  auto event = map_cancel_fields(request, mapping_options(state, received_ms));
  if (!event.ok()) return std::move(event).failure();
  auto update = state.database->query(state.sql->cancel_assessment);
  if (!update.ok()) return std::move(update).failure();
  if (auto updated = run_statement(std::move(update.value().bind(1, request.assessment_id).bind(2, event.value().triggered_at_ms)));
      !updated.ok()) {
    return updated.failure();
  }
  // The update changes only an open assessment: another host's cancel may have come first.
  if (state.database->changes() == 0) return cancel_outcome::already_cancelled;
  if (auto queued = insert_event(state, integration_id, event.value()); !queued.ok()) return queued.failure();
  return cancel_outcome::cancelled;
}

}  // namespace

result<start_outcome> record_start(store::impl &state, std::string_view integration_id, const start_fields &request,
                                   const package_catalogue *fallback_packages, std::int64_t received_ms,
                                   bool initial_update) {
  auto write = [&] { return write_start(state, integration_id, request, fallback_packages, received_ms, initial_update); };
  auto recorded = state.commits->run(write);
  // Another host inserted an open assessment for the same application and type after this one
  // looked: the unique constraint refused the second, whose unit rolled back. Looking again
  // finds the first, and answers as for a retry or a competing start.
  if (recorded.code() == error_code::conflict) return state.commits->run(write);
  return recorded;
}

result<cancel_outcome> record_cancel(store::impl &state, std::string_view integration_id, const cancel_fields &request,
                                     std::int64_t received_ms) {
  return state.commits->run([&] { return write_cancel(state, integration_id, request, received_ms); });
}

}  // namespace ashbyknit::detail

namespace ashbyknit {

result<std::vector<assessment_info>> store::list_assessments(std::optional<std::string_view> integration_id) {
  std::lock_guard lock(impl_->mutex);
  if (integration_id) {
    if (auto found = detail::require_integration(*impl_, *integration_id); !found.ok()) return found.failure();
  }
  auto query = impl_->database->query(impl_->sql->list_assessments);
  if (!query.ok()) return std::move(query).failure();
  integration_id ? query.value().bind(1, *integration_id) : query.value().bind_null(1);
  return detail::collect_rows(query.value(), [](const detail::sql_query &q) {
    return assessment_info{std::string(q.text(0)), std::string(q.text(1)), std::string(q.text(2)),
                           std::string(q.text(3)), std::string(q.text(4)), q.integer(5), q.integer(6)};
  });
}

}  // namespace ashbyknit
