// The JSON body of an admin API request: its members read by name and type, with the first one
// missing, mistyped or unknown remembered, for a 400 that names it.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ashbyknit/result.hpp"

namespace ashbyknit::cli {

/// One request's body. Read every member a route takes, then ask problem(): a member that none of
/// the reads named is a problem too, so a misspelt optional member is not silently dropped.
class admin_request_body {
 public:
  /// Parses `json` (which it need not outlive). error_code::malformed_json when it is not JSON
  /// (UTF-8 included), error_code::invalid_input when it is JSON but not an object.
  static result<admin_request_body> parse(std::string_view json);

  /// The string member `name`; "" and a problem when it is missing or not a string.
  std::string_view text(std::string_view name);

  /// The string member `name`, or "" when it is missing or null; a problem when it is another type.
  std::string_view optional_text(std::string_view name);

  /// The boolean member `name`; false and a problem when it is missing or not a boolean.
  bool boolean(std::string_view name);

  /// The integer member `name`, or std::nullopt when it is missing or null; a problem when it is
  /// another type or outside the 64-bit signed range.
  std::optional<std::int64_t> optional_integer(std::string_view name);

  /// The JSON of the object member `name`; "" and a problem when it is missing or not an object.
  std::string object_json(std::string_view name);

  /// The JSON of the array member `name`, or std::nullopt when it is missing or null; a problem when
  /// it is another type.
  std::optional<std::string> optional_array_json(std::string_view name);

  /// The string at the JSON pointer `pointer` ("/update/assessment_id"), or "" when there is none.
  /// For log lines: it is no read, and records no problem.
  std::string_view peek_text(std::string_view pointer) const;

  /// The first member missing or mistyped, else the first that no read named, as a sentence; or
  /// std::nullopt when there is no problem.
  std::optional<std::string> problem() const;

 private:
  admin_request_body(std::unique_ptr<simdjson::dom::parser> parser, simdjson::dom::object members);

  /// The member `name`, noting that it was read; std::nullopt when it is missing or null.
  std::optional<simdjson::dom::element> member(std::string_view name);

  /// Notes the first problem: `name` is missing, or is not `kind` ("a string").
  void note(std::string_view name, std::string_view kind, bool missing);

  std::unique_ptr<simdjson::dom::parser> parser_;  // owns what members_ points into
  simdjson::dom::object members_;
  std::vector<std::string> read_;
  std::optional<std::string> problem_;
};

}  // namespace ashbyknit::cli
