// The assessment.start body Ashby sends (protocol §2.2), as fields, and its JSON text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ashbyknit::cli::simulation {

/// A member of the job's hiring team. Ashby spells this object in camelCase.
struct hiring_team_member {
  std::string user_id;
  std::string first_name;
  std::string last_name;
  std::string email;
  std::string role;  ///< "Recruiter", "Hiring Manager", ...
};

/// The candidate: an id and a name always, the rest when Ashby has it.
struct candidate_fields {
  std::string ashby_id;
  std::string first_name;
  std::string last_name;
  std::optional<std::string> email;
  std::optional<std::string> ashby_profile_url;
};

/// The job the application is for: an id, the rest when Ashby has it.
struct job_fields {
  std::string ashby_id;
  std::optional<std::string> name;
  std::optional<std::string> ashby_job_url;
  std::optional<std::string> req_id;
  std::vector<hiring_team_member> hiring_team;  ///< left out of the body when empty
};

/// Everything an assessment.start body carries.
struct start_fields {
  std::string assessment_type_id;
  candidate_fields candidate;
  std::string application_id;
  std::optional<std::string> application_status;
  job_fields job;
};

/// The fields protocol §2.2 requires: without one, the bridge answers 422 naming it.
enum class required_field { assessment_type_id, candidate_id, application_id, job_id };

/// How the bridge's message names `field`: its dotted path, "candidate.ashby_id".
std::string_view path_of(required_field field);

/// The body as Ashby sends it: compact JSON, with the optional fields that are not set left out.
std::string start_body(const start_fields &fields);

/// The same body without `omitted`: a call that fails protocol §2.2.
std::string start_body_without(const start_fields &fields, required_field omitted);

}  // namespace ashbyknit::cli::simulation
