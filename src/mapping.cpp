#include "ashbyknit/mapping.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>

#include "ashbyknit/ids.hpp"
#include "json_writer.hpp"
#include "map_fields.hpp"

namespace ashbyknit {
namespace detail {
namespace {

constexpr std::size_t max_assessment_id_length = 64;
// The envelope and the candidate's details take under 1 KiB besides originData and the package.
constexpr std::size_t event_size_besides_origin = 1024;

/// What distinguishes the two events; the rest of the envelope is shared.
struct event_content {
  std::string_view event_type;
  const start_fields *start = nullptr;  ///< null for record.deleted: every detail is null
  std::string_view package_json;        ///< assessmentPackage from the catalogue; "" when it has none
  std::string_view status;
  std::string_view origin;              ///< the body, minified into originData
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

/// assessmentPackage when the catalogue does not know the type: only its id, or nothing at all.
void write_unknown_package(json_writer &out, const start_fields *start) {
  out.fragment("{\"description\":null,\"id\":");
  start ? out.string(start->assessment_type_id) : out.null();
  out.fragment(",\"metaData\":null,\"name\":null,\"type\":null}");
}

void write_candidate(json_writer &out, const start_fields *start) {
  if (!start) {
    out.fragment("{\"emails\":null,\"firstName\":null,\"id\":null,\"lastName\":null,\"links\":null,"
                 "\"location\":null,\"phones\":null}");
    return;
  }
  out.fragment("{\"emails\":");
  if (start->email) {
    out.fragment("[{\"email\":").string(*start->email).fragment(",\"type\":\"PRIMARY\"}]");
  } else {
    out.null();
  }
  out.fragment(",\"firstName\":").string_or_null(start->first_name);
  out.fragment(",\"id\":").string(start->candidate_id);
  out.fragment(",\"lastName\":").string_or_null(start->last_name);
  out.fragment(",\"links\":");
  if (start->profile_url) {
    out.fragment("[").string(*start->profile_url).fragment("]");
  } else {
    out.null();
  }
  out.fragment(",\"location\":null,\"phones\":null}");
}

/// "real_time_<ms>", written into `buffer`.
std::string_view sync_run_id(std::int64_t ms, std::array<char, 32> &buffer) {
  constexpr std::string_view prefix = "real_time_";
  prefix.copy(buffer.data(), prefix.size());
  const char *end = std::to_chars(buffer.data() + prefix.size(), buffer.data() + buffer.size(), ms).ptr;
  return {buffer.data(), static_cast<std::size_t>(end - buffer.data())};
}

/// The envelope of protocol §3.1 around candidateAssessment (protocol §3.2) for the record
/// `record_id`, written in one pass into one buffer, keys in alphabetical order as Knit's are.
result<knit_event> build_event(const event_content &content, std::string record_id, const map_options &options) {
  const std::int64_t now_ms = options.clock ? options.clock() : 0;
  auto event_id = mint_event_id(now_ms, options.random);
  if (!event_id.ok()) return std::move(event_id).failure();
  knit_event event;
  event.event_id = std::move(event_id).value();
  event.event_type = content.event_type;
  event.record_id = std::move(record_id);
  event.triggered_at_ms = now_ms;

  // Every key is in its fixed place, so the parts between values are written as whole fragments.
  const start_fields *start = content.start;
  json_writer out;
  out.reserve(event_size_besides_origin + content.package_json.size() + content.origin.size());
  out.fragment("{\"eventType\":").string(content.event_type);
  out.fragment(",\"eventData\":{\"candidateAssessment\":{\"applicationId\":");
  start ? out.string(start->application_id) : out.null();
  out.fragment(",\"assessmentPackage\":");
  content.package_json.empty() ? write_unknown_package(out, start) : void(out.raw(content.package_json));
  out.fragment(",\"callbackUrl\":null,\"candidate\":");
  write_candidate(out, start);
  out.fragment(",\"id\":").string(event.record_id);
  out.fragment(",\"jobId\":");
  start ? out.string(start->job_id) : out.null();
  out.fragment(",\"metaData\":null,\"originData\":").minified(content.origin);
  out.fragment(",\"status\":").string(content.status);
  out.fragment("}},\"eventId\":").string(event.event_id);
  out.fragment(",\"recordId\":").string(event.record_id);
  out.fragment(",\"syncType\":\"real_time\",\"syncDataType\":\"ats_assessments\","
               "\"syncJobId\":\"ats_assessments_real_time\",\"syncRunId\":");
  std::array<char, 32> run_id;
  out.string(sync_run_id(options.received_at_ms != 0 ? options.received_at_ms : now_ms, run_id));
  out.fragment(",\"triggeredAt\":").number(now_ms).fragment("}");
  event.json = std::move(out).str();
  return event;
}

}  // namespace

result<knit_event> map_start_fields(const start_fields &start, const map_options &options) {
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
  content.start = &start;
  if (options.packages) content.package_json = options.packages->event_json(start.assessment_type_id);
  content.status = "NOT_SPECIFIED";
  content.origin = start.origin;
  return build_event(content, std::move(assessment_id), options);
}

result<knit_event> map_cancel_fields(const cancel_fields &cancel, const map_options &options) {
  event_content content;
  content.event_type = "record.deleted";
  content.status = "CANCELLED";
  content.origin = cancel.origin;
  return build_event(content, std::string(cancel.assessment_id), options);
}

}  // namespace detail

result<knit_event> map_start(const start_request &request, const map_options &options) {
  return detail::map_start_fields(detail::start_fields::of(request), options);
}

result<knit_event> map_cancel(const cancel_request &request, const map_options &options) {
  return detail::map_cancel_fields({request.assessment_id, request.origin_data}, options);
}

result<knit_event> map_start_body(std::string_view body, const map_options &options, const json_limits &limits) {
  auto parsed = detail::parse_start_fields(body, limits);
  if (!parsed.ok()) return std::move(parsed).failure();
  return detail::map_start_fields(parsed.value().fields, options);
}

result<knit_event> map_cancel_body(std::string_view body, const map_options &options, const json_limits &limits) {
  auto parsed = detail::parse_cancel_fields(body, limits);
  if (!parsed.ok()) return std::move(parsed).failure();
  return detail::map_cancel_fields(parsed.value().fields, options);
}

}  // namespace ashbyknit
