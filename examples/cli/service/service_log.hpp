// The log lines of the long-running commands: one timestamped line per event, written whole.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace ashbyknit::cli {

/// The current UTC time in ISO 8601 with milliseconds: "2024-12-18T23:04:50.123Z".
std::string utc_timestamp();

/// Writes "<utc_timestamp()> <text>" and a newline to `stream` in one write, then flushes it, so
/// that a reader sees each line as soon as it happens. Control characters in `text` (which may
/// quote a request) are shown as spaces, so a line stays one line. Lines written from several
/// threads at once never interleave. Callers keep secrets, names, e-mail addresses and bodies
/// out of `text`.
void log_line(std::FILE *stream, std::string_view text);

}  // namespace ashbyknit::cli
