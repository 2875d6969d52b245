// The JSON replies serve writes itself: the health check, its 404s, and the admin API's.
#pragma once

#include <string>
#include <string_view>

#include "ashbyknit/http.hpp"
#include "ashbyknit/result.hpp"

namespace ashbyknit::cli {

/// A reply with the JSON `body`; Content-Type as the bridge's own replies have it.
http_response json_reply(int status, std::string body);

/// The admin API's error reply: `{"error":{"code":"<error_code_name(code)>","message":"<message>"}}`.
http_response admin_error_reply(int status, error_code code, std::string_view message);

}  // namespace ashbyknit::cli
