// `ashbyknit simulate`: Ashby, played locally against a served bridge. It makes Ashby's calls,
// well-formed and not, checks every reply against docs/protocol.md §2, and reports the statuses and
// latencies: the vendor's acceptance test and the project's load generator in one.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "command.hpp"
#include "input.hpp"
#include "output.hpp"
#include "simulate/connection.hpp"
#include "simulate/credential_headers.hpp"
#include "simulate/progress_line.hpp"
#include "simulate/rounds.hpp"
#include "simulate/scenario.hpp"
#include "simulate/statistics.hpp"
#include "simulate/target.hpp"

namespace ashbyknit::cli {
namespace {

using namespace simulation;

constexpr std::int64_t default_count = 20;
// Every round's bodies are made before the first call, about 1 KB a round: the bound keeps them
// within a gigabyte.
constexpr std::int64_t max_count = 1000000;
constexpr std::int64_t max_concurrency = 256;
// Shorter runs end before a progress display would be read.
constexpr std::size_t min_rounds_for_progress = 1000;
// Started when the bridge lists no assessment type: it accepts any id, and maps it to no package.
constexpr const char *unlisted_type_id = "simulated-assessment";
// --seed takes a whole number that fits an int64; a drawn seed stays in that range to be given back.
constexpr std::uint64_t seed_mask = 0x7fffffffffffffffULL;

/// The seed --seed gives, or a random one.
result<std::uint64_t> seed_option(const parsed_arguments &arguments) {
  const auto text = arguments.option("--seed");
  if (!text) {
    std::random_device device;
    return ((std::uint64_t{device()} << 32) | device()) & seed_mask;
  }
  const auto number = whole_number(*text);
  if (!number || *number < 0) {
    return error{error_code::invalid_argument,
                 "--seed must be a whole number from 0 to " + std::to_string(seed_mask) + ", not '" + std::string(*text) + "'"};
  }
  return static_cast<std::uint64_t>(*number);
}

/// Prints the unexpected replies kept and the summary; exit_ok when every reply was as expected.
exit_status report(const statistics &recorded, std::chrono::steady_clock::duration wall, std::uint64_t seed,
                   bool rounds_played) {
  for (const std::string &line : recorded.first_unexpected()) print_line("unexpected: " + line);
  print_line(summary_table(recorded, wall, seed));
  if (recorded.unexpected() == 0) return exit_ok;
  std::string problem = std::to_string(recorded.unexpected()) + " of " + std::to_string(recorded.calls()) +
                        " replies were not as expected";
  if (!rounds_played) problem += "; the starts need assessment.list's types, so nothing else was called";
  print_problem(problem);
  return exit_negative;
}

exit_status run_simulate(const parsed_arguments &arguments) {
  const auto count = positive_number_option(arguments, "--count", max_count);
  if (!count.ok()) return fail(count.message());
  const auto concurrency = positive_number_option(arguments, "--concurrency", max_concurrency);
  if (!concurrency.ok()) return fail(concurrency.message());
  const auto seed = seed_option(arguments);
  if (!seed.ok()) return fail(seed.message());
  const auto target = parse_target(arguments.required("--base-url"));
  if (!target.ok()) return fail(target.message());
  const auto secret_key = read_key_file(arguments.required("--key-file"), "secret key");
  if (!secret_key.ok()) return fail(secret_key.message());
  const auto headers = credential_headers::make(secret_key.value());
  if (!headers.ok()) return fail(headers.message());
  const auto rounds_count = static_cast<std::size_t>(count.value().value_or(default_count));
  const auto connections = std::min(static_cast<std::size_t>(concurrency.value().value_or(1)), rounds_count);

  // Ashby lists the assessment types first; its starts name one of them.
  const auto list_started = std::chrono::steady_clock::now();
  connection first(target.value(), headers.value());
  const verdict listed = first.call(call_kind::list, operation::list, credentials::issued_key, "{}",
                                    {expectation::shape::assessment_types, 200, ""});
  if (!listed.replied) return fail("cannot reach the bridge at " + target.value().base_url + ": " + listed.problem);
  // Then the custom fields, which Ashby asks for beside the types.
  if (listed.problem.empty()) {
    first.call(call_kind::custom_fields, operation::custom_fields, credentials::issued_key, "{}",
               {expectation::shape::custom_fields, 200, ""});
  }
  auto wall = std::chrono::steady_clock::now() - list_started;
  statistics recorded = std::move(first.recorded());
  if (!listed.problem.empty()) return report(recorded, wall, seed.value(), false);

  const std::vector<std::string> type_ids =
      listed.assessment_type_ids.empty() ? std::vector<std::string>{unlisted_type_id} : listed.assessment_type_ids;
  const std::vector<round_plan> rounds = plan_rounds(rounds_count, seed.value(), type_ids);
  std::atomic<std::size_t> played{0};
  const auto rounds_started = std::chrono::steady_clock::now();
  {
    const progress_line progress(played, rounds.size(), min_rounds_for_progress);
    recorded.merge(play_rounds(rounds, connections, target.value(), headers.value(), played));
  }
  wall += std::chrono::steady_clock::now() - rounds_started;
  return report(recorded, wall, seed.value(), true);
}

}  // namespace

std::vector<command> simulate_commands() {
  return {
      {{"simulate"},
       "--base-url URL --key-file F [--count N] [--concurrency C] [--seed S]",
       "Plays Ashby against a served bridge, checks every reply against docs/protocol.md §2, and prints a summary.",
       "  --base-url URL     the bridge's public base URL, as given to Ashby (http or https)\n"
       "  --key-file F       the integration's secret key, as given to Ashby (not the signing key)\n"
       "  --count N          rounds to play (1 to 1000000; default: 20)\n"
       "  --concurrency C    connections, each on its own thread, sharing the rounds (1 to 256; default: 1)\n"
       "  --seed S           makes the bodies the same on every run (0 or more; default: random)\n"
       "First assessment.list and assessment.customField.list; then N rounds, each an assessment.start\n"
       "of a new application (names in several scripts, optional fields present or missing), sometimes\n"
       "its retry (the same id), and for about half of them assessment.cancel (sometimes twice). Spread\n"
       "over the rounds, one call in 20 rounds of each kind that must be refused: no-credentials (401),\n"
       "wrong-key (403), malformed-json (400), missing-field (422), unknown-cancel (200,\n"
       "assessment_not_found) and conflicting-start (409). When assessment.list is not as expected,\n"
       "nothing else is called.\n"
       "Prints each of the first unexpected replies with what docs/protocol.md §2 expects, then per kind of call\n"
       "the calls, latency percentiles and statuses, and the totals with the seed. Progress shows on\n"
       "stderr when it is a terminal and N is 1000 or more.\n"
       "Exits 0 when every reply was as expected, 1 when any was not, 2 for bad usage or when the\n"
       "bridge cannot be reached.",
       {{{"--base-url", option_kind::required_value},
         {"--key-file", option_kind::required_value},
         {"--count", option_kind::value},
         {"--concurrency", option_kind::value},
         {"--seed", option_kind::value}}},
       run_simulate},
  };
}

}  // namespace ashbyknit::cli
