#include "call_lines.hpp"

#include <simdjson.h>

#include "json_text.hpp"

namespace ashbyknit::crash {

result<ashby_call> parse_call_line(std::string_view line) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::object call;
  std::string_view operation;
  std::string_view body;
  if (parser.parse(line.data(), line.size()).get(call) != simdjson::SUCCESS ||
      call["op"].get(operation) != simdjson::SUCCESS || call["body"].get(body) != simdjson::SUCCESS) {
    return error{error_code::malformed_json, "a line of stdin is not {\"op\":\"...\",\"body\":\"...\"}"};
  }
  return ashby_call{"assessment." + std::string(operation), std::string(body)};
}

std::string reply_line(const http_response &reply) {
  return "{\"status\":" + std::to_string(reply.status) + ",\"body\":" + cli::json_quote(reply.body) + "}";
}

}  // namespace ashbyknit::crash
