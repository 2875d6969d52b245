#include "json_reply.hpp"

#include <utility>

#include "json_text.hpp"

namespace ashbyknit::cli {

http_response json_reply(int status, std::string body) {
  return {status, {{"Content-Type", "application/json"}}, std::move(body)};
}

http_response admin_error_reply(int status, error_code code, std::string_view message) {
  return json_reply(status, R"({"error":{"code":)" + json_quote(error_code_name(code)) + R"(,"message":)" +
                                json_quote(message) + "}}");
}

}  // namespace ashbyknit::cli
