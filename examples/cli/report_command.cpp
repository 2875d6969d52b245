// `ashbyknit report started|progress|completed|cancelled|update|add-completed`: the vendor's
// reports on an assessment, queued for Ashby (assessment.update, or
// assessment.addCompletedToCandidate for one that Ashby did not start) in the store's outbox,
// where serve's delivery engine sends them.
#include <deque>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ashbyknit/assessment_update.hpp"
#include "ashbyknit/reporter.hpp"
#include "command.hpp"
#include "input.hpp"
#include "output.hpp"
#include "report_text.hpp"
#include "store_access.hpp"

namespace ashbyknit::cli {
namespace {

constexpr option_spec integration_option{"--integration", option_kind::required_value};
constexpr option_spec assessment_option{"--assessment", option_kind::required_value};
constexpr option_spec metadata_option{"--metadata"};
constexpr option_spec body_file_option{"--body-file", option_kind::required_value};

/// A report that was not queued: exit_negative for a refusal of what it says (its JSON, its
/// assessment, the integration's missing Ashby key), exit_failure when the store failed.
exit_status refused(const error &failure) {
  print_problem(failure.message);
  const bool store_failed = failure.code == error_code::internal || failure.code == error_code::store_error;
  return store_failed ? exit_failure : exit_negative;
}

/// Opens the store, queues the report that `report` makes through a reporter over it for
/// --integration, and prints the receipt.
template <typename Report>
exit_status queue(const parsed_arguments &arguments, Report report) {
  const auto opened = open_store(arguments);
  if (!opened.ok()) return fail(opened.message());
  assessment_reporter reporter(*opened.value());
  const result<queued_update> queued = report(reporter, arguments.required(integration_option.name));
  if (!queued.ok()) return refused(queued.failure());
  print_line(update_receipt(queued.value()));
  return exit_ok;
}

exit_status run_started(const parsed_arguments &arguments) {
  return queue(arguments, [&](assessment_reporter &reporter, std::string_view integration) {
    return reporter.started(integration, arguments.required(assessment_option.name),
                            arguments.option("--profile-url").value_or(""));
  });
}

exit_status run_progress(const parsed_arguments &arguments) {
  auto metadata = optional_blob_list(arguments.option(metadata_option.name), metadata_option.name);
  if (!metadata.ok()) return refused(metadata.failure());
  return queue(arguments, [&](assessment_reporter &reporter, std::string_view integration) {
    return reporter.progress(integration, arguments.required(assessment_option.name), arguments.required("--status"),
                             std::move(metadata).value());
  });
}

exit_status run_completed(const parsed_arguments &arguments) {
  auto outcome = parse_blob(arguments.required("--result"), "--result");
  if (!outcome.ok()) return refused(outcome.failure());
  auto metadata = optional_blob_list(arguments.option(metadata_option.name), metadata_option.name);
  if (!metadata.ok()) return refused(metadata.failure());
  return queue(arguments, [&](assessment_reporter &reporter, std::string_view integration) {
    return reporter.completed(integration, arguments.required(assessment_option.name), std::move(outcome).value(),
                              arguments.required("--profile-url"), std::move(metadata).value());
  });
}

exit_status run_cancelled(const parsed_arguments &arguments) {
  return queue(arguments, [&](assessment_reporter &reporter, std::string_view integration) {
    return reporter.cancelled(integration, arguments.required(assessment_option.name), arguments.required("--reason"));
  });
}

/// A member of the reporter that queues a complete body, given as JSON, for an integration.
using body_report = result<queued_update> (assessment_reporter::*)(std::string_view, std::string_view);

/// `report update` (submit_json) and `report add-completed` (add_completed_json): the body that
/// --body-file names, queued by `report`.
template <body_report report>
exit_status run_body(const parsed_arguments &arguments) {
  const auto body = read_input(arguments.required(body_file_option.name));
  if (!body.ok()) return fail(body.message());
  return queue(arguments, [&](assessment_reporter &reporter, std::string_view integration) {
    return (reporter.*report)(integration, body.value());
  });
}

/// The options every report starts with, as its help shows them.
constexpr std::string_view integration_help =
    "  --db FILE            the store\n"
    "  --integration ID     the integration\n";

/// The option that names the assessment a report is about, as its help shows it.
constexpr std::string_view assessment_help =
    "  --assessment ID      the assessment, the ats_ass_... that Ashby's start was answered with\n";

/// What every report's help ends with.
constexpr std::string_view outcome_help =
    "Prints {\"updateId\":\"upd_...\",\"timestamp\":MS}: the update is in the outbox ('events list' shows it\n"
    "as assessment.update), for serve to send to Ashby with the integration's Ashby API key.\n"
    "Exits 1 with one line naming the problem when the report is refused: a field that fails Ashby's\n"
    "rules, an assessment the integration never issued, one already completed or cancelled, or an\n"
    "integration without an Ashby API key ('integration set-ashby-key').";

/// `parts` joined, kept for the program's life, since commands hold views of their help.
std::string_view kept_help(std::initializer_list<std::string_view> parts) {
  static std::deque<std::string> texts;  // a deque never moves what it holds
  std::string &text = texts.emplace_back();
  for (const std::string_view part : parts) text += part;
  return text;
}

/// The help of a report about one assessment: its target's options, `options`, then outcome_help.
std::string_view assessment_report_help(std::string_view options) {
  return kept_help({integration_help, assessment_help, options, outcome_help});
}

}  // namespace

std::vector<command> report_commands() {
  return {
      {{"report", "started"},
       "--db FILE --integration ID --assessment ID [--profile-url URL]",
       "Reports that the candidate started: status \"Started\".",
       assessment_report_help("  --profile-url URL    the candidate's page or report, absolute http(s)\n"),
       {{store_option, integration_option, assessment_option, {"--profile-url"}}, 0},
       run_started},
      {{"report", "progress"},
       "--db FILE --integration ID --assessment ID --status TEXT [--metadata JSON]",
       "Reports progress: a status text shown to the recruiter, and metadata.",
       assessment_report_help("  --status TEXT        the status, such as \"In progress\"\n"
                              "  --metadata JSON      a JSON array of blobs "
                              "{\"identifier\",\"label\",\"type\",\"value\",\"description\"?}\n"),
       {{store_option,
         integration_option,
         assessment_option,
         {"--status", option_kind::required_value},
         metadata_option},
        0},
       run_progress},
      {{"report", "completed"},
       "--db FILE --integration ID --assessment ID --result JSON --profile-url URL [--metadata JSON]",
       "Reports the result: status \"Completed\"; the assessment is then final.",
       assessment_report_help(
           "  --result JSON        the result, a blob {\"identifier\",\"label\",\"type\",\"value\",\"description\"?}\n"
           "                       with type numeric_score, numeric_duration_minutes, url, string or\n"
           "                       boolean_success\n"
           "  --profile-url URL    the report, absolute http(s)\n"
           "  --metadata JSON      a JSON array of blobs\n"),
       {{store_option,
         integration_option,
         assessment_option,
         {"--result", option_kind::required_value},
         {"--profile-url", option_kind::required_value},
         metadata_option},
        0},
       run_completed},
      {{"report", "cancelled"},
       "--db FILE --integration ID --assessment ID --reason TEXT",
       "Reports that the vendor cancelled the assessment; it is then final.",
       assessment_report_help("  --reason TEXT        why, shown to the recruiter\n"),
       {{store_option, integration_option, assessment_option, {"--reason", option_kind::required_value}}, 0},
       run_cancelled},
      {{"report", "update"},
       "--db FILE --integration ID --body-file F",
       "Reports with a complete assessment.update body, for what the other reports cannot say.",
       kept_help({integration_help,
                  "  --body-file F        the body, '-' for standard input: {\"assessment_id\",\"timestamp\",\n"
                  "                       \"assessment_status\",\"assessment_profile_url\"?,\"assessment_result\"?,\n"
                  "                       \"cancelled_reason\"?,\"metadata\"?} as Ashby takes it\n"
                  "A result completes the assessment and a cancel reason cancels it. Prints and exits as the\n"
                  "other reports do."}),
       {{store_option, integration_option, body_file_option}, 0},
       run_body<&assessment_reporter::submit_json>},
      {{"report", "add-completed"},
       "--db FILE --integration ID --body-file F",
       "Adds a completed assessment that Ashby did not start (assessment.addCompletedToCandidate).",
       kept_help({integration_help,
                  "  --body-file F        the body, '-' for standard input: {\"candidateId\",\"partnerId\",\n"
                  "                       \"assessment\":{\"assessmentTypeId\",\"assessmentId\",\"assessmentName\",\n"
                  "                       \"result\",\"metadata\"},\"timestamp\"?} as Ashby takes it, the result\n"
                  "                       a blob and the metadata an array of blobs (may be []); without a\n"
                  "                       timestamp, it is now\n"
                  "The store then knows the assessment by its assessmentId as completed: it takes no further\n"
                  "report. Prints {\"updateId\":\"upd_...\",\"timestamp\":MS}: the call is in the outbox ('events\n"
                  "list' shows it as assessment.addCompletedToCandidate), for serve to send to Ashby with the\n"
                  "integration's Ashby API key.\n"
                  "Exits 1 with one line naming the problem when it is refused: a field that fails Ashby's\n"
                  "rules, an unknown integration, an assessmentId the store already knows (of any integration)\n"
                  "or an integration without an Ashby API key ('integration set-ashby-key')."}),
       {{store_option, integration_option, body_file_option}, 0},
       run_body<&assessment_reporter::add_completed_json>},
  };
}

}  // namespace ashbyknit::cli
