#include "admin_routes.hpp"

#include <optional>
#include <utility>

#include "admin_openapi.hpp"
#include "ashbyknit/secrets.hpp"
#include "admin_token.hpp"
#include "json_reply.hpp"

namespace ashbyknit::cli {
namespace {

/// The placeholder whose value names the call's integration in the log line.
constexpr std::string_view integration_placeholder = "{integrationId}";

/// True when `text` starts with `prefix`.
bool starts_with(std::string_view text, std::string_view prefix) noexcept {
  return text.substr(0, prefix.size()) == prefix;
}

/// True for text of the shape of an integration id (check_integration_id), which every
/// assessment id the bridge mints has too: what a log line may name.
bool has_id_shape(std::string_view text) { return check_integration_id(text).ok(); }

/// The value of the request's first header `name`, or "" when it has none.
std::string_view header_value(const http_request &request, std::string_view name) noexcept {
  for (const auto &[header, value] : request.headers) {
    if (header_name_equals(header, name)) return value;
  }
  return {};
}

/// What a path under the prefix holds for a pattern it matches.
struct route_match {
  std::vector<std::string_view> parameters;  ///< the placeholders' values, in order
  std::string_view integration;              ///< the {integrationId} value; "" when there is none
};

/// How `route` (a path under the prefix) stands against `pattern`: std::nullopt when it does not
/// match it, segment for segment, a placeholder matching any non-empty segment.
std::optional<route_match> match(std::string_view pattern, std::string_view route) {
  route_match found;
  for (;;) {
    const std::size_t pattern_end = pattern.find('/');
    const std::size_t route_end = route.find('/');
    const std::string_view expected = pattern.substr(0, pattern_end);
    const std::string_view given = route.substr(0, route_end);
    if (expected.front() == '{') {
      if (given.empty()) return std::nullopt;
      found.parameters.push_back(given);
      if (expected == integration_placeholder) found.integration = given;
    } else if (expected != given) {
      return std::nullopt;
    }
    if ((pattern_end == std::string_view::npos) != (route_end == std::string_view::npos)) return std::nullopt;
    if (pattern_end == std::string_view::npos) return found;
    pattern.remove_prefix(pattern_end + 1);
    route.remove_prefix(route_end + 1);
  }
}

/// A route found for a request.
struct found_route {
  const admin_route *route = nullptr;  ///< nullptr when no route takes the request
  route_match values;                  ///< the path's values for the route's placeholders
  std::string allowed;                 ///< no route: the methods of the routes that have the path
};

/// The route of `routes` that takes `method` at `route` (a path under the prefix); a HEAD is
/// taken as a GET.
found_route find_route(const std::vector<admin_route> &routes, std::string_view method, std::string_view route) {
  const std::string_view wanted = method == "HEAD" ? std::string_view("GET") : method;
  found_route found;
  for (const admin_route &candidate : routes) {
    auto values = match(candidate.pattern, route);
    if (!values) continue;
    if (candidate.method == wanted) return {&candidate, std::move(*values), {}};
    found.allowed += (found.allowed.empty() ? "" : ", ") + std::string(candidate.method);
  }
  return found;
}

/// GET openapi.json: the API's own description.
http_response serve_document(admin_call &, admin_context &) {
  return json_reply(200, std::string(admin_openapi_document()));
}

/// Every route: the document's, then each group's.
std::vector<admin_route> every_route() {
  std::vector<admin_route> routes = {{"GET", "openapi.json", "openapi.get", serve_document}};
  for (const auto *group : {&integration_routes(), &settings_routes(), &event_routes(), &report_routes()}) {
    routes.insert(routes.end(), group->begin(), group->end());
  }
  return routes;
}

}  // namespace

status check_admin_prefix(std::string_view prefix, std::string_view base_path) {
  if (starts_with(prefix, base_path) || starts_with(base_path, prefix)) {
    return error{error_code::invalid_argument, "the admin prefix " + std::string(prefix) + " and the base URL's path " +
                                                   std::string(base_path) + " overlap: neither may start the other"};
  }
  return {};
}

admin_api::admin_api(std::string prefix, std::string token, store &records, std::string base_url)
    : prefix_(std::move(prefix)),
      token_(std::move(token)),
      base_url_(std::move(base_url)),
      reporter_(records),
      context_{records, reporter_, base_url_, prefix_},
      routes_(every_route()) {}

bool admin_api::serves(std::string_view path) const noexcept { return starts_with(path, prefix_); }

std::optional<http_response> admin_api::access_refusal(const http_request &request) const {
  switch (check_admin_access(header_value(request, "Authorization"), token_)) {
    case admin_access::granted: return std::nullopt;
    case admin_access::unauthenticated: {
      http_response refusal =
          admin_error_reply(401, error_code::unauthenticated, "The admin API needs Authorization: Bearer <token>.");
      refusal.headers.push_back({"WWW-Authenticate", "Bearer"});
      return refusal;
    }
    case admin_access::forbidden: break;
  }
  return admin_error_reply(403, error_code::unauthenticated, "This token does not open the admin API.");
}

handled_call admin_api::handle(const http_request &request,
                               const std::vector<std::pair<std::string_view, std::string_view>> &query) {
  found_route found = find_route(routes_, request.method, request.path.substr(prefix_.size()));
  handled_call answered;
  admin_call call{std::move(found.values.parameters), query, request.body, {}, {}};
  if (auto refusal = access_refusal(request)) {
    answered.response = std::move(*refusal);
  } else if (found.route != nullptr) {
    answered.response = found.route->answer(call, context_);
  } else if (found.allowed.empty()) {
    answered.response = admin_error_reply(404, error_code::not_found,
                                          "The admin API has no route at " + std::string(request.path) + "; " +
                                              prefix_ + "openapi.json lists them.");
  } else {
    answered.response = admin_error_reply(
        405, error_code::invalid_argument, std::string(request.method) + " is not taken here; " + found.allowed + " is.");
    answered.response.headers.push_back({"Allow", found.allowed});
  }
  if (found.route != nullptr) answered.operation = found.route->operation;
  // The log line names only what could be an integration id or an assessment id: other text of
  // the caller's could pass there for other fields.
  const std::string named = call.integration_id.empty() ? std::string(found.values.integration) : call.integration_id;
  if (has_id_shape(named)) answered.integration_id = named;
  if (has_id_shape(call.assessment_id)) answered.assessment_id = std::move(call.assessment_id);
  return answered;
}

handled_call admin_api::too_large(std::string_view method, std::string_view path) const {
  const found_route found = find_route(routes_, method, path.substr(prefix_.size()));
  handled_call call;
  if (found.route != nullptr) call.operation = found.route->operation;
  call.response = admin_error_reply(413, error_code::too_large, "The body is over the server's size limit.");
  return call;
}

}  // namespace ashbyknit::cli
