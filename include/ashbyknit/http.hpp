// HTTP requests and responses as plain values: the host brings the server and the client.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ashbyknit/export.h"

namespace ashbyknit {

/// A header: its name (compared case-insensitively) and value.
struct http_header {
  std::string name;
  std::string value;
};

/// A request as the host's server received it. Views: they must outlive the call they are
/// passed to, and nothing keeps them after it.
struct http_request {
  std::string_view method;  ///< "POST"
  std::string_view path;    ///< the request target's path, e.g. "/ashby/assessment.start"; a query is ignored
  std::vector<std::pair<std::string_view, std::string_view>> headers;
  std::string_view body;    ///< the raw bytes, no padding needed
};

/// A response for the host's server to send as it is.
struct http_response {
  int status = 200;
  std::vector<http_header> headers;  ///< always Content-Type when there is a body
  std::string body;

  /// The value of the first header named `name` (case-insensitively), or "" when absent.
  AK_API std::string_view header(std::string_view name) const noexcept;
};

/// True when two header names are equal ignoring ASCII case.
AK_API bool header_name_equals(std::string_view a, std::string_view b) noexcept;

}  // namespace ashbyknit
