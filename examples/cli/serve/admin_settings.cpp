// The settings routes of serve's admin API: the package catalogue offered to Ashby and the custom
// fields, each bridge-wide or for one integration, read and replaced. A request's body is the
// document itself, as `ashbyknit packages set` and `custom-fields set` take it.
#include <string>

#include "admin_route.hpp"
#include "json_reply.hpp"
#include "json_text.hpp"

namespace ashbyknit::cli {
namespace {

/// The integration a settings route names: its path's placeholder, or "" (bridge-wide) for a
/// route without one.
std::string_view integration_of(const admin_call &request) {
  return request.parameters.empty() ? std::string_view() : request.parameters[0];
}

/// The integration a read names, "" for bridge-wide, checked to exist: for an unknown one the
/// store would read the bridge-wide setting.
result<std::string_view> known_integration(const admin_call &request, store &records) {
  const std::string_view integration = integration_of(request);
  if (integration.empty()) return integration;
  const auto found = find_integration(records, integration);
  if (!found.ok()) return found.failure();
  return integration;
}

/// `value` as JSON text, or null when there is none.
std::string quoted_or_null(const std::optional<std::string> &value) { return value ? json_quote(*value) : "null"; }

/// The catalogue as a JSON array of {"id","name","description","type","metaData"}.
std::string catalogue_json(const package_catalogue &catalogue) {
  std::string json = "[";
  for (const assessment_package &package : catalogue.packages()) {
    if (json.size() > 1) json += ',';
    json += R"({"id":)" + json_quote(package.id) + R"(,"name":)" + json_quote(package.name) +
            R"(,"description":)" + quoted_or_null(package.description) + R"(,"type":)" +
            quoted_or_null(package.type) + R"(,"metaData":)" + package.metadata_json + "}";
  }
  return json + "]";
}

/// GET [integrations/{integrationId}/]packages: the catalogue that applies (the integration's own,
/// else the bridge-wide one); 404 when the store holds neither.
http_response get_packages(admin_call &request, admin_context &context) {
  const auto integration = known_integration(request, context.records);
  if (!integration.ok()) return admin_refusal_reply(integration.failure());
  const auto catalogue = context.records.packages_for(integration.value());
  if (!catalogue.ok()) return admin_refusal_reply(catalogue.failure());
  if (!catalogue.value()) {
    return admin_error_reply(404, error_code::not_found,
                             "The store holds no package catalogue that applies here; serve's --packages file "
                             "applies, if it was given one.");
  }
  return json_reply(200, catalogue_json(*catalogue.value()));
}

/// PUT [integrations/{integrationId}/]packages: 204 once the catalogue (the body) replaces the one
/// before; 400 for a body that is not JSON, 422 for a bad entry (the message names it).
http_response set_packages(admin_call &request, admin_context &context) {
  return admin_change_reply(context.records.set_packages(integration_of(request), request.body));
}

/// GET [integrations/{integrationId}/]custom-fields: the fields that apply, "[]" when none is set.
http_response get_custom_fields(admin_call &request, admin_context &context) {
  const auto integration = known_integration(request, context.records);
  if (!integration.ok()) return admin_refusal_reply(integration.failure());
  const auto fields = context.records.custom_fields_for(integration.value());
  if (!fields.ok()) return admin_refusal_reply(fields.failure());
  return json_reply(200, fields.value());
}

/// PUT [integrations/{integrationId}/]custom-fields: 204 once the fields (the body) replace the
/// ones before; 400 for a body that is not JSON, 422 for a bad field.
http_response set_custom_fields(admin_call &request, admin_context &context) {
  return admin_change_reply(context.records.set_custom_fields(integration_of(request), request.body));
}

}  // namespace

const std::vector<admin_route> &settings_routes() {
  static const std::vector<admin_route> routes = {
      {"GET", "packages", "packages.get", get_packages},
      {"PUT", "packages", "packages.set", set_packages},
      {"GET", "integrations/{integrationId}/packages", "packages.get", get_packages},
      {"PUT", "integrations/{integrationId}/packages", "packages.set", set_packages},
      {"GET", "custom-fields", "customFields.get", get_custom_fields},
      {"PUT", "custom-fields", "customFields.set", set_custom_fields},
      {"GET", "integrations/{integrationId}/custom-fields", "customFields.get", get_custom_fields},
      {"PUT", "integrations/{integrationId}/custom-fields", "customFields.set", set_custom_fields},
  };
  return routes;
}

}  // namespace ashbyknit::cli
