#include "admin_reports.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "admin_request_body.hpp"
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

/// A report the admin API takes: its route's last segment, how to read it, and where its body
/// names the assessment.
struct report_route {
  std::string_view kind;
  report_reader read;
  std::string_view assessment_pointer;
};

/// Every report the admin API takes.
constexpr report_route routes[] = {
    {"started", started, "/assessmentId"},       {"progress", progress, "/assessmentId"},
    {"completed", completed, "/assessmentId"},   {"cancelled", cancelled, "/assessmentId"},
    {"update", update, "/update/assessment_id"},
};

/// The route of the report `kind`, or nullptr when there is none.
const report_route *find_route(std::string_view kind) noexcept {
  const auto found =
      std::find_if(std::begin(routes), std::end(routes), [&](const report_route &route) { return route.kind == kind; });
  return found == std::end(routes) ? nullptr : found;
}

/// The status of a report refused with `code`.
int refusal_status(error_code code) noexcept {
  switch (code) {
    case error_code::invalid_input:
    case error_code::invalid_argument: return 422;
    case error_code::not_found: return 404;
    case error_code::conflict: return 409;
    case error_code::malformed_json:
    case error_code::too_deep: return 400;
    case error_code::too_large: return 413;
    default: return 500;
  }
}

/// The error reply of a refusal with `failure`, at `status`.
http_response error_reply(int status, const error &failure) {
  return admin_error_reply(status, failure.code, failure.message);
}

}  // namespace

bool is_admin_report(std::string_view kind) noexcept { return find_route(kind) != nullptr; }

handled_call answer_admin_report(std::string_view kind, std::string_view body, assessment_reporter &reporter) {
  const report_route &route = *find_route(kind);
  handled_call call;
  auto parsed = admin_request_body::parse(body);
  if (!parsed.ok()) {
    call.response = error_reply(400, parsed.failure());
    return call;
  }
  admin_request_body &fields = parsed.value();
  call.integration_id = fields.peek_text("/integrationId");
  call.assessment_id = fields.peek_text(route.assessment_pointer);
  const std::string_view integration = fields.text("integrationId");
  const report_outcome outcome = route.read(fields, reporter, integration);
  if (!outcome) {
    call.response = error_reply(400, {error_code::invalid_input, *fields.problem()});
  } else if (!outcome->ok()) {
    call.response = error_reply(refusal_status(outcome->code()), outcome->failure());
  } else {
    call.response = json_reply(202, update_receipt(outcome->value()));
  }
  return call;
}

}  // namespace ashbyknit::cli
