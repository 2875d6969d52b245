// The HTTP request that carries one call to Ashby's API (protocol §5): assessment.update or
// assessment.addCompletedToCandidate.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ashbyknit/http.hpp"
#include "ashbyknit/result.hpp"

namespace ashbyknit::detail {

/// `<api_base><method>` ("assessment.update"), the base given ending in '/' or not.
std::string ashby_call_url(std::string_view api_base, std::string_view method);

/// The call's headers: Content-Type and Accept (`application/json; version=1`) as Ashby wants
/// them, Basic authentication with `api_key` as the user name and an empty password, and
/// `User-Agent: ashbyknit/<version>`. The Authorization value holds the key: never log it.
std::vector<http_header> ashby_call_headers(std::string_view api_key);

}  // namespace ashbyknit::detail
