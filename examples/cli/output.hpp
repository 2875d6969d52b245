// How commands talk to the user: results on stdout, problems as one line on stderr.
#pragma once

#include <string_view>

#include "command.hpp"

namespace ashbyknit::cli {

/// Writes `text` and a newline to stdout, byte for byte.
void print_line(std::string_view text);

/// Writes "ashbyknit: <message>" to stderr as one line: control characters in the message
/// (which may quote the user's input) are shown as spaces.
void print_problem(std::string_view message);

/// print_problem(message), then exit_failure: the usual end of a command that cannot run.
exit_status fail(std::string_view message);

}  // namespace ashbyknit::cli
