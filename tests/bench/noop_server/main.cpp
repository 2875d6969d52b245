// ashbyknit_noop_server: the floor `ashbyknit serve` is measured against. The same cpp-httplib
// server, configured as serve configures it (signalled_server: the connection gate and its 64
// workers, keep-alive, TCP_NODELAY, deep backlog), answering every POST with a fixed
// assessment.start reply and doing nothing else: no authentication, no parsing, no store, no
// delivery.
//
// Usage: ashbyknit_noop_server HOST:PORT   (port 0 picks a free port; the log line names it)
#include <cstdio>
#include <string>

#include "listen_address.hpp"
#include "signalled_server.hpp"

namespace {

/// A reply of the size and shape serve gives a new start.
constexpr const char *start_reply = R"({"success":true,"results":{"assessment_id":"ats_ass_a1b2c3d4e5f6g7h8i9j0k"}})";

}  // namespace

int main(int argc, char **argv) {
  using namespace ashbyknit;
  if (argc != 2) {
    std::fprintf(stderr, "usage: ashbyknit_noop_server HOST:PORT\n");
    return 2;
  }
  const auto address = cli::parse_listen_address(argv[1], "HOST:PORT");
  if (!address.ok()) {
    std::fprintf(stderr, "ashbyknit_noop_server: %s\n", address.message().c_str());
    return 2;
  }
  cli::signalled_server server("noop", "nothing to keep");
  server.http().Post(".*", [](const httplib::Request &, httplib::Response &response) {
    response.set_content(start_reply, "application/json");
  });
  if (const auto bound = server.bind(address.value(), ""); !bound.ok()) {
    std::fprintf(stderr, "ashbyknit_noop_server: %s\n", bound.message().c_str());
    return 2;
  }
  const auto ran = server.run();
  return ran.ok() ? 0 : 1;
}
