// assessment.addCompletedToCandidate bodies: their rules, reading and writing. Blobs follow the
// rules of assessment.update (assessment_update_checks.hpp) and are read and written alike
// (ashby_body_json.hpp).
#include "ashbyknit/completed_assessment.hpp"

#include <fmt/format.h>

#include <array>

#include "ashby_body_json.hpp"
#include "assessment_update_checks.hpp"
#include "json_document.hpp"
#include "json_fields.hpp"
#include "json_writer.hpp"

namespace ashbyknit {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

constexpr std::string_view body_name = "The completed assessment";
constexpr std::array<std::string_view, 4> body_keys = {"candidateId", "partnerId", "assessment", "timestamp"};
constexpr std::array<std::string_view, 5> assessment_keys = {"assessmentTypeId", "assessmentId", "assessmentName",
                                                             "result", "metadata"};

/// A required text: its key in the object that holds it, its name in messages, and its member.
struct text_field {
  std::string_view key;
  detail::field_name name;
  std::string completed_assessment::*member;
};

constexpr std::array<text_field, 2> body_texts = {{
    {"candidateId", {"The candidate's Ashby ID", "candidateId"}, &completed_assessment::candidate_id},
    {"partnerId", {"The partner ID", "partnerId"}, &completed_assessment::partner_id},
}};
constexpr std::array<text_field, 3> assessment_texts = {{
    {"assessmentTypeId", {"The assessment type ID", "assessment.assessmentTypeId"},
     &completed_assessment::assessment_type_id},
    {"assessmentId", {"The assessment ID", "assessment.assessmentId"}, &completed_assessment::assessment_id},
    {"assessmentName", {"The assessment name", "assessment.assessmentName"}, &completed_assessment::assessment_name},
}};

/// Reads the texts `fields` of `holder` into `out`.
template <std::size_t count>
status read_texts(object holder, const std::array<text_field, count> &fields, completed_assessment &out) {
  for (const text_field &field : fields) {
    if (auto s = detail::read_required_string(holder, field.key, field.name, out.*field.member); !s.ok()) return s;
  }
  return {};
}

/// Checks the texts `fields` of `assessment`.
template <std::size_t count>
status check_texts(const completed_assessment &assessment, const std::array<text_field, count> &fields) {
  for (const text_field &field : fields) {
    const std::string &text = assessment.*field.member;
    if (auto s = detail::check_text(text, field.name.description, field.name.path); !s.ok()) return s;
  }
  return {};
}

/// Reads the "assessment" object of `body` into `out`: its texts, result and metadata.
status read_assessment(object body, completed_assessment &out) {
  element value;
  object assessment;
  if (body["assessment"].get(value) != simdjson::SUCCESS || value.is_null()) {
    return {error_code::invalid_input, "The assessment (assessment) is missing."};
  }
  if (value.get(assessment) != simdjson::SUCCESS) {
    return {error_code::invalid_input,
            fmt::format("assessment must be an object, not {}.", detail::json_type_phrase(value.type()))};
  }
  if (auto s = detail::check_keys(assessment, assessment_keys, "assessment"); !s.ok()) return s;
  if (auto s = read_texts(assessment, assessment_texts, out); !s.ok()) return s;
  if (assessment["result"].get(value) != simdjson::SUCCESS || value.is_null()) {
    return {error_code::invalid_input, "The result (assessment.result) is missing."};
  }
  if (auto s = detail::read_blob(value, "assessment.result", out.result); !s.ok()) return s;
  if (assessment["metadata"].get(value) == simdjson::SUCCESS && !value.is_null()) {
    return detail::read_blob_list(value, "assessment.metadata", out.metadata);
  }
  return {};
}

}  // namespace

status validate_completed_assessment(const completed_assessment &assessment) {
  if (auto s = check_texts(assessment, body_texts); !s.ok()) return s;
  if (auto s = check_texts(assessment, assessment_texts); !s.ok()) return s;
  if (assessment.timestamp_ms < 0) {
    return {error_code::invalid_input,
            fmt::format("timestamp must be a positive number of milliseconds since the epoch (or 0 to have it "
                        "assigned), not {}.", assessment.timestamp_ms)};
  }
  std::vector<detail::identifier_use> uses;
  uses.reserve(1 + assessment.metadata.size());
  if (auto s = detail::check_blob(assessment.result, "assessment.result"); !s.ok()) return s;
  uses.push_back({assessment.result.identifier, "assessment.result.identifier"});
  for (std::size_t i = 0; i < assessment.metadata.size(); ++i) {
    const std::string path = fmt::format("assessment.metadata[{}]", i);
    if (auto s = detail::check_blob(assessment.metadata[i], path); !s.ok()) return s;
    uses.push_back({assessment.metadata[i].identifier, path + ".identifier"});
  }
  return detail::check_unique_identifiers(uses);
}

result<completed_assessment> parse_completed_assessment(std::string_view json, const json_limits &limits) {
  auto document = detail::json_document::parse(json, limits, body_name);
  if (!document.ok()) return std::move(document).failure();
  object body;
  if (auto s = detail::require_object_root(document.value().root(), body_name, body); !s.ok()) return s.failure();
  if (auto s = detail::check_keys(body, body_keys, body_name); !s.ok()) return s.failure();

  completed_assessment assessment;
  if (auto s = read_texts(body, body_texts, assessment); !s.ok()) return s.failure();
  if (auto s = read_assessment(body, assessment); !s.ok()) return s.failure();
  if (auto s = detail::read_timestamp(body, assessment.timestamp_ms); !s.ok()) return s.failure();
  if (auto s = validate_completed_assessment(assessment); !s.ok()) return s.failure();
  return assessment;
}

std::string write_completed_assessment(const completed_assessment &assessment) {
  detail::json_writer out;
  out.reserve(384 + 128 * assessment.metadata.size());
  out.begin_object();
  out.key("candidateId").string(assessment.candidate_id);
  out.key("partnerId").string(assessment.partner_id);
  out.key("assessment").begin_object();
  out.key("assessmentTypeId").string(assessment.assessment_type_id);
  out.key("assessmentId").string(assessment.assessment_id);
  out.key("assessmentName").string(assessment.assessment_name);
  out.key("result");
  detail::write_blob(out, assessment.result);
  out.key("metadata").begin_array();
  for (const blob &item : assessment.metadata) detail::write_blob(out, item);
  out.end_array();
  out.end_object();
  if (assessment.timestamp_ms != 0) out.key("timestamp").number(assessment.timestamp_ms);
  out.end_object();
  return std::move(out).str();
}

}  // namespace ashbyknit
