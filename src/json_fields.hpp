// Reading typed fields out of a parsed object, with messages that name the field for a person:
// "The candidate's Ashby ID (candidate.ashby_id) is missing."
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "ashbyknit/result.hpp"

namespace ashbyknit::detail {

/// A field as a person reads it: a capitalised description and its JSON path.
struct field_name {
  std::string_view description;  ///< "The candidate's Ashby ID"
  std::string_view path;         ///< "candidate.ashby_id"
};

/// The name of a field of a list's entry, whose text is built at run time; it owns the text that
/// name() views.
struct entry_field_name {
  std::string description;  ///< "The id of package 2"
  std::string path;         ///< "packages[1].id"
  field_name name() const { return {description, path}; }
};

/// Names field `key` of entry `index` (from 0) of the list `list`, whose entries are called
/// `entry` in messages: ("package", "packages", 1, "id") gives "The id of package 2" and
/// "packages[1].id".
entry_field_name entry_field(std::string_view entry, std::string_view list, std::size_t index, std::string_view key);

/// A field's value as found in its object: absent when the object has no field of that name.
using found_value = std::optional<simdjson::dom::element>;

/// The fields named `keys` in `object`, found in one pass over its fields instead of one search
/// each: entry i is the first field named keys[i], as object[keys[i]] gives, or absent.
template <std::size_t count>
std::array<found_value, count> find_fields(simdjson::dom::object object,
                                           const std::array<std::string_view, count> &keys) {
  std::array<found_value, count> found;
  std::size_t missing = count;
  for (const simdjson::dom::key_value_pair field : object) {
    for (std::size_t i = 0; i < count; ++i) {
      if (found[i] || field.key != keys[i]) continue;
      found[i] = field.value;
      if (--missing == 0) return found;
      break;
    }
  }
  return found;
}

/// The error_code::invalid_input for `found`, a value at `name` of another type than `expected`
/// ("text", "an object"): "<description> (<path>) must be <expected>, not <found's type>.".
error wrong_type(const field_name &name, std::string_view expected, simdjson::dom::element found);

/// A found value that must be a non-empty string; error_code::invalid_input otherwise. The view
/// lives as long as the parsed document.
status read_required_string(const found_value &value, const field_name &name, std::string_view &out);

/// A found value when it is a string; nullopt when it is absent or null; error_code::invalid_input
/// for any other type.
status read_optional_string(const found_value &value, const field_name &name, std::optional<std::string_view> &out);

/// A found value that must be an object; error_code::invalid_input otherwise.
status read_required_object(const found_value &value, const field_name &name, simdjson::dom::object &out);

/// `object[key]`, which must be a non-empty string; error_code::invalid_input otherwise. The view
/// lives as long as the parsed document.
status read_required_string(simdjson::dom::object object, std::string_view key, const field_name &name,
                            std::string_view &out);

/// read_required_string, copied.
status read_required_string(simdjson::dom::object object, std::string_view key, const field_name &name,
                            std::string &out);

/// `object[key]` when it is a string; nullopt when it is absent or null; error_code::invalid_input
/// for any other type. The view lives as long as the parsed document.
status read_optional_string(simdjson::dom::object object, std::string_view key, const field_name &name,
                            std::optional<std::string_view> &out);

/// read_optional_string, copied.
status read_optional_string(simdjson::dom::object object, std::string_view key, const field_name &name,
                            std::optional<std::string> &out);

/// `object[key]`, which must be an object; error_code::invalid_input otherwise.
status read_required_object(simdjson::dom::object object, std::string_view key, const field_name &name,
                            simdjson::dom::object &out);

/// A document root that must be an object: error_code::malformed_json otherwise (an HTTP 400).
status require_object_root(simdjson::dom::element root, std::string_view what, simdjson::dom::object &out);

}  // namespace ashbyknit::detail
