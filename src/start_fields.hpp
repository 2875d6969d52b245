// Ashby's start and cancel bodies read in place: views of the parsed document, validated as
// parse_start_request and parse_cancel_request document, with nothing copied. The mapper writes
// events from these, and the public, owning requests are copies of them.
#pragma once

#include <optional>
#include <string_view>

#include "ashbyknit/ashby.hpp"
#include "ashbyknit/limits.hpp"
#include "ashbyknit/result.hpp"
#include "json_document.hpp"

namespace ashbyknit::detail {

using optional_text = std::optional<std::string_view>;

/// What an assessment.start says, as views: of a parsed document, or of a start_request.
struct start_fields {
  std::string_view assessment_type_id;
  std::string_view candidate_id;
  optional_text first_name;
  optional_text last_name;
  optional_text email;
  optional_text profile_url;
  std::string_view application_id;
  optional_text application_status;
  std::string_view job_id;
  optional_text job_name;
  optional_text job_url;
  optional_text job_req_id;
  std::string_view origin;  ///< the body: valid JSON, not necessarily minified

  /// Views of `request`'s fields, which must outlive them.
  static start_fields of(const start_request &request) noexcept;
  /// A copy that owns its text; origin_data is minified.
  start_request copy() const;
};

/// What an assessment.cancel says, as views.
struct cancel_fields {
  std::string_view assessment_id;
  std::string_view origin;  ///< the body: valid JSON, not necessarily minified
};

/// A parsed body and the fields read from it. The views point into the document and into the
/// body given to the parse, so both must outlive them; moving this keeps them valid. Use on one
/// thread.
template <typename Fields>
struct parsed_body {
  json_document document;
  Fields fields;
};

/// Parses and validates an assessment.start body, as parse_start_request documents (same errors
/// and messages), without copying any of it.
result<parsed_body<start_fields>> parse_start_fields(std::string_view body, const json_limits &limits);

/// Parses and validates an assessment.cancel body, as parse_cancel_request documents.
result<parsed_body<cancel_fields>> parse_cancel_fields(std::string_view body, const json_limits &limits);

}  // namespace ashbyknit::detail
