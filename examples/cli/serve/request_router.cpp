#include "request_router.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "json_reply.hpp"
#include "json_text.hpp"
#include "service/service_log.hpp"

namespace ashbyknit::cli {
namespace {

/// The path of the health check; it wins over a base path of "/".
constexpr std::string_view health_path = "/healthz";

/// The health check: the store answers, the delivery workers run, and how many events wait.
http_response health(bridge &calls, const delivery_engine &engine, const signalled_server &server) {
  const std::string worker = json_quote(server.stopping() || !engine.running() ? "stopped" : "running");
  const auto counts = calls.store().count_events();
  if (!counts.ok()) {
    return json_reply(503, R"({"store":"error","worker":)" + worker + R"(,"message":)" +
                               json_quote(counts.message()) + "}");
  }
  return json_reply(200, R"({"store":"ok","worker":)" + worker + R"(,"pending":)" +
                             std::to_string(counts.value().pending) + R"(,"deadLettered":)" +
                             std::to_string(counts.value().dead_lettered) + "}");
}

/// Ashby's error envelope (protocol §2.4) with `status`, `code` and `message`.
http_response ashby_error(int status, std::string_view code, const std::string &message) {
  const std::string quoted_code = json_quote(code);
  return json_reply(status, R"({"success":false,"errors":[)" + quoted_code + R"(],"errorInfo":{"code":)" +
                                quoted_code + R"(,"message":)" + json_quote(message) + "}}");
}

/// The reply for a path that nothing is served at.
http_response not_found(const std::string &base_path) {
  return ashby_error(404, "not_found", "Nothing is served at this path; Ashby's calls go under " + base_path + ".");
}

/// The request as the bridge takes it: views into cpp-httplib's copy.
http_request bridge_request(const httplib::Request &request) {
  std::vector<std::pair<std::string_view, std::string_view>> headers;
  headers.reserve(request.headers.size());
  for (const auto &[name, value] : request.headers) headers.emplace_back(name, value);
  return {request.method, request.path, std::move(headers), request.body};
}

/// The query's parameters as the admin API takes them: views into cpp-httplib's decoded copy.
std::vector<std::pair<std::string_view, std::string_view>> query_parameters(const httplib::Request &request) {
  return {request.params.begin(), request.params.end()};
}

/// The operation a path names: its last segment, or "-" when that is empty.
std::string_view operation_of(std::string_view path) {
  const std::string_view last = path.substr(path.rfind('/') + 1);
  return last.empty() ? "-" : last;
}

/// When the request this thread answers arrived: set as its routing begins, cleared once its line
/// is logged. cpp-httplib answers each request on one thread from start to end; a request it
/// refuses before routing (malformed HTTP) has none.
thread_local std::optional<std::chrono::steady_clock::time_point> request_started;

/// What the bridge or the admin API said of the call this thread answers (its operation,
/// integration and assessment), for the log line; empty for a request neither answered. Set by
/// their routes, cleared once the line is logged.
thread_local handled_call request_call;

/// Logs the line of one request, whoever answered it (the routes below, or cpp-httplib itself for a
/// body over the size limit or malformed HTTP). Nothing is read from the request but its method
/// and path; the operation (else the path's last segment), the integration and the assessment are
/// what the bridge or the admin API reported.
void log_request(const httplib::Request &request, const httplib::Response &response) {
  std::string took = "-";
  if (request_started) {
    const auto elapsed = std::chrono::steady_clock::now() - *request_started;
    took = std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()) + "ms";
    request_started.reset();
  }
  const handled_call call = std::exchange(request_call, {});
  const std::string_view operation = call.operation.empty() ? operation_of(request.path) : call.operation;
  std::string line = request.method + " " + std::string(operation) + " integration=" +
                     (call.integration_id.empty() ? "-" : call.integration_id) + " " +
                     std::to_string(response.status) + " " + took;
  if (!call.assessment_id.empty()) line += " assessment=" + call.assessment_id;
  log_line(stderr, line);
}

/// Gives a request that declares no body (neither Content-Length nor Transfer-Encoding) a
/// Content-Length of 0, which is the length HTTP/1.1 gives it (RFC 9112 §6.3): cpp-httplib would
/// otherwise wait for a POST's, PUT's or DELETE's body until its read timeout and then answer an
/// empty 400. Bodyless POSTs and DELETEs are routine on the admin API (curl -X DELETE sends none).
void declare_no_body(const httplib::Request &request) {
  if (request.has_header("Content-Length") || request.has_header("Transfer-Encoding")) return;
  // cpp-httplib hands its own, non-const request to the pre-routing handler as const, and reads the
  // body only after the handler returns.
  const_cast<httplib::Request &>(request).set_header("Content-Length", "0");
}

/// cpp-httplib's response carrying `reply` as it is.
void send(const http_response &reply, httplib::Response &response) {
  response.status = reply.status;
  for (const http_header &header : reply.headers) response.set_header(header.name, header.value);
  response.body = reply.body;
}

}  // namespace

void route_requests(signalled_server &server, bridge &calls, delivery_engine &engine, admin_api *admin) {
  const auto for_admin = [admin](const httplib::Request &request) {
    return admin != nullptr && admin->serves(request.path);
  };
  const auto answer = [&calls, &engine, &server, admin, for_admin](const httplib::Request &request) {
    if (request.path == health_path && (request.method == "GET" || request.method == "HEAD")) {
      return health(calls, engine, server);
    }
    if (for_admin(request)) {
      request_call = admin->handle(bridge_request(request), query_parameters(request));
    } else if (request.path.compare(0, calls.base_path().size(), calls.base_path()) == 0) {
      request_call = calls.handle_call(bridge_request(request));
    } else {
      return not_found(calls.base_path());
    }
    if (request_call.response.status / 100 == 2) engine.wake();
    return std::exchange(request_call.response, {});
  };
  const httplib::Server::Handler handler = [answer](const httplib::Request &request, httplib::Response &response) {
    send(answer(request), response);
  };
  // cpp-httplib refuses a body over the size limit itself, unread and with no body: the admin
  // API's clients get its error shape, every other caller Ashby's envelope.
  const std::size_t max_body_bytes = json_limits{}.max_body_bytes;
  const httplib::Server::HandlerWithResponse too_large_handler = [admin, for_admin, max_body_bytes](
                                                                     const httplib::Request &request,
                                                                     httplib::Response &response) {
    if (response.status != 413 || !response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    if (for_admin(request)) {
      request_call = admin->too_large(request.method, request.path);
      send(std::exchange(request_call.response, {}), response);
    } else {
      send(ashby_error(413, "payload_too_large",
                       "The body is over the limit of " + std::to_string(max_body_bytes) + " bytes."),
           response);
    }
    return httplib::Server::HandlerResponse::Handled;
  };
  // Every method reaches the bridge or the admin API, which answer all but POST with a 405;
  // cpp-httplib routes HEAD with GET.
  constexpr const char *every_path = ".*";
  server.http()
      .Get(every_path, handler)
      .Post(every_path, handler)
      .Put(every_path, handler)
      .Patch(every_path, handler)
      .Delete(every_path, handler)
      .Options(every_path, handler)
      .set_pre_routing_handler([](const httplib::Request &request, httplib::Response &) {
        request_started = std::chrono::steady_clock::now();
        declare_no_body(request);
        return httplib::Server::HandlerResponse::Unhandled;
      })
      .set_error_handler(too_large_handler)
      .set_logger(log_request)
      .set_payload_max_length(max_body_bytes);
}

}  // namespace ashbyknit::cli
