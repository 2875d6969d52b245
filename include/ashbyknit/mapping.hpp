// Ashby's calls mapped to Knit events (docs/protocol.md §3): assessment.start gives record.new and
// assessment.cancel gives record.deleted, byte-compatible with Knit's.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ashbyknit/export.h"
#include "ashbyknit/ashby.hpp"
#include "ashbyknit/catalogue.hpp"
#include "ashbyknit/result.hpp"
#include "ashbyknit/sources.hpp"

namespace ashbyknit {

/// How to build an event. The defaults mint ids from the system CSPRNG and read the system
/// clock; tests pin both.
struct map_options {
  std::string assessment_id;                   ///< start: the record id to use; empty mints one
  const package_catalogue *packages = nullptr; ///< details of assessmentPackage; not owned
  std::int64_t received_at_ms = 0;             ///< syncRunId's time; 0: the event's own time
  clock_source clock = system_clock();         ///< triggeredAt and the eventId's time
  random_source random = system_random();      ///< the assessment id and the eventId's suffix
};

/// An event ready to store, sign and deliver.
struct knit_event {
  std::string event_id;         ///< eventId: `evt_`, 13 digits of ms, a random suffix
  std::string event_type;       ///< "record.new" or "record.deleted"
  std::string record_id;        ///< the assessment id
  std::int64_t triggered_at_ms = 0;
  std::string json;             ///< the compact event body: these are the bytes to sign
};

/// The record.new event for a validated start. assessmentPackage takes name, description, type
/// and metaData from `options.packages` when the catalogue holds `assessment_type_id`, else
/// null. Fails with error_code::invalid_argument for a malformed `options.assessment_id` (not
/// `ats_ass_` and 1 to 64 characters of [A-Za-z0-9_-]) or a clock outside 13-digit ms, and
/// error_code::internal when the random source fails. Thread-safe when the sources are.
AK_API result<knit_event> map_start(const start_request &request, const map_options &options = {});

/// The record.deleted event for a validated cancel (`options.assessment_id` and
/// `options.packages` are not used). Errors as for map_start.
AK_API result<knit_event> map_cancel(const cancel_request &request, const map_options &options = {});

/// Parses, validates and maps an assessment.start body in one pass, copying nothing out of it:
/// the same event, byte for byte, as map_start(parse_start_request(body)), at a fraction of the
/// cost. Errors: those of parse_start_request, then those of map_start. Thread-safe when the
/// sources are.
AK_API result<knit_event> map_start_body(std::string_view body, const map_options &options = {},
                                         const json_limits &limits = {});

/// Parses, validates and maps an assessment.cancel body in one pass, as map_start_body does.
/// Errors: those of parse_cancel_request, then those of map_cancel.
AK_API result<knit_event> map_cancel_body(std::string_view body, const map_options &options = {},
                                          const json_limits &limits = {});

}  // namespace ashbyknit
