// store: candidate enrichment: which integrations have their record.new events filled from
// Ashby's candidate.info, and the enriched bodies the delivery engine keeps.
#include <fmt/format.h>

#include "store_internal.hpp"

namespace ashbyknit {

status store::set_candidate_enrichment(std::string_view integration_id, bool enabled) {
  std::lock_guard lock(impl_->mutex);
  auto update = impl_->database->query(impl_->sql->set_candidate_enrichment);
  if (!update.ok()) return std::move(update).failure();
  const std::int64_t flag = enabled ? 1 : 0;
  if (auto done = detail::run_statement(std::move(update.value().bind(1, integration_id).bind(2, flag))); !done.ok()) {
    return done;
  }
  if (impl_->database->changes() == 0) {
    return {error_code::not_found, fmt::format("There is no integration {}.", integration_id)};
  }
  return {};
}

namespace detail {

result<bool> store_enriched_body(store::impl &state, const claimed_event &claim, std::string_view body) {
  return state.commits->run([&]() -> result<bool> {
    auto update = state.database->query(state.sql->store_enriched_body);
    if (!update.ok()) return std::move(update).failure();
    auto &q = update.value().bind(1, claim.seq).bind(2, claim.lease_token).bind(3, body).bind(4, state.now_ms());
    if (auto done = run_statement(std::move(q)); !done.ok()) return done.failure();
    return state.database->changes() > 0;
  });
}

}  // namespace detail
}  // namespace ashbyknit
