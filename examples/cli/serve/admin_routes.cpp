#include "admin_routes.hpp"

#include <utility>

#include "admin_reports.hpp"
#include "admin_token.hpp"
#include "json_reply.hpp"

namespace ashbyknit::cli {
namespace {

/// Where the reports are, under the prefix.
constexpr std::string_view reports_segment = "reports/";

/// True when `text` starts with `prefix`.
bool starts_with(std::string_view text, std::string_view prefix) noexcept {
  return text.substr(0, prefix.size()) == prefix;
}

/// The value of the request's first header `name`, or "" when it has none.
std::string_view header_value(const http_request &request, std::string_view name) noexcept {
  for (const auto &[header, value] : request.headers) {
    if (header_name_equals(header, name)) return value;
  }
  return {};
}

/// "report.<kind>", or "" for no kind.
std::string operation_name(std::string_view kind) { return kind.empty() ? "" : "report." + std::string(kind); }

}  // namespace

status check_admin_prefix(std::string_view prefix, std::string_view base_path) {
  if (starts_with(prefix, base_path) || starts_with(base_path, prefix)) {
    return error{error_code::invalid_argument, "the admin prefix " + std::string(prefix) + " and the base URL's path " +
                                                   std::string(base_path) + " overlap: neither may start the other"};
  }
  return {};
}

admin_api::admin_api(std::string prefix, std::string token, store &reports)
    : prefix_(std::move(prefix)), token_(std::move(token)), reporter_(reports) {}

bool admin_api::serves(std::string_view path) const noexcept { return starts_with(path, prefix_); }

std::string_view admin_api::report_kind(std::string_view path) const noexcept {
  const std::string_view route = path.substr(prefix_.size());
  if (!starts_with(route, reports_segment)) return {};
  const std::string_view kind = route.substr(reports_segment.size());
  return is_admin_report(kind) ? kind : std::string_view();
}

handled_call admin_api::handle(const http_request &request) {
  const std::string_view kind = report_kind(request.path);
  handled_call call;
  call.operation = operation_name(kind);
  switch (check_admin_access(header_value(request, "Authorization"), token_)) {
    case admin_access::granted: break;
    case admin_access::unauthenticated:
      call.response =
          admin_error_reply(401, error_code::unauthenticated, "The admin API needs Authorization: Bearer <token>.");
      call.response.headers.push_back({"WWW-Authenticate", "Bearer"});
      return call;
    case admin_access::forbidden:
      call.response = admin_error_reply(403, error_code::unauthenticated, "This token does not open the admin API.");
      return call;
  }
  if (kind.empty()) {
    call.response = admin_error_reply(
        404, error_code::not_found,
        "No report is served at this path; reports go under " + prefix_ + std::string(reports_segment) + ".");
    return call;
  }
  if (request.method != "POST") {
    call.response = admin_error_reply(405, error_code::invalid_argument, "Reports are sent with POST.");
    call.response.headers.push_back({"Allow", "POST"});
    return call;
  }
  handled_call answered = answer_admin_report(kind, request.body, reporter_);
  answered.operation = std::move(call.operation);
  return answered;
}

handled_call admin_api::too_large(std::string_view path) const {
  handled_call call;
  call.operation = operation_name(report_kind(path));
  call.response = admin_error_reply(413, error_code::too_large, "The body is over the server's size limit.");
  return call;
}

}  // namespace ashbyknit::cli
