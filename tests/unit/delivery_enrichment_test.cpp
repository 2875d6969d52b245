// Candidate enrichment over real HTTP on 127.0.0.1: the engine asks a fake Ashby's candidate.info
// before a record.new's first attempt and delivers the filled event to a loopback webhook; every
// failure delivers it unenriched.
#include <catch2/catch.hpp>

#include <atomic>
#include <string>

#include "ashbyknit/delivery.hpp"
#include "ashbyknit/knit_signature.hpp"
#include "ashbyknit/reporter.hpp"
#include "bridge_support.hpp"
#include "fake_ashby.hpp"
#include "loopback_receiver.hpp"

using namespace ashbyknit;
using ak_test::ashby_answer;
using test::bridge_fixture;

namespace {

/// The candidate of bridge_fixture::start_body's event, as the start alone makes it.
const std::string plain_candidate =
    R"({"emails":[{"email":"alex@example.com","type":"PRIMARY"}],"firstName":"Alex","id":"cand_1",)"
    R"("lastName":"Chen","links":null,"location":null,"phones":null})";

/// What candidate.info says of cand_1: the start's e-mail again, one more, two phones, two links
/// and a location.
const std::string ashby_candidate =
    R"({"id":"cand_1","name":"Alex Chen","primaryEmailAddress":{"value":"alex@example.com","type":"Personal",)"
    R"("isPrimary":true},"emailAddresses":[{"value":"alex@example.com","type":"Personal","isPrimary":true},)"
    R"({"value":"a.chen@work.example","type":"Work","isPrimary":false}],"primaryPhoneNumber":{"value":"+1 415 555 0100",)"
    R"("type":"Personal","isPrimary":true},"phoneNumbers":[{"value":"+1 415 555 0100","type":"Personal",)"
    R"("isPrimary":true},{"value":"+1 415 555 0199","type":"Work","isPrimary":false}],)"
    R"("socialLinks":[{"type":"LinkedIn","url":"https://linkedin.com/in/alexchen"},)"
    R"({"type":"GitHub","url":"https://github.com/alexchen"}],"location":{"id":"loc_1",)"
    R"("locationSummary":"San Francisco, CA","locationComponents":[]},"tags":[]})";

/// The event's candidate filled from ashby_candidate.
const std::string enriched_candidate =
    R"({"emails":[{"email":"alex@example.com","type":"PRIMARY"},{"email":"a.chen@work.example","type":"WORK"}],)"
    R"("firstName":"Alex","id":"cand_1","lastName":"Chen",)"
    R"("links":["https://linkedin.com/in/alexchen","https://github.com/alexchen"],"location":"San Francisco, CA",)"
    R"("phones":[{"phoneNumber":"+1 415 555 0100","type":"PRIMARY"},{"phoneNumber":"+1 415 555 0199","type":"WORK"}]})";

constexpr std::int64_t enrichment_timeout_ms = 300;

/// A bridge whose integration acme has an Ashby key and, unless the test turns it off, candidate
/// enrichment on; a webhook on loopback that answers as `webhook_statuses` says, then 200; and an
/// engine sending to both through libcurl, whose own time-out (10 s) is far above the
/// enrichment's, so a slow candidate.info shows the enrichment's bound.
struct enrichment_fixture : bridge_fixture {
  explicit enrichment_fixture(bool enrich = true) {
    set_ashby_key();
    REQUIRE(instance->store().set_candidate_enrichment("acme", enrich).ok());
    ashby.add_candidate("cand_1", ashby_candidate);
    webhook.set_handler([this](const ak_test::received_request &) {
      return ak_test::reply{webhook_failures-- > 0 ? 500 : 200, 0, {}, "", false};
    });
    curl_transport_options curl;
    curl.total_timeout_ms = 10'000;
    delivery_options options;
    options.webhook_url = webhook.url("/knit");
    options.ashby_api_url = ashby.url();
    options.enrichment_timeout_ms = enrichment_timeout_ms;
    auto created = delivery_engine::create(*instance, options, make_curl_transport(curl).value());
    INFO(created.message());
    REQUIRE(created.ok());
    engine = std::move(created).value();
  }

  /// One pass, a minute after the last (past any backoff here).
  delivery_summary pass() {
    *now_ms += 60'000;
    auto done = engine->deliver_due(*now_ms);
    INFO(done.message());
    REQUIRE(done.ok());
    return done.value();
  }

  /// The bodies the webhook received, in order.
  std::vector<std::string> delivered_bodies() const {
    std::vector<std::string> bodies;
    for (const auto &request : webhook.requests()) bodies.push_back(request.body);
    return bodies;
  }

  /// The requests Ashby got at candidate.info.
  std::size_t candidate_info_calls() const {
    std::size_t calls = 0;
    for (const auto &exchange : ashby.requests()) calls += exchange.request.path == "/candidate.info" ? 1 : 0;
    return calls;
  }

  ak_test::fake_ashby ashby{std::string(ashby_api_key)};
  ak_test::loopback_receiver webhook;
  std::atomic<int> webhook_failures{0};
  std::unique_ptr<delivery_engine> engine;
};

/// `body` with its (first) candidate object, which must be `candidate`, put back as the start made
/// it; the test fails when the body does not hold `candidate`.
std::string with_plain_candidate(std::string body, const std::string &candidate) {
  const auto at = body.find(R"("candidate":)" + candidate);
  REQUIRE(at != std::string::npos);
  return body.replace(at + 12, candidate.size(), plain_candidate);
}

}  // namespace

TEST_CASE("enrichment is off by default: no candidate.info, the event as the start made it",
          "[delivery][enrichment][http]") {
  enrichment_fixture fixture(false);
  fixture.call("assessment.start", bridge_fixture::start_body("app_1"));
  CHECK(fixture.pass().delivered == 1);
  const auto bodies = fixture.delivered_bodies();
  REQUIRE(bodies.size() == 1);
  CHECK(bodies[0].find(R"("candidate":)" + plain_candidate) != std::string::npos);
  CHECK(fixture.ashby.requests().empty());
  CHECK_FALSE(fixture.instance->store().list_integrations().value()[0].enrich_candidates);
}

TEST_CASE("an enriched event carries candidate.info's details, the same bytes on every attempt",
          "[delivery][enrichment][http]") {
  enrichment_fixture fixture;
  CHECK(fixture.instance->store().list_integrations().value()[0].enrich_candidates);
  fixture.webhook_failures = 1;
  fixture.call("assessment.start", bridge_fixture::start_body("app_1"));
  CHECK(fixture.pass().retrying == 1);
  CHECK(fixture.pass().delivered == 1);

  const auto bodies = fixture.delivered_bodies();
  REQUIRE(bodies.size() == 2);
  CHECK(bodies[1] == bodies[0]);
  CHECK(bodies[0].find(R"("candidate":)" + enriched_candidate) != std::string::npos);
  // Nothing else changed: the originData's own candidate, the ids, the package.
  const std::string plain = with_plain_candidate(bodies[0], enriched_candidate);
  CHECK(plain.find(R"("candidate":{"ashby_id":"cand_1","first_name":"Alex")") != std::string::npos);
  CHECK(plain.find(R"("location":null,"phones":null)") != std::string::npos);
  for (const auto &request : fixture.webhook.requests()) {
    CHECK(knit_verify(bridge_fixture::signing_key, request.body, request.header("X-Knit-Signature").value_or("")));
  }

  // One candidate.info call, before the first attempt, checked by the fake.
  const auto exchanges = fixture.ashby.requests();
  REQUIRE(exchanges.size() == 1);
  CHECK(exchanges[0].request.path == "/candidate.info");
  CHECK(exchanges[0].request.body == R"({"id":"cand_1"})");
  CHECK(fixture.ashby.violations().empty());
  CHECK(fixture.ashby.refusals().empty());
}

TEST_CASE("every failure of candidate.info delivers the event unenriched", "[delivery][enrichment][http]") {
  enrichment_fixture fixture;
  std::string candidate_id = "cand_1";
  SECTION("403: the key lacks candidatesRead") { fixture.ashby.script({ashby_answer::status(403)}); }
  SECTION("500") { fixture.ashby.script({ashby_answer::status(500)}); }
  SECTION("success:false for a candidate Ashby does not know") { candidate_id = "cand_unknown"; }
  SECTION("an answer later than the enrichment's time-out") {
    fixture.ashby.script({ashby_answer::slow(static_cast<int>(4 * enrichment_timeout_ms))});
  }
  SECTION("an answer for another candidate") {
    candidate_id = "cand_2";
    fixture.ashby.add_candidate(candidate_id, ashby_candidate);
  }
  SECTION("an answer that is not Ashby's envelope") { fixture.ashby.script({ashby_answer::success_empty()}); }
  fixture.call("assessment.start", bridge_fixture::start_body("app_1", candidate_id));
  CHECK(fixture.pass().delivered == 1);
  const auto bodies = fixture.delivered_bodies();
  REQUIRE(bodies.size() == 1);
  CHECK(bodies[0].find(R"("location":null,"phones":null})") != std::string::npos);
  CHECK(fixture.candidate_info_calls() == 1);
  CHECK(fixture.ashby.violations().empty());
}

TEST_CASE("without a usable Ashby key the event goes unenriched, without a call", "[delivery][enrichment][http]") {
  enrichment_fixture fixture;
  REQUIRE(fixture.instance->store().create_integration("globex").ok());
  REQUIRE(fixture.instance->store().set_candidate_enrichment("globex", true).ok());
  const std::string globex_key = fixture.issue_key("globex");
  fixture.call("assessment.start", bridge_fixture::start_body("app_1"), test::basic_authorization(globex_key));
  CHECK(fixture.pass().delivered == 1);
  REQUIRE(fixture.delivered_bodies().size() == 1);
  CHECK(fixture.delivered_bodies()[0].find(R"("candidate":)" + plain_candidate) != std::string::npos);
  CHECK(fixture.ashby.requests().empty());
}

TEST_CASE("a 429 on candidate.info holds back the integration's calls to Ashby", "[delivery][enrichment][http]") {
  enrichment_fixture fixture;
  fixture.ashby.script({ashby_answer::rate_limited(30, "")});
  const std::string id = bridge_fixture::assessment_id_of(
      fixture.call("assessment.start", bridge_fixture::start_body("app_1")));
  const auto update = assessment_reporter(fixture.instance->store()).progress("acme", id, "Invited").value();
  // The event goes unenriched; the update waits for the pause's end, and a start meanwhile
  // goes without asking.
  CHECK(fixture.pass().delivered == 1);
  CHECK(fixture.outbox_entry(update.update_id).state == event_state::pending);
  fixture.call("assessment.start", bridge_fixture::start_body("app_2"));
  CHECK(fixture.engine->deliver_due(*fixture.now_ms + 1'000).value().delivered == 1);
  CHECK(fixture.candidate_info_calls() == 1);
  CHECK(fixture.pass().delivered == 1);
  CHECK(fixture.outbox_entry(update.update_id).state == event_state::delivered);
  for (const std::string &body : fixture.delivered_bodies()) {
    CHECK(body.find(R"("location":null,"phones":null})") != std::string::npos);
  }
}

TEST_CASE("an event attempted before enrichment was turned on keeps its bytes", "[delivery][enrichment][http]") {
  enrichment_fixture fixture(false);
  fixture.webhook_failures = 1;
  fixture.call("assessment.start", bridge_fixture::start_body("app_1"));
  CHECK(fixture.pass().retrying == 1);
  REQUIRE(fixture.instance->store().set_candidate_enrichment("acme", true).ok());
  CHECK(fixture.pass().delivered == 1);
  const auto bodies = fixture.delivered_bodies();
  REQUIRE(bodies.size() == 2);
  CHECK(bodies[1] == bodies[0]);
  CHECK(fixture.ashby.requests().empty());
}

TEST_CASE("candidate enrichment is set per known integration", "[store][enrichment]") {
  bridge_fixture fixture;
  store &records = fixture.instance->store();
  const status unknown = records.set_candidate_enrichment("nobody", true);
  CHECK(unknown.code() == error_code::not_found);
  CHECK(unknown.message() == "There is no integration nobody.");
  REQUIRE(records.create_integration("globex").ok());
  REQUIRE(records.set_candidate_enrichment("globex", true).ok());
  const auto integrations = records.list_integrations().value();
  REQUIRE(integrations.size() == 2);
  CHECK_FALSE(integrations[0].enrich_candidates);  // acme
  CHECK(integrations[1].enrich_candidates);        // globex
  REQUIRE(records.set_candidate_enrichment("globex", false).ok());
  CHECK_FALSE(records.list_integrations().value()[1].enrich_candidates);
}

TEST_CASE("the enrichment's time-out is checked", "[delivery][enrichment]") {
  bridge_fixture fixture;
  delivery_options options;
  options.webhook_url = "http://127.0.0.1:9/knit";
  for (const std::int64_t wrong : {std::int64_t{0}, std::int64_t{-1}, options.lease_ms / 2}) {
    options.enrichment_timeout_ms = wrong;
    const auto created = delivery_engine::create(*fixture.instance, options);
    CHECK(created.code() == error_code::invalid_argument);
    CHECK(created.message() == "The enrichment time-out must be positive and under half the lease.");
  }
}
