// The delivery engine on a pinned clock with a scripted transport: backoff, dead letters and
// replays, order under failure, leases shared by engines, aborts and shutdown.
#include <catch2/catch.hpp>

#include <set>
#include <thread>

#include "ashbyknit/delivery.hpp"
#include "ashbyknit/knit_signature.hpp"
#include "ashbyknit/store_json.hpp"
#include "bridge_support.hpp"
#include "scripted_transport.hpp"

using namespace ashbyknit;
using test::bridge_fixture;
using test::http_status;
using test::scripted_transport;

namespace {

constexpr std::string_view webhook = "https://vendor.example/webhooks/knit";
constexpr std::int64_t four_days_ms = 4 * 24 * 3'600'000LL;

std::unique_ptr<delivery_engine> engine_for(bridge &source, std::shared_ptr<transport> sender,
                                            retry_policy policy = {}) {
  delivery_options options;
  options.webhook_url = std::string(webhook);
  options.retry = policy;
  options.workers = 2;
  options.idle_poll_ms = 10;
  auto created = delivery_engine::create(source, std::move(options), std::move(sender));
  INFO(created.message());
  REQUIRE(created.ok());
  return std::move(created).value();
}

std::string start(bridge_fixture &fixture, std::string_view application_id) {
  return bridge_fixture::assessment_id_of(fixture.call("assessment.start", bridge_fixture::start_body(application_id)));
}

void cancel(bridge_fixture &fixture, std::string_view assessment_id) {
  REQUIRE(fixture.call("assessment.cancel", R"({"assessment_id":")" + std::string(assessment_id) + "\"}").status == 200);
}

event_info only_event(bridge_fixture &fixture) {
  const auto events = fixture.instance->store().list_events().value();
  REQUIRE(events.size() == 1);
  return events[0];
}

}  // namespace

TEST_CASE("a delivered event carries protocol §3.3's headers and its exact bytes", "[delivery]") {
  bridge_fixture fixture;
  start(fixture, "app_1");
  auto sender = std::make_shared<scripted_transport>();
  auto engine = engine_for(*fixture.instance, sender);

  const auto summary = engine->deliver_due(*fixture.now_ms).value();
  CHECK(summary.delivered == 1);
  CHECK(summary.claimed() == 1);
  const auto sent = sender->sent();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].url == webhook);
  CHECK(sent[0].header("Content-Type") == "application/json");
  CHECK(sent[0].header("X-Knit-Integration-Id") == "acme");
  CHECK(knit_verify(bridge_fixture::signing_key, sent[0].body, sent[0].header("X-Knit-Signature")));
  const event_info delivered = only_event(fixture);
  CHECK(delivered.state == event_state::delivered);
  CHECK(delivered.finished_ms == *fixture.now_ms);
  CHECK(sent[0].event_id() == delivered.event_id);

  const auto history = fixture.instance->store().event_history(delivered.event_id).value();
  REQUIRE(history.size() == 1);
  CHECK(history[0].http_status == 200);
  CHECK(history[0].execution_id == sent[0].header("X-Knit-Execution-Id"));
  CHECK(history[0].started_ms == *fixture.now_ms);
  CHECK(engine->deliver_due(*fixture.now_ms + four_days_ms).value().claimed() == 0);  // never again
}

TEST_CASE("failures are retried with growing jittered waits until four days, then dead-lettered", "[delivery]") {
  bridge_fixture fixture;
  start(fixture, "app_1");
  auto sender = std::make_shared<scripted_transport>([](const test::sent_request &) { return http_status(503); });
  auto engine = engine_for(*fixture.instance, sender);
  const std::int64_t created = *fixture.now_ms;
  const retry_policy policy;

  std::int64_t failures = 0;
  for (;;) {
    const auto summary = engine->deliver_due(*fixture.now_ms).value();
    REQUIRE(summary.claimed() == 1);
    ++failures;
    const event_info event = only_event(fixture);
    if (summary.dead_lettered == 1) {
      CHECK(event.state == event_state::dead_lettered);
      break;
    }
    REQUIRE(summary.retrying == 1);
    CHECK(event.attempts == failures);
    CHECK(event.last_error == "HTTP 503");
    const std::int64_t wait = event.next_attempt_ms - *fixture.now_ms;
    CHECK(wait >= 0);
    CHECK(wait <= retry_delay_ms(policy, failures, 1.0));
    // Not a moment early.
    if (wait > 0) CHECK(engine->deliver_due(event.next_attempt_ms - 1).value().claimed() == 0);
    *fixture.now_ms = event.next_attempt_ms;
  }
  CHECK(*fixture.now_ms - created >= four_days_ms);
  CHECK(*fixture.now_ms - created < four_days_ms + policy.max_delay_ms);
  // Four days of waits of up to an hour (half an hour on average) take well over 96 attempts.
  CHECK(failures > 96);

  const auto sent = sender->sent();
  REQUIRE(sent.size() == static_cast<std::size_t>(failures));
  std::set<std::string> execution_ids;
  for (const auto &request : sent) {
    CHECK(request.body == sent[0].body);  // the same bytes every time
    execution_ids.insert(request.header("X-Knit-Execution-Id"));
  }
  CHECK(execution_ids.size() == sent.size());  // a new execution id per attempt
  CHECK(fixture.instance->store().event_history(only_event(fixture).event_id).value().size() == sent.size());
  CHECK(fixture.instance->store().count_events().value().dead_lettered == 1);
  CHECK(engine->deliver_due(*fixture.now_ms + four_days_ms).value().claimed() == 0);
}

TEST_CASE("the attempt limit dead-letters; a replay gives a fresh budget", "[delivery]") {
  bridge_fixture fixture;
  start(fixture, "app_1");
  start(fixture, "app_2");
  auto sender = std::make_shared<scripted_transport>([](const test::sent_request &) {
    return outbound_reply{outbound_reply::outcome::failed, 0, "connection refused", {}, {}};
  });
  retry_policy policy;
  policy.max_attempts = 2;
  auto engine = engine_for(*fixture.instance, sender, policy);
  store &events = fixture.instance->store();

  CHECK(engine->deliver_due(*fixture.now_ms).value().retrying == 2);
  CHECK(engine->deliver_due(*fixture.now_ms + 3'600'000).value().dead_lettered == 2);
  const auto dead = events.list_events(event_state::dead_lettered).value();
  REQUIRE(dead.size() == 2);
  CHECK(dead[0].last_error == "connection refused");
  const auto history = events.event_history(dead[0].event_id).value();
  REQUIRE(history.size() == 2);
  CHECK(history[1].http_status == 0);
  CHECK(history[1].error == "connection refused");

  CHECK(events.replay_dead_letters("evt_unknown").code() == error_code::not_found);
  sender->answer_with([](const test::sent_request &) { return http_status(204); });
  *fixture.now_ms += 3'600'000;
  REQUIRE(events.replay_dead_letters(dead[0].event_id).value() == 1);
  CHECK(events.replay_dead_letters(dead[0].event_id).code() == error_code::conflict);  // pending now
  const event_info replayed = events.list_events(event_state::pending).value().at(0);
  CHECK(replayed.attempts == 0);
  CHECK(replayed.next_attempt_ms <= *fixture.now_ms);
  CHECK(engine->deliver_due(*fixture.now_ms).value().delivered == 1);
  CHECK(events.replay_dead_letters(dead[0].event_id).code() == error_code::conflict);  // delivered

  CHECK(events.replay_dead_letters().value() == 1);
  CHECK(events.replay_dead_letters().value() == 0);
  CHECK(engine->deliver_due(*fixture.now_ms).value().delivered == 1);
  const auto counts = events.count_events().value();
  CHECK(counts.acknowledged == 2);
  CHECK(counts.dead_lettered == 0);
  CHECK(counts.pending == 0);
  // The history spans the replay: two failures, then the success.
  CHECK(events.event_history(dead[0].event_id).value().size() == 3);
}

TEST_CASE("a record.deleted never overtakes its record.new; other assessments do not wait", "[delivery]") {
  bridge_fixture fixture;
  const std::string first = start(fixture, "app_1");
  cancel(fixture, first);
  const std::string second = start(fixture, "app_2");
  int failures_left = 3;
  std::mutex mutex;
  auto sender = std::make_shared<scripted_transport>([&](const test::sent_request &request) {
    std::lock_guard lock(mutex);
    const bool first_new = request.body.find("\"recordId\":\"" + first + "\"") != std::string::npos &&
                           request.body.find("record.new") != std::string::npos;
    if (first_new && failures_left > 0) {
      --failures_left;
      return http_status(500);
    }
    return http_status(200);
  });
  retry_policy policy;
  policy.first_delay_ms = policy.max_delay_ms = 1'000;
  auto engine = engine_for(*fixture.instance, sender, policy);

  for (int pass = 0; pass < 10; ++pass) {
    (void)engine->deliver_due(*fixture.now_ms).value();
    *fixture.now_ms += 1'000;
  }
  std::vector<std::string> order;
  for (const auto &request : sender->sent()) {
    const bool is_first = request.body.find("\"recordId\":\"" + first + "\"") != std::string::npos;
    const bool is_new = request.body.find("\"eventType\":\"record.new\"") != std::string::npos;
    order.push_back((is_first ? "first." : "second.") + std::string(is_new ? "new" : "deleted"));
  }
  // The second assessment went out in the first pass, while the first one's record.new failed.
  REQUIRE(order.size() == 6);
  CHECK(order[0] == "first.new");
  CHECK(order[1] == "second.new");
  CHECK(order[2] == "first.new");
  CHECK(order[3] == "first.new");
  CHECK(order[4] == "first.new");
  CHECK(order[5] == "first.deleted");
  CHECK(fixture.instance->store().count_events().value().acknowledged == 3);
}

TEST_CASE("a dead-lettered record.new holds its record.new back until replayed", "[delivery]") {
  bridge_fixture fixture;
  const std::string id = start(fixture, "app_1");
  auto sender = std::make_shared<scripted_transport>([](const test::sent_request &) { return http_status(410); });
  retry_policy policy;
  policy.max_attempts = 1;
  auto engine = engine_for(*fixture.instance, sender, policy);
  CHECK(engine->deliver_due(*fixture.now_ms).value().dead_lettered == 1);
  cancel(fixture, id);
  sender->answer_with([](const test::sent_request &) { return http_status(200); });
  CHECK(engine->deliver_due(*fixture.now_ms).value().claimed() == 0);  // the deletion waits

  REQUIRE(fixture.instance->store().replay_dead_letters().value() == 1);
  CHECK(engine->deliver_due(*fixture.now_ms).value().delivered == 1);
  CHECK(engine->deliver_due(*fixture.now_ms).value().delivered == 1);
  const auto sent = sender->sent();
  REQUIRE(sent.size() == 3);
  CHECK(sent[1].body.find("record.new") != std::string::npos);
  CHECK(sent[2].body.find("record.deleted") != std::string::npos);
}

TEST_CASE("two engines on one store file never send an event twice", "[delivery][threads]") {
  bridge_fixture fixture;
  for (int i = 0; i < 40; ++i) start(fixture, "app_" + std::to_string(i));
  bridge_fixture other(fixture.store_path, false);  // a second connection, as another process has
  *other.now_ms = fixture.now_ms->load();
  auto sender = std::make_shared<scripted_transport>();
  auto first = engine_for(*fixture.instance, sender);
  auto second = engine_for(*other.instance, sender);

  auto drain = [&](delivery_engine &engine, std::int64_t now) {
    while (engine.deliver_due(now).value().claimed() > 0) {
    }
  };
  std::thread racing([&] { drain(*second, other.now_ms->load()); });
  drain(*first, fixture.now_ms->load());
  racing.join();

  std::multiset<std::string> sent_ids;
  for (const auto &request : sender->sent()) sent_ids.insert(request.event_id());
  CHECK(sent_ids.size() == 40);
  CHECK(std::set<std::string>(sent_ids.begin(), sent_ids.end()).size() == 40);
  CHECK(fixture.instance->store().count_events().value().acknowledged == 40);
}

TEST_CASE("an expired lease frees the event; the late worker's failure changes nothing", "[delivery][threads]") {
  bridge_fixture fixture;
  start(fixture, "app_1");
  bridge_fixture other(fixture.store_path, false);
  *other.now_ms = fixture.now_ms->load();

  // The first engine's send hangs, as a stuck worker would, and then fails.
  std::mutex mutex;
  std::condition_variable released;
  bool release = false;
  auto stuck = std::make_shared<scripted_transport>([&](const test::sent_request &) {
    std::unique_lock lock(mutex);
    released.wait(lock, [&] { return release; });
    return http_status(500);
  });
  auto healthy = std::make_shared<scripted_transport>();
  auto first = engine_for(*fixture.instance, stuck);
  auto second = engine_for(*other.instance, healthy);

  std::thread worker([&] { (void)first->deliver_due(fixture.now_ms->load()); });
  REQUIRE(stuck->wait_for_sends(1, std::chrono::seconds(10)));
  CHECK(second->deliver_due(other.now_ms->load()).value().claimed() == 0);  // leased
  CHECK(second->deliver_due(other.now_ms->load() + 120'000).value().delivered == 1);  // lease over
  {
    std::lock_guard lock(mutex);
    release = true;
  }
  released.notify_all();
  worker.join();

  const event_info event = only_event(fixture);
  CHECK(event.state == event_state::delivered);
  CHECK(event.attempts == 0);
  CHECK(fixture.instance->store().event_history(event.event_id).value().size() == 2);
}

TEST_CASE("a transport's reason is kept short, as valid UTF-8, and never empty", "[delivery]") {
  bridge_fixture fixture;
  start(fixture, "app_1");
  std::string reason = "caf\xC3\xA9 \xFF broken: " + std::string(2000, 'x');
  auto sender = std::make_shared<scripted_transport>(
      [&](const test::sent_request &) { return outbound_reply{outbound_reply::outcome::failed, 0, reason, {}, {}}; });
  auto engine = engine_for(*fixture.instance, sender);
  REQUIRE(engine->deliver_due(*fixture.now_ms).value().retrying == 1);
  reason.clear();
  *fixture.now_ms += 3'600'000;
  REQUIRE(engine->deliver_due(*fixture.now_ms).value().retrying == 1);

  const auto history = fixture.instance->store().event_history(only_event(fixture).event_id).value();
  REQUIRE(history.size() == 2);
  CHECK(history[0].error.size() == 512);
  CHECK(history[0].error.substr(0, 18) == "caf?? ? broken: xx");  // one bad byte makes every non-ASCII one '?'
  CHECK(history[1].error == "no reply");
  CHECK(to_json(history).find("caf?? ?") != std::string::npos);
}

TEST_CASE("an aborted send is given back at once without counting", "[delivery]") {
  bridge_fixture fixture;
  start(fixture, "app_1");
  auto sender = std::make_shared<scripted_transport>([](const test::sent_request &) {
    return outbound_reply{outbound_reply::outcome::aborted, 0, "aborted by the host", {}, {}};
  });
  auto engine = engine_for(*fixture.instance, sender);
  CHECK(engine->deliver_due(*fixture.now_ms).value().released == 1);
  const event_info event = only_event(fixture);
  CHECK(event.state == event_state::pending);
  CHECK(event.attempts == 0);
  CHECK(fixture.instance->store().event_history(event.event_id).value().at(0).error == "aborted by the host");
  sender->answer_with([](const test::sent_request &) { return http_status(200); });
  CHECK(engine->deliver_due(*fixture.now_ms).value().delivered == 1);
}

TEST_CASE("workers deliver in the background and stop drains sends in flight", "[delivery][threads]") {
  bridge_fixture fixture;
  auto sender = std::make_shared<scripted_transport>([](const test::sent_request &) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return http_status(200);
  });
  auto engine = engine_for(*fixture.instance, sender);
  REQUIRE(engine->start().ok());
  CHECK(engine->running());
  CHECK(engine->start().code() == error_code::conflict);
  for (int i = 0; i < 5; ++i) start(fixture, "app_" + std::to_string(i));
  engine->wake();
  REQUIRE(sender->wait_for_sends(1, std::chrono::seconds(10)));
  engine->stop(std::chrono::seconds(10));
  CHECK_FALSE(engine->running());
  CHECK(sender->aborts() == 0);
  // Whatever was sent finished and was recorded; nothing is lost.
  const auto counts = fixture.instance->store().count_events().value();
  CHECK(counts.acknowledged == static_cast<std::int64_t>(sender->sent().size()));
  CHECK(counts.acknowledged + counts.pending == 5);

  REQUIRE(engine->start().ok());  // a stopped engine starts again
  for (int waited = 0; fixture.instance->store().count_events().value().pending > 0 && waited < 1000; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  engine->stop();
  CHECK(fixture.instance->store().count_events().value().acknowledged == 5);
}

TEST_CASE("wake sends an idle worker at once, however long it would otherwise wait", "[delivery][threads]") {
  bridge_fixture fixture;
  auto sender = std::make_shared<scripted_transport>([](const test::sent_request &) { return http_status(200); });
  delivery_options options;
  options.webhook_url = std::string(webhook);
  options.workers = 2;
  options.idle_poll_ms = 3'600'000;  // without a wake, an idle worker would look again in an hour
  auto created = delivery_engine::create(*fixture.instance, std::move(options), sender);
  REQUIRE(created.ok());
  const auto engine = std::move(created).value();
  REQUIRE(engine->start().ok());
  // Each round, both workers are idle again (the first looks found nothing); one wake is enough.
  for (std::size_t round = 1; round <= 3; ++round) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    start(fixture, "app_" + std::to_string(round));
    engine->wake();
    REQUIRE(sender->wait_for_sends(round, std::chrono::seconds(30)));
  }
  engine->stop();
  CHECK(fixture.instance->store().count_events().value().acknowledged == 3);
}

TEST_CASE("stop aborts sends that outlast the drain and releases their events", "[delivery][threads]") {
  bridge_fixture fixture;
  start(fixture, "app_1");
  std::shared_ptr<scripted_transport> sender;
  sender = std::make_shared<scripted_transport>(
      [&sender](const test::sent_request &request) { return sender->hang_until_aborted(request); });
  auto engine = engine_for(*fixture.instance, sender);
  REQUIRE(engine->start().ok());
  REQUIRE(sender->wait_for_sends(1, std::chrono::seconds(10)));
  engine->stop(std::chrono::milliseconds(20));
  CHECK(sender->aborts() == 1);
  const event_info event = only_event(fixture);
  CHECK(event.state == event_state::pending);
  CHECK(event.attempts == 0);
  CHECK(event.next_attempt_ms <= *fixture.now_ms);  // due again at once
  engine.reset();
  sender.reset();
}

TEST_CASE("an engine refuses a webhook without a signing key, and bad settings or keys", "[delivery]") {
  bridge_fixture fixture;
  auto sender = std::make_shared<scripted_transport>();
  const auto refused = [&](delivery_options options) {
    auto created = delivery_engine::create(*fixture.instance, std::move(options), sender);
    return created.ok() ? error_code::ok : created.code();
  };
  delivery_options good;
  good.webhook_url = std::string(webhook);
  CHECK(refused(good) == error_code::ok);
  for (const char *url : {"ftp://vendor.example/", "https://", "https://user:pw@vendor.example/", "https://a b/"}) {
    delivery_options bad = good;
    bad.webhook_url = url;
    CHECK(refused(bad) == error_code::invalid_argument);
    bad = good;
    bad.ashby_api_url = url;
    CHECK(refused(bad) == error_code::invalid_argument);
  }
  delivery_options bad = good;
  bad.ashby_api_url = "https://api.ashbyhq.com/?sandbox=1";
  CHECK(refused(bad) == error_code::invalid_argument);
  bad = good;
  bad.workers = 0;
  CHECK(refused(bad) == error_code::invalid_argument);
  bad = good;
  bad.lease_ms = 0;
  CHECK(refused(bad) == error_code::invalid_argument);
  bad = good;
  bad.retry.max_age_ms = -1;
  CHECK(refused(bad) == error_code::invalid_argument);
  bad = good;
  bad.standard_webhook_keys = {"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"};
  CHECK(refused(bad) == error_code::ok);
  bad.standard_webhook_keys.push_back("whpk_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  CHECK(refused(bad) == error_code::invalid_argument);
  bad = good;
  bad.webhook_url.clear();
  bad.standard_webhook_keys = {"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"};
  CHECK(refused(bad) == error_code::invalid_argument);

  bridge_options unsigned_options;
  unsigned_options.public_base_url = "https://hooks.vendor.example/ashby/";
  auto unsigned_bridge = bridge::open(std::move(unsigned_options)).value();
  CHECK(delivery_engine::create(*unsigned_bridge, good, sender).code() == error_code::invalid_argument);
  // Without a webhook the engine sends only updates to Ashby, and needs no signing key.
  delivery_options updates_only;
  CHECK(delivery_engine::create(*unsigned_bridge, updates_only, sender).ok());
}
