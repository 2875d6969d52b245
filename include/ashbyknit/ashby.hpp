// The bodies Ashby sends to the partner (docs/protocol.md §2.2): assessment.start and
// assessment.cancel, parsed and validated.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ashbyknit/export.h"
#include "ashbyknit/limits.hpp"
#include "ashbyknit/result.hpp"

namespace ashbyknit {

/// The `candidate` object. Only `ashby_id` is required; the rest are null when absent.
struct ashby_candidate {
  std::string ashby_id;
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> email;
  std::optional<std::string> ashby_profile_url;
};

/// The `application` object. `status` is any string Ashby sends (IN_REVIEW, Active, ...).
struct ashby_application {
  std::string ashby_id;
  std::optional<std::string> status;
};

/// The `job` object.
struct ashby_job {
  std::string ashby_id;
  std::optional<std::string> name;
  std::optional<std::string> ashby_job_url;
  std::optional<std::string> req_id;
};

/// A validated assessment.start body.
struct start_request {
  std::string assessment_type_id;
  ashby_candidate candidate;
  ashby_application application;
  ashby_job job;
  std::string origin_data;  ///< the body as sent, minified, unknown fields and key order kept
};

/// A validated assessment.cancel body.
struct cancel_request {
  std::string assessment_id;
  std::string origin_data;  ///< the body as sent, minified
};

/// Parses and validates an assessment.start body.
///
/// Errors: error_code::too_large (over limits.max_body_bytes), error_code::too_deep,
/// error_code::malformed_json (not JSON, not UTF-8, not an object): an HTTP 400. And
/// error_code::invalid_input, an HTTP 422 whose message a recruiter can read, naming the field:
/// `assessment_type_id`, `candidate.ashby_id`, `application.ashby_id` or `job.ashby_id`
/// missing, empty or not a string; `candidate`, `application` or `job` not an object; an
/// optional field present with a type other than string or null; `additional_fields` present
/// and neither an object nor null. Unknown fields are accepted and kept in origin_data.
/// Thread-safe.
AK_API result<start_request> parse_start_request(std::string_view body, const json_limits &limits = {});

/// Parses and validates an assessment.cancel body: `assessment_id` must be a non-empty string.
/// Errors as for parse_start_request. Thread-safe.
AK_API result<cancel_request> parse_cancel_request(std::string_view body, const json_limits &limits = {});

}  // namespace ashbyknit
