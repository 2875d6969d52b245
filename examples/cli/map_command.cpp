// `ashbyknit map start` and `ashbyknit map cancel`: an Ashby call's body in, the Knit event out.
#include <cstdint>
#include <optional>
#include <string>

#include "ashbyknit/ashby.hpp"
#include "ashbyknit/catalogue.hpp"
#include "ashbyknit/mapping.hpp"
#include "command.hpp"
#include "input.hpp"
#include "output.hpp"

namespace ashbyknit::cli {
namespace {

/// Pins the event's clock to --now-ms when it is given, so that output can be reproduced.
/// Fails for a value that is not a whole number; the library judges its range.
status pin_clock(const parsed_arguments &arguments, map_options &options) {
  const std::optional<std::string_view> text = arguments.option("--now-ms");
  if (!text) return {};
  const std::optional<std::int64_t> now_ms = whole_number(*text);
  if (!now_ms) {
    return {error_code::invalid_argument,
            "--now-ms must be a whole number of milliseconds since 1970, not '" + std::string(*text) + "'"};
  }
  options.clock = [now_ms = *now_ms] { return now_ms; };
  return {};
}

/// Reads the body (the positional FILE, or stdin), validates and maps it with `map` (one pass)
/// and prints the event.
exit_status map_body(const parsed_arguments &arguments, const map_options &options,
                     result<knit_event> (*map)(std::string_view, const map_options &, const json_limits &)) {
  const auto body = read_input(arguments.positional(0));
  if (!body.ok()) return fail(body.message());
  const auto event = map(body.value(), options, json_limits{});
  if (!event.ok()) return fail(event.message());
  print_line(event.value().json);
  return exit_ok;
}

exit_status run_start(const parsed_arguments &arguments) {
  map_options options;
  if (const auto pinned = pin_clock(arguments, options); !pinned.ok()) return fail(pinned.message());
  options.assessment_id = std::string(arguments.option("--assessment-id").value_or(""));  // "": mint one
  std::optional<package_catalogue> catalogue;
  if (const auto path = arguments.option("--packages")) {
    const auto text = read_file(*path);
    if (!text.ok()) return fail(text.message());
    auto parsed = package_catalogue::parse(text.value());
    if (!parsed.ok()) return fail(std::string(*path) + ": " + parsed.message());
    catalogue.emplace(std::move(parsed).value());
    options.packages = &*catalogue;
  }
  return map_body(arguments, options, map_start_body);
}

exit_status run_cancel(const parsed_arguments &arguments) {
  map_options options;
  if (const auto pinned = pin_clock(arguments, options); !pinned.ok()) return fail(pinned.message());
  return map_body(arguments, options, map_cancel_body);
}

}  // namespace

std::vector<command> map_commands() {
  return {
      {{"map", "start"},
       "[--packages FILE] [--assessment-id ID] [--now-ms MS] [FILE|-]",
       "Maps an Ashby assessment.start body to a Knit record.new event and prints it.",
       "  --packages FILE      the package catalogue: a JSON array of {id, name, description, type, metaData}\n"
       "  --assessment-id ID   the record id, ats_ass_... (default: a new one)\n"
       "  --now-ms MS          the event's time in ms since 1970 (default: now)",
       {{{"--packages"}, {"--assessment-id"}, {"--now-ms"}}, 1},
       run_start},
      {{"map", "cancel"},
       "[--now-ms MS] [FILE|-]",
       "Maps an Ashby assessment.cancel body to a Knit record.deleted event and prints it.",
       "  --now-ms MS          the event's time in ms since 1970 (default: now)",
       {{{"--now-ms"}}, 1},
       run_cancel},
  };
}

}  // namespace ashbyknit::cli
