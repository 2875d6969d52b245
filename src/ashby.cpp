#include "ashbyknit/ashby.hpp"

#include "json_document.hpp"
#include "json_fields.hpp"

namespace ashbyknit {
namespace {

using detail::field_name;
using simdjson::dom::object;

constexpr std::string_view start_body = "The assessment request";
constexpr std::string_view cancel_body = "The cancellation request";

status read_candidate(object body, ashby_candidate &candidate) {
  object fields;
  if (auto s = detail::read_required_object(body, "candidate", {"The candidate's details", "candidate"}, fields); !s.ok()) return s;
  if (auto s = detail::read_required_string(fields, "ashby_id", {"The candidate's Ashby ID", "candidate.ashby_id"}, candidate.ashby_id); !s.ok()) return s;
  if (auto s = detail::read_optional_string(fields, "first_name", {"The candidate's first name", "candidate.first_name"}, candidate.first_name); !s.ok()) return s;
  if (auto s = detail::read_optional_string(fields, "last_name", {"The candidate's last name", "candidate.last_name"}, candidate.last_name); !s.ok()) return s;
  if (auto s = detail::read_optional_string(fields, "email", {"The candidate's e-mail address", "candidate.email"}, candidate.email); !s.ok()) return s;
  return detail::read_optional_string(fields, "ashby_profile_url", {"The candidate's Ashby profile link", "candidate.ashby_profile_url"}, candidate.ashby_profile_url);
}

status read_application(object body, ashby_application &application) {
  object fields;
  if (auto s = detail::read_required_object(body, "application", {"The application's details", "application"}, fields); !s.ok()) return s;
  if (auto s = detail::read_required_string(fields, "ashby_id", {"The application's Ashby ID", "application.ashby_id"}, application.ashby_id); !s.ok()) return s;
  return detail::read_optional_string(fields, "status", {"The application's status", "application.status"}, application.status);
}

status read_job(object body, ashby_job &job) {
  object fields;
  if (auto s = detail::read_required_object(body, "job", {"The job's details", "job"}, fields); !s.ok()) return s;
  if (auto s = detail::read_required_string(fields, "ashby_id", {"The job's Ashby ID", "job.ashby_id"}, job.ashby_id); !s.ok()) return s;
  if (auto s = detail::read_optional_string(fields, "name", {"The job's name", "job.name"}, job.name); !s.ok()) return s;
  if (auto s = detail::read_optional_string(fields, "ashby_job_url", {"The job's Ashby link", "job.ashby_job_url"}, job.ashby_job_url); !s.ok()) return s;
  return detail::read_optional_string(fields, "req_id", {"The job's requisition ID", "job.req_id"}, job.req_id);
}

status check_additional_fields(object body) {
  simdjson::dom::element fields;
  if (body["additional_fields"].get(fields) != simdjson::SUCCESS || fields.is_null() || fields.is_object()) return {};
  object unused;
  return detail::read_required_object(body, "additional_fields", {"The additional fields", "additional_fields"}, unused);
}

}  // namespace

result<start_request> parse_start_request(std::string_view body, const json_limits &limits) {
  auto document = detail::json_document::parse(body, limits, start_body);
  if (!document.ok()) return std::move(document).failure();
  object root;
  if (auto s = detail::require_object_root(document.value().root(), start_body, root); !s.ok()) return s.failure();

  start_request request;
  if (auto s = detail::read_required_string(root, "assessment_type_id", {"The assessment type", "assessment_type_id"}, request.assessment_type_id); !s.ok()) return s.failure();
  if (auto s = read_candidate(root, request.candidate); !s.ok()) return s.failure();
  if (auto s = read_application(root, request.application); !s.ok()) return s.failure();
  if (auto s = read_job(root, request.job); !s.ok()) return s.failure();
  if (auto s = check_additional_fields(root); !s.ok()) return s.failure();
  request.origin_data = detail::minify_json(body);
  return request;
}

result<cancel_request> parse_cancel_request(std::string_view body, const json_limits &limits) {
  auto document = detail::json_document::parse(body, limits, cancel_body);
  if (!document.ok()) return std::move(document).failure();
  object root;
  if (auto s = detail::require_object_root(document.value().root(), cancel_body, root); !s.ok()) return s.failure();

  cancel_request request;
  if (auto s = detail::read_required_string(root, "assessment_id", {"The assessment ID", "assessment_id"}, request.assessment_id); !s.ok()) return s.failure();
  request.origin_data = detail::minify_json(body);
  return request;
}

}  // namespace ashbyknit
