// `ashbyknit events pull|ack|count`: the outbox of Knit events, for a host that delivers them
// itself.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "ashbyknit/store_json.hpp"
#include "command.hpp"
#include "input.hpp"
#include "json_text.hpp"
#include "output.hpp"
#include "store_access.hpp"

namespace ashbyknit::cli {
namespace {

constexpr std::int64_t default_pull = 10;
// Every pulled event is leased until the visibility timeout: the bound keeps a slip of the
// keyboard from leasing a whole outbox at once.
constexpr std::int64_t max_pull = 1000;

// Pulling never routes a call, but a bridge needs a valid public base URL to open.
constexpr const char *unused_base_url = "http://localhost/";

exit_status run_pull(const parsed_arguments &arguments) {
  const auto max = positive_number_option(arguments, "--max", max_pull);
  if (!max.ok()) return fail(max.message());
  auto key = read_signing_key(arguments.option("--key-file"));
  if (!key.ok()) return fail(key.message());
  const auto opened = open_bridge(arguments.required("--db"), unused_base_url, std::move(key).value());
  if (!opened.ok()) return fail(opened.message());
  const auto deliveries = opened.value()->pull_events(static_cast<std::size_t>(max.value().value_or(default_pull)));
  if (!deliveries.ok()) return fail(deliveries.message());
  for (const pending_delivery &delivery : deliveries.value()) print_line(to_json(delivery));
  return exit_ok;
}

exit_status run_ack(const parsed_arguments &arguments) {
  const std::vector<std::string_view> &words = arguments.positionals();
  if (words.empty()) return fail("events ack needs the EVENT_ID of at least one event");
  const auto opened = open_store(arguments.required("--db"));
  if (!opened.ok()) return fail(opened.message());
  const std::vector<std::string> event_ids(words.begin(), words.end());
  const auto acknowledged = opened.value()->acknowledge_events(event_ids);
  if (!acknowledged.ok()) return fail(acknowledged.message());
  print_line(std::to_string(acknowledged.value()));
  return exit_ok;
}

exit_status run_count(const parsed_arguments &arguments) {
  const auto opened = open_store(arguments.required("--db"));
  if (!opened.ok()) return fail(opened.message());
  const auto counts = opened.value()->count_events();
  if (!counts.ok()) return fail(counts.message());
  print_line(json_integer_object({{"pending", counts.value().pending}, {"acknowledged", counts.value().acknowledged}}));
  return exit_ok;
}

}  // namespace

std::vector<command> events_commands() {
  return {
      {{"events", "pull"},
       "--db FILE [--max N] [--key-file F]",
       "Leases up to N undelivered events, signs each, and prints one JSON line per event.",
       "  --db FILE            the store\n"
       "  --max N              how many events at most (1 to 1000; default: 10)\n"
       "  --key-file F         the signing key (default: the environment variable AK_SIGNING_KEY)\n"
       "Each line is {\"eventId\",\"eventType\",\"integrationId\",\"assessmentId\",\"handedOut\",\"headers\",\n"
       "\"body\"}: POST \"body\" (its UTF-8 bytes) with \"headers\" to the webhook, then run 'events ack'.\n"
       "An event not acknowledged within a minute is handed out again.",
       {{store_option, {"--max"}, {"--key-file"}}, 0},
       run_pull},
      {{"events", "ack"},
       "--db FILE EVENT_ID...",
       "Marks events delivered, and prints how many of them were pending.",
       "  --db FILE            the store\n"
       "Acknowledged events are never handed out again; unknown or acknowledged ids are not an error.",
       {{store_option}, std::numeric_limits<std::size_t>::max()},
       run_ack},
      {{"events", "count"},
       "--db FILE",
       "Prints {\"pending\":N,\"acknowledged\":M}: the events waiting for delivery, and those delivered.",
       "  --db FILE            the store",
       {{store_option}, 0},
       run_count},
  };
}

}  // namespace ashbyknit::cli
