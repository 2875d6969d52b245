// Reading and writing assessment.update bodies; the rules themselves are in assessment_update.cpp.
#include "ashbyknit/assessment_update.hpp"

#include <fmt/format.h>

#include <array>

#include "assessment_update_checks.hpp"
#include "ashby_body_json.hpp"
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

status read_optional_blob(object body, std::string_view key, std::optional<blob> &out) {
  element value;
  if (body[key].get(value) != simdjson::SUCCESS || value.is_null()) return {};
  blob item;
  if (auto s = detail::read_blob(value, std::string(key), item); !s.ok()) return s;
  out = std::move(item);
  return {};
}

void write_optional_blob(detail::json_writer &out, std::string_view key, const std::optional<blob> &item) {
  if (!item) return;
  out.key(key);
  detail::write_blob(out, *item);
}

}  // namespace

result<assessment_update> parse_assessment_update(std::string_view json, const json_limits &limits) {
  auto document = detail::json_document::parse(json, limits, update_name);
  if (!document.ok()) return std::move(document).failure();
  object body;
  if (auto s = detail::require_object_root(document.value().root(), update_name, body); !s.ok()) return s.failure();
  if (auto s = detail::check_keys(body, update_keys, update_name); !s.ok()) return s.failure();

  assessment_update update;
  if (auto s = detail::read_required_string(body, "assessment_id", {"The assessment ID", "assessment_id"}, update.assessment_id); !s.ok()) return s.failure();
  if (auto s = detail::read_timestamp(body, update.timestamp_ms); !s.ok()) return s.failure();
  if (auto s = read_optional_blob(body, "assessment_status", update.status); !s.ok()) return s.failure();
  if (auto s = read_optional_blob(body, "assessment_profile_url", update.profile_url); !s.ok()) return s.failure();
  if (auto s = read_optional_blob(body, "assessment_result", update.result); !s.ok()) return s.failure();
  if (auto s = read_optional_blob(body, "cancelled_reason", update.cancelled_reason); !s.ok()) return s.failure();
  element metadata;
  if (body["metadata"].get(metadata) == simdjson::SUCCESS && !metadata.is_null()) {
    if (auto s = detail::read_blob_list(metadata, "metadata", update.metadata); !s.ok()) return s.failure();
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
  if (auto s = detail::read_blob(document.value().root(), path, item); !s.ok()) return s.failure();
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
  if (auto s = detail::read_blob_list(root, field, items); !s.ok()) return s.failure();
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
    for (const blob &item : update.metadata) detail::write_blob(out, item);
    out.end_array();
  }
  out.end_object();
  return std::move(out).str();
}

}  // namespace ashbyknit
