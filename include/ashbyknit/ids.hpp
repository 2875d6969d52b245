// The identifiers the partner mints: assessment ids (docs/protocol.md §2.3) and event ids (protocol
// §3.1).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ashbyknit/export.h"
#include "ashbyknit/result.hpp"
#include "ashbyknit/sources.hpp"

namespace ashbyknit {

/// Every assessment id starts with this, as Knit's do.
inline constexpr std::string_view assessment_id_prefix = "ats_ass_";

/// A new assessment id: `ats_ass_` and 21 characters of [a-z0-9] drawn uniformly from `random`
/// (over 108 bits). Fails with error_code::internal when the source fails. Thread-safe when
/// `random` is.
AK_API result<std::string> mint_assessment_id(const random_source &random = system_random());

/// A new event id: `evt_`, `now_ms` as 13 digits, and 10 characters of [a-z0-9] from `random`,
/// so that two events of one millisecond differ. Fails with error_code::invalid_argument for a
/// time outside 13 digits and error_code::internal when the source fails.
AK_API result<std::string> mint_event_id(std::int64_t now_ms, const random_source &random = system_random());

}  // namespace ashbyknit
