// serve's admin API: the vendor's onboarding and operations over HTTP (integrations, their secret
// keys and Ashby API keys, settings, events) and its reports to Ashby, under a path prefix of its
// own and behind a bearer token, apart from Ashby's calls and their secret keys. Its routes are
// described by docs/admin-openapi.json, which it also serves.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "admin_route.hpp"
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

/// The admin API. Every request needs `Authorization: Bearer <token>`. Every member may be called
/// from any thread.
class admin_api {
 public:
  /// The API under `prefix` (which starts and ends with '/'), taking `token`, over `records`
  /// (which must outlive it), issuing keys that go with `base_url`.
  admin_api(std::string prefix, std::string token, store &records, std::string base_url);

  admin_api(const admin_api &) = delete;
  admin_api &operator=(const admin_api &) = delete;

  /// The prefix the API answers under.
  const std::string &prefix() const noexcept { return prefix_; }

  /// True when `path` is under the prefix, so that handle() answers it.
  bool serves(std::string_view path) const noexcept;

  /// Answers a request under the prefix, whose decoded query parameters are `query`, in this
  /// order: 401 (with WWW-Authenticate: Bearer) without a bearer token, 403 with another token
  /// than the admin token, 404 for a path that no route has, 405 (with Allow) for a method that
  /// the path's routes do not take, then as the route answers. Error replies are
  /// `{"error":{"code","message"}}`. The operation it returns is the route's ("key.issue"), ""
  /// for a path that no route has; the integration (the path's {integrationId}, else the body's) and
  /// the assessment are named only when they have the shape of ids, 1 to 128 of [A-Za-z0-9._-].
  handled_call handle(const http_request &request,
                      const std::vector<std::pair<std::string_view, std::string_view>> &query);

  /// The reply to a request under the prefix whose body the server refused, unread, for being
  /// over its size limit: a 413 in the API's error shape, naming the route's operation.
  handled_call too_large(std::string_view method, std::string_view path) const;

 private:
  /// The 401 or 403 for a request whose credentials do not open the API; std::nullopt when they do.
  std::optional<http_response> access_refusal(const http_request &request) const;

  std::string prefix_;
  std::string token_;
  std::string base_url_;
  assessment_reporter reporter_;
  admin_context context_;
  std::vector<admin_route> routes_;
};

}  // namespace ashbyknit::cli
