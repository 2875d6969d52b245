#include "reply_check.hpp"

#include <algorithm>
#include <optional>

#include "ashbyknit/http.hpp"

namespace ashbyknit::cli::simulation {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

/// application/json or application/<anything>+json, with any parameters (protocol §2 replies are JSON).
bool is_json_media_type(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  constexpr std::string_view application = "application/";
  if (type.size() <= application.size() || !header_name_equals(type.substr(0, application.size()), application)) {
    return false;
  }
  const std::string_view subtype = type.substr(application.size());
  constexpr std::string_view json_suffix = "+json";
  return header_name_equals(subtype, "json") ||
         (subtype.size() > json_suffix.size() &&
          header_name_equals(subtype.substr(subtype.size() - json_suffix.size()), json_suffix));
}

/// True for `ats_ass_` followed by 21 characters of [a-z0-9] (protocol §2.3).
bool is_assessment_id(std::string_view id) {
  constexpr std::string_view prefix = "ats_ass_";
  constexpr std::size_t random_chars = 21;
  return id.size() == prefix.size() + random_chars && id.substr(0, prefix.size()) == prefix &&
         std::all_of(id.begin() + prefix.size(), id.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

/// The member `name` of `parent` as a string, or std::nullopt when it is missing or not one.
std::optional<std::string_view> string_member(object parent, std::string_view name) {
  std::string_view value;
  if (parent[name].get_string().get(value) != simdjson::SUCCESS) return std::nullopt;
  return value;
}

std::string not_a_string(std::string_view path) { return std::string(path) + " is missing or not a string"; }

/// "" when `body` has "success" set to `success`.
std::string check_success_flag(object body, bool success) {
  bool flag = false;
  if (body["success"].get_bool().get(flag) != simdjson::SUCCESS) return "\"success\" is missing or not a boolean";
  if (flag != success) return std::string("\"success\" is ") + (flag ? "true" : "false");
  return {};
}

std::string check_type_list(object body, verdict &found) {
  if (auto problem = check_success_flag(body, true); !problem.empty()) return problem;
  array types;
  if (body["results"].get_array().get(types) != simdjson::SUCCESS) return "results is missing or not an array";
  for (element entry : types) {
    object type;
    if (entry.get_object().get(type) != simdjson::SUCCESS) return "an entry of results is not an object";
    const auto id = string_member(type, "assessment_type_id");
    if (!id || id->empty()) return "an entry of results has no assessment_type_id";
    found.assessment_type_ids.emplace_back(*id);
    if (!string_member(type, "name")) return "an entry of results has no name";
    element description;
    if (type["description"].get(description) != simdjson::SUCCESS ||
        !(description.is_string() || description.is_null())) {
      return "an entry of results has no description (a string or null)";
    }
  }
  return {};
}

/// "" when `body` is a successful customField.list reply: every field with an id, a name and a type.
std::string check_field_list(object body) {
  if (auto problem = check_success_flag(body, true); !problem.empty()) return problem;
  array fields;
  if (body["fields"].get_array().get(fields) != simdjson::SUCCESS) return "fields is missing or not an array";
  for (element entry : fields) {
    object field;
    if (entry.get_object().get(field) != simdjson::SUCCESS) return "an entry of fields is not an object";
    for (const char *name : {"id", "name", "type"}) {
      const auto value = string_member(field, name);
      if (!value || value->empty()) return std::string("an entry of fields has no ") + name;
    }
  }
  return {};
}

std::string check_assessment_id(object body, const std::string &wanted, verdict &found) {
  if (auto problem = check_success_flag(body, true); !problem.empty()) return problem;
  object results;
  if (body["results"].get_object().get(results) != simdjson::SUCCESS) return "results is missing or not an object";
  const auto id = string_member(results, "assessment_id");
  if (!id) return not_a_string("results.assessment_id");
  if (!is_assessment_id(*id)) return "results.assessment_id " + std::string(*id) + " is not of the form ats_ass_...";
  if (!wanted.empty() && *id != wanted) return "results.assessment_id is " + std::string(*id) + ", not " + wanted;
  element update;
  if (results["update_request"].get(update) == simdjson::SUCCESS && !update.is_object()) {
    return "results.update_request is not an object";
  }
  found.assessment_id = *id;
  return {};
}

std::string check_error_envelope(object body, const std::string &wanted_code) {
  if (auto problem = check_success_flag(body, false); !problem.empty()) return problem;
  object info;
  if (body["errorInfo"].get_object().get(info) != simdjson::SUCCESS) return "errorInfo is missing or not an object";
  const auto code = string_member(info, "code");
  if (!code) return not_a_string("errorInfo.code");
  if (!string_member(info, "message")) return not_a_string("errorInfo.message");
  if (!wanted_code.empty() && *code != wanted_code) return "errorInfo.code is " + std::string(*code) + ", not " + wanted_code;
  array errors;
  if (body["errors"].get_array().get(errors) != simdjson::SUCCESS) return "errors is missing or not an array";
  for (element listed : errors) {
    std::string_view listed_code;
    if (listed.get_string().get(listed_code) == simdjson::SUCCESS && listed_code == *code) return {};
  }
  return "errors does not hold errorInfo.code " + std::string(*code);
}

std::string check_field_message(object body, const std::string &field) {
  const auto message = string_member(body, "message");
  if (!message) return not_a_string("message");
  if (message->find(field) == std::string_view::npos) return "message does not name " + field;
  return {};
}

/// The problem with a reply whose status is the expected one.
std::string check_body(const reply &got, const expectation &expected, simdjson::dom::parser &parser, verdict &found) {
  // protocol §2.2: a 409 needs no body.
  if (expected.form == expectation::shape::conflict && got.body.empty()) return {};
  if (!is_json_media_type(got.content_type)) {
    return got.content_type.empty() ? "no Content-Type" : "Content-Type " + std::string(got.content_type) + ", not JSON";
  }
  object body;
  if (parser.parse(got.body.data(), got.body.size()).get_object().get(body) != simdjson::SUCCESS) {
    return "the body is not a JSON object";
  }
  switch (expected.form) {
    case expectation::shape::assessment_types: return check_type_list(body, found);
    case expectation::shape::custom_fields: return check_field_list(body);
    case expectation::shape::assessment_id: return check_assessment_id(body, expected.detail, found);
    case expectation::shape::error_envelope: return check_error_envelope(body, expected.detail);
    case expectation::shape::conflict: return check_error_envelope(body, {});
    case expectation::shape::field_message: return check_field_message(body, expected.detail);
  }
  return {};
}

}  // namespace

verdict check_reply(const reply &got, const expectation &expected, simdjson::dom::parser &parser) {
  verdict found;
  if (got.status != expected.status) {
    found.problem = "status " + std::to_string(got.status) + " instead of " + std::to_string(expected.status);
    return found;
  }
  found.problem = check_body(got, expected, parser, found);
  if (!found.problem.empty()) found.assessment_type_ids.clear();
  return found;
}

}  // namespace ashbyknit::cli::simulation
