// The integration routes of serve's admin API: the Ashby customer organisations, the secret keys
// each hands to Ashby (Knit's "Create ATS Assessment Secrets" over HTTP), the Ashby API key each
// one's reports are sent with, and whether each one's candidates are filled from candidate.info.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "admin_request_body.hpp"
#include "admin_route.hpp"
#include "ashbyknit/store_json.hpp"
#include "json_reply.hpp"

namespace ashbyknit::cli {
namespace {

constexpr std::int64_t ms_per_day = 86'400'000;
/// The longest life of a key, as `secret issue --expires-in` takes it: a century covers any
/// rotation policy and keeps the expiry time far from overflowing.
constexpr std::int64_t max_expiry_days = 36'500;

/// A 201 whose Location is the new record's path, under the prefix.
http_response created_reply(std::string body, std::string location) {
  http_response reply = json_reply(201, std::move(body));
  reply.headers.push_back({"Location", std::move(location)});
  return reply;
}

/// POST integrations {"id"}: 201 with the new integration; 409 when it exists, 422 for a bad id.
http_response create_integration(admin_call &request, admin_context &context) {
  auto parsed = admin_request_body::parse(request.body);
  if (!parsed.ok()) return admin_unreadable_body_reply(parsed.failure());
  admin_request_body &fields = parsed.value();
  const std::string_view id = fields.text("id");
  if (const auto problem = fields.problem()) return admin_bad_request_reply(*problem);
  request.integration_id = id;
  if (const auto created = context.records.create_integration(id); !created.ok()) {
    return admin_refusal_reply(created.failure());
  }
  const auto integration = find_integration(context.records, id);
  if (!integration.ok()) return admin_refusal_reply(integration.failure());
  return created_reply(to_json(integration.value()), std::string(context.prefix) + "integrations/" + std::string(id));
}

/// GET integrations: every integration, by id.
http_response list_integrations(admin_call &, admin_context &context) {
  return admin_read_reply(context.records.list_integrations());
}

/// GET integrations/{integrationId}.
http_response get_integration(admin_call &request, admin_context &context) {
  return admin_read_reply(find_integration(context.records, request.parameters[0]));
}

/// POST integrations/{integrationId}/keys {"expiresInDays"?}: 201 with Knit's {"secretKey","baseUrl"},
/// shown this once, and the key's path (its id) as the Location. An empty body is `{}`.
http_response issue_key(admin_call &request, admin_context &context) {
  auto parsed = admin_request_body::parse(request.body.empty() ? std::string_view("{}") : request.body);
  if (!parsed.ok()) return admin_unreadable_body_reply(parsed.failure());
  admin_request_body &fields = parsed.value();
  const std::optional<std::int64_t> days = fields.optional_integer("expiresInDays");
  if (const auto problem = fields.problem()) return admin_bad_request_reply(*problem);
  if (days && (*days < 1 || *days > max_expiry_days)) {
    return admin_bad_request_reply("\"expiresInDays\" must be from 1 to " + std::to_string(max_expiry_days) + ".");
  }
  const std::string_view integration = request.parameters[0];
  std::optional<std::int64_t> expires_in_ms;
  if (days) expires_in_ms = *days * ms_per_day;
  const auto issued = context.records.issue_key(integration, context.base_url, expires_in_ms);
  if (!issued.ok()) return admin_refusal_reply(issued.failure());
  http_response reply = created_reply(to_json(issued.value()), std::string(context.prefix) + "integrations/" +
                                                                    std::string(integration) + "/keys/" +
                                                                    issued.value().key_id);
  // The reply is the one place the key is ever shown: no cache may keep it.
  reply.headers.push_back({"Cache-Control", "no-store"});
  return reply;
}

/// GET integrations/{integrationId}/keys: ids and dates, never a key.
http_response list_keys(admin_call &request, admin_context &context) {
  return admin_read_reply(context.records.list_keys(request.parameters[0]));
}

/// DELETE integrations/{integrationId}/keys/{keyId}: 204; revoking a revoked key changes nothing.
http_response revoke_key(admin_call &request, admin_context &context) {
  return admin_change_reply(context.records.revoke_key(request.parameters[0], request.parameters[1]));
}

/// PUT integrations/{integrationId}/ashby-key {"apiKey"}: 204 once it is stored, encrypted; 422
/// for a key the store refuses or when serve has no master key.
http_response set_ashby_key(admin_call &request, admin_context &context) {
  auto parsed = admin_request_body::parse(request.body);
  if (!parsed.ok()) return admin_unreadable_body_reply(parsed.failure());
  admin_request_body &fields = parsed.value();
  const std::string_view api_key = fields.text("apiKey");
  if (const auto problem = fields.problem()) return admin_bad_request_reply(*problem);
  return admin_change_reply(context.records.set_ashby_key(request.parameters[0], api_key));
}

/// PUT integrations/{integrationId}/candidate-enrichment {"enabled"}: 204 once it is stored.
http_response set_candidate_enrichment(admin_call &request, admin_context &context) {
  auto parsed = admin_request_body::parse(request.body);
  if (!parsed.ok()) return admin_unreadable_body_reply(parsed.failure());
  admin_request_body &fields = parsed.value();
  const bool enabled = fields.boolean("enabled");
  if (const auto problem = fields.problem()) return admin_bad_request_reply(*problem);
  return admin_change_reply(context.records.set_candidate_enrichment(request.parameters[0], enabled));
}

}  // namespace

result<integration_info> find_integration(store &records, std::string_view id) {
  auto listed = records.list_integrations();
  if (!listed.ok()) return std::move(listed).failure();
  const auto found = std::find_if(listed.value().begin(), listed.value().end(),
                                  [id](const integration_info &integration) { return integration.id == id; });
  if (found == listed.value().end()) return error{error_code::not_found, "There is no integration " + std::string(id) + "."};
  return std::move(*found);
}

const std::vector<admin_route> &integration_routes() {
  static const std::vector<admin_route> routes = {
      {"POST", "integrations", "integration.create", create_integration},
      {"GET", "integrations", "integration.list", list_integrations},
      {"GET", "integrations/{integrationId}", "integration.get", get_integration},
      {"POST", "integrations/{integrationId}/keys", "key.issue", issue_key},
      {"GET", "integrations/{integrationId}/keys", "key.list", list_keys},
      {"DELETE", "integrations/{integrationId}/keys/{keyId}", "key.revoke", revoke_key},
      {"PUT", "integrations/{integrationId}/ashby-key", "ashbyKey.set", set_ashby_key},
      {"PUT", "integrations/{integrationId}/candidate-enrichment", "candidateEnrichment.set",
       set_candidate_enrichment},
  };
  return routes;
}

}  // namespace ashbyknit::cli
