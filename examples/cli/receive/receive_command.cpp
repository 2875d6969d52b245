// `ashbyknit receive`: a webhook receiver for trying delivery out. It verifies each event's
// X-Knit-Signature, fails a chosen share of them, dedupes on eventId, and shows what arrived.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "command.hpp"
#include "input.hpp"
#include "output.hpp"
#include "service/listen_address.hpp"
#include "service/signalled_server.hpp"
#include "webhook_receiver.hpp"

namespace ashbyknit::cli {
namespace {

/// Closes the --out file when the command ends.
struct file_closer {
  void operator()(std::FILE *file) const { std::fclose(file); }
};
using file_handle = std::unique_ptr<std::FILE, file_closer>;

/// --fail-rate as a number from 0 to 1; 0 when it is not given.
result<double> fail_rate(const parsed_arguments &arguments) {
  const auto text = arguments.option("--fail-rate");
  if (!text) return 0.0;
  const std::string digits(*text);
  char *end = nullptr;
  const double rate = std::strtod(digits.c_str(), &end);
  if (end != digits.c_str() + digits.size() || !(rate >= 0.0 && rate <= 1.0)) {
    return error{error_code::invalid_argument, "--fail-rate must be a number from 0 to 1, not '" + digits + "'"};
  }
  return rate;
}

/// The file --out names, open for appending; a null handle when it is not given.
result<file_handle> open_out(const parsed_arguments &arguments) {
  const auto path = arguments.option("--out");
  if (!path) return file_handle();
  const std::string name(*path);
  file_handle file(std::fopen(name.c_str(), "ab"));
  if (!file) return error{error_code::invalid_argument, "cannot open " + name + ": " + std::strerror(errno)};
  return file;
}

exit_status run_receive(const parsed_arguments &arguments) {
  // First, before any thread starts: the server takes SIGINT and SIGTERM from here on.
  signalled_server server("receive", "requests in flight get no answer");
  const auto address = parse_listen_address(arguments.required("--listen"), "--listen");
  if (!address.ok()) return fail(address.message());
  auto key = read_signing_key(arguments.option("--key-file"));
  if (!key.ok()) return fail(key.message());
  const auto rate = fail_rate(arguments);
  if (!rate.ok()) return fail(rate.message());
  auto out = open_out(arguments);
  if (!out.ok()) return fail(out.message());

  webhook_receiver receiver(std::move(key).value(), rate.value(), out.value().get(),
                            std::string(arguments.option("--out").value_or("")));
  server.http().Post(".*", [&receiver](const httplib::Request &request, httplib::Response &response) {
    receiver.answer(request, response);
  });
  if (const auto bound = server.bind(address.value(), ", verifying X-Knit-Signature"); !bound.ok()) {
    return fail(bound.message());
  }
  if (const auto served = server.run(); !served.ok()) return fail(served.message());
  return exit_ok;
}

}  // namespace

std::vector<command> receive_commands() {
  return {
      {{"receive"},
       "--listen HOST:PORT [--key-file F] [--fail-rate R] [--out FILE]",
       "Receives Knit events as a vendor's webhook would, checking each one's X-Knit-Signature.",
       "  --listen HOST:PORT    where to listen; port 0 picks a free port\n"
       "  --key-file F          the signing key (default: the environment variable AK_SIGNING_KEY)\n"
       "  --fail-rate R         answer 500 to this share of the signed events, from 0 to 1 (default: 0)\n"
       "  --out FILE            append each newly accepted event's exact body to FILE, one per line\n"
       "Any POST is an event. A missing or bad signature is a 401 and a line on stderr; other signed\n"
       "events are a 200 (or the refused share a 500) and a line on stdout: time, eventType, eventId,\n"
       "recordId, and 'duplicate' when the eventId was accepted before or 'refused (500)'.\n"
       "Standard error starts with a line saying where it listens (the port bound, for port 0).\n"
       "SIGINT or SIGTERM stops it with status 0; bad arguments or an address in use exit 2.",
       {{{"--listen", option_kind::required_value}, {"--key-file"}, {"--fail-rate"}, {"--out"}}, 0},
       run_receive},
  };
}

}  // namespace ashbyknit::cli
