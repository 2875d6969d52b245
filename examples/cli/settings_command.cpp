// `ashbyknit packages set` and `ashbyknit fields set`: what the bridge offers Ashby, bridge-wide
// or for one integration.
#include "command.hpp"
#include "input.hpp"
#include "output.hpp"
#include "store_access.hpp"

namespace ashbyknit::cli {
namespace {

/// A setter of a JSON setting: store::set_packages or store::set_custom_fields.
using json_setter = status (store::*)(std::string_view integration_id, std::string_view json);

/// Reads the JSON (the positional file, or stdin) and stores it with `set`, for --integration or,
/// without it, bridge-wide. The library validates the JSON and names what is wrong in it.
exit_status set_json(const parsed_arguments &arguments, json_setter set) {
  const auto json = read_input(arguments.positional(0));
  if (!json.ok()) return fail(json.message());
  const auto opened = open_store(arguments);
  if (!opened.ok()) return fail(opened.message());
  store &target = *opened.value();
  return finish((target.*set)(arguments.option("--integration").value_or(""), json.value()));
}

exit_status run_packages(const parsed_arguments &arguments) { return set_json(arguments, &store::set_packages); }

exit_status run_fields(const parsed_arguments &arguments) { return set_json(arguments, &store::set_custom_fields); }

}  // namespace

std::vector<command> settings_commands() {
  return {
      {{"packages", "set"},
       "--db FILE [--integration ID] [PACKAGES|-]",
       "Sets the package catalogue that assessment.list offers and record.new events describe.",
       "  --db FILE            the store\n"
       "  --integration ID     the integration it is for (default: every integration without its own)\n"
       "PACKAGES, a file read as FILE is, holds a JSON array of {id, name, description, type, metaData};\n"
       "it replaces the catalogue set before.",
       {{store_option, {"--integration"}}, 1},
       run_packages},
      {{"fields", "set"},
       "--db FILE [--integration ID] [FIELDS|-]",
       "Sets the custom fields that assessment.customField.list offers.",
       "  --db FILE            the store\n"
       "  --integration ID     the integration they are for (default: every integration without its own)\n"
       "FIELDS, a file read as FILE is, holds a JSON array of {id, name, type, possible_values, isRequired},\n"
       "with type one of Ashby's field types and possible_values ([{key, value}]) for ValueSelect and\n"
       "MultiValueSelect; it replaces the fields set before.",
       {{store_option, {"--integration"}}, 1},
       run_fields},
  };
}

}  // namespace ashbyknit::cli
