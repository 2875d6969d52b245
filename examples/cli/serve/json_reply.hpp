// The JSON replies serve writes itself: the health check, its 404s, and the admin API's.
#pragma once

#include <string>
#include <string_view>

#include "ashbyknit/http.hpp"
#include "ashbyknit/result.hpp"

namespace ashbyknit::cli {

/// A reply with the JSON `body`; Content-Type as the bridge's own replies have it.
http_response json_reply(int status, std::string body);

/// The admin API's reply to a call that succeeded with nothing to say: a 204 without a body.
http_response no_content_reply();

/// The admin API's error reply: `{"error":{"code":"<error_code_name(code)>","message":"<message>"}}`.
http_response admin_error_reply(int status, error_code code, std::string_view message);

/// The admin API's error reply to a call that the library refused with `failure`, at the status
/// its code stands for: 400 (malformed or too deep JSON), 422 (a value that breaks a rule), 404
/// (no such record), 409 (a record in the way, or in the wrong state), 413 (too large), 500
/// (anything else: the store failed).
http_response admin_refusal_reply(const error &failure);

/// The admin API's 400 for a request whose body or query is not what the route takes: code
/// invalid_input, with `problem` (which names the field) as the message.
http_response admin_bad_request_reply(std::string_view problem);

/// The admin API's 400 for a body that admin_request_body::parse refused with `failure`.
http_response admin_unreadable_body_reply(const error &failure);

/// The admin API's reply to a change: 204, or the refusal.
http_response admin_change_reply(const status &done);

/// The admin API's reply to a read: 200 with `to_json(found.value())` (the store's rendering,
/// found through the record's namespace), or the refusal.
template <typename Record>
http_response admin_read_reply(const result<Record> &found) {
  return found.ok() ? json_reply(200, to_json(found.value())) : admin_refusal_reply(found.failure());
}

}  // namespace ashbyknit::cli
