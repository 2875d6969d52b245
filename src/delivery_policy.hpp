// The delivery engine's judgement of one attempt: delivered, retried later, dead-lettered, or
// given back.
#pragma once

#include "ashbyknit/delivery.hpp"
#include "ashbyknit/sources.hpp"
#include "store_internal.hpp"

namespace ashbyknit::detail {

/// Checks a retry policy: positive delays with max_delay >= first_delay, a positive maximum age,
/// and a non-negative attempt limit. error_code::invalid_argument naming the setting.
status check_retry_policy(const retry_policy &policy);

/// A uniform fraction in [0, 1) drawn from `random`; 1 - 2^-53 (the longest wait) when it fails,
/// so a broken source slows retries down rather than hurrying them.
double random_fraction(const random_source &random) noexcept;

/// What becomes of `claim` after an attempt that ended with `reply`, recorded as `attempt`: any
/// 2xx is delivered; an abort is given back; anything else is a failure, retried after
/// retry_delay_ms unless it exhausts the policy's attempts or the event's retry window has
/// lasted max_age_ms, which dead-letters it.
attempt_outcome judge_attempt(const retry_policy &policy, const claimed_event &claim, const outbound_reply &reply,
                              delivery_attempt attempt, double jitter_fraction);

}  // namespace ashbyknit::detail
