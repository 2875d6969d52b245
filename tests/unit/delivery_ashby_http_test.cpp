// Updates (and completed assessments) to a fake Ashby API over real HTTP on 127.0.0.1, through libcurl: the fake checks every
// request against protocol §5 and answers each class of reply in turn.
#include <catch2/catch.hpp>

#include <simdjson.h>

#include "ashbyknit/delivery.hpp"
#include "ashbyknit/reporter.hpp"
#include "bridge_support.hpp"
#include "fake_ashby.hpp"

using namespace ashbyknit;
using ak_test::ashby_answer;
using test::bridge_fixture;

namespace {

/// A bridge with acme's Ashby key, an engine without a webhook sending through libcurl to the
/// fake (a 500 ms timeout, so a slow answer fails), and a pinned clock the test moves.
struct fake_ashby_fixture : bridge_fixture {
  fake_ashby_fixture() {
    set_ashby_key();
    curl_transport_options curl;
    curl.total_timeout_ms = 500;
    delivery_options options;
    options.ashby_api_url = ashby.url();
    options.retry.first_delay_ms = 1'000;
    options.retry.max_delay_ms = 1'000;
    auto created = delivery_engine::create(*instance, options, make_curl_transport(curl).value());
    INFO(created.message());
    REQUIRE(created.ok());
    engine = std::move(created).value();
  }

  /// A new assessment with one update queued for it.
  queued_update report_one() {
    const std::string id = assessment_id_of(call("assessment.start", start_body("app_" + std::to_string(++starts))));
    auto queued = assessment_reporter(instance->store()).progress("acme", id, "Invited");
    INFO(queued.message());
    REQUIRE(queued.ok());
    return std::move(queued).value();
  }

  /// One pass, a minute after the last (past any backoff and Retry-After here).
  delivery_summary pass() {
    *now_ms += 60'000;
    auto done = engine->deliver_due(*now_ms);
    INFO(done.message());
    REQUIRE(done.ok());
    return done.value();
  }

  event_state state_of(const std::string &update_id) { return outbox_entry(update_id).state; }

  ak_test::fake_ashby ashby{std::string(ashby_api_key)};
  std::unique_ptr<delivery_engine> engine;
  int starts = 0;
};

std::int64_t timestamp_of(const std::string &body) {
  simdjson::dom::parser parser;
  return parser.parse(body)["timestamp"].get_int64().value();
}

}  // namespace

TEST_CASE("each class of Ashby's replies, over HTTP", "[delivery][ashby][http]") {
  fake_ashby_fixture fixture;
  SECTION("200 success:true and an empty 200 are delivered") {
    fixture.ashby.script({ashby_answer::success(), ashby_answer::success_empty()});
    const auto first = fixture.report_one();
    const auto second = fixture.report_one();
    CHECK(fixture.pass().delivered == 2);
    CHECK(fixture.state_of(first.update_id) == event_state::delivered);
    CHECK(fixture.state_of(second.update_id) == event_state::delivered);
    const auto history = fixture.instance->store().event_history(first.update_id).value();
    REQUIRE(history.size() == 1);
    CHECK(history[0].request_id == "req_1");
  }
  SECTION("200 success:false with a final code is dead-lettered, message and request id kept") {
    fixture.ashby.script({ashby_answer::failure("assessment_not_found", "No assessment with this id")});
    const auto update = fixture.report_one();
    CHECK(fixture.pass().dead_lettered == 1);
    const auto history = fixture.instance->store().event_history(update.update_id).value();
    REQUIRE(history.size() == 1);
    CHECK(history[0].http_status == 200);
    CHECK(history[0].error == "Ashby answered success:false: assessment_not_found: No assessment with this id");
    CHECK(history[0].request_id == "req_1");
  }
  SECTION("401 is final and says the key was refused") {
    fixture.ashby.script({ashby_answer::status(401)});
    const auto update = fixture.report_one();
    CHECK(fixture.pass().dead_lettered == 1);
    const auto history = fixture.instance->store().event_history(update.update_id).value();
    REQUIRE(history.size() == 1);
    CHECK(history[0].http_status == 401);
    CHECK(history[0].error.rfind("Ashby refused the integration's API key", 0) == 0);
  }
  SECTION("429 is retried no sooner than its Retry-After, noting the scope") {
    fixture.ashby.script({ashby_answer::rate_limited(30, "integration-partner")});
    const auto update = fixture.report_one();
    const std::int64_t attempted_ms = *fixture.now_ms + 60'000;
    CHECK(fixture.pass().retrying == 1);
    const event_info waiting = fixture.outbox_entry(update.update_id);
    CHECK(waiting.state == event_state::pending);
    CHECK(waiting.next_attempt_ms >= attempted_ms + 30'000);
    CHECK(waiting.last_error.find("scope integration-partner") != std::string::npos);
    CHECK(fixture.engine->deliver_due(attempted_ms + 29'000).value().claimed() == 0);
    CHECK(fixture.pass().delivered == 1);
    CHECK(fixture.state_of(update.update_id) == event_state::delivered);
  }
  SECTION("500 and a reply past the timeout are retried, then delivered") {
    fixture.ashby.script({ashby_answer::status(500), ashby_answer::slow(2'000)});
    const auto update = fixture.report_one();
    CHECK(fixture.pass().retrying == 1);
    CHECK(fixture.pass().retrying == 1);
    CHECK(fixture.pass().delivered == 1);
    const auto history = fixture.instance->store().event_history(update.update_id).value();
    REQUIRE(history.size() == 3);
    CHECK(history[0].http_status == 500);
    CHECK(history[1].http_status == 0);  // timed out: no status
    CHECK_FALSE(history[1].error.empty());
    CHECK(history[2].http_status == 200);
  }
  CHECK(fixture.ashby.violations().empty());
  CHECK(fixture.ashby.refusals().empty());
}

TEST_CASE("one assessment's updates reach Ashby in order, timestamps increasing across a clock step back",
          "[delivery][ashby][http]") {
  fake_ashby_fixture fixture;
  const auto first = fixture.report_one();
  const std::string id = fixture.instance->store().list_events().value().back().assessment_id;
  assessment_reporter reporter(fixture.instance->store());
  *fixture.now_ms -= 3'600'000;  // the clock steps back an hour
  const auto second = reporter.started("acme", id, "https://tests.vendor.example/take/1").value();
  const auto third = reporter.completed("acme", id, blob{"passed", "Passed", blob_type::boolean_success, true, {}},
                                        "https://tests.vendor.example/report/1.pdf")
                         .value();
  fixture.ashby.script({ashby_answer::status(503)});  // the first fails once: the others wait for it

  CHECK(fixture.pass().retrying == 1);
  CHECK(fixture.pass().delivered == 1);
  CHECK(fixture.pass().delivered == 1);
  CHECK(fixture.pass().delivered == 1);
  const auto requests = fixture.ashby.requests();
  REQUIRE(requests.size() == 4);
  CHECK(requests[0].request.body == first.body);
  CHECK(requests[1].request.body == first.body);
  CHECK(requests[2].request.body == second.body);
  CHECK(requests[3].request.body == third.body);
  CHECK(timestamp_of(first.body) < timestamp_of(second.body));
  CHECK(timestamp_of(second.body) < timestamp_of(third.body));
  CHECK(fixture.ashby.violations().empty());
}

TEST_CASE("a completed assessment goes to addCompletedToCandidate over HTTP, retried like an update",
          "[delivery][ashby][http]") {
  fake_ashby_fixture fixture;
  completed_assessment assessment;
  assessment.candidate_id = "cand_1";
  assessment.partner_id = "partner_1";
  assessment.assessment_type_id = "typing";
  assessment.assessment_id = "vendor_42";
  assessment.assessment_name = "Typing test";
  assessment.result = blob{"passed", "Passed", blob_type::boolean_success, true, {}};
  auto queued = assessment_reporter(fixture.instance->store()).add_completed("acme", assessment);
  REQUIRE(queued.ok());
  fixture.ashby.script({ashby_answer::status(500)});

  CHECK(fixture.pass().retrying == 1);
  CHECK(fixture.pass().delivered == 1);
  const auto requests = fixture.ashby.requests();
  REQUIRE(requests.size() == 2);
  for (const auto &exchange : requests) {
    CHECK(exchange.request.path == "/assessment.addCompletedToCandidate");
    CHECK(exchange.request.body == queued.value().body);
  }
  CHECK(fixture.ashby.violations().empty());
  CHECK(fixture.ashby.refusals().empty());
  CHECK(fixture.state_of(queued.value().update_id) == event_state::delivered);
}
