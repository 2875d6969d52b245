// The retry policy: the backoff schedule, and what becomes of an event after each kind of reply.
#include <catch2/catch.hpp>

#include "delivery_policy.hpp"

using namespace ashbyknit;

namespace {

constexpr double almost_one = 1.0 - 0x1p-53;

detail::claimed_event claim_with(std::int64_t failed_attempts, std::int64_t window_start_ms) {
  detail::claimed_event claim;
  claim.failed_attempts = failed_attempts;
  claim.window_start_ms = window_start_ms;
  return claim;
}

outbound_reply answered(int status) { return {outbound_reply::outcome::answered, status, "", {}, {}}; }

detail::reply_judgement webhook(const outbound_reply &reply) { return detail::judge_webhook_reply(reply); }

delivery_attempt attempt_at(std::int64_t started_ms) { return {"exe_1", started_ms, 0, 0, "", ""}; }

}  // namespace

TEST_CASE("the retry ceiling doubles from the first delay up to the longest", "[delivery][policy]") {
  const retry_policy policy;  // 10 s first, 1 h longest
  CHECK(retry_delay_ms(policy, 1, almost_one) == 9'999);
  CHECK(retry_delay_ms(policy, 2, almost_one) == 19'999);
  CHECK(retry_delay_ms(policy, 3, almost_one) == 39'999);
  CHECK(retry_delay_ms(policy, 9, almost_one) == 2'559'999);
  CHECK(retry_delay_ms(policy, 10, almost_one) == 3'599'999);  // 5120 s, capped at an hour
  CHECK(retry_delay_ms(policy, 1'000'000, almost_one) == 3'599'999);
}

TEST_CASE("full jitter draws anywhere below the ceiling", "[delivery][policy]") {
  const retry_policy policy;
  CHECK(retry_delay_ms(policy, 4, 0.0) == 0);
  CHECK(retry_delay_ms(policy, 4, 0.5) == 40'000);
  CHECK(retry_delay_ms(policy, 4, 2.0) == 80'000);  // a fraction out of range is clamped
  const retry_policy huge{std::int64_t{1} << 62, std::numeric_limits<std::int64_t>::max(), 1, 0};
  CHECK(retry_delay_ms(huge, 64, almost_one) > 0);  // no overflow
}

TEST_CASE("a random fraction is in [0, 1), and a failing source gives the longest wait", "[delivery][policy]") {
  const double drawn = detail::random_fraction(system_random());
  CHECK(drawn >= 0.0);
  CHECK(drawn < 1.0);
  CHECK(detail::random_fraction([](unsigned char *, std::size_t) { return false; }) == almost_one);
}

TEST_CASE("any 2xx is delivered; an abort is given back", "[delivery][policy]") {
  const retry_policy policy;
  for (int status : {200, 201, 202, 204, 299}) {
    CHECK(detail::judge_attempt(policy, claim_with(0, 0), webhook(answered(status)), attempt_at(5), 0.5).what ==
          detail::attempt_outcome::verdict::delivered);
  }
  const outbound_reply aborted{outbound_reply::outcome::aborted, 0, "stopping", {}, {}};
  CHECK(detail::judge_attempt(policy, claim_with(3, 0), webhook(aborted), attempt_at(5), 0.5).what ==
        detail::attempt_outcome::verdict::released);
}

TEST_CASE("anything else is retried after the backoff", "[delivery][policy]") {
  const retry_policy policy;
  const outbound_reply failures[] = {answered(100), answered(301), answered(410), answered(429), answered(500),
                                     {outbound_reply::outcome::failed, 0, "connection refused", {}, {}}};
  for (const outbound_reply &reply : failures) {
    const auto outcome = detail::judge_attempt(policy, claim_with(2, 0), webhook(reply), {"exe_1", 1'000, 250, 0, "", ""}, 0.5);
    CHECK(outcome.what == detail::attempt_outcome::verdict::retry);
    // The third failure: half of 40 s after the attempt ended.
    CHECK(outcome.next_attempt_ms == 1'250 + 20'000);
  }
}

TEST_CASE("a final failure is dead-lettered at once, whatever the budget left", "[delivery][policy]") {
  const detail::reply_judgement final_failure{detail::reply_judgement::kind::final, 0, "credentials", ""};
  CHECK(detail::judge_attempt({}, claim_with(0, 0), final_failure, attempt_at(5), 0.5).what ==
        detail::attempt_outcome::verdict::dead_letter);
}

TEST_CASE("a receiver's Retry-After lengthens the wait but never shortens it", "[delivery][policy]") {
  const retry_policy policy;  // the first retry within 10 s: 5 s at a fraction of one half
  detail::reply_judgement rate_limited{detail::reply_judgement::kind::retry, 60'000, "rate limited", ""};
  CHECK(detail::judge_attempt(policy, claim_with(0, 0), rate_limited, attempt_at(1'000), 0.5).next_attempt_ms ==
        61'000);
  rate_limited.retry_after_ms = 1'000;
  CHECK(detail::judge_attempt(policy, claim_with(0, 0), rate_limited, attempt_at(1'000), 0.5).next_attempt_ms ==
        6'000);
}

TEST_CASE("the attempt limit and the maximum age dead-letter an event", "[delivery][policy]") {
  retry_policy policy;
  policy.max_attempts = 3;
  const auto judge = [&](std::int64_t failed_before, std::int64_t started_ms) {
    return detail::judge_attempt(policy, claim_with(failed_before, 1'000), webhook(answered(503)), attempt_at(started_ms), 0.5).what;
  };
  CHECK(judge(1, 2'000) == detail::attempt_outcome::verdict::retry);
  CHECK(judge(2, 2'000) == detail::attempt_outcome::verdict::dead_letter);

  policy.max_attempts = 0;
  const std::int64_t four_days = 4 * 24 * 3'600'000LL;
  CHECK(judge(500, 1'000 + four_days - 1) == detail::attempt_outcome::verdict::retry);
  CHECK(judge(500, 1'000 + four_days) == detail::attempt_outcome::verdict::dead_letter);
}

TEST_CASE("a retry policy is checked", "[delivery][policy]") {
  CHECK(detail::check_retry_policy({}).ok());
  CHECK(detail::check_retry_policy({0, 10, 10, 0}).code() == error_code::invalid_argument);
  CHECK(detail::check_retry_policy({20, 10, 10, 0}).code() == error_code::invalid_argument);
  CHECK(detail::check_retry_policy({10, 10, 0, 0}).code() == error_code::invalid_argument);
  CHECK(detail::check_retry_policy({10, 10, 10, -1}).code() == error_code::invalid_argument);
}
