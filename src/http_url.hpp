// Checks on the absolute http(s) URLs that configuration carries: the bridge's public base URL and
// the vendor's webhook.
#pragma once

#include <string_view>

#include "ashbyknit/result.hpp"

namespace ashbyknit::detail {

/// Checks that `url` is an absolute http:// or https:// URL (scheme case-insensitive) with a host,
/// no user name or password, no spaces or control characters and no fragment; a query only when
/// `query_allowed`. Returns the length of its scheme with "://", or error_code::invalid_argument
/// with a message that names the URL as `what` ("The base URL must ...").
result<std::size_t> check_http_url(std::string_view url, std::string_view what, bool query_allowed);

}  // namespace ashbyknit::detail
