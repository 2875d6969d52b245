// The delivery engine's judgement of one attempt: delivered, retried later, dead-lettered, or
// given back.
#pragma once

#include <cstdint>
#include <string>

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

/// What a receiver's reply to one attempt says, before the retry policy has its say.
struct reply_judgement {
  enum class kind {
    delivered,  ///< accepted
    retry,      ///< failed; may succeed later
    final,      ///< failed; sending the same bytes again cannot succeed
    released,   ///< aborted by the engine; not the receiver's doing
  };
  kind what = kind::retry;
  std::int64_t retry_after_ms = 0;  ///< the receiver asked to wait at least this long; 0 when it did not
  std::string reason;               ///< what the history says beside the status; "" for nothing more
  std::string request_id;           ///< the receiver's id for the request; "" when it gave none
  /// Whose sends a rate limit (a 429) holds back: besides this event, the integration's other
  /// events, or every integration's when the limit counts the vendor's customers together.
  enum class limit_scope { none, integration, every_integration };
  limit_scope limited = limit_scope::none;
};

/// A webhook's reply (protocol §3.3): any 2xx delivered, an abort released, anything else retried.
reply_judgement judge_webhook_reply(const outbound_reply &reply);

/// What becomes of `claim` after an attempt judged `judgement`, recorded as `attempt`: delivered
/// and released as judged; a final failure is dead-lettered; a failure to retry is due again
/// after retry_delay_ms (and no sooner than the receiver's retry_after_ms) unless it exhausts the
/// policy's attempts or the event's retry window has lasted max_age_ms, which dead-letters it.
attempt_outcome judge_attempt(const retry_policy &policy, const claimed_event &claim, const reply_judgement &judgement,
                              delivery_attempt attempt, double jitter_fraction);

}  // namespace ashbyknit::detail
