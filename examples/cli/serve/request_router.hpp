// What `ashbyknit serve` answers: Ashby's calls through the bridge, a health check, and a 404 for
// every other path; one log line per request.
#pragma once

#include <httplib.h>

#include "ashbyknit/bridge.hpp"
#include "ashbyknit/delivery.hpp"
#include "service/signalled_server.hpp"

namespace ashbyknit::cli {

/// Routes every request that `server` receives, whatever its method: `GET /healthz` to the health
/// check, a path under the bridge's base path to bridge::handle (waking `engine` after a call it
/// accepted), anything else to a 404. Logs one line per request on stderr, those that cpp-httplib
/// refuses itself included: method, operation (the path's last segment), status, duration and, for
/// an accepted start or cancel, the assessment id; never a header, a body, or anything else a
/// caller sent. The three objects must outlive the server's run.
void route_requests(signalled_server &server, bridge &calls, delivery_engine &engine);

}  // namespace ashbyknit::cli
