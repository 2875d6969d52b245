// What `ashbyknit serve` answers: Ashby's calls through the bridge, the admin API, a health check,
// and a 404 for every other path; one log line per request.
#pragma once

#include <httplib.h>

#include "ashbyknit/bridge.hpp"
#include "admin_routes.hpp"
#include "ashbyknit/delivery.hpp"
#include "service/signalled_server.hpp"

namespace ashbyknit::cli {

/// Routes every request that `server` receives, whatever its method: `GET /healthz` to the health
/// check, a path under the admin API's prefix to `admin` (nullptr: there is no admin API), a path
/// under the bridge's base path to bridge::handle, anything else to a 404; `engine` is woken after
/// a call or report accepted. A body over the library's limit (json_limits::max_body_bytes) is
/// refused with 413 before it is read: in the admin API's error shape under its prefix, in
/// Ashby's envelope (payload_too_large) elsewhere. Logs one line per request on stderr, those that
/// cpp-httplib refuses itself included: method, operation (as the bridge or the admin API names
/// it, else the path's last segment), integration, status, duration and, for an accepted start or
/// cancel or any report, the assessment id; never a header, a body, or anything else a caller
/// sent. The objects must outlive the server's run.
void route_requests(signalled_server &server, bridge &calls, delivery_engine &engine, admin_api *admin);

}  // namespace ashbyknit::cli
