// What a sub-command of the ashbyknit tool is. main.cpp keeps the table of them; each
// *_command.cpp file contributes one group.
#pragma once

#include <string_view>
#include <vector>

#include "arguments.hpp"

namespace ashbyknit::cli {

/// The tool's exit statuses.
enum exit_status : int {
  exit_ok = 0,        ///< done; for a question, the answer is yes
  exit_negative = 1,  ///< the answer is no: a signature that does not verify, a call or report refused
  exit_failure = 2,   ///< bad usage or bad input; one line on stderr says what
};

/// A sub-command: the words that name it, what it accepts, and what it does.
struct command {
  std::vector<std::string_view> name;  ///< {"map", "start"}
  std::string_view synopsis;           ///< its arguments, as help shows them after the name
  std::string_view summary;            ///< one line: what it does
  std::string_view details;            ///< for `COMMAND --help`: its options, one per line; may be empty
  argument_spec arguments;
  /// Runs the command with arguments already checked against `arguments` (help is handled
  /// before). Writes its result to stdout and at most one line to stderr.
  exit_status (*run)(const parsed_arguments &arguments);
};

/// `map start` and `map cancel`: Ashby's calls turned into Knit events.
std::vector<command> map_commands();

/// `master-key generate`: the key that encrypts the Ashby API keys a store keeps.
std::vector<command> master_key_commands();

/// `integration create`, `integration list`, `integration set-ashby-key` and `integration
/// set-enrichment`: the integrations of a store, the Ashby API key of each, and whether each one's
/// candidates are enriched.
std::vector<command> integration_commands();

/// `secret issue`, `secret list` and `secret revoke`: per-integration secret keys.
std::vector<command> secret_commands();

/// `packages set` and `fields set`: the catalogue and custom fields offered to Ashby.
std::vector<command> settings_commands();

/// `assessments list`: the assessments started through the bridge.
std::vector<command> assessments_commands();

/// `events pull|ack|count|list|history|replay`: the outbox, for hosts that deliver events
/// themselves and for operators who watch delivery and replay dead letters.
std::vector<command> events_commands();

/// `report started|progress|completed|cancelled|update|add-completed`: the vendor's reports on an
/// assessment, queued for Ashby.
std::vector<command> report_commands();

/// `call`: one of Ashby's calls, played through the bridge.
std::vector<command> call_commands();

/// `sign` and `verify`: the X-Knit-Signature or the Standard Webhooks headers; `standard-key new`.
std::vector<command> signature_commands();

/// `serve`: the bridge as an HTTP service, with its delivery workers.
std::vector<command> serve_commands();

/// `simulate`: Ashby, played locally against a served bridge, every reply checked.
std::vector<command> simulate_commands();

/// `receive`: a webhook receiver that verifies signatures, for trying delivery out.
std::vector<command> receive_commands();

}  // namespace ashbyknit::cli
