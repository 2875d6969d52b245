// serve's admin API: the vendor's reports to Ashby over HTTP, under a path prefix of their own and
// behind a bearer token, apart from Ashby's calls and their secret keys.
#pragma once

#include <string>
#include <string_view>

#include "ashbyknit/bridge.hpp"
#include "ashbyknit/http.hpp"
#include "ashbyknit/reporter.hpp"
#include "ashbyknit/result.hpp"
#include "ashbyknit/store.hpp"

namespace ashbyknit::cli {

/// Checks that the admin API's `prefix` and the bridge's `base_path` are apart: neither may be a
/// prefix of the other, or one would shadow the other's routes. error_code::invalid_argument
/// naming both otherwise.
status check_admin_prefix(std::string_view prefix, std::string_view base_path);

/// The admin API: `POST <prefix>reports/<kind>` with a JSON body and `Authorization: Bearer
/// <token>`, for each kind answer_admin_report takes. Every member may be called from any thread.
class admin_api {
 public:
  /// The API under `prefix` (which starts and ends with '/'), taking `token`, queueing reports in
  /// `reports`, which must outlive it.
  admin_api(std::string prefix, std::string token, store &reports);

  /// The prefix the API answers under.
  const std::string &prefix() const noexcept { return prefix_; }

  /// True when `path` is under the prefix, so that handle() answers it.
  bool serves(std::string_view path) const noexcept;

  /// Answers a request under the prefix, in this order: 401 (with WWW-Authenticate: Bearer) without
  /// a bearer token, 403 with another token than the admin token, 404 for a path that names no
  /// report, 405 (with Allow: POST) for another method than POST, then as answer_admin_report does.
  /// Error replies are `{"error":{"code","message"}}`. The operation it returns is "report.<kind>"
  /// for a report's path, "" otherwise.
  handled_call handle(const http_request &request);

  /// The reply to a request under the prefix whose body the server refused, unread, for being
  /// over its size limit: a 413 in the API's error shape.
  handled_call too_large(std::string_view path) const;

 private:
  /// The kind of report that `path` (under the prefix) names, or "" when it names none.
  std::string_view report_kind(std::string_view path) const noexcept;

  std::string prefix_;
  std::string token_;
  assessment_reporter reporter_;
};

}  // namespace ashbyknit::cli
