#include "delivery_policy.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

namespace ashbyknit {

std::int64_t retry_delay_ms(const retry_policy &policy, std::int64_t failed_attempts, double random_fraction) noexcept {
  std::int64_t ceiling = std::max<std::int64_t>(policy.first_delay_ms, 0);
  for (std::int64_t doubling = 1; doubling < failed_attempts && ceiling < policy.max_delay_ms; ++doubling) {
    ceiling = ceiling > std::numeric_limits<std::int64_t>::max() / 2 ? std::numeric_limits<std::int64_t>::max()
                                                                      : ceiling * 2;
  }
  ceiling = std::min(ceiling, policy.max_delay_ms);
  const double fraction = std::clamp(random_fraction, 0.0, 1.0);
  return std::clamp(static_cast<std::int64_t>(fraction * static_cast<double>(ceiling)), std::int64_t{0}, ceiling);
}

namespace detail {

status check_retry_policy(const retry_policy &policy) {
  if (policy.first_delay_ms <= 0) return {error_code::invalid_argument, "The first retry delay must be positive."};
  if (policy.max_delay_ms < policy.first_delay_ms) {
    return {error_code::invalid_argument, "The longest retry delay must be at least the first retry delay."};
  }
  if (policy.max_age_ms <= 0) return {error_code::invalid_argument, "The maximum event age must be positive."};
  if (policy.max_attempts < 0) {
    return {error_code::invalid_argument, "The maximum number of attempts must not be negative (0: no limit)."};
  }
  return {};
}

double random_fraction(const random_source &random) noexcept {
  std::uint64_t bits = 0;
  unsigned char bytes[sizeof bits];
  if (!random || !random(bytes, sizeof bytes)) return 1.0 - 0x1p-53;
  std::memcpy(&bits, bytes, sizeof bits);
  return static_cast<double>(bits >> 11) * 0x1p-53;
}

reply_judgement judge_webhook_reply(const outbound_reply &reply) {
  reply_judgement judgement;
  if (reply.result == outbound_reply::outcome::aborted) {
    judgement.what = reply_judgement::kind::released;
  } else if (reply.result == outbound_reply::outcome::answered && reply.status >= 200 && reply.status <= 299) {
    judgement.what = reply_judgement::kind::delivered;
  }
  return judgement;
}

attempt_outcome judge_attempt(const retry_policy &policy, const claimed_event &claim, const reply_judgement &judgement,
                              delivery_attempt attempt, double jitter_fraction) {
  using verdict = attempt_outcome::verdict;
  attempt_outcome outcome;
  outcome.attempt = std::move(attempt);
  switch (judgement.what) {
    case reply_judgement::kind::released: outcome.what = verdict::released; return outcome;
    case reply_judgement::kind::delivered: outcome.what = verdict::delivered; return outcome;
    case reply_judgement::kind::final: outcome.what = verdict::dead_letter; return outcome;
    case reply_judgement::kind::retry: break;
  }
  const std::int64_t failures = claim.failed_attempts + 1;
  const std::int64_t finished_ms = outcome.attempt.started_ms + outcome.attempt.duration_ms;
  const bool out_of_attempts = policy.max_attempts > 0 && failures >= policy.max_attempts;
  const bool too_old = finished_ms - claim.window_start_ms >= policy.max_age_ms;
  if (out_of_attempts || too_old) {
    outcome.what = verdict::dead_letter;
    return outcome;
  }
  outcome.what = verdict::retry;
  const std::int64_t wait_ms = std::max(retry_delay_ms(policy, failures, jitter_fraction), judgement.retry_after_ms);
  outcome.next_attempt_ms = finished_ms + wait_ms;
  return outcome;
}

}  // namespace detail
}  // namespace ashbyknit
