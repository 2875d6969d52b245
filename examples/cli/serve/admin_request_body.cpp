#include "admin_request_body.hpp"

#include <algorithm>
#include <utility>

namespace ashbyknit::cli {

result<admin_request_body> admin_request_body::parse(std::string_view json) {
  auto parser = std::make_unique<simdjson::dom::parser>();
  simdjson::dom::element document;
  if (parser->parse(json.data(), json.size()).get(document) != simdjson::SUCCESS) {
    return error{error_code::malformed_json, "The body is not JSON."};
  }
  simdjson::dom::object members;
  if (document.get_object().get(members) != simdjson::SUCCESS) {
    return error{error_code::invalid_input, "The body must be a JSON object."};
  }
  return admin_request_body(std::move(parser), members);
}

admin_request_body::admin_request_body(std::unique_ptr<simdjson::dom::parser> parser, simdjson::dom::object members)
    : parser_(std::move(parser)), members_(members) {}

std::optional<simdjson::dom::element> admin_request_body::member(std::string_view name) {
  read_.emplace_back(name);
  simdjson::dom::element value;
  if (members_.at_key(name).get(value) != simdjson::SUCCESS || value.is_null()) return std::nullopt;
  return value;
}

void admin_request_body::note(std::string_view name, std::string_view kind, bool missing) {
  if (problem_) return;
  const std::string quoted = "\"" + std::string(name) + "\"";
  problem_ = missing ? "The body needs " + quoted + ", " + std::string(kind) + "."
                     : quoted + " must be " + std::string(kind) + ".";
}

std::string_view admin_request_body::text(std::string_view name) {
  const auto value = member(name);
  std::string_view found;
  if (!value || value->get_string().get(found) != simdjson::SUCCESS) note(name, "a string", !value);
  return found;
}

std::string_view admin_request_body::optional_text(std::string_view name) {
  const auto value = member(name);
  std::string_view found;
  if (value && value->get_string().get(found) != simdjson::SUCCESS) note(name, "a string", false);
  return found;
}

bool admin_request_body::boolean(std::string_view name) {
  const auto value = member(name);
  bool found = false;
  if (!value || value->get_bool().get(found) != simdjson::SUCCESS) note(name, "true or false", !value);
  return found;
}

std::optional<std::int64_t> admin_request_body::optional_integer(std::string_view name) {
  const auto value = member(name);
  std::int64_t found = 0;
  if (!value) return std::nullopt;
  if (value->get_int64().get(found) != simdjson::SUCCESS) {
    note(name, "an integer", false);
    return std::nullopt;
  }
  return found;
}

std::string admin_request_body::object_json(std::string_view name) {
  const auto value = member(name);
  if (!value || !value->is_object()) {
    note(name, "an object", !value);
    return {};
  }
  return simdjson::to_string(*value);
}

std::optional<std::string> admin_request_body::optional_array_json(std::string_view name) {
  const auto value = member(name);
  if (!value) return std::nullopt;
  if (!value->is_array()) {
    note(name, "an array", false);
    return std::nullopt;
  }
  return simdjson::to_string(*value);
}

std::string_view admin_request_body::peek_text(std::string_view pointer) const {
  std::string_view found;
  if (members_.at_pointer(pointer).get_string().get(found) != simdjson::SUCCESS) return {};
  return found;
}

std::optional<std::string> admin_request_body::problem() const {
  if (problem_) return problem_;
  for (const simdjson::dom::key_value_pair field : members_) {
    if (std::find(read_.begin(), read_.end(), field.key) == read_.end()) {
      return "The body has an unknown field \"" + std::string(field.key) + "\".";
    }
  }
  return std::nullopt;
}

}  // namespace ashbyknit::cli
