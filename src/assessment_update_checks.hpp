// The checks on text and blobs that validation and parsing share, of updates and of completed
// assessments alike, so that a problem reads the same whichever way the value came in.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ashbyknit/assessment_update.hpp"
#include "ashbyknit/result.hpp"

namespace ashbyknit::detail {

/// Text that must be there and be UTF-8 (the body is written back as JSON, which has to be):
/// error_code::invalid_input naming the field ("The assessment ID (assessment_id) is empty.").
status check_text(std::string_view text, std::string_view description, std::string_view path);

/// Ashby's type names in one line, for messages: "numeric_score, numeric_duration_minutes, ...".
extern const std::string_view blob_type_list;

/// The error for a value whose JSON type does not suit `type`, the blob being named `path`:
/// "metadata[1].value must be a number for type numeric_score."
error blob_value_mismatch(std::string_view path, blob_type type);

/// Checks one blob named `path` ("metadata[1]"): identifier and label not empty, a known type, a
/// value that suits it (finite numbers, non-empty text, absolute http(s) URLs), UTF-8 text.
/// error_code::invalid_input otherwise.
status check_blob(const blob &item, std::string_view path);

/// An identifier and the path of the field that holds it ("metadata[0].identifier").
struct identifier_use {
  std::string_view identifier;
  std::string path;
};

/// Refuses the first identifier that appears twice in `uses`, naming both fields.
status check_unique_identifiers(const std::vector<identifier_use> &uses);

}  // namespace ashbyknit::detail
