#include "json_fields.hpp"

#include <fmt/format.h>

#include "json_document.hpp"

namespace ashbyknit::detail {
namespace {

error missing(const field_name &name) {
  return {error_code::invalid_input, fmt::format("{} ({}) is missing.", name.description, name.path)};
}

found_value value_of(simdjson::dom::object object, std::string_view key) {
  simdjson::dom::element value;
  if (object[key].get(value) != simdjson::SUCCESS) return std::nullopt;
  return value;
}

}  // namespace

entry_field_name entry_field(std::string_view entry, std::string_view list, std::size_t index, std::string_view key) {
  return {fmt::format("The {} of {} {}", key, entry, index + 1), fmt::format("{}[{}].{}", list, index, key)};
}

error wrong_type(const field_name &name, std::string_view expected, simdjson::dom::element found) {
  return {error_code::invalid_input, fmt::format("{} ({}) must be {}, not {}.", name.description, name.path, expected,
                                                 json_type_phrase(found.type()))};
}

status read_required_string(const found_value &value, const field_name &name, std::string_view &out) {
  if (!value || value->is_null()) return missing(name);
  if (value->get(out) != simdjson::SUCCESS) return wrong_type(name, "text", *value);
  if (out.empty()) return {error_code::invalid_input, fmt::format("{} ({}) is empty.", name.description, name.path)};
  return {};
}

status read_optional_string(const found_value &value, const field_name &name, std::optional<std::string_view> &out) {
  out.reset();
  if (!value || value->is_null()) return {};
  std::string_view text;
  if (value->get(text) != simdjson::SUCCESS) return wrong_type(name, "text", *value);
  out.emplace(text);
  return {};
}

status read_required_object(const found_value &value, const field_name &name, simdjson::dom::object &out) {
  if (!value || value->is_null()) return missing(name);
  if (value->get(out) != simdjson::SUCCESS) return wrong_type(name, "an object", *value);
  return {};
}

status read_required_string(simdjson::dom::object object, std::string_view key, const field_name &name,
                            std::string_view &out) {
  return read_required_string(value_of(object, key), name, out);
}

status read_required_string(simdjson::dom::object object, std::string_view key, const field_name &name,
                            std::string &out) {
  std::string_view text;
  if (auto s = read_required_string(object, key, name, text); !s.ok()) return s;
  out.assign(text);
  return {};
}

status read_optional_string(simdjson::dom::object object, std::string_view key, const field_name &name,
                            std::optional<std::string_view> &out) {
  return read_optional_string(value_of(object, key), name, out);
}

status read_optional_string(simdjson::dom::object object, std::string_view key, const field_name &name,
                            std::optional<std::string> &out) {
  std::optional<std::string_view> text;
  if (auto s = read_optional_string(object, key, name, text); !s.ok()) return s;
  out = text ? std::optional<std::string>(*text) : std::nullopt;
  return {};
}

status read_required_object(simdjson::dom::object object, std::string_view key, const field_name &name,
                            simdjson::dom::object &out) {
  return read_required_object(value_of(object, key), name, out);
}

status require_object_root(simdjson::dom::element root, std::string_view what, simdjson::dom::object &out) {
  if (root.get(out) != simdjson::SUCCESS) {
    return {error_code::malformed_json, fmt::format("{} must be a JSON object, not {}.", what, json_type_phrase(root.type()))};
  }
  return {};
}

}  // namespace ashbyknit::detail
