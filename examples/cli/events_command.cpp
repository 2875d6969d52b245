// `ashbyknit events pull|ack|count|list|history|replay`: the outbox of Knit events, for a host
// that delivers them itself and for the operator who watches their delivery.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
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

// A listing is as long as the operator asks: --limit has no bound of its own.
constexpr std::int64_t max_list = std::numeric_limits<std::int64_t>::max();

// Pulling never routes a call, but a bridge needs a valid public base URL to open.
constexpr const char *unused_base_url = "http://localhost/";

exit_status run_pull(const parsed_arguments &arguments) {
  const auto max = positive_number_option(arguments, "--max", max_pull);
  if (!max.ok()) return fail(max.message());
  auto key = read_signing_key(arguments.option("--key-file"));
  if (!key.ok()) return fail(key.message());
  bridge_options options;
  options.public_base_url = unused_base_url;
  options.signing_key = std::move(key).value();
  const auto opened = open_bridge(arguments, std::move(options));
  if (!opened.ok()) return fail(opened.message());
  const auto deliveries = opened.value()->pull_events(static_cast<std::size_t>(max.value().value_or(default_pull)));
  if (!deliveries.ok()) return fail(deliveries.message());
  for (const pending_delivery &delivery : deliveries.value()) print_line(to_json(delivery));
  return exit_ok;
}

exit_status run_ack(const parsed_arguments &arguments) {
  const std::vector<std::string_view> &words = arguments.positionals();
  if (words.empty()) return fail("events ack needs the EVENT_ID of at least one event");
  const auto opened = open_store(arguments);
  if (!opened.ok()) return fail(opened.message());
  const std::vector<std::string> event_ids(words.begin(), words.end());
  const auto acknowledged = opened.value()->acknowledge_events(event_ids);
  if (!acknowledged.ok()) return fail(acknowledged.message());
  print_line(std::to_string(acknowledged.value()));
  return exit_ok;
}

exit_status run_count(const parsed_arguments &arguments) {
  const auto opened = open_store(arguments);
  if (!opened.ok()) return fail(opened.message());
  const auto counts = opened.value()->count_events();
  if (!counts.ok()) return fail(counts.message());
  const store::event_counts &count = counts.value();
  print_line(json_integer_object(
      {{"pending", count.pending}, {"acknowledged", count.acknowledged}, {"deadLettered", count.dead_lettered}}));
  return exit_ok;
}

/// The state --state names, std::nullopt for every state when it is not given.
result<std::optional<event_state>> state_option(const parsed_arguments &arguments) {
  const auto given = arguments.option("--state");
  if (!given) return std::optional<event_state>();
  if (*given == "pending") return std::optional(event_state::pending);
  if (*given == "delivered") return std::optional(event_state::delivered);
  if (*given == "dead-lettered") return std::optional(event_state::dead_lettered);
  return error{error_code::invalid_argument,
               "--state must be pending, delivered or dead-lettered, not '" + std::string(*given) + "'"};
}

exit_status run_list(const parsed_arguments &arguments) {
  const auto state = state_option(arguments);
  if (!state.ok()) return fail(state.message());
  const auto limit = positive_number_option(arguments, "--limit", max_list);
  if (!limit.ok()) return fail(limit.message());
  const auto opened = open_store(arguments);
  if (!opened.ok()) return fail(opened.message());
  return print_json(opened.value()->list_events(state.value(), static_cast<std::size_t>(limit.value().value_or(0))));
}

exit_status run_history(const parsed_arguments &arguments) {
  const auto opened = open_store(arguments);
  if (!opened.ok()) return fail(opened.message());
  const auto history = opened.value()->event_history(arguments.required("--id"));
  if (!history.ok()) return fail(history.message());
  print_line(to_json(history.value()));
  return exit_ok;
}

exit_status run_replay(const parsed_arguments &arguments) {
  const auto event_id = arguments.option("--id");
  if (event_id.has_value() == arguments.flag("--all")) return fail("events replay needs either --id EVENT_ID or --all");
  const auto opened = open_store(arguments);
  if (!opened.ok()) return fail(opened.message());
  const auto replayed = opened.value()->replay_dead_letters(event_id);
  if (!replayed.ok()) return fail(replayed.message());
  print_line(std::to_string(replayed.value()));
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
       "Prints {\"pending\":N,\"acknowledged\":M,\"deadLettered\":D}: the events by delivery state.",
       "  --db FILE            the store\n"
       "Pending events wait for delivery or a retry; dead-lettered ones were given up and wait for\n"
       "'events replay'.",
       {{store_option}, 0},
       run_count},
      {{"events", "list"},
       "--db FILE [--state pending|delivered|dead-lettered] [--limit N]",
       "Prints events and where they are in their delivery, oldest first, as a JSON array.",
       "  --db FILE            the store\n"
       "  --state STATE        only the events in this state (default: every state)\n"
       "  --limit N            at most N events (default: all)\n"
       "Each entry is {\"eventId\",\"integrationId\",\"assessmentId\",\"eventType\",\"state\",\"createdMs\",\n"
       "\"attempts\",\"nextAttemptMs\",\"finishedMs\",\"lastError\"}, with state \"pending\", \"delivered\" or\n"
       "\"dead_lettered\"; finishedMs is null while pending, lastError null when no attempt failed. Reports\n"
       "to Ashby are listed too, with their upd_... id and eventType \"assessment.update\" (or\n"
       "\"assessment.addCompletedToCandidate\" for 'report add-completed').",
       {{store_option, {"--state"}, {"--limit"}}, 0},
       run_list},
      {{"events", "history"},
       "--db FILE --id EVENT_ID",
       "Prints every attempt to deliver an event, oldest first, as a JSON array.",
       "  --db FILE            the store\n"
       "  --id EVENT_ID        the event\n"
       "Each entry is {\"executionId\",\"startedMs\",\"durationMs\",\"httpStatus\",\"error\",\"requestId\"};\n"
       "httpStatus is null when the receiver gave none, error null when there is none, requestId (Ashby's\n"
       "x-ashby-request-id, for a report) null when there is none.",
       {{store_option, {"--id", option_kind::required_value}}, 0},
       run_history},
      {{"events", "replay"},
       "--db FILE (--id EVENT_ID | --all)",
       "Makes dead-lettered events pending again, due at once, and prints how many.",
       "  --db FILE            the store\n"
       "  --id EVENT_ID        this dead-lettered event\n"
       "  --all                every dead-lettered event\n"
       "A replayed event starts a fresh retry budget.",
       {{store_option, {"--id"}, {"--all", option_kind::flag}}, 0},
       run_replay},
  };
}

}  // namespace ashbyknit::cli
