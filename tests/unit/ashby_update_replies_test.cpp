// How Ashby's replies to assessment.update are judged (protocol §5), reply class by reply class.
#include <catch2/catch.hpp>

#include "ashby_update_replies.hpp"

using namespace ashbyknit;
using kind = detail::reply_judgement::kind;

namespace {

constexpr std::int64_t now_ms = 1'734'567'890'000;  // Thu, 19 Dec 2024 00:24:50 GMT

outbound_reply answer(int status, std::string body, std::vector<http_header> headers = {}) {
  return {outbound_reply::outcome::answered, status, "", std::move(headers), std::move(body)};
}

detail::reply_judgement judge(const outbound_reply &reply) { return detail::judge_ashby_reply(reply, now_ms); }

}  // namespace

TEST_CASE("a 2xx with success:true or an empty body is delivered", "[ashby_replies]") {
  CHECK(judge(answer(200, R"({"success":true,"results":{}})")).what == kind::delivered);
  CHECK(judge(answer(200, "")).what == kind::delivered);
  CHECK(judge(answer(204, " \r\n")).what == kind::delivered);
  const auto judged = judge(answer(200, R"({"success":true})", {{"X-Ashby-Request-Id", "req_9"}}));
  CHECK(judged.what == kind::delivered);
  CHECK(judged.request_id == "req_9");
}

TEST_CASE("success:false is final or retried by its errorInfo.code, and keeps message and request id", "[ashby_replies]") {
  const auto final_failure = judge(answer(
      200, R"({"success":false,"errorInfo":{"code":"assessment_not_found","message":"No such assessment","requestId":"req_body"}})",
      {{"x-ashby-request-id", "req_header"}}));
  CHECK(final_failure.what == kind::final);
  CHECK(final_failure.reason == "Ashby answered success:false: assessment_not_found: No such assessment");
  CHECK(final_failure.request_id == "req_header");

  const auto transient = judge(answer(200, R"({"success":false,"errorInfo":{"code":"internal_error","requestId":"req_7"}})"));
  CHECK(transient.what == kind::retry);
  CHECK(transient.reason == "Ashby answered success:false: internal_error");
  CHECK(transient.request_id == "req_7");  // from the body when the header is missing

  CHECK(judge(answer(200, R"({"success":false})")).what == kind::final);
}

TEST_CASE("a 2xx that is not Ashby's envelope is retried", "[ashby_replies]") {
  for (const char *body : {"<html>ok</html>", "[]", R"({"results":{}})", R"({"success":"yes"})"}) {
    const auto judged = judge(answer(200, body));
    CHECK(judged.what == kind::retry);
    CHECK(judged.reason == "Ashby's reply is not its JSON envelope");
  }
}

TEST_CASE("401 and 403 are final and blame the key", "[ashby_replies]") {
  for (int status : {401, 403}) {
    const auto judged = judge(answer(status, R"({"success":false,"errorInfo":{"code":"unauthorized","message":"Bad key"}})"));
    CHECK(judged.what == kind::final);
    CHECK(judged.reason.rfind("Ashby refused the integration's API key", 0) == 0);
    CHECK(judged.reason.find("unauthorized: Bad key") != std::string::npos);
  }
}

TEST_CASE("429 waits for Retry-After and notes the rate limit's scope", "[ashby_replies]") {
  const auto seconds = judge(answer(429, "", {{"Retry-After", "30"}, {"X-RateLimit-Scope", "integration-partner"}}));
  CHECK(seconds.what == kind::retry);
  CHECK(seconds.retry_after_ms == 30'000);
  CHECK(seconds.reason == "rate limited by Ashby (scope integration-partner), retry after 30000 ms");

  const auto date = judge(answer(429, "", {{"retry-after", "Thu, 19 Dec 2024 00:25:50 GMT"}}));
  CHECK(date.retry_after_ms == 60'000);
  CHECK(date.reason == "rate limited by Ashby, retry after 60000 ms");

  CHECK(judge(answer(429, "", {{"Retry-After", "Thu, 19 Dec 2024 00:10:00 GMT"}})).retry_after_ms == 0);  // past
  CHECK(judge(answer(429, "", {{"Retry-After", "soon"}})).retry_after_ms == 0);
  CHECK(judge(answer(429, "")).retry_after_ms == 0);
}

TEST_CASE("408 and 5xx are retried; other 4xx are final", "[ashby_replies]") {
  for (int status : {408, 500, 502, 503, 504}) CHECK(judge(answer(status, "")).what == kind::retry);
  for (int status : {400, 404, 409, 413, 422}) CHECK(judge(answer(status, "")).what == kind::final);
  CHECK(judge(answer(400, R"({"success":false,"errorInfo":{"code":"invalid_input","message":"timestamp is required"}})")).reason ==
        "invalid_input: timestamp is required");
}

TEST_CASE("failed sends are retried, aborted ones released", "[ashby_replies]") {
  CHECK(judge({outbound_reply::outcome::failed, 0, "timed out", {}, {}}).what == kind::retry);
  CHECK(judge({outbound_reply::outcome::aborted, 0, "stopping", {}, {}}).what == kind::released);
}
