// Validation of the custom fields offered through assessment.customField.list (protocol §2).
#pragma once

#include <string>
#include <string_view>

#include "ashbyknit/limits.hpp"
#include "ashbyknit/result.hpp"

namespace ashbyknit::detail {

/// Checks a JSON array of {id, name, type, possible_values?, isRequired?} and returns it minified.
/// `id` and `name` are non-empty strings and ids are unique; `type` is one of Ashby's field
/// types; `possible_values`, a list of {key, value} strings, is required for ValueSelect and
/// MultiValueSelect; `isRequired` is a boolean. Fails with error_code::malformed_json or
/// error_code::invalid_input naming the entry and field (`fields[1].type`).
result<std::string> validate_custom_fields(std::string_view json, const json_limits &limits = {});

}  // namespace ashbyknit::detail
