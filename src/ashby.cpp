#include "ashbyknit/ashby.hpp"

#include "json_fields.hpp"
#include "start_fields.hpp"

namespace ashbyknit {
namespace detail {
namespace {

using simdjson::dom::object;

constexpr std::string_view start_body = "The assessment request";
constexpr std::string_view cancel_body = "The cancellation request";

// Each object's fields are found in one pass, then read in a fixed order, so that the first
// problem reported is the same whatever the order of the sender's keys.

status read_candidate(const found_value &value, start_fields &fields) {
  object candidate;
  if (auto s = read_required_object(value, {"The candidate's details", "candidate"}, candidate); !s.ok()) return s;
  const auto [ashby_id, first_name, last_name, email, profile_url] =
      find_fields<5>(candidate, {"ashby_id", "first_name", "last_name", "email", "ashby_profile_url"});
  if (auto s = read_required_string(ashby_id, {"The candidate's Ashby ID", "candidate.ashby_id"}, fields.candidate_id); !s.ok()) return s;
  if (auto s = read_optional_string(first_name, {"The candidate's first name", "candidate.first_name"}, fields.first_name); !s.ok()) return s;
  if (auto s = read_optional_string(last_name, {"The candidate's last name", "candidate.last_name"}, fields.last_name); !s.ok()) return s;
  if (auto s = read_optional_string(email, {"The candidate's e-mail address", "candidate.email"}, fields.email); !s.ok()) return s;
  return read_optional_string(profile_url, {"The candidate's Ashby profile link", "candidate.ashby_profile_url"}, fields.profile_url);
}

status read_application(const found_value &value, start_fields &fields) {
  object application;
  if (auto s = read_required_object(value, {"The application's details", "application"}, application); !s.ok()) return s;
  const auto [ashby_id, application_status] = find_fields<2>(application, {"ashby_id", "status"});
  if (auto s = read_required_string(ashby_id, {"The application's Ashby ID", "application.ashby_id"}, fields.application_id); !s.ok()) return s;
  return read_optional_string(application_status, {"The application's status", "application.status"}, fields.application_status);
}

status read_job(const found_value &value, start_fields &fields) {
  object job;
  if (auto s = read_required_object(value, {"The job's details", "job"}, job); !s.ok()) return s;
  const auto [ashby_id, name, job_url, req_id] = find_fields<4>(job, {"ashby_id", "name", "ashby_job_url", "req_id"});
  if (auto s = read_required_string(ashby_id, {"The job's Ashby ID", "job.ashby_id"}, fields.job_id); !s.ok()) return s;
  if (auto s = read_optional_string(name, {"The job's name", "job.name"}, fields.job_name); !s.ok()) return s;
  if (auto s = read_optional_string(job_url, {"The job's Ashby link", "job.ashby_job_url"}, fields.job_url); !s.ok()) return s;
  return read_optional_string(req_id, {"The job's requisition ID", "job.req_id"}, fields.job_req_id);
}

/// additional_fields is not mapped, but when present and not null it must be an object.
status check_additional_fields(const found_value &value) {
  if (!value || value->is_null() || value->is_object()) return {};
  object unused;
  return read_required_object(value, {"The additional fields", "additional_fields"}, unused);
}

status read_start(object root, start_fields &fields) {
  const auto [type_id, candidate, application, job, additional_fields] =
      find_fields<5>(root, {"assessment_type_id", "candidate", "application", "job", "additional_fields"});
  if (auto s = read_required_string(type_id, {"The assessment type", "assessment_type_id"}, fields.assessment_type_id); !s.ok()) return s;
  if (auto s = read_candidate(candidate, fields); !s.ok()) return s;
  if (auto s = read_application(application, fields); !s.ok()) return s;
  if (auto s = read_job(job, fields); !s.ok()) return s;
  return check_additional_fields(additional_fields);
}

/// Parses `body` as `what`, whose root must be an object, and reads `Fields` from it with `read`.
template <typename Fields, typename Read>
result<parsed_body<Fields>> parse_body(std::string_view body, const json_limits &limits, std::string_view what,
                                       Read read) {
  auto document = json_document::parse(body, limits, what);
  if (!document.ok()) return std::move(document).failure();
  object root;
  if (auto s = require_object_root(document.value().root(), what, root); !s.ok()) return s.failure();
  Fields fields;
  fields.origin = body;
  if (auto s = read(root, fields); !s.ok()) return s.failure();
  return parsed_body<Fields>{std::move(document).value(), fields};
}

std::optional<std::string> owned(const optional_text &text) {
  return text ? std::optional<std::string>(*text) : std::nullopt;
}

optional_text viewed(const std::optional<std::string> &text) {
  return text ? optional_text(*text) : std::nullopt;
}

}  // namespace

start_fields start_fields::of(const start_request &request) noexcept {
  const ashby_candidate &candidate = request.candidate;
  const ashby_job &job = request.job;
  return {request.assessment_type_id,  candidate.ashby_id,      viewed(candidate.first_name),
          viewed(candidate.last_name), viewed(candidate.email), viewed(candidate.ashby_profile_url),
          request.application.ashby_id, viewed(request.application.status), job.ashby_id,
          viewed(job.name),            viewed(job.ashby_job_url), viewed(job.req_id),
          request.origin_data};
}

start_request start_fields::copy() const {
  start_request request;
  request.assessment_type_id = assessment_type_id;
  request.candidate = {std::string(candidate_id), owned(first_name), owned(last_name), owned(email), owned(profile_url)};
  request.application = {std::string(application_id), owned(application_status)};
  request.job = {std::string(job_id), owned(job_name), owned(job_url), owned(job_req_id)};
  request.origin_data = minify_json(origin);
  return request;
}

result<parsed_body<start_fields>> parse_start_fields(std::string_view body, const json_limits &limits) {
  return parse_body<start_fields>(body, limits, start_body, read_start);
}

result<parsed_body<cancel_fields>> parse_cancel_fields(std::string_view body, const json_limits &limits) {
  return parse_body<cancel_fields>(body, limits, cancel_body, [](object root, cancel_fields &fields) {
    return read_required_string(root, "assessment_id", {"The assessment ID", "assessment_id"}, fields.assessment_id);
  });
}

}  // namespace detail

result<start_request> parse_start_request(std::string_view body, const json_limits &limits) {
  auto parsed = detail::parse_start_fields(body, limits);
  if (!parsed.ok()) return std::move(parsed).failure();
  return parsed.value().fields.copy();
}

result<cancel_request> parse_cancel_request(std::string_view body, const json_limits &limits) {
  auto parsed = detail::parse_cancel_fields(body, limits);
  if (!parsed.ok()) return std::move(parsed).failure();
  return cancel_request{std::string(parsed.value().fields.assessment_id), detail::minify_json(body)};
}

}  // namespace ashbyknit
