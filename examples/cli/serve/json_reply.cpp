#include "json_reply.hpp"

#include <utility>

#include "json_text.hpp"

namespace ashbyknit::cli {
namespace {

/// The status of a call refused with `code`.
int refusal_status(error_code code) noexcept {
  switch (code) {
    case error_code::invalid_input:
    case error_code::invalid_argument: return 422;
    case error_code::not_found: return 404;
    case error_code::conflict: return 409;
    case error_code::malformed_json:
    case error_code::too_deep: return 400;
    case error_code::too_large: return 413;
    default: return 500;
  }
}

}  // namespace

http_response json_reply(int status, std::string body) {
  return {status, {{"Content-Type", "application/json"}}, std::move(body)};
}

http_response no_content_reply() { return {204, {}, {}}; }

http_response admin_error_reply(int status, error_code code, std::string_view message) {
  return json_reply(status, R"({"error":{"code":)" + json_quote(error_code_name(code)) + R"(,"message":)" +
                                json_quote(message) + "}}");
}

http_response admin_refusal_reply(const error &failure) {
  return admin_error_reply(refusal_status(failure.code), failure.code, failure.message);
}

http_response admin_bad_request_reply(std::string_view problem) {
  return admin_error_reply(400, error_code::invalid_input, problem);
}

http_response admin_unreadable_body_reply(const error &failure) {
  return admin_error_reply(400, failure.code, failure.message);
}

http_response admin_change_reply(const status &done) {
  return done.ok() ? no_content_reply() : admin_refusal_reply(done.failure());
}

}  // namespace ashbyknit::cli
