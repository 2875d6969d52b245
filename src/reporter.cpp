// assessment_reporter: the vendor's reports, built into assessment.update (or
// assessment.addCompletedToCandidate) bodies, validated, and queued through the store.
#include "ashbyknit/reporter.hpp"

#include "store_internal.hpp"
#include "update_blobs.hpp"

namespace ashbyknit {
namespace {

assessment_update update_for(std::string_view assessment_id) {
  assessment_update update;
  update.assessment_id = std::string(assessment_id);
  return update;
}

}  // namespace

assessment_reporter::assessment_reporter(store &target) noexcept : store_(target) {}

result<queued_update> assessment_reporter::started(std::string_view integration_id, std::string_view assessment_id,
                                                   std::string_view profile_url) {
  assessment_update update = update_for(assessment_id);
  update.status = detail::status_blob(detail::started_status_text);
  if (!profile_url.empty()) update.profile_url = detail::profile_url_blob(profile_url);
  return submit(integration_id, std::move(update));
}

result<queued_update> assessment_reporter::progress(std::string_view integration_id, std::string_view assessment_id,
                                                    std::string_view status_text, std::vector<blob> metadata) {
  assessment_update update = update_for(assessment_id);
  update.status = detail::status_blob(status_text);
  update.metadata = std::move(metadata);
  return submit(integration_id, std::move(update));
}

result<queued_update> assessment_reporter::completed(std::string_view integration_id, std::string_view assessment_id,
                                                     blob result, std::string_view profile_url,
                                                     std::vector<blob> metadata) {
  assessment_update update = update_for(assessment_id);
  update.status = detail::status_blob(detail::completed_status_text);
  update.profile_url = detail::profile_url_blob(profile_url);
  update.result = std::move(result);
  update.metadata = std::move(metadata);
  return submit(integration_id, std::move(update));
}

result<queued_update> assessment_reporter::cancelled(std::string_view integration_id, std::string_view assessment_id,
                                                     std::string_view reason) {
  assessment_update update = update_for(assessment_id);
  update.cancelled_reason = detail::cancelled_reason_blob(reason);
  return submit(integration_id, std::move(update));
}

result<queued_update> assessment_reporter::submit(std::string_view integration_id, assessment_update update) {
  if (auto valid = validate_assessment_update(update); !valid.ok()) return valid.failure();
  return detail::queue_update(*store_.impl_, integration_id, std::move(update));
}

result<queued_update> assessment_reporter::submit_json(std::string_view integration_id, std::string_view body_json) {
  // Parsing validates the update as submit() would.
  auto update = parse_assessment_update(body_json);
  if (!update.ok()) return std::move(update).failure();
  return detail::queue_update(*store_.impl_, integration_id, std::move(update).value());
}

result<queued_update> assessment_reporter::add_completed(std::string_view integration_id,
                                                         completed_assessment assessment) {
  if (auto valid = validate_completed_assessment(assessment); !valid.ok()) return valid.failure();
  return detail::queue_completed(*store_.impl_, integration_id, std::move(assessment));
}

result<queued_update> assessment_reporter::add_completed_json(std::string_view integration_id,
                                                              std::string_view body_json) {
  // Parsing validates the assessment as add_completed() would.
  auto assessment = parse_completed_assessment(body_json);
  if (!assessment.ok()) return std::move(assessment).failure();
  return detail::queue_completed(*store_.impl_, integration_id, std::move(assessment).value());
}

}  // namespace ashbyknit
