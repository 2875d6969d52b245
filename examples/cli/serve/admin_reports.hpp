// The reports of serve's admin API: a request's JSON body turned into a report to Ashby through
// the assessment reporter, and the reply that says what came of it.
#pragma once

#include <string_view>

#include "ashbyknit/bridge.hpp"
#include "ashbyknit/reporter.hpp"

namespace ashbyknit::cli {

/// True when `kind` names a report the admin API takes (the last segment of its route): started,
/// progress, completed, cancelled or update.
bool is_admin_report(std::string_view kind) noexcept;

/// Answers the report `kind` (is_admin_report) whose request body is `body`: reads it, queues the
/// report through `reporter`, and returns the reply, with the integration and the assessment the
/// body named, for the log line (and no operation: the caller names it). The reply is 202
/// `{"updateId","timestamp"}`, or `{"error":{"code","message"}}` with 400 (a body that is not a JSON
/// object, or a field of the request missing, mistyped or unknown: the message names it), 422 (the
/// report fails Ashby's rules, or the integration has no Ashby API key), 404 (no such integration or
/// assessment), 409 (the assessment is completed or cancelled), 413 or 500.
handled_call answer_admin_report(std::string_view kind, std::string_view body, assessment_reporter &reporter);

}  // namespace ashbyknit::cli
