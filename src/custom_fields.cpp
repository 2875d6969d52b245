#include "custom_fields.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <unordered_set>

#include "json_document.hpp"
#include "json_fields.hpp"

namespace ashbyknit::detail {
namespace {

constexpr std::array<std::string_view, 15> field_types = {
    "String", "Date",  "DateRange", "Number", "ValueSelect", "MultiValueSelect", "Boolean", "LongText",
    "Email",  "Phone", "Score",     "SocialLink", "Url",     "Currency",         "Location"};

error invalid(std::string message) { return {error_code::invalid_input, std::move(message)}; }

status check_possible_values(simdjson::dom::object entry, std::size_t index, bool required) {
  simdjson::dom::element values;
  if (entry["possible_values"].get(values) != simdjson::SUCCESS || values.is_null()) {
    if (!required) return {};
    return invalid(fmt::format("Custom field {} (fields[{}].possible_values) needs possible values: it is a select field.",
                               index + 1, index));
  }
  simdjson::dom::array list;
  if (values.get(list) != simdjson::SUCCESS) {
    return invalid(fmt::format("The possible values of custom field {} (fields[{}].possible_values) must be a list.",
                               index + 1, index));
  }
  std::size_t position = 0;
  for (simdjson::dom::element value : list) {
    simdjson::dom::object pair;
    std::string key, text;
    const std::string path = fmt::format("fields[{}].possible_values[{}]", index, position);
    if (value.get(pair) != simdjson::SUCCESS) {
      return invalid(fmt::format("Possible value {} of custom field {} ({}) must be an object.", position + 1, index + 1, path));
    }
    const std::string key_path = path + ".key", value_path = path + ".value";
    if (auto s = read_required_string(pair, "key", {"The key of a possible value", key_path}, key); !s.ok()) return s;
    if (auto s = read_required_string(pair, "value", {"The value of a possible value", value_path}, text); !s.ok()) return s;
    ++position;
  }
  return {};
}

status check_field(simdjson::dom::element element, std::size_t index, std::unordered_set<std::string> &ids) {
  simdjson::dom::object entry;
  if (element.get(entry) != simdjson::SUCCESS) {
    return invalid(fmt::format("Custom field {} (fields[{}]) must be an object, not {}.", index + 1, index,
                               json_type_phrase(element.type())));
  }
  std::string id, name, type;
  if (auto s = read_required_string(entry, "id", entry_field("custom field", "fields", index, "id").name(), id); !s.ok()) return s;
  if (auto s = read_required_string(entry, "name", entry_field("custom field", "fields", index, "name").name(), name); !s.ok()) return s;
  if (auto s = read_required_string(entry, "type", entry_field("custom field", "fields", index, "type").name(), type); !s.ok()) return s;
  if (std::find(field_types.begin(), field_types.end(), type) == field_types.end()) {
    return invalid(fmt::format("The type of custom field {} (fields[{}].type) must be one of Ashby's field types "
                               "(String, Date, ValueSelect, ...), not {}.", index + 1, index, type));
  }
  if (!ids.insert(id).second) {
    return invalid(fmt::format("Custom field {} (fields[{}].id) repeats the id {}.", index + 1, index, id));
  }
  simdjson::dom::element required;
  if (entry["isRequired"].get(required) == simdjson::SUCCESS && !required.is_null() && !required.is_bool()) {
    return invalid(fmt::format("The isRequired of custom field {} (fields[{}].isRequired) must be true or false, not {}.",
                               index + 1, index, json_type_phrase(required.type())));
  }
  return check_possible_values(entry, index, type == "ValueSelect" || type == "MultiValueSelect");
}

}  // namespace

result<std::string> validate_custom_fields(std::string_view json, const json_limits &limits) {
  auto document = json_document::parse(json, limits, "The custom fields");
  if (!document.ok()) return std::move(document).failure();
  simdjson::dom::array fields;
  if (document.value().root().get(fields) != simdjson::SUCCESS) {
    return error{error_code::malformed_json, fmt::format("The custom fields must be a JSON list, not {}.",
                                                         json_type_phrase(document.value().root().type()))};
  }
  std::unordered_set<std::string> ids;
  std::size_t index = 0;
  for (simdjson::dom::element field : fields) {
    if (auto s = check_field(field, index++, ids); !s.ok()) return s.failure();
  }
  return minify_json(json);
}

}  // namespace ashbyknit::detail
