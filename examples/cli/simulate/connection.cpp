#include "connection.hpp"

#include <algorithm>
#include <chrono>

namespace ashbyknit::cli::simulation {
namespace {

// A bridge answers in milliseconds; these only keep a stalled one from hanging the run.
constexpr auto connect_timeout = std::chrono::seconds(10);
constexpr auto read_timeout = std::chrono::seconds(30);

/// Enough of a reply's body to recognise it, on one line: control characters as spaces, cut at
/// a character boundary.
std::string excerpt(std::string_view body) {
  constexpr std::size_t shown = 200;
  std::size_t end = std::min(body.size(), shown);
  while (end < body.size() && end > 0 && (static_cast<unsigned char>(body[end]) & 0xC0) == 0x80) --end;
  std::string text;
  for (const char c : body.substr(0, end)) text += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  if (end < body.size()) text += "...";
  return text;
}

}  // namespace

connection::connection(const bridge_target &target, const credential_headers &headers)
    : client_(target.origin), headers_(headers) {
  for (const operation called : {operation::list, operation::custom_fields, operation::start, operation::cancel}) {
    paths_[static_cast<std::size_t>(called)] = target.base_path + std::string(operation_name(called));
  }
  client_.set_keep_alive(true);
  // A request goes out in two writes (head, then body): without this, Nagle's algorithm holds
  // the body back until the server's delayed acknowledgement of the head, some 40 ms per call.
  client_.set_tcp_nodelay(true);
  client_.set_connection_timeout(connect_timeout);
  client_.set_read_timeout(read_timeout);
}

verdict connection::call(call_kind kind, operation called, credentials presented, std::string_view body,
                         const expectation &expected) {
  const auto started = std::chrono::steady_clock::now();
  const httplib::Result result = client_.Post(paths_[static_cast<std::size_t>(called)], headers_.of(presented),
                                              body.data(), body.size(), "application/json");
  const auto latency = std::chrono::steady_clock::now() - started;

  verdict found;
  std::string got;
  if (result) {
    recorded_.record(kind, result->status, latency);
    found = check_reply({result->status, result->get_header_value("Content-Type"), result->body}, expected, parser_);
    got = "HTTP " + std::to_string(result->status) + " " + excerpt(result->body);
  } else {
    recorded_.record(kind, no_reply, latency);
    found.replied = false;
    found.problem = "no reply (" + httplib::to_string(result.error()) + " error)";
    got = "nothing";
  }
  if (!found.problem.empty()) {
    recorded_.record_unexpected(std::string(call_kind_name(kind)) + " (" + std::string(operation_name(called)) +
                                "): " + found.problem + "; expected " + describe(expected) + "; got " + got);
  }
  return found;
}

}  // namespace ashbyknit::cli::simulation
