// The replies Ashby expects from a partner (protocol §2 and 2.4).
#pragma once

#include <string_view>

#include "ashbyknit/http.hpp"

namespace ashbyknit::detail {

/// `{"success":true,<results_key>:<results_json>}` with status 200; results_json is valid JSON.
http_response success_reply(std::string_view results_key, std::string_view results_json);

/// Ashby's error envelope, `{"success":false,"errors":[code],"errorInfo":{code,message}}`.
http_response error_reply(int status, std::string_view code, std::string_view message);

/// A 422 with `{"message":...}`: the message is shown to the recruiter.
http_response validation_reply(std::string_view message);

}  // namespace ashbyknit::detail
