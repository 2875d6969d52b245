// Reading and writing assessment.update bodies; the rules themselves are in assessment_update.cpp.
#include "ashbyknit/assessment_update.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "assessment_update_checks.hpp"
#include "json_document.hpp"
#include "json_fields.hpp"
#include "json_writer.hpp"

namespace ashbyknit {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

constexpr std::string_view update_name = "The assessment update";
constexpr std::array<std::string_view, 7> update_keys = {
    "assessment_id", "timestamp", "assessment_status", "assessment_profile_url", "assessment_result", "cancelled_reason",
    "metadata"};
constexpr std::array<std::string_view, 5> blob_keys = {"identifier", "label", "type", "value", "description"};

error invalid(std::string message) { return {error_code::invalid_input, std::move(message)}; }

/// Refuses a key outside `known` and a key given twice: the body is written anew from what was
/// read, so neither could be sent on as the sender meant it.
template <std::size_t size>
status check_keys(object fields, const std::array<std::string_view, size> &known, std::string_view where) {
  std::array<bool, size> seen{};
  for (const simdjson::dom::key_value_pair field : fields) {
    const auto found = std::find(known.begin(), known.end(), field.key);
    if (found == known.end()) {
      return invalid(fmt::format("{} has an unknown field \"{}\" (known fields: {}).", where, field.key, fmt::join(known, ", ")));
    }
    bool &was_seen = seen[static_cast<std::size_t>(found - known.begin())];
    if (was_seen) return invalid(fmt::format("{} has the field \"{}\" twice.", where, field.key));
    was_seen = true;
  }
  return {};
}

/// Reads the blob `value`, named `path` in messages, as far as JSON types go; check_blob does the rest.
status read_blob(element value, const std::string &path, blob &out) {
  object fields;
  if (value.get(fields) != simdjson::SUCCESS) {
    return invalid(fmt::format("{} must be an object, not {}.", path, detail::json_type_phrase(value.type())));
  }
  if (auto s = check_keys(fields, blob_keys, path); !s.ok()) return s;
  if (auto s = detail::read_required_string(fields, "identifier", {"The identifier", path + ".identifier"}, out.identifier); !s.ok()) return s;
  if (auto s = detail::read_required_string(fields, "label", {"The label", path + ".label"}, out.label); !s.ok()) return s;
  std::string type_name;
  if (auto s = detail::read_required_string(fields, "type", {"The type", path + ".type"}, type_name); !s.ok()) return s;
  const std::optional<blob_type> type = parse_blob_type(type_name);
  if (!type) return invalid(fmt::format("{}.type must be one of {}, not \"{}\".", path, detail::blob_type_list, type_name));
  out.type = *type;

  element content;
  if (fields["value"].get(content) != simdjson::SUCCESS || content.is_null()) {
    return invalid(fmt::format("The value ({}.value) is missing.", path));
  }
  double number = 0;
  std::string_view text;
  bool flag = false;
  if (content.get(number) == simdjson::SUCCESS) {
    out.value = number;
  } else if (content.get(text) == simdjson::SUCCESS) {
    out.value = std::string(text);
  } else if (content.get(flag) == simdjson::SUCCESS) {
    out.value = flag;
  } else {
    return detail::blob_value_mismatch(path, out.type);  // an object or a list
  }

  std::optional<std::string> description;
  if (auto s = detail::read_optional_string(fields, "description", {"The description", path + ".description"}, description); !s.ok()) return s;
  out.description = std::move(description).value_or(std::string());
  return {};
}

/// Reads the list `value` of blobs named `path` ("metadata"), each as `path[i]`.
status read_blob_list(element value, std::string_view path, std::vector<blob> &out) {
  simdjson::dom::array items;
  if (value.get(items) != simdjson::SUCCESS) {
    return invalid(fmt::format("{} must be a list, not {}.", path, detail::json_type_phrase(value.type())));
  }
  out.reserve(items.size());
  for (element item : items) {
    blob entry;
    if (auto s = read_blob(item, fmt::format("{}[{}]", path, out.size()), entry); !s.ok()) return s;
    out.push_back(std::move(entry));
  }
  return {};
}

status read_optional_blob(object body, std::string_view key, std::optional<blob> &out) {
  element value;
  if (body[key].get(value) != simdjson::SUCCESS || value.is_null()) return {};
  blob item;
  if (auto s = read_blob(value, std::string(key), item); !s.ok()) return s;
  out = std::move(item);
  return {};
}

status read_timestamp(object body, std::int64_t &out) {
  element value;
  if (body["timestamp"].get(value) != simdjson::SUCCESS || value.is_null()) return {};
  if (value.get(out) == simdjson::SUCCESS && out > 0) return {};
  // 0 in the C++ value means "not given yet"; in a body it can only be a mistake.
  return invalid(fmt::format("timestamp must be a positive whole number of milliseconds since the epoch, not {}.",
                             value.is_number() ? detail::minify_json(value) : std::string(detail::json_type_phrase(value.type()))));
}

void write_number(detail::json_writer &out, double number) {
  constexpr double exact_integers = 9007199254740992.0;  // 2^53: every integer up to it is a double
  if (!std::isfinite(number)) {
    out.null();  // validation refuses these; the output stays JSON all the same
  } else if (std::trunc(number) == number && std::fabs(number) <= exact_integers) {
    out.number(static_cast<std::int64_t>(number));
  } else {
    out.raw(fmt::format("{}", number));  // the shortest text that reads back as the same double
  }
}

void write_blob(detail::json_writer &out, const blob &item) {
  out.begin_object();
  out.key("identifier").string(item.identifier);
  out.key("label").string(item.label);
  out.key("type").string(blob_type_name(item.type));
  out.key("value");
  if (const auto *text = std::get_if<std::string>(&item.value)) {
    out.string(*text);
  } else if (const auto *number = std::get_if<double>(&item.value)) {
    write_number(out, *number);
  } else {
    out.boolean(std::get<bool>(item.value));
  }
  if (!item.description.empty()) out.key("description").string(item.description);
  out.end_object();
}

void write_optional_blob(detail::json_writer &out, std::string_view key, const std::optional<blob> &item) {
  if (!item) return;
  out.key(key);
  write_blob(out, *item);
}

}  // namespace

result<assessment_update> parse_assessment_update(std::string_view json, const json_limits &limits) {
  auto document = detail::json_document::parse(json, limits, update_name);
  if (!document.ok()) return std::move(document).failure();
  object body;
  if (auto s = detail::require_object_root(document.value().root(), update_name, body); !s.ok()) return s.failure();
  if (auto s = check_keys(body, update_keys, update_name); !s.ok()) return s.failure();

  assessment_update update;
  if (auto s = detail::read_required_string(body, "assessment_id", {"The assessment ID", "assessment_id"}, update.assessment_id); !s.ok()) return s.failure();
  if (auto s = read_timestamp(body, update.timestamp_ms); !s.ok()) return s.failure();
  if (auto s = read_optional_blob(body, "assessment_status", update.status); !s.ok()) return s.failure();
  if (auto s = read_optional_blob(body, "assessment_profile_url", update.profile_url); !s.ok()) return s.failure();
  if (auto s = read_optional_blob(body, "assessment_result", update.result); !s.ok()) return s.failure();
  if (auto s = read_optional_blob(body, "cancelled_reason", update.cancelled_reason); !s.ok()) return s.failure();
  element metadata;
  if (body["metadata"].get(metadata) == simdjson::SUCCESS && !metadata.is_null()) {
    if (auto s = read_blob_list(metadata, "metadata", update.metadata); !s.ok()) return s.failure();
  }
  if (auto s = validate_assessment_update(update); !s.ok()) return s.failure();
  return update;
}

result<blob> parse_blob(std::string_view json, std::string_view field) {
  auto document = detail::json_document::parse(json, json_limits{}, field);
  if (!document.ok()) return std::move(document).failure();
  object root;
  if (auto s = detail::require_object_root(document.value().root(), field, root); !s.ok()) return s.failure();
  blob item;
  const std::string path(field);
  if (auto s = read_blob(document.value().root(), path, item); !s.ok()) return s.failure();
  if (auto s = detail::check_blob(item, path); !s.ok()) return s.failure();
  return item;
}

result<std::vector<blob>> parse_blob_list(std::string_view json, std::string_view field) {
  auto document = detail::json_document::parse(json, json_limits{}, field);
  if (!document.ok()) return std::move(document).failure();
  const element root = document.value().root();
  if (!root.is_array()) {
    return error{error_code::malformed_json,
                 fmt::format("{} must be a JSON list, not {}.", field, detail::json_type_phrase(root.type()))};
  }
  std::vector<blob> items;
  if (auto s = read_blob_list(root, field, items); !s.ok()) return s.failure();
  std::vector<detail::identifier_use> uses;
  uses.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string path = fmt::format("{}[{}]", field, i);
    if (auto s = detail::check_blob(items[i], path); !s.ok()) return s.failure();
    uses.push_back({items[i].identifier, path + ".identifier"});
  }
  if (auto s = detail::check_unique_identifiers(uses); !s.ok()) return s.failure();
  return items;
}

std::string write_assessment_update(const assessment_update &update) {
  detail::json_writer out;
  out.reserve(256 + 128 * update.metadata.size());
  out.begin_object();
  out.key("assessment_id").string(update.assessment_id);
  if (update.timestamp_ms != 0) out.key("timestamp").number(update.timestamp_ms);
  write_optional_blob(out, "assessment_status", update.status);
  write_optional_blob(out, "assessment_profile_url", update.profile_url);
  write_optional_blob(out, "assessment_result", update.result);
  write_optional_blob(out, "cancelled_reason", update.cancelled_reason);
  if (!update.metadata.empty()) {
    out.key("metadata").begin_array();
    for (const blob &item : update.metadata) write_blob(out, item);
    out.end_array();
  }
  out.end_object();
  return std::move(out).str();
}

}  // namespace ashbyknit
