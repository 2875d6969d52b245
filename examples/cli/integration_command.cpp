// `ashbyknit integration create` and `ashbyknit integration list`: the Ashby customer
// organisations a store serves.
#include "ashbyknit/store_json.hpp"
#include "command.hpp"
#include "output.hpp"
#include "store_access.hpp"

namespace ashbyknit::cli {
namespace {

exit_status run_create(const parsed_arguments &arguments) {
  const auto opened = open_store(arguments.required("--db"));
  if (!opened.ok()) return fail(opened.message());
  return finish(opened.value()->create_integration(arguments.required("--id")));
}

exit_status run_list(const parsed_arguments &arguments) {
  const auto opened = open_store(arguments.required("--db"));
  if (!opened.ok()) return fail(opened.message());
  return print_json(opened.value()->list_integrations());
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
       "Prints the store's integrations as a JSON array of {\"id\",\"createdMs\",\"activeKeys\"}.",
       "  --db FILE            the store",
       {{store_option}, 0},
       run_list},
  };
}

}  // namespace ashbyknit::cli
