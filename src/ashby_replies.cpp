#include "ashby_replies.hpp"

#include "json_writer.hpp"

namespace ashbyknit::detail {
namespace {

http_response json_reply(int status, json_writer &&body) {
  return {status, {{"Content-Type", "application/json"}}, std::move(body).str()};
}

}  // namespace

http_response success_reply(std::string_view results_key, std::string_view results_json) {
  json_writer body;
  body.begin_object().key("success").boolean(true).key(results_key).raw(results_json).end_object();
  return json_reply(200, std::move(body));
}

http_response error_reply(int status, std::string_view code, std::string_view message) {
  json_writer body;
  body.begin_object().key("success").boolean(false);
  body.key("errors").begin_array().string(code).end_array();
  body.key("errorInfo").begin_object().key("code").string(code).key("message").string(message).end_object();
  body.end_object();
  return json_reply(status, std::move(body));
}

http_response validation_reply(std::string_view message) {
  json_writer body;
  body.begin_object().key("message").string(message).end_object();
  return json_reply(422, std::move(body));
}

}  // namespace ashbyknit::detail
