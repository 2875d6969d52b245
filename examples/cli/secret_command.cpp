// `ashbyknit secret issue`: a new secret key for an integration, for the vendor to hand to Ashby.
#include "ashbyknit/secrets.hpp"
#include "command.hpp"
#include "json_text.hpp"
#include "output.hpp"

namespace ashbyknit::cli {
namespace {

exit_status run_issue(const parsed_arguments &arguments) {
  const auto issued = issue_secret(arguments.required("--integration"), arguments.required("--base-url"));
  if (!issued.ok()) return fail(issued.message());
  const issued_secret &secret = issued.value();
  print_line(json_string_object(
      {{"secretKey", secret.secret_key}, {"baseUrl", secret.base_url}, {"keyHash", secret.key_hash}}));
  return exit_ok;
}

}  // namespace

std::vector<command> secret_commands() {
  return {
      {{"secret", "issue"},
       "--integration ID --base-url URL",
       "Issues a secret key and prints {\"secretKey\",\"baseUrl\",\"keyHash\"}.",
       "  --integration ID     the integration: 1 to 128 of [A-Za-z0-9._-]\n"
       "  --base-url URL       the bridge's public http(s) base URL\n"
       "Give the key and the base URL to Ashby once; store only the key hash.",
       {{{"--integration", option_kind::required_value}, {"--base-url", option_kind::required_value}}, 0},
       run_issue},
  };
}

}  // namespace ashbyknit::cli
