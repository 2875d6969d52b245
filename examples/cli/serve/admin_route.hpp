// One route of serve's admin API: a method and a path pattern under the API's prefix, the
// operation it names in the log, and the function that answers it. Each group of routes (reports,
// integrations and keys, settings, events) lists its own; the admin API matches requests to them.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ashbyknit/http.hpp"
#include "ashbyknit/reporter.hpp"
#include "ashbyknit/store.hpp"

namespace ashbyknit::cli {

/// What every route works on; owned by the admin API, and shared by the threads that answer.
struct admin_context {
  store &records;
  assessment_reporter &reporter;
  std::string_view base_url;  ///< the bridge's public base URL, that issued keys go with
  std::string_view prefix;    ///< the admin API's prefix, for the Location of what a call creates
};

/// One request, as a route is handed it: views into the request, valid for the call only, and
/// what the route found the call to name, for the log line.
struct admin_call {
  /// The path's values for the pattern's placeholders, in the pattern's order.
  std::vector<std::string_view> parameters;
  /// The query's parameters, decoded, by name.
  std::vector<std::pair<std::string_view, std::string_view>> query;
  std::string_view body;
  /// Set by a route whose body names them; a path's {integrationId} is the admin API's to note.
  std::string integration_id;
  std::string assessment_id;
};

/// Answers one call.
using admin_handler = http_response (*)(admin_call &call, admin_context &context);

/// A route: `pattern` is a path under the prefix whose segments are literal or a placeholder in
/// braces ("integrations/{integrationId}/keys"); a placeholder matches one non-empty segment.
struct admin_route {
  std::string_view method;     ///< GET, POST, PUT or DELETE; a HEAD is answered as its GET
  std::string_view pattern;
  std::string_view operation;  ///< the name the log line gives the call: "key.issue"
  admin_handler answer;
};

/// The report routes: POST reports/{started,progress,completed,cancelled,update}.
const std::vector<admin_route> &report_routes();

/// The integration routes: integrations (create, list, get), their secret keys (issue, list,
/// revoke) and their Ashby API key.
const std::vector<admin_route> &integration_routes();

/// The integration `id` as the store lists it; error_code::not_found when there is none, or as
/// the store failed.
result<integration_info> find_integration(store &records, std::string_view id);

/// The settings routes: the package catalogue and the custom fields, bridge-wide or per
/// integration, read and replaced.
const std::vector<admin_route> &settings_routes();

/// The event routes: the outbox's events, an event's delivery attempts, and replays of dead letters.
const std::vector<admin_route> &event_routes();

}  // namespace ashbyknit::cli
