// `ashbyknit assessments list`: the assessments the bridge started for Ashby.
#include "ashbyknit/store_json.hpp"
#include "command.hpp"
#include "output.hpp"
#include "store_access.hpp"

namespace ashbyknit::cli {
namespace {

exit_status run_list(const parsed_arguments &arguments) {
  const auto opened = open_store(arguments);
  if (!opened.ok()) return fail(opened.message());
  return print_json(opened.value()->list_assessments(arguments.option("--integration")));
}

}  // namespace

std::vector<command> assessments_commands() {
  return {
      {{"assessments", "list"},
       "--db FILE [--integration ID]",
       "Prints the assessments started through the bridge, newest first, as a JSON array.",
       "  --db FILE            the store\n"
       "  --integration ID     only this integration's (default: every integration's)\n"
       "Each entry is {\"id\",\"integrationId\",\"applicationId\",\"assessmentTypeId\",\"status\",\"createdMs\",\n"
       "\"updatedMs\"}, with status \"active\", \"started\", \"completed\" or \"cancelled\" (by Ashby or the\n"
       "vendor): the vendor's reports move an assessment along ('ashbyknit report').",
       {{store_option, {"--integration"}}, 0},
       run_list},
  };
}

}  // namespace ashbyknit::cli
