// `ashbyknit receive`: a webhook receiver for trying delivery out. It verifies each event's
// X-Knit-Signature (and, given keys, its Standard Webhooks headers), fails a chosen share of them,
// dedupes on eventId, and shows what arrived; given an Ashby API key, it also plays Ashby's API for
// the reports the bridge sends back (assessment.update and assessment.addCompletedToCandidate).
#include <cstdlib>
#include <optional>
#include <string>

#include "ashby_api_receiver.hpp"
#include "ashbyknit/standard_webhooks.hpp"
#include "body_file.hpp"
#include "command.hpp"
#include "input.hpp"
#include "output.hpp"
#include "service/listen_address.hpp"
#include "service/signalled_server.hpp"
#include "webhook_receiver.hpp"

namespace ashbyknit::cli {
namespace {

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

/// The Ashby API key that --ashby-key-file names, std::nullopt when it is not given; and the
/// file --updates-out names, which only goes with it.
struct ashby_api_settings {
  std::optional<std::string> api_key;
  body_file updates_out;
};

/// Reads --ashby-key-file and opens --updates-out.
result<ashby_api_settings> read_ashby_api_settings(const parsed_arguments &arguments) {
  ashby_api_settings settings;
  const auto key_file = arguments.option("--ashby-key-file");
  const auto updates_out = arguments.option("--updates-out");
  if (!key_file) {
    if (!updates_out) return settings;
    return error{error_code::invalid_argument, "--updates-out needs --ashby-key-file F: Ashby's calls come only then"};
  }
  auto key = read_key_file(*key_file, "Ashby API key");
  if (!key.ok()) return std::move(key).failure();
  settings.api_key = std::move(key).value();
  auto out = body_file::open(updates_out);
  if (!out.ok()) return std::move(out).failure();
  settings.updates_out = std::move(out).value();
  return settings;
}

exit_status run_receive(const parsed_arguments &arguments) {
  // First, before any thread starts: the server takes SIGINT and SIGTERM from here on.
  signalled_server server("receive", "requests in flight get no answer");
  const auto address = parse_listen_address(arguments.required("--listen"), "--listen");
  if (!address.ok()) return fail(address.message());
  auto key = read_signing_key(arguments.option("--key-file"));
  if (!key.ok()) return fail(key.message());
  auto standard_keys = read_standard_keys(arguments.option("--standard-keys-file"));
  if (!standard_keys.ok()) return fail(standard_keys.message());
  if (!standard_keys.value().empty()) {
    if (const auto checked = standard_webhook_check_verifying_keys(standard_keys.value()); !checked.ok()) {
      return fail(checked.message());
    }
  }
  const auto rate = fail_rate(arguments);
  if (!rate.ok()) return fail(rate.message());
  auto out = body_file::open(arguments.option("--out"));
  if (!out.ok()) return fail(out.message());
  auto ashby = read_ashby_api_settings(arguments);
  if (!ashby.ok()) return fail(ashby.message());

  // cpp-httplib tries the routes in the order they are added: Ashby's paths before "any POST".
  std::optional<ashby_api_receiver> ashby_api;
  std::string detail = ", verifying X-Knit-Signature";
  if (!standard_keys.value().empty()) detail += " and the Standard Webhooks headers";
  if (ashby.value().api_key) {
    ashby_api.emplace(*ashby.value().api_key, rate.value(), std::move(ashby.value().updates_out));
    server.http().Post(R"(/assessment\.update)", [&ashby_api](const httplib::Request &request,
                                                          httplib::Response &response) {
      ashby_api->answer_update(request, response);
    });
    server.http().Post(R"(/assessment\.addCompletedToCandidate)", [&ashby_api](const httplib::Request &request,
                                                                            httplib::Response &response) {
      ashby_api->answer_completed(request, response);
    });
    detail += ", and Ashby's API at /assessment.update and /assessment.addCompletedToCandidate";
  }
  webhook_receiver receiver(std::move(key).value(), std::move(standard_keys).value(), rate.value(),
                            std::move(out).value());
  server.http().Post(".*", [&receiver](const httplib::Request &request, httplib::Response &response) {
    receiver.answer(request, response);
  });
  if (const auto bound = server.bind(address.value(), detail); !bound.ok()) return fail(bound.message());
  if (const auto served = server.run(); !served.ok()) return fail(served.message());
  return exit_ok;
}

}  // namespace

std::vector<command> receive_commands() {
  return {
      {{"receive"},
       "--listen HOST:PORT [--key-file F] [--standard-keys-file F] [--fail-rate R] [--out FILE] "
       "[--ashby-key-file F [--updates-out FILE]]",
       "Receives Knit events as a vendor's webhook would, checking each one's X-Knit-Signature.",
       "  --listen HOST:PORT    where to listen; port 0 picks a free port\n"
       "  --key-file F          the signing key (default: the environment variable AK_SIGNING_KEY)\n"
       "  --standard-keys-file F  also check the Standard Webhooks headers, with the keys in F separated by\n"
       "                        white space: whsec_... or whpk_... (default: the file AK_STANDARD_KEYS_FILE\n"
       "                        names; neither: not checked); a webhook-timestamp may be 300 s from now\n"
       "  --fail-rate R         answer 500 to this share of the signed events and valid calls to Ashby's\n"
       "                        API, from 0 to 1 (default: 0)\n"
       "  --out FILE            append each newly accepted event's exact body to FILE, one per line\n"
       "  --ashby-key-file F    also play Ashby's API: take POST /assessment.update and POST\n"
       "                        /assessment.addCompletedToCandidate from callers that send\n"
       "                        Authorization: Basic with the file's key as user name\n"
       "  --updates-out FILE    append the exact body of each accepted call to Ashby's API to FILE, one\n"
       "                        per line\n"
       "Any other POST is an event. A missing or bad signature of either scheme is a 401 and a line on\n"
       "stderr; other signed events are a 200 (or the refused share a 500) and a line on stdout: time,\n"
       "eventType, eventId, recordId, and 'duplicate' when the eventId was accepted before or 'refused\n"
       "(500)'.\n"
       "A call to Ashby's API with missing or other credentials is a 401 with Ashby's error envelope and a\n"
       "line on stderr. Each other update gets a line on stdout: time, 'update', the assessment id, the\n"
       "status's value (or 'cancelled'), 'result' when it carries one, 'ts=' and its timestamp, and\n"
       "'refused (500)' for the refused share; otherwise it is a 200 {\"success\":true,\"results\":{}}.\n"
       "An added completed assessment likewise: time, 'completed', its assessmentId, 'result=' and the\n"
       "result's value, 'ts=' and its timestamp. A call that breaks docs/protocol.md §5 (Content-Type,\n"
       "Accept, User-Agent, or a body the library's parser refuses or without a timestamp) is a 200 with\n"
       "\"success\":false and code invalid_input, shown as 'update <id> violation: <what is wrong>' (or\n"
       "'completed <id> violation: ...'). Every answer carries an x-ashby-request-id.\n"
       "Standard error starts with a line saying where it listens (the port bound, for port 0).\n"
       "SIGINT or SIGTERM stops it with status 0; bad arguments, an unreadable or empty key file or an\n"
       "address in use exit 2.",
       {{{"--listen", option_kind::required_value},
         {"--key-file"},
         {"--standard-keys-file"},
         {"--fail-rate"},
         {"--out"},
         {"--ashby-key-file"},
         {"--updates-out"}},
        0},
       run_receive},
  };
}

}  // namespace ashbyknit::cli
