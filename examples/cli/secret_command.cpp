// `ashbyknit secret issue|list|revoke`: the secret keys an integration hands to Ashby.
#include <cstdint>
#include <optional>

#include "ashbyknit/secrets.hpp"
#include "ashbyknit/store_json.hpp"
#include "command.hpp"
#include "json_text.hpp"
#include "output.hpp"
#include "store_access.hpp"

namespace ashbyknit::cli {
namespace {

constexpr std::int64_t ms_per_day = 86'400'000;
// A century covers any rotation policy and keeps the expiry time far from overflowing.
constexpr std::int64_t max_expiry_days = 36'500;

/// `secret issue` with a store: it keeps the key's hash, so only Knit's pair is printed.
exit_status issue_stored(const parsed_arguments &arguments) {
  const auto days = positive_number_option(arguments, "--expires-in", max_expiry_days);
  if (!days.ok()) return fail(days.message());
  const auto opened = open_store(arguments);
  if (!opened.ok()) return fail(opened.message());
  std::optional<std::int64_t> expires_in_ms;
  if (days.value()) expires_in_ms = *days.value() * ms_per_day;
  return print_json(opened.value()->issue_key(arguments.required("--integration"), arguments.required("--base-url"),
                                              expires_in_ms));
}

/// `secret issue` without a store: the caller keeps the hash, so it is printed with the key.
exit_status issue_unstored(const parsed_arguments &arguments) {
  if (arguments.option("--expires-in")) {
    return fail("--expires-in needs --db (or AK_DB): only a stored key can expire");
  }
  const auto issued = issue_secret(arguments.required("--integration"), arguments.required("--base-url"));
  if (!issued.ok()) return fail(issued.message());
  const issued_secret &secret = issued.value();
  print_line(json_string_object(
      {{"secretKey", secret.secret_key}, {"baseUrl", secret.base_url}, {"keyHash", secret.key_hash}}));
  return exit_ok;
}

exit_status run_issue(const parsed_arguments &arguments) {
  return find_store(arguments) ? issue_stored(arguments) : issue_unstored(arguments);
}

exit_status run_list(const parsed_arguments &arguments) {
  const auto opened = open_store(arguments);
  if (!opened.ok()) return fail(opened.message());
  return print_json(opened.value()->list_keys(arguments.required("--integration")));
}

exit_status run_revoke(const parsed_arguments &arguments) {
  const auto opened = open_store(arguments);
  if (!opened.ok()) return fail(opened.message());
  return finish(opened.value()->revoke_key(arguments.required("--integration"), arguments.required("--key-id")));
}

}  // namespace

std::vector<command> secret_commands() {
  return {
      {{"secret", "issue"},
       "[--db FILE [--expires-in DAYS]] --integration ID --base-url URL",
       "Issues a secret key; with --db, stores only its hash and prints {\"secretKey\",\"baseUrl\"}.",
       "  --db FILE            the store that keeps the key's hash; the integration must be in it.\n"
       "                       Without --db or AK_DB nothing is stored, and the output adds \"keyHash\" for\n"
       "                       you to keep.\n"
       "  --expires-in DAYS    with --db: the key stops working after DAYS days (1 to 36500; default: never)\n"
       "  --integration ID     the integration: 1 to 128 of [A-Za-z0-9._-]\n"
       "  --base-url URL       the bridge's public http(s) base URL\n"
       "Give the key and the base URL to Ashby once: the key cannot be shown again.",
       {{store_option,
         {"--expires-in"},
         {"--integration", option_kind::required_value},
         {"--base-url", option_kind::required_value}},
        0},
       run_issue},
      {{"secret", "list"},
       "--db FILE --integration ID",
       "Prints an integration's keys, oldest first, as a JSON array: ids and dates, never a key.",
       "  --db FILE            the store\n"
       "  --integration ID     the integration\n"
       "Each entry is {\"keyId\",\"integrationId\",\"createdMs\",\"expiresMs\",\"revokedMs\"}; absent times are null.",
       {{store_option, {"--integration", option_kind::required_value}}, 0},
       run_list},
      {{"secret", "revoke"},
       "--db FILE --integration ID --key-id KID",
       "Revokes one key of an integration; its other keys keep working.",
       "  --db FILE            the store\n"
       "  --integration ID     the integration\n"
       "  --key-id KID         the key, key_... as 'secret list' shows it",
       {{store_option, {"--integration", option_kind::required_value}, {"--key-id", option_kind::required_value}}, 0},
       run_revoke},
  };
}

}  // namespace ashbyknit::cli
