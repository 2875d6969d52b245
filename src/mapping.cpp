#include "ashbyknit/mapping.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ashbyknit/ids.hpp"
#include "json_writer.hpp"

namespace ashbyknit {
namespace {

constexpr std::size_t max_assessment_id_length = 64;
// The envelope and the candidate's details take under 1 KiB besides originData.
constexpr std::size_t event_size_besides_origin = 1024;
const std::optional<std::string> none;

/// What distinguishes the two events; the rest of the envelope is shared.
struct event_content {
  std::string_view event_type;
  std::string_view record_id;
  const start_request *start = nullptr;  ///< null for record.deleted: every detail is null
  const assessment_package *package = nullptr;
  std::string_view status;
  std::string_view origin_data;
};

status check_assessment_id(std::string_view id) {
  const std::string_view rest = id.substr(std::min(id.size(), assessment_id_prefix.size()));
  const bool well_formed =
      id.substr(0, assessment_id_prefix.size()) == assessment_id_prefix && !rest.empty() &&
      id.size() <= max_assessment_id_length && std::all_of(rest.begin(), rest.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '-';
      });
  if (!well_formed) {
    return {error_code::invalid_argument,
            fmt::format("An assessment id must be {} followed by up to {} letters, digits, '_' or '-'.",
                        assessment_id_prefix, max_assessment_id_length - assessment_id_prefix.size())};
  }
  return {};
}

void write_package(detail::json_writer &out, const event_content &content) {
  const assessment_package *package = content.package;
  out.begin_object();
  out.key("description").string_or_null(package ? package->description : none);
  out.key("id");
  content.start ? out.string(content.start->assessment_type_id) : out.null();
  out.key("metaData").raw(package ? std::string_view(package->metadata_json) : "null");
  out.key("name");
  package ? out.string(package->name) : out.null();
  out.key("type").string_or_null(package ? package->type : none);
  out.end_object();
}

void write_candidate(detail::json_writer &out, const ashby_candidate *candidate) {
  out.begin_object();
  out.key("emails");
  if (candidate && candidate->email) {
    out.begin_array().begin_object().key("email").string(*candidate->email).key("type").string("PRIMARY").end_object().end_array();
  } else {
    out.null();
  }
  out.key("firstName").string_or_null(candidate ? candidate->first_name : none);
  out.key("id");
  candidate ? out.string(candidate->ashby_id) : out.null();
  out.key("lastName").string_or_null(candidate ? candidate->last_name : none);
  out.key("links");
  if (candidate && candidate->ashby_profile_url) {
    out.begin_array().string(*candidate->ashby_profile_url).end_array();
  } else {
    out.null();
  }
  out.key("location").null();
  out.key("phones").null();
  out.end_object();
}

/// The envelope of SPEC 3.1 around candidateAssessment (SPEC 3.2), whose keys are written in
/// alphabetical order as Knit's are.
result<knit_event> build_event(const event_content &content, const map_options &options) {
  const std::int64_t now_ms = options.clock ? options.clock() : 0;
  auto event_id = mint_event_id(now_ms, options.random);
  if (!event_id.ok()) return std::move(event_id).failure();
  knit_event event;
  event.event_id = std::move(event_id).value();
  event.event_type = content.event_type;
  event.record_id = content.record_id;
  event.triggered_at_ms = now_ms;

  const start_request *start = content.start;
  detail::json_writer out;
  out.reserve(event_size_besides_origin + content.origin_data.size());
  out.begin_object();
  out.key("eventType").string(content.event_type);
  out.key("eventData").begin_object().key("candidateAssessment").begin_object();
  out.key("applicationId");
  start ? out.string(start->application.ashby_id) : out.null();
  out.key("assessmentPackage");
  write_package(out, content);
  out.key("callbackUrl").null();
  out.key("candidate");
  write_candidate(out, start ? &start->candidate : nullptr);
  out.key("id").string(content.record_id);
  out.key("jobId");
  start ? out.string(start->job.ashby_id) : out.null();
  out.key("metaData").null();
  out.key("originData").raw(content.origin_data);
  out.key("status").string(content.status);
  out.end_object().end_object();
  out.key("eventId").string(event.event_id);
  out.key("recordId").string(content.record_id);
  out.key("syncType").string("real_time");
  out.key("syncDataType").string("ats_assessments");
  out.key("syncJobId").string("ats_assessments_real_time");
  out.key("syncRunId").string(fmt::format("real_time_{}", options.received_at_ms != 0 ? options.received_at_ms : now_ms));
  out.key("triggeredAt").number(now_ms);
  out.end_object();
  event.json = std::move(out).str();
  return event;
}

}  // namespace

result<knit_event> map_start(const start_request &request, const map_options &options) {
  std::string assessment_id = options.assessment_id;
  if (assessment_id.empty()) {
    auto minted = mint_assessment_id(options.random);
    if (!minted.ok()) return std::move(minted).failure();
    assessment_id = std::move(minted).value();
  } else if (auto checked = check_assessment_id(assessment_id); !checked.ok()) {
    return checked.failure();
  }
  event_content content;
  content.event_type = "record.new";
  content.record_id = assessment_id;
  content.start = &request;
  content.package = options.packages ? options.packages->find(request.assessment_type_id) : nullptr;
  content.status = "NOT_SPECIFIED";
  content.origin_data = request.origin_data;
  return build_event(content, options);
}

result<knit_event> map_cancel(const cancel_request &request, const map_options &options) {
  event_content content;
  content.event_type = "record.deleted";
  content.record_id = request.assessment_id;
  content.status = "CANCELLED";
  content.origin_data = request.origin_data;
  return build_event(content, options);
}

}  // namespace ashbyknit
