#include "calls.hpp"

namespace ashbyknit::cli::simulation {

std::string_view operation_name(operation called) {
  switch (called) {
    case operation::list: return "assessment.list";
    case operation::custom_fields: return "assessment.customField.list";
    case operation::start: return "assessment.start";
    case operation::cancel: return "assessment.cancel";
  }
  return {};
}

std::string_view call_kind_name(call_kind kind) {
  switch (kind) {
    case call_kind::list: return "list";
    case call_kind::custom_fields: return "custom-fields";
    case call_kind::start: return "start";
    case call_kind::start_retry: return "start-retry";
    case call_kind::cancel: return "cancel";
    case call_kind::cancel_again: return "cancel-again";
    case call_kind::no_credentials: return "no-credentials";
    case call_kind::wrong_key: return "wrong-key";
    case call_kind::malformed_json: return "malformed-json";
    case call_kind::missing_field: return "missing-field";
    case call_kind::unknown_cancel: return "unknown-cancel";
    case call_kind::conflicting_start: return "conflicting-start";
  }
  return {};
}

std::string describe(const expectation &expected) {
  const std::string status = std::to_string(expected.status);
  switch (expected.form) {
    case expectation::shape::assessment_types:
      return status + R"( {"success":true,"results":[{"assessment_type_id","name","description"},...]})";
    case expectation::shape::custom_fields:
      return status + R"( {"success":true,"fields":[{"id","name","type"},...]})";
    case expectation::shape::assessment_id: {
      const std::string id = expected.detail.empty() ? "ats_ass_ and 21 of [a-z0-9]" : expected.detail;
      return status + R"( {"success":true,"results":{"assessment_id":")" + id + "\"}}";
    }
    case expectation::shape::error_envelope: {
      const std::string code = expected.detail.empty() ? "<code>" : expected.detail;
      return status + R"( {"success":false,"errors":[")" + code + R"("],"errorInfo":{"code":")" + code +
             R"(","message":...}})";
    }
    case expectation::shape::field_message:
      return status + R"( {"message":...} naming )" + expected.detail;
    case expectation::shape::conflict:
      return status + " with no body or the error envelope";
  }
  return status;
}

}  // namespace ashbyknit::cli::simulation
