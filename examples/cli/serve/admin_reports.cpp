// The reports of serve's admin API: a request's JSON body turned into a report to Ashby through
// the assessment reporter (an assessment.update, or an assessment.addCompletedToCandidate),
// answered 202 {"updateId","timestamp"} once it is queued.
#include <optional>
#include <string>
#include <utility>

#include "admin_request_body.hpp"
#include "admin_route.hpp"
#include "json_reply.hpp"
#include "report_text.hpp"

namespace ashbyknit::cli {
namespace {

/// What reading a report's fields led to: std::nullopt when one is missing or mistyped (the body's
/// problem() names it), else the reporter's answer.
using report_outcome = std::optional<result<queued_update>>;

/// Reads one kind of report's fields but integrationId from `body` and, when they are all there,
/// queues the report for `integration`.
using report_reader = report_outcome (*)(admin_request_body &body, assessment_reporter &reporter,
                                         std::string_view integration);

/// A report refused before it reached the reporter (a blob that fails Ashby's rules).
report_outcome refused(error failure) { return result<queued_update>(std::move(failure)); }

/// `started`: {"integrationId","assessmentId","profileUrl"?}.
report_outcome started(admin_request_body &body, assessment_reporter &reporter, std::string_view integration) {
  const std::string_view assessment = body.text("assessmentId");
  const std::string_view profile_url = body.optional_text("profileUrl");
  if (body.problem()) return std::nullopt;
  return reporter.started(integration, assessment, profile_url);
}

/// `progress`: {"integrationId","assessmentId","status","metadata"?}.
report_outcome progress(admin_request_body &body, assessment_reporter &reporter, std::string_view integration) {
  const std::string_view assessment = body.text("assessmentId");
  const std::string_view status = body.text("status");
  const auto metadata_json = body.optional_array_json("metadata");
  if (body.problem()) return std::nullopt;
  auto metadata = optional_blob_list(metadata_json, "metadata");
  if (!metadata.ok()) return refused(std::move(metadata).failure());
  return reporter.progress(integration, assessment, status, std::move(metadata).value());
}

/// `completed`: {"integrationId","assessmentId","result","profileUrl","metadata"?}.
report_outcome completed(admin_request_body &body, assessment_reporter &reporter, std::string_view integration) {
  const std::string_view assessment = body.text("assessmentId");
  const std::string result_json = body.object_json("result");
  const std::string_view profile_url = body.text("profileUrl");
  const auto metadata_json = body.optional_array_json("metadata");
  if (body.problem()) return std::nullopt;
  auto outcome = parse_blob(result_json, "result");
  if (!outcome.ok()) return refused(std::move(outcome).failure());
  auto metadata = optional_blob_list(metadata_json, "metadata");
  if (!metadata.ok()) return refused(std::move(metadata).failure());
  return reporter.completed(integration, assessment, std::move(outcome).value(), profile_url,
                            std::move(metadata).value());
}

/// `cancelled`: {"integrationId","assessmentId","reason"}.
report_outcome cancelled(admin_request_body &body, assessment_reporter &reporter, std::string_view integration) {
  const std::string_view assessment = body.text("assessmentId");
  const std::string_view reason = body.text("reason");
  if (body.problem()) return std::nullopt;
  return reporter.cancelled(integration, assessment, reason);
}

/// `update`: {"integrationId","update":{a complete assessment.update body}}.
report_outcome update(admin_request_body &body, assessment_reporter &reporter, std::string_view integration) {
  const std::string update_json = body.object_json("update");
  if (body.problem()) return std::nullopt;
  return reporter.submit_json(integration, update_json);
}

/// `add-completed`: {"integrationId","completed":{a complete assessment.addCompletedToCandidate
/// body}}.
report_outcome add_completed(admin_request_body &body, assessment_reporter &reporter, std::string_view integration) {
  const std::string completed_json = body.object_json("completed");
  if (body.problem()) return std::nullopt;
  return reporter.add_completed_json(integration, completed_json);
}

/// A report the admin API takes: how to read it, and where its body names the assessment.
struct report_kind {
  report_reader read;
  std::string_view assessment_pointer;
};

/// The reports the admin API takes, one per route.
constexpr report_kind started_report{started, "/assessmentId"};
constexpr report_kind progress_report{progress, "/assessmentId"};
constexpr report_kind completed_report{completed, "/assessmentId"};
constexpr report_kind cancelled_report{cancelled, "/assessmentId"};
constexpr report_kind update_report{update, "/update/assessment_id"};
constexpr report_kind add_completed_report{add_completed, "/completed/assessment/assessmentId"};

/// Answers the report `kind`: reads the body, queues the report, and replies 202 with its
/// receipt; 400 for a body that is not a JSON object or a field missing, mistyped or unknown
/// (the message names it), else as the reporter refused it (422 for a report that breaks Ashby's
/// rules or an integration without an Ashby API key, 404, 409 for a final assessment or, when a
/// completed one is added, an assessment id the store already knows).
template <const report_kind &kind>
http_response answer_report(admin_call &request, admin_context &context) {
  auto parsed = admin_request_body::parse(request.body);
  if (!parsed.ok()) return admin_unreadable_body_reply(parsed.failure());
  admin_request_body &fields = parsed.value();
  request.integration_id = fields.peek_text("/integrationId");
  request.assessment_id = fields.peek_text(kind.assessment_pointer);
  const std::string_view integration = fields.text("integrationId");
  const report_outcome outcome = kind.read(fields, context.reporter, integration);
  if (!outcome) return admin_bad_request_reply(*fields.problem());
  if (!outcome->ok()) return admin_refusal_reply(outcome->failure());
  return json_reply(202, update_receipt(outcome->value()));
}

}  // namespace

const std::vector<admin_route> &report_routes() {
  static const std::vector<admin_route> routes = {
      {"POST", "reports/started", "report.started", answer_report<started_report>},
      {"POST", "reports/progress", "report.progress", answer_report<progress_report>},
      {"POST", "reports/completed", "report.completed", answer_report<completed_report>},
      {"POST", "reports/cancelled", "report.cancelled", answer_report<cancelled_report>},
      {"POST", "reports/update", "report.update", answer_report<update_report>},
      {"POST", "reports/add-completed", "report.addCompleted", answer_report<add_completed_report>},
  };
  return routes;
}

}  // namespace ashbyknit::cli
