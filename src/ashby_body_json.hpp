// The parts that the bodies sent to Ashby (assessment.update, assessment.addCompletedToCandidate)
// share, read and written alike: blobs, lists of them, the timestamp and the check on an object's
// keys. The rules on a blob's content are in assessment_update_checks.hpp.
#pragma once

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "ashbyknit/assessment_update.hpp"
#include "ashbyknit/result.hpp"
#include "json_writer.hpp"

namespace ashbyknit::detail {

/// Refuses a key of `fields` outside `known` and a key given twice, the object being called
/// `where` in messages (error_code::invalid_input): the body is written anew from what was read,
/// so neither could be sent on as the sender meant it.
template <std::size_t size>
status check_keys(simdjson::dom::object fields, const std::array<std::string_view, size> &known,
                  std::string_view where) {
  std::array<bool, size> seen{};
  for (const simdjson::dom::key_value_pair field : fields) {
    const auto found = std::find(known.begin(), known.end(), field.key);
    if (found == known.end()) {
      return {error_code::invalid_input, fmt::format("{} has an unknown field \"{}\" (known fields: {}).", where,
                                                     field.key, fmt::join(known, ", "))};
    }
    bool &was_seen = seen[static_cast<std::size_t>(found - known.begin())];
    if (was_seen) return {error_code::invalid_input, fmt::format("{} has the field \"{}\" twice.", where, field.key)};
    was_seen = true;
  }
  return {};
}

/// Reads the blob `value`, named `path` in messages, as far as JSON types go: an object of known
/// fields, identifier, label and type text, a value that is a number, text or a boolean.
/// check_blob does the rest. error_code::invalid_input naming the field otherwise.
status read_blob(simdjson::dom::element value, const std::string &path, blob &out);

/// Reads the list `value` of blobs named `path` ("metadata"), each as `path[i]`, appending to
/// `out`. Errors as read_blob's, or for a value that is not a list.
status read_blob_list(simdjson::dom::element value, std::string_view path, std::vector<blob> &out);

/// Writes `item` as `{"identifier","label","type","value","description"?}`: a whole number as an
/// integer, any other number in the shortest text that reads back as the same double.
void write_blob(json_writer &out, const blob &item);

/// Reads the optional field "timestamp" of `body`: a positive whole number of milliseconds,
/// left as it is in `out` when absent or null; error_code::invalid_input otherwise.
status read_timestamp(simdjson::dom::object body, std::int64_t &out);

}  // namespace ashbyknit::detail
