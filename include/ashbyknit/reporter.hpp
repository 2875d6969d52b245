// Reporting back to Ashby: the vendor says how an assessment is going, and the library queues an
// assessment.update (docs/protocol.md §5) for the delivery engine to send, in order, with the
// integration's Ashby API key; or it adds an assessment that Ashby did not start
// (assessment.addCompletedToCandidate). Each report also moves the assessment along its life cycle:
// active -> started -> completed or cancelled, the last two final.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ashbyknit/assessment_update.hpp"
#include "ashbyknit/completed_assessment.hpp"
#include "ashbyknit/export.h"
#include "ashbyknit/result.hpp"
#include "ashbyknit/store.hpp"

namespace ashbyknit {

/// A call accepted and queued for Ashby (an update or a completed assessment): durable in the
/// store's outbox before the call returned.
struct queued_update {
  std::string update_id;       ///< its outbox id (`upd_` + 21 characters): events list, history and replay take it
  std::int64_t timestamp_ms = 0;
  std::string body;            ///< the exact JSON that is sent
};

/// Queues reports for assessments of one store. Every report names the integration and the
/// assessment; it is refused, with nothing queued, when:
/// - the body fails protocol §5 (error_code::invalid_input naming the field, see
///   validate_assessment_update);
/// - the integration does not exist, or never issued that assessment (error_code::not_found);
/// - the assessment is completed or cancelled, by the vendor or by Ashby (error_code::conflict);
/// - the integration has no Ashby API key (error_code::invalid_argument; see store::set_ashby_key);
/// - a given timestamp is not after the assessment's last update (error_code::conflict).
/// Timestamps the reporter assigns are the store's clock, moved past the assessment's last update
/// when the clock stepped back, so they strictly increase per assessment. Updates of one
/// assessment are sent in the order they were queued. Every member may be called from any thread.
class AK_API assessment_reporter {
 public:
  /// A reporter over `target`, which must outlive it.
  explicit assessment_reporter(store &target) noexcept;

  /// The candidate started: status "Started", with an optional candidate-facing or report URL
  /// (absolute http(s)) as the profile URL. Allowed while active or started.
  result<queued_update> started(std::string_view integration_id, std::string_view assessment_id,
                                std::string_view profile_url = {});

  /// Progress: a free status text ("Invited", "In progress") and metadata. Allowed while active or
  /// started; the life cycle does not move.
  result<queued_update> progress(std::string_view integration_id, std::string_view assessment_id,
                                 std::string_view status_text, std::vector<blob> metadata = {});

  /// The result: status "Completed", the result blob, the profile or report URL (required) and
  /// metadata. The assessment is then completed: final.
  result<queued_update> completed(std::string_view integration_id, std::string_view assessment_id, blob result,
                                  std::string_view profile_url, std::vector<blob> metadata = {});

  /// Cancelled by the vendor, with a reason shown to the recruiter. Final.
  result<queued_update> cancelled(std::string_view integration_id, std::string_view assessment_id,
                                  std::string_view reason);

  /// A complete body, for vendors who need every field. A result completes the assessment, a
  /// cancel reason cancels it; otherwise it stays as it is (a status "Started" starts it).
  result<queued_update> submit(std::string_view integration_id, assessment_update update);

  /// submit() of a JSON body, parsed as parse_assessment_update does (with default limits).
  result<queued_update> submit_json(std::string_view integration_id, std::string_view body_json);

  /// Records an assessment that Ashby did not start and queues its
  /// assessment.addCompletedToCandidate for Ashby. The store then holds it as a completed
  /// assessment of the integration under the id given (so it takes no further report). Refused,
  /// with nothing queued, when the body fails validate_completed_assessment
  /// (error_code::invalid_input), the integration does not exist (error_code::not_found), the
  /// assessment id is one the store already holds, of any integration (error_code::conflict), or
  /// the integration has no Ashby API key (error_code::invalid_argument). A timestamp of 0 is the
  /// store's clock.
  result<queued_update> add_completed(std::string_view integration_id, completed_assessment assessment);

  /// add_completed() of a JSON body, parsed as parse_completed_assessment does (with default
  /// limits).
  result<queued_update> add_completed_json(std::string_view integration_id, std::string_view body_json);

 private:
  store &store_;
};

}  // namespace ashbyknit
