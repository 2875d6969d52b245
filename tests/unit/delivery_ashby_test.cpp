// The delivery engine sending assessment.update to Ashby, on a pinned clock with a scripted
// transport: the request, order, and each class of Ashby's replies.
#include <catch2/catch.hpp>

#include "ashbyknit/delivery.hpp"
#include "ashbyknit/reporter.hpp"
#include "ashbyknit/version.hpp"
#include "bridge_support.hpp"
#include "scripted_transport.hpp"

using namespace ashbyknit;
using test::bridge_fixture;
using test::scripted_transport;
using test::sent_request;

namespace {

constexpr std::string_view webhook = "https://vendor.example/webhooks/knit";
constexpr std::string_view ashby_api = "https://ashby.example/api";  // no trailing '/': the engine adds it
constexpr std::string_view update_url = "https://ashby.example/api/assessment.update";

/// A bridge with acme's Ashby key, and an engine whose transport answers as the test says.
struct ashby_fixture : bridge_fixture {
  explicit ashby_fixture(std::string_view webhook_url = webhook) {
    set_ashby_key();
    delivery_options options;
    options.webhook_url = std::string(webhook_url);
    options.ashby_api_url = std::string(ashby_api);
    auto created = delivery_engine::create(*instance, std::move(options), sender);
    INFO(created.message());
    REQUIRE(created.ok());
    engine = std::move(created).value();
  }

  std::string start(std::string_view application_id) {
    return assessment_id_of(call("assessment.start", start_body(application_id)));
  }

  /// A second integration, globex, with an Ashby API key of its own; returns a started assessment.
  std::string start_for_globex(std::string_view application_id) {
    REQUIRE(instance->store().create_integration("globex").ok());
    REQUIRE(instance->store().set_ashby_key("globex", "ashby-api-key-of-globex").ok());
    const std::string credentials = test::basic_authorization(issue_key("globex"));
    return assessment_id_of(call("assessment.start", start_body(application_id), credentials));
  }

  assessment_reporter reporter() { return assessment_reporter(instance->store()); }

  /// The requests that went to Ashby, in order.
  std::vector<sent_request> to_ashby() const {
    std::vector<sent_request> found;
    const auto sent = sender->sent();
    for (const auto &request : sent) {
      if (request.url == update_url) found.push_back(request);
    }
    return found;
  }

  std::shared_ptr<scripted_transport> sender = std::make_shared<scripted_transport>();
  std::unique_ptr<delivery_engine> engine;
};

outbound_reply ashby_reply(int status, std::string body, std::vector<http_header> headers = {}) {
  headers.push_back({"x-ashby-request-id", "req_1"});
  return {outbound_reply::outcome::answered, status, "", std::move(headers), std::move(body)};
}

/// Answers Ashby with `reply` and the webhook with 200.
scripted_transport::script ashby_answers(outbound_reply reply) {
  return [reply](const sent_request &request) {
    return request.url == update_url ? reply : test::http_status(200);
  };
}

}  // namespace

TEST_CASE("an update goes to Ashby with the integration's key, protocol §5's headers and its exact body", "[delivery][ashby]") {
  ashby_fixture fixture;
  const std::string id = fixture.start("app_1");
  const auto queued = fixture.reporter().started("acme", id).value();
  fixture.sender->answer_with(ashby_answers(ashby_reply(200, R"({"success":true,"results":{}})")));

  CHECK(fixture.engine->deliver_due(*fixture.now_ms).value().delivered == 2);  // the record.new and the update
  const auto sent = fixture.to_ashby();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].body == queued.body);
  CHECK(sent[0].header("Authorization") == test::basic_authorization(bridge_fixture::ashby_api_key));
  CHECK(sent[0].header("Content-Type") == "application/json");
  CHECK(sent[0].header("Accept") == "application/json; version=1");
  CHECK(sent[0].header("User-Agent") == std::string("ashbyknit/") + version_string());
  CHECK(sent[0].header("X-Knit-Signature").empty());

  CHECK(fixture.outbox_entry(queued.update_id).state == event_state::delivered);
  const auto history = fixture.instance->store().event_history(queued.update_id).value();
  REQUIRE(history.size() == 1);
  CHECK(history[0].http_status == 200);
  CHECK(history[0].request_id == "req_1");
  CHECK(history[0].execution_id.rfind("exe_", 0) == 0);
}

TEST_CASE("updates of one assessment go in order; a failing one holds back only its successors", "[delivery][ashby]") {
  ashby_fixture fixture;
  const std::string first = fixture.start("app_1");
  const std::string second = fixture.start("app_2");
  auto reporter = fixture.reporter();
  const auto started = reporter.started("acme", first).value();
  const auto completed = reporter.completed("acme", first, blob{"score", "Score", blob_type::numeric_score, 70.0, {}},
                                            "https://tests.vendor.example/r/1").value();
  const auto other = reporter.started("acme", second).value();
  fixture.sender->answer_with(ashby_answers(ashby_reply(503, "")));

  const auto failing = fixture.engine->deliver_due(*fixture.now_ms).value();
  CHECK(failing.retrying == 2);    // the first update of each assessment
  CHECK(failing.delivered == 2);   // both record.new events: updates never hold events back
  auto sent = fixture.to_ashby();
  REQUIRE(sent.size() == 2);
  CHECK(sent[0].body == started.body);
  CHECK(sent[1].body == other.body);

  fixture.sender->answer_with(ashby_answers(ashby_reply(200, "")));
  *fixture.now_ms += 3'600'000;
  CHECK(fixture.engine->deliver_due(*fixture.now_ms).value().delivered == 2);
  CHECK(fixture.engine->deliver_due(*fixture.now_ms).value().delivered == 1);
  sent = fixture.to_ashby();
  REQUIRE(sent.size() == 5);
  CHECK(sent[4].body == completed.body);  // only once the start before it went through
  CHECK(fixture.outbox_entry(completed.update_id).state == event_state::delivered);
}

TEST_CASE("429 waits for Retry-After and notes the scope", "[delivery][ashby]") {
  ashby_fixture fixture;
  const auto queued = fixture.reporter().started("acme", fixture.start("app_1")).value();
  fixture.sender->answer_with(ashby_answers(
      ashby_reply(429, "", {{"Retry-After", "120"}, {"X-RateLimit-Scope", "integration-partner"}})));
  const std::int64_t t0 = *fixture.now_ms;
  CHECK(fixture.engine->deliver_due(t0).value().retrying == 1);

  const auto waiting = fixture.outbox_entry(queued.update_id);
  CHECK(waiting.next_attempt_ms >= t0 + 120'000);
  CHECK(waiting.last_error == "HTTP 429: rate limited by Ashby (scope integration-partner), retry after 120000 ms");
  fixture.sender->answer_with(ashby_answers(ashby_reply(200, "")));
  CHECK(fixture.engine->deliver_due(t0 + 119'999).value().claimed() == 0);
  CHECK(fixture.engine->deliver_due(t0 + 120'000).value().delivered == 1);
}

TEST_CASE("a 429 holds back the integration's other updates, and every integration's for a partner-wide limit",
          "[delivery][ashby]") {
  const bool partner_wide = GENERATE(false, true);
  CAPTURE(partner_wide);
  ashby_fixture fixture;
  auto reporter = fixture.reporter();
  const auto limited = reporter.started("acme", fixture.start("app_1")).value();
  std::vector<http_header> headers = {{"Retry-After", "120"}};
  if (partner_wide) headers.push_back({"X-RateLimit-Scope", "Integration-Partner"});
  fixture.sender->answer_with(ashby_answers(ashby_reply(429, "", headers)));
  const std::int64_t t0 = *fixture.now_ms;
  CHECK(fixture.engine->deliver_due(t0).value().retrying == 1);

  // Queued after the 429: another assessment of acme's, and one of globex's.
  const auto same_integration = reporter.started("acme", fixture.start("app_2")).value();
  const auto other_integration = reporter.started("globex", fixture.start_for_globex("app_3")).value();
  fixture.sender->answer_with(ashby_answers(ashby_reply(200, "")));
  const std::size_t sent_before = fixture.to_ashby().size();
  fixture.engine->deliver_due(t0 + 1'000).value();
  const auto sent = fixture.to_ashby();
  CHECK(sent.size() - sent_before == (partner_wide ? 0U : 1U));
  if (!partner_wide) CHECK(sent.back().body == other_integration.body);

  // The held-back updates were not attempted: they wait, unfailed, for the pause's end.
  const auto held = fixture.outbox_entry(same_integration.update_id);
  CHECK(held.attempts == 0);
  CHECK(held.next_attempt_ms >= t0 + 120'000);  // the wait counts from the reply's end
  CHECK(fixture.outbox_entry(other_integration.update_id).state ==
        (partner_wide ? event_state::pending : event_state::delivered));
  CHECK(fixture.engine->deliver_due(t0 + 119'999).value().claimed() == 0);
  CHECK(fixture.engine->deliver_due(t0 + 121'000).value().delivered == (partner_wide ? 3U : 2U));
  CHECK(fixture.outbox_entry(limited.update_id).state == event_state::delivered);
  CHECK(fixture.outbox_entry(same_integration.update_id).state == event_state::delivered);
}

TEST_CASE("401 dead-letters at once, saying the key is refused; a replay sends it again", "[delivery][ashby]") {
  ashby_fixture fixture;
  const auto queued = fixture.reporter().started("acme", fixture.start("app_1")).value();
  fixture.sender->answer_with(ashby_answers(
      ashby_reply(401, R"({"success":false,"errorInfo":{"code":"unauthorized","message":"Invalid API key"}})")));
  CHECK(fixture.engine->deliver_due(*fixture.now_ms).value().dead_lettered == 1);
  const auto dead = fixture.outbox_entry(queued.update_id);
  CHECK(dead.state == event_state::dead_lettered);
  CHECK(dead.attempts == 1);
  CHECK(dead.last_error.rfind("HTTP 401: Ashby refused the integration's API key", 0) == 0);
  CHECK(dead.last_error.find("unauthorized: Invalid API key") != std::string::npos);

  REQUIRE(fixture.instance->store().replay_dead_letters(queued.update_id).value() == 1);
  fixture.sender->answer_with(ashby_answers(ashby_reply(200, R"({"success":true})")));
  CHECK(fixture.engine->deliver_due(*fixture.now_ms).value().delivered == 1);
}

TEST_CASE("success:false keeps Ashby's message and request id; transient codes are retried", "[delivery][ashby]") {
  ashby_fixture fixture;
  const auto queued = fixture.reporter().started("acme", fixture.start("app_1")).value();
  fixture.sender->answer_with(ashby_answers(ashby_reply(
      200, R"({"success":false,"errorInfo":{"code":"internal_error","message":"Try again","requestId":"req_1"}})")));
  CHECK(fixture.engine->deliver_due(*fixture.now_ms).value().retrying == 1);
  fixture.sender->answer_with(ashby_answers(ashby_reply(
      200, R"({"success":false,"errorInfo":{"code":"invalid_assessment_id","message":"Unknown assessment"}})")));
  *fixture.now_ms += 3'600'000;
  CHECK(fixture.engine->deliver_due(*fixture.now_ms).value().dead_lettered == 1);

  const auto history = fixture.instance->store().event_history(queued.update_id).value();
  REQUIRE(history.size() == 2);
  CHECK(history[0].http_status == 200);
  CHECK(history[0].error == "Ashby answered success:false: internal_error: Try again");
  CHECK(history[0].request_id == "req_1");
  CHECK(history[1].error == "Ashby answered success:false: invalid_assessment_id: Unknown assessment");
}

TEST_CASE("a key the master key cannot open fails the attempt, retried, without sending", "[delivery][ashby]") {
  ashby_fixture fixture;
  const auto queued = fixture.reporter().started("acme", fixture.start("app_1")).value();
  fixture.engine.reset();
  fixture.master_key = std::string(32, 'x');  // another master key
  fixture.reopen();
  delivery_options options;
  options.ashby_api_url = std::string(ashby_api);
  auto engine = delivery_engine::create(*fixture.instance, options, fixture.sender).value();

  CHECK(engine->deliver_due(*fixture.now_ms).value().retrying == 1);
  CHECK(fixture.to_ashby().empty());
  const auto waiting = fixture.outbox_entry(queued.update_id);
  CHECK(waiting.last_error.rfind("The integration's Ashby API key cannot be used: ", 0) == 0);
}

TEST_CASE("an engine without a webhook sends updates and leaves events to the host", "[delivery][ashby]") {
  ashby_fixture fixture("");
  fixture.reporter().started("acme", fixture.start("app_1")).value();
  CHECK(fixture.engine->deliver_due(*fixture.now_ms).value().delivered == 1);
  CHECK(fixture.sender->sent().size() == 1);
  CHECK(fixture.to_ashby().size() == 1);
  CHECK(fixture.instance->store().count_events().value().pending == 1);  // the record.new, for pull_events
  const auto pulled = fixture.instance->pull_events(10).value();
  REQUIRE(pulled.size() == 1);
  CHECK(pulled[0].event.event_type == "record.new");
}
