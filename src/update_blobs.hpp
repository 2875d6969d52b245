// The blobs the library writes itself into assessment.update bodies: the status, the profile URL
// and the cancel reason, with fixed identifiers and labels.
#pragma once

#include <string_view>

#include "ashbyknit/assessment_update.hpp"

namespace ashbyknit::detail {

/// The status value that records the start time (protocol §5).
inline constexpr std::string_view started_status_text = "Started";

/// The status value of a completed assessment.
inline constexpr std::string_view completed_status_text = "Completed";

/// assessment_status: a `string` blob "status", labelled "Status", holding `text`.
blob status_blob(std::string_view text);

/// assessment_profile_url: a `url` blob "profile_url", labelled "Assessment".
blob profile_url_blob(std::string_view url);

/// cancelled_reason: a `string` blob "cancelled_reason", labelled "Cancelled reason".
blob cancelled_reason_blob(std::string_view reason);

/// An update that says only that the assessment started, at `timestamp_ms`.
assessment_update started_update(std::string_view assessment_id, std::int64_t timestamp_ms);

}  // namespace ashbyknit::detail
