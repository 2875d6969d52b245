#include "ashbyknit/store_json.hpp"

#include "json_writer.hpp"

namespace ashbyknit {
namespace {

void optional_number(detail::json_writer &out, const std::optional<std::int64_t> &value) {
  value ? out.number(*value) : out.null();
}

/// The text, or null when it is empty: an absent error reads as null, not as "".
void text_or_null(detail::json_writer &out, std::string_view text) { text.empty() ? out.null() : out.string(text); }

/// "pending", "delivered" or "dead_lettered": the state as the event lists name it.
std::string_view state_name(event_state state) {
  switch (state) {
    case event_state::pending: return "pending";
    case event_state::delivered: return "delivered";
    case event_state::dead_lettered: return "dead_lettered";
  }
  return "unknown";
}

/// A JSON array of `items`, each written by `write`.
template <typename Item, typename Write>
std::string array_of(const std::vector<Item> &items, Write write) {
  detail::json_writer out;
  out.begin_array();
  for (const Item &item : items) {
    out.begin_object();
    write(out, item);
    out.end_object();
  }
  out.end_array();
  return std::move(out).str();
}

/// The members of an integration's object.
void integration_members(detail::json_writer &out, const integration_info &integration) {
  out.key("id").string(integration.id).key("createdMs").number(integration.created_ms);
  out.key("activeKeys").number(static_cast<std::int64_t>(integration.active_keys));
  out.key("ashbyKeySet").boolean(integration.ashby_key_set);
  out.key("enrichCandidates").boolean(integration.enrich_candidates);
}

}  // namespace

std::string to_json(const integration_info &integration) {
  detail::json_writer out;
  out.begin_object();
  integration_members(out, integration);
  out.end_object();
  return std::move(out).str();
}

std::string to_json(const std::vector<integration_info> &integrations) {
  return array_of(integrations, integration_members);
}

std::string to_json(const std::vector<key_info> &keys) {
  return array_of(keys, [](detail::json_writer &out, const key_info &key) {
    out.key("keyId").string(key.key_id).key("integrationId").string(key.integration_id);
    out.key("createdMs").number(key.created_ms);
    out.key("expiresMs");
    optional_number(out, key.expires_ms);
    out.key("revokedMs");
    optional_number(out, key.revoked_ms);
  });
}

std::string to_json(const issued_key &key) {
  detail::json_writer out;
  out.begin_object().key("secretKey").string(key.secret_key).key("baseUrl").string(key.base_url).end_object();
  return std::move(out).str();
}

std::string to_json(const std::vector<assessment_info> &assessments) {
  return array_of(assessments, [](detail::json_writer &out, const assessment_info &assessment) {
    out.key("id").string(assessment.id).key("integrationId").string(assessment.integration_id);
    out.key("applicationId").string(assessment.application_id);
    out.key("assessmentTypeId").string(assessment.assessment_type_id).key("status").string(assessment.status);
    out.key("createdMs").number(assessment.created_ms).key("updatedMs").number(assessment.updated_ms);
  });
}

std::string to_json(const std::vector<event_info> &events) {
  return array_of(events, [](detail::json_writer &out, const event_info &event) {
    out.key("eventId").string(event.event_id).key("integrationId").string(event.integration_id);
    out.key("assessmentId").string(event.assessment_id).key("eventType").string(event.event_type);
    out.key("state").string(state_name(event.state)).key("createdMs").number(event.created_ms);
    out.key("attempts").number(event.attempts).key("nextAttemptMs").number(event.next_attempt_ms);
    out.key("finishedMs");
    optional_number(out, event.finished_ms);
    out.key("lastError");
    text_or_null(out, event.last_error);
  });
}

std::string to_json(const std::vector<delivery_attempt> &attempts) {
  return array_of(attempts, [](detail::json_writer &out, const delivery_attempt &attempt) {
    out.key("executionId").string(attempt.execution_id).key("startedMs").number(attempt.started_ms);
    out.key("durationMs").number(attempt.duration_ms).key("httpStatus");
    attempt.http_status == 0 ? out.null() : out.number(attempt.http_status);
    out.key("error");
    text_or_null(out, attempt.error);
    out.key("requestId");
    text_or_null(out, attempt.request_id);
  });
}

std::string to_json(const pending_delivery &delivery) {
  const outbox_event &event = delivery.event;
  detail::json_writer out;
  out.begin_object();
  out.key("eventId").string(event.event_id).key("eventType").string(event.event_type);
  out.key("integrationId").string(event.integration_id).key("assessmentId").string(event.assessment_id);
  out.key("handedOut").number(event.handed_out);
  out.key("headers").begin_object();
  for (const auto &header : delivery.headers) out.key(header.name).string(header.value);
  out.end_object();
  out.key("body").string(event.body);
  out.end_object();
  return std::move(out).str();
}

}  // namespace ashbyknit
