// assessment.addCompletedToCandidate (docs/protocol.md §5): the body a partner sends Ashby to
// record an assessment that Ashby did not start (one the candidate took on the vendor's own site),
// as a value to build, validate, parse and write.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ashbyknit/assessment_update.hpp"
#include "ashbyknit/export.h"
#include "ashbyknit/limits.hpp"
#include "ashbyknit/result.hpp"

namespace ashbyknit {

/// An assessment.addCompletedToCandidate body (protocol §5). Every text is required and not empty.
struct completed_assessment {
  std::string candidate_id;        ///< candidateId: the candidate's id in Ashby
  std::string partner_id;          ///< partnerId: the vendor's partner id in Ashby
  std::string assessment_type_id;  ///< assessment.assessmentTypeId: the kind of assessment taken
  /// assessment.assessmentId: the vendor's id of the assessment taken; the store keeps it as the
  /// assessment's id, so it may not be an id the bridge already knows
  std::string assessment_id;
  std::string assessment_name;     ///< assessment.assessmentName: shown to the recruiter
  blob result;                     ///< assessment.result
  std::vector<blob> metadata;      ///< assessment.metadata: may be empty (sent as [])
  std::int64_t timestamp_ms = 0;   ///< when it was completed, ms since the epoch; 0: the reporter assigns it
};

/// Checks `assessment` against protocol §5 before anything is queued: each text there and valid
/// UTF-8; the result and each metadata blob as validate_assessment_update checks blobs; blob
/// identifiers unique across the result and the metadata; a timestamp of 0 or positive. Fails
/// with error_code::invalid_input and a message naming the field ("assessment.metadata[1].value:
/// ..."). Thread-safe.
AK_API status validate_completed_assessment(const completed_assessment &assessment);

/// Parses a complete assessment.addCompletedToCandidate body and validates it as
/// validate_completed_assessment does; "timestamp" may be left out (the reporter assigns it).
/// Unknown fields are refused. error_code::malformed_json, too_large or too_deep for a body that
/// is not a JSON object within `limits`; error_code::invalid_input naming the field otherwise.
/// Thread-safe.
AK_API result<completed_assessment> parse_completed_assessment(std::string_view json,
                                                               const json_limits &limits = {});

/// The body as compact JSON: candidateId, partnerId, assessment{assessmentTypeId, assessmentId,
/// assessmentName, result, metadata}, then timestamp when it is not 0. Precondition:
/// validate_completed_assessment passed. Thread-safe.
AK_API std::string write_completed_assessment(const completed_assessment &assessment);

}  // namespace ashbyknit
