// How commands talk to the user: results on stdout, problems as one line on stderr.
#pragma once

#include <string_view>

#include "ashbyknit/result.hpp"
#include "command.hpp"

namespace ashbyknit::cli {

/// Writes `text` and a newline to stdout, byte for byte.
void print_line(std::string_view text);

/// Writes "ashbyknit: <message>" to stderr as one line: control characters in the message
/// (which may quote the user's input) are shown as spaces.
void print_problem(std::string_view message);

/// print_problem(message), then exit_failure: the usual end of a command that cannot run.
exit_status fail(std::string_view message);

/// exit_ok for a change that was made, else fail(its message): the end of a command that only
/// changes something and prints nothing.
exit_status finish(const status &outcome);

/// Prints `to_json(value)` (the library's rendering, found by argument-dependent lookup) of a
/// result that holds a value, else fail(its message).
template <typename T>
exit_status print_json(const result<T> &outcome) {
  if (!outcome.ok()) return fail(outcome.message());
  print_line(to_json(outcome.value()));
  return exit_ok;
}

}  // namespace ashbyknit::cli
