// assessment.update (docs/protocol.md §5): the body a partner sends Ashby to report an assessment's
// progress and result, as a value to build, validate, parse and write.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "ashbyknit/export.h"
#include "ashbyknit/limits.hpp"
#include "ashbyknit/result.hpp"

namespace ashbyknit {

/// The kind of a blob's value, as Ashby names it. Ashby has no file type: a report is a `url`.
enum class blob_type { numeric_score, numeric_duration_minutes, url, string, boolean_success };

/// Ashby's name for a type ("numeric_score"). Thread-safe; the view is static.
AK_API std::string_view blob_type_name(blob_type type) noexcept;

/// The type Ashby names `name`; nullopt for any other text.
AK_API std::optional<blob_type> parse_blob_type(std::string_view name) noexcept;

/// A labelled value shown to the recruiter: a status, a result, a reason or a metadata item.
struct blob {
  std::string identifier;  ///< required, not empty; unique within one update
  std::string label;       ///< required, not empty: what the recruiter reads
  blob_type type = blob_type::string;
  /// A string for `url` (an absolute http(s) URL) and `string` (not empty), a finite number for the
  /// two numeric types, a bool for `boolean_success`.
  std::variant<std::string, double, bool> value;
  std::string description;  ///< optional: "" leaves it out
};

/// An assessment.update body (protocol §5).
struct assessment_update {
  std::string assessment_id;                ///< required: an id the bridge issued
  std::int64_t timestamp_ms = 0;            ///< when it happened, ms since the epoch; 0: the reporter assigns it
  std::optional<blob> status;               ///< assessment_status; required unless cancelled_reason is set
  std::optional<blob> profile_url;          ///< assessment_profile_url: a `url` blob; required with a result
  std::optional<blob> result;               ///< assessment_result: its presence marks the assessment complete
  std::optional<blob> cancelled_reason;     ///< its presence marks the assessment cancelled
  std::vector<blob> metadata;
};

/// Checks `update` against protocol §5 before anything is queued: the assessment id; a status
/// unless cancelled; a profile URL of type `url` with a result; not both a result and a cancel
/// reason; each blob's identifier, label, type and value (its JSON type matching the type, URLs
/// absolute http(s)); identifiers unique across the update; a timestamp of 0 or positive. Fails
/// with error_code::invalid_input and a message naming the field ("metadata[1].value: ...").
/// Thread-safe.
AK_API status validate_assessment_update(const assessment_update &update);

/// Parses a complete assessment.update body and validates it as validate_assessment_update does.
/// Unknown fields are refused (they could not be sent on). error_code::malformed_json,
/// too_large or too_deep for a body that is not a JSON object within `limits`;
/// error_code::invalid_input naming the field otherwise. Thread-safe.
AK_API result<assessment_update> parse_assessment_update(std::string_view json, const json_limits &limits = {});

/// Parses one blob, `{"identifier","label","type","value","description"?}`, and checks it; errors
/// name it as `field` ("assessment_result.type: ..."). Errors as parse_assessment_update.
AK_API result<blob> parse_blob(std::string_view json, std::string_view field);

/// Parses a JSON array of blobs (metadata); errors name each as `field[i]`.
AK_API result<std::vector<blob>> parse_blob_list(std::string_view json, std::string_view field);

/// The body as compact JSON, fields in protocol §5's order, absent ones left out. Precondition:
/// validate_assessment_update passed. Thread-safe.
AK_API std::string write_assessment_update(const assessment_update &update);

}  // namespace ashbyknit
