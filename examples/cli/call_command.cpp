// `ashbyknit call`: plays one of Ashby's calls through the bridge, as Ashby makes it, and shows
// the bridge's reply. For trying a store's setup end to end without an HTTP server.
#include <string>

#include "ashbyknit/bridge.hpp"
#include "base64.hpp"
#include "command.hpp"
#include "input.hpp"
#include "output.hpp"
#include "store_access.hpp"

namespace ashbyknit::cli {
namespace {

/// The body to send: the positional BODY_FILE, or standard input. Ashby sends the two list
/// calls `{}`, so without a BODY_FILE they send that and leave standard input alone.
result<std::string> read_body(const parsed_arguments &arguments, std::string_view operation) {
  const auto body_file = arguments.positional(1);
  if (!body_file && (operation == "assessment.list" || operation == "assessment.customField.list")) {
    return std::string("{}");
  }
  return read_input(body_file);
}

/// True for the reply of a call that succeeded: a 2xx whose body is Ashby's success envelope.
/// The bridge writes compact JSON with "success" first (protocol §2.4), and its 200 replies that
/// report a failure (assessment_not_found) start {"success":false.
bool succeeded(const http_response &reply) {
  constexpr std::string_view success_envelope = R"({"success":true)";
  return reply.status / 100 == 2 && reply.body.compare(0, success_envelope.size(), success_envelope) == 0;
}

exit_status run_call(const parsed_arguments &arguments) {
  const auto operation = arguments.positional(0);
  if (!operation) return fail("call needs an OPERATION, such as assessment.start");
  const auto secret_key = read_key_file(arguments.required("--secret-key-file"), "secret key");
  if (!secret_key.ok()) return fail(secret_key.message());
  const auto body = read_body(arguments, *operation);
  if (!body.ok()) return fail(body.message());
  bridge_options options;
  options.public_base_url = std::string(arguments.required("--base-url"));
  const auto opened = open_bridge(arguments, std::move(options));
  if (!opened.ok()) return fail(opened.message());
  bridge &target = *opened.value();

  // Ashby's credentials: the key as the Basic user name, with an empty password (protocol §2.1).
  const std::string authorization = "Basic " + base64_encode(secret_key.value() + ":");
  const std::string path = target.base_path() + std::string(*operation);
  const http_response reply = target.handle(
      {"POST", path, {{"Authorization", authorization}, {"Content-Type", "application/json"}}, body.value()});
  if (!reply.body.empty()) print_line(reply.body);
  if (succeeded(reply)) return exit_ok;
  print_problem("HTTP " + std::to_string(reply.status));
  return exit_negative;
}

}  // namespace

std::vector<command> call_commands() {
  return {
      {{"call"},
       "--db FILE --base-url URL --secret-key-file F OPERATION [BODY_FILE|-]",
       "Makes one of Ashby's calls through the bridge and prints the reply's body.",
       "  --db FILE            the store\n"
       "  --base-url URL       the bridge's public base URL, as given to Ashby\n"
       "  --secret-key-file F  the secret key Ashby was given (not the signing key)\n"
       "OPERATION is assessment.list, assessment.start, assessment.cancel or assessment.customField.list,\n"
       "POSTed to the base URL's path with Ashby's HTTP Basic credentials. The two list calls send {}\n"
       "unless a BODY_FILE is given; the others read BODY_FILE or standard input.\n"
       "Exits 0 when the reply is a 2xx with \"success\":true, else 1 with \"HTTP <status>\" on stderr.",
       {{store_option,
         {"--base-url", option_kind::required_value},
         {"--secret-key-file", option_kind::required_value}},
        2},
       run_call},
  };
}

}  // namespace ashbyknit::cli
