#include "start_body.hpp"

#include "json_text.hpp"

namespace ashbyknit::cli::simulation {
namespace {

/// Appends the members of one JSON object; the caller writes its braces.
class members {
 public:
  explicit members(std::string &out) : out_(out) {}

  /// A member with a string value.
  members &text(std::string_view name, std::string_view value) {
    return raw(name, json_quote(value));
  }

  /// The member when the field is set; nothing when it is not.
  members &optional_text(std::string_view name, const std::optional<std::string> &value) {
    return value ? text(name, *value) : *this;
  }

  /// A member whose value is JSON text already.
  members &raw(std::string_view name, std::string_view json) {
    if (!first_) out_ += ',';
    first_ = false;
    out_ += json_quote(name);
    out_ += ':';
    out_ += json;
    return *this;
  }

 private:
  std::string &out_;
  bool first_ = true;
};

std::string hiring_team_json(const std::vector<hiring_team_member> &team) {
  std::string json = "[";
  for (const hiring_team_member &member : team) {
    if (json.size() > 1) json += ',';
    json += '{';
    members(json)
        .text("userId", member.user_id)
        .text("firstName", member.first_name)
        .text("lastName", member.last_name)
        .text("email", member.email)
        .text("role", member.role);
    json += '}';
  }
  return json + "]";
}

std::string candidate_json(const candidate_fields &candidate, bool with_id) {
  std::string json = "{";
  members fields(json);
  if (with_id) fields.text("ashby_id", candidate.ashby_id);
  fields.text("first_name", candidate.first_name)
      .text("last_name", candidate.last_name)
      .optional_text("email", candidate.email)
      .optional_text("ashby_profile_url", candidate.ashby_profile_url);
  return json + "}";
}

std::string application_json(const start_fields &fields, bool with_id) {
  std::string json = "{";
  members application(json);
  if (with_id) application.text("ashby_id", fields.application_id);
  application.optional_text("status", fields.application_status);
  return json + "}";
}

std::string job_json(const job_fields &job, bool with_id) {
  std::string json = "{";
  members fields(json);
  if (with_id) fields.text("ashby_id", job.ashby_id);
  fields.optional_text("name", job.name).optional_text("ashby_job_url", job.ashby_job_url).optional_text("req_id", job.req_id);
  if (!job.hiring_team.empty()) fields.raw("hiringTeam", hiring_team_json(job.hiring_team));
  return json + "}";
}

/// The body, less `omitted` when it is set.
std::string body_json(const start_fields &fields, std::optional<required_field> omitted) {
  const auto keeps = [&](required_field field) { return omitted != field; };
  std::string json = "{";
  members body(json);
  if (keeps(required_field::assessment_type_id)) body.text("assessment_type_id", fields.assessment_type_id);
  body.raw("candidate", candidate_json(fields.candidate, keeps(required_field::candidate_id)))
      .raw("application", application_json(fields, keeps(required_field::application_id)))
      .raw("job", job_json(fields.job, keeps(required_field::job_id)));
  return json + "}";
}

}  // namespace

std::string_view path_of(required_field field) {
  switch (field) {
    case required_field::assessment_type_id: return "assessment_type_id";
    case required_field::candidate_id: return "candidate.ashby_id";
    case required_field::application_id: return "application.ashby_id";
    case required_field::job_id: return "job.ashby_id";
  }
  return {};
}

std::string start_body(const start_fields &fields) { return body_json(fields, std::nullopt); }

std::string start_body_without(const start_fields &fields, required_field omitted) {
  return body_json(fields, omitted);
}

}  // namespace ashbyknit::cli::simulation
