// `ashbyknit integration create|list|set-ashby-key|set-enrichment`: the Ashby customer
// organisations a store serves, the Ashby API key each one's reports are sent with, and whether
// each one's candidates are filled from Ashby's candidate.info.
#include <string>
#include <utility>

#include "ashbyknit/store_json.hpp"
#include "command.hpp"
#include "input.hpp"
#include "json_text.hpp"
#include "master_key_input.hpp"
#include "output.hpp"
#include "store_access.hpp"

namespace ashbyknit::cli {
namespace {

exit_status run_create(const parsed_arguments &arguments) {
  const auto opened = open_store(arguments);
  if (!opened.ok()) return fail(opened.message());
  return finish(opened.value()->create_integration(arguments.required("--id")));
}

exit_status run_list(const parsed_arguments &arguments) {
  const auto opened = open_store(arguments);
  if (!opened.ok()) return fail(opened.message());
  return print_json(opened.value()->list_integrations());
}

exit_status run_set_ashby_key(const parsed_arguments &arguments) {
  auto master_key = require_master_key(arguments.option(master_key_option.name));
  if (!master_key.ok()) return fail(master_key.message());
  const auto ashby_key = read_key_file(arguments.required("--key-file"), "Ashby API key");
  if (!ashby_key.ok()) return fail(ashby_key.message());
  const auto opened = open_store(arguments, std::move(master_key).value());
  if (!opened.ok()) return fail(opened.message());
  const std::string_view integration = arguments.required("--id");
  if (const auto stored = opened.value()->set_ashby_key(integration, ashby_key.value()); !stored.ok()) {
    return fail(stored.message());
  }
  print_line(R"({"id":)" + json_quote(integration) + R"(,"ashbyKeySet":true})");
  return exit_ok;
}

exit_status run_set_enrichment(const parsed_arguments &arguments) {
  const auto setting = arguments.positional(0);
  if (!setting || (*setting != "on" && *setting != "off")) {
    return fail("integration set-enrichment needs on or off" +
                (setting ? ", not '" + std::string(*setting) + "'" : std::string()));
  }
  const auto opened = open_store(arguments);
  if (!opened.ok()) return fail(opened.message());
  const std::string_view integration = arguments.required("--id");
  const bool enabled = *setting == "on";
  if (const auto stored = opened.value()->set_candidate_enrichment(integration, enabled); !stored.ok()) {
    return fail(stored.message());
  }
  print_line(R"({"id":)" + json_quote(integration) + R"(,"enrichCandidates":)" + (enabled ? "true" : "false") + "}");
  return exit_ok;
}

}  // namespace

std::vector<command> integration_commands() {
  return {
      {{"integration", "create"},
       "--db FILE --id ID",
       "Adds an integration (one Ashby customer organisation) to the store.",
       "  --db FILE            the store\n"
       "  --id ID              the integration: 1 to 128 of [A-Za-z0-9._-], not yet in the store",
       {{store_option, {"--id", option_kind::required_value}}, 0},
       run_create},
      {{"integration", "list"},
       "--db FILE",
       "Prints the store's integrations as a JSON array of "
       "{\"id\",\"createdMs\",\"activeKeys\",\"ashbyKeySet\",\"enrichCandidates\"}.",
       "  --db FILE            the store\n"
       "ashbyKeySet says whether an Ashby API key is stored; the key itself is never shown.\n"
       "enrichCandidates says whether set-enrichment turned candidate enrichment on.",
       {{store_option}, 0},
       run_list},
      {{"integration", "set-ashby-key"},
       "--db FILE --id ID --key-file F [--master-key-file F]",
       "Stores the integration's Ashby API key, encrypted, for the reports sent to Ashby.",
       "  --db FILE            the store\n"
       "  --id ID              the integration\n"
       "  --key-file F         the customer's Ashby API key (with the candidatesWrite permission); one\n"
       "                       trailing newline is stripped\n"
       "  --master-key-file F  the master key that encrypts it (default: the file AK_MASTER_KEY_FILE names,\n"
       "                       else the 64 hexadecimal digits in AK_MASTER_KEY)\n"
       "Replaces any earlier key. Prints {\"id\",\"ashbyKeySet\":true}; the key is never printed. The\n"
       "store holds it only encrypted: serve needs the same master key to send reports with it.",
       {{store_option, {"--id", option_kind::required_value}, {"--key-file", option_kind::required_value},
         master_key_option},
        0},
       run_set_ashby_key},
      {{"integration", "set-enrichment"},
       "--db FILE --id ID on|off",
       "Turns on or off the filling of the integration's candidates from Ashby's candidate.info.",
       "  --db FILE            the store\n"
       "  --id ID              the integration\n"
       "  on|off               on: serve fills each new record.new event's candidate (phones, location,\n"
       "                       further e-mails and links) from candidate.info before its first attempt,\n"
       "                       waiting at most --enrichment-timeout-ms, with the integration's Ashby API\n"
       "                       key (set-ashby-key; it then needs the candidatesRead permission); an event\n"
       "                       whose call fails goes as it is. off (the default): events go as made\n"
       "Prints {\"id\",\"enrichCandidates\":true|false}. Events handed out before are left as they are.",
       {{store_option, {"--id", option_kind::required_value}}, 1},
       run_set_enrichment},
  };
}

}  // namespace ashbyknit::cli
