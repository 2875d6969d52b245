// The delivery engine over real HTTP on loopback, the same scenarios through both kinds of
// transport: the default (libcurl) and a host's own client (cpp-httplib).
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "ashbyknit/delivery.hpp"
#include "ashbyknit/knit_signature.hpp"
#include "ashbyknit/standard_webhooks.hpp"
#include "bridge_support.hpp"
#include "httplib_transport.hpp"
#include "loopback_receiver.hpp"

using namespace ashbyknit;
using test::bridge_fixture;

namespace {

constexpr int timeout_ms = 500;

/// The transport a scenario runs with, by name.
std::shared_ptr<transport> transport_named(const std::string &name) {
  if (name == "host") return test::make_httplib_transport(timeout_ms);
  curl_transport_options options;
  options.connect_timeout_ms = timeout_ms;
  options.total_timeout_ms = timeout_ms;
  return make_curl_transport(options).value();
}

std::unique_ptr<delivery_engine> engine_for(bridge &source, const std::string &transport_name, std::string url,
                                            retry_policy policy = {}) {
  delivery_options options;
  options.webhook_url = std::move(url);
  options.retry = policy;
  options.idle_poll_ms = 10;
  auto created = delivery_engine::create(source, std::move(options), transport_named(transport_name));
  INFO(created.message());
  REQUIRE(created.ok());
  return std::move(created).value();
}

std::string start(bridge_fixture &fixture, std::string_view application_id) {
  return bridge_fixture::assessment_id_of(fixture.call("assessment.start", bridge_fixture::start_body(application_id)));
}

std::string event_id_in(const std::string &body) {
  const std::string marker = R"("eventId":")";
  const auto from = body.find(marker) + marker.size();
  return body.substr(from, body.find('"', from) - from);
}

}  // namespace

TEST_CASE("an event reaches a real webhook with its headers and bytes", "[delivery][http]") {
  const std::string name = GENERATE(as<std::string>{}, "curl", "host");
  INFO("transport " << name);
  ak_test::loopback_receiver receiver;
  bridge_fixture fixture;
  start(fixture, "app_1");
  auto engine = engine_for(*fixture.instance, name, receiver.url("/knit?tenant=acme"));

  CHECK(engine->deliver_due(*fixture.now_ms).value().delivered == 1);
  const auto received = receiver.requests();
  REQUIRE(received.size() == 1);
  const auto &request = received[0];
  CHECK(request.path == "/knit");
  CHECK(request.header("Content-Type") == "application/json");
  CHECK(request.header("X-Knit-Integration-Id") == "acme");
  CHECK(knit_verify(bridge_fixture::signing_key, request.body, request.header("X-Knit-Signature").value_or("")));
  const auto events = fixture.instance->store().list_events().value();
  REQUIRE(events.size() == 1);
  CHECK(event_id_in(request.body) == events[0].event_id);
  CHECK(events[0].state == event_state::delivered);
}

TEST_CASE("every Standard Webhooks key signs each attempt beside X-Knit-Signature", "[delivery][http]") {
  ak_test::loopback_receiver receiver;
  std::atomic<int> failures_left{1};
  receiver.set_handler([&](const ak_test::received_request &) {
    return ak_test::reply{failures_left-- > 0 ? 500 : 200, 0, {}, "", false};
  });
  bridge_fixture fixture;
  start(fixture, "app_1");
  const std::string secret = standard_webhook_secret_new(system_random()).value();
  const standard_webhook_key_pair pair = standard_webhook_key_pair_new(system_random()).value();
  delivery_options options;
  options.webhook_url = receiver.url("/knit");
  options.standard_webhook_keys = {secret, pair.signing_key};
  auto engine = delivery_engine::create(*fixture.instance, std::move(options), transport_named("curl")).value();

  const std::int64_t first_ms = *fixture.now_ms;
  CHECK(engine->deliver_due(first_ms).value().retrying == 1);
  *fixture.now_ms += 2 * retry_policy{}.first_delay_ms + 1500;
  CHECK(engine->deliver_due(*fixture.now_ms).value().delivered == 1);

  const auto received = receiver.requests();
  REQUIRE(received.size() == 2);
  const std::int64_t attempt_ms[] = {first_ms, *fixture.now_ms};
  for (std::size_t i = 0; i < received.size(); ++i) {
    const auto &request = received[i];
    CHECK(knit_verify(bridge_fixture::signing_key, request.body, request.header("X-Knit-Signature").value_or("")));
    const std::string id = request.header("webhook-id").value_or("");
    const std::string timestamp = request.header("webhook-timestamp").value_or("");
    const std::string signature = request.header("webhook-signature").value_or("");
    CHECK(id == event_id_in(request.body));
    CHECK(timestamp == std::to_string(attempt_ms[i] / 1000));
    CHECK(std::count(signature.begin(), signature.end(), ' ') == 1);
    const std::int64_t now_s = attempt_ms[i] / 1000;
    CHECK(standard_webhook_verify({secret}, {id, timestamp, signature}, request.body, now_s).ok());
    CHECK(standard_webhook_verify({pair.public_key}, {id, timestamp, signature}, request.body, now_s).ok());
  }
  CHECK(received[0].header("webhook-timestamp") != received[1].header("webhook-timestamp"));
}

TEST_CASE("a webhook that fails is retried with the same bytes until it answers 2xx", "[delivery][http]") {
  const std::string name = GENERATE(as<std::string>{}, "curl", "host");
  INFO("transport " << name);
  ak_test::loopback_receiver receiver;
  std::atomic<int> failures_left{2};
  receiver.set_handler([&](const ak_test::received_request &) {
    return ak_test::reply{failures_left-- > 0 ? 500 : 202, 0, {}, "", false};
  });
  bridge_fixture fixture;
  start(fixture, "app_1");
  auto engine = engine_for(*fixture.instance, name, receiver.url("/knit"));

  CHECK(engine->deliver_due(*fixture.now_ms).value().retrying == 1);
  *fixture.now_ms += retry_policy{}.first_delay_ms;
  CHECK(engine->deliver_due(*fixture.now_ms).value().retrying == 1);
  *fixture.now_ms += 2 * retry_policy{}.first_delay_ms;
  CHECK(engine->deliver_due(*fixture.now_ms).value().delivered == 1);

  const auto received = receiver.requests();
  REQUIRE(received.size() == 3);
  std::set<std::string> execution_ids;
  for (const auto &request : received) {
    CHECK(request.body == received[0].body);
    execution_ids.insert(request.header("X-Knit-Execution-Id").value_or(""));
  }
  CHECK(execution_ids.size() == 3);
  const auto history = fixture.instance->store().event_history(event_id_in(received[0].body)).value();
  REQUIRE(history.size() == 3);
  CHECK(history[0].http_status == 500);
  CHECK(history[2].http_status == 202);
}

TEST_CASE("a 410 on the last allowed attempt dead-letters the event", "[delivery][http]") {
  const std::string name = GENERATE(as<std::string>{}, "curl", "host");
  INFO("transport " << name);
  ak_test::loopback_receiver receiver;
  receiver.set_handler([](const ak_test::received_request &) { return ak_test::reply{410, 0, {}, "gone", false}; });
  bridge_fixture fixture;
  start(fixture, "app_1");
  retry_policy policy;
  policy.max_attempts = 1;
  auto engine = engine_for(*fixture.instance, name, receiver.url("/knit"), policy);
  CHECK(engine->deliver_due(*fixture.now_ms).value().dead_lettered == 1);
  const auto dead = fixture.instance->store().list_events(event_state::dead_lettered).value();
  REQUIRE(dead.size() == 1);
  CHECK(dead[0].last_error == "HTTP 410");
}

TEST_CASE("a refused connection and a reply past the timeout are retried", "[delivery][http]") {
  const std::string name = GENERATE(as<std::string>{}, "curl", "host");
  INFO("transport " << name);
  bridge_fixture fixture;
  start(fixture, "app_1");

  SECTION("connection refused") {
    const std::string url = "http://127.0.0.1:" + std::to_string(ak_test::refusing_port()) + "/knit";
    auto engine = engine_for(*fixture.instance, name, url);
    CHECK(engine->deliver_due(*fixture.now_ms).value().retrying == 1);
  }
  SECTION("slow reply") {
    ak_test::loopback_receiver receiver;
    receiver.set_handler(
        [](const ak_test::received_request &) { return ak_test::reply{200, 4 * timeout_ms, {}, "", false}; });
    auto engine = engine_for(*fixture.instance, name, receiver.url("/knit"));
    CHECK(engine->deliver_due(*fixture.now_ms).value().retrying == 1);
  }
  const auto events = fixture.instance->store().list_events().value();
  REQUIRE(events.size() == 1);
  CHECK(events[0].state == event_state::pending);
  CHECK(events[0].attempts == 1);
  const auto history = fixture.instance->store().event_history(events[0].event_id).value();
  REQUIRE(history.size() == 1);
  CHECK(history[0].http_status == 0);
  CHECK_FALSE(history[0].error.empty());
}

TEST_CASE("background workers deliver everything in order per assessment past a failing share", "[delivery][http]") {
  const std::string name = GENERATE(as<std::string>{}, "curl", "host");
  INFO("transport " << name);
  ak_test::loopback_receiver receiver;
  std::mutex mutex;
  std::map<std::size_t, int> answered;  // by arrival order
  receiver.set_handler([&](const ak_test::received_request &request) {
    std::lock_guard lock(mutex);
    const int status = answered.size() % 3 == 0 ? 503 : 200;
    answered[request.order] = status;
    return ak_test::reply{status, 0, {}, "", false};
  });
  bridge_fixture fixture;
  // Real time here: the workers wait out real (short) backoffs.
  *fixture.now_ms = system_clock()();
  std::thread clock([&, until = std::chrono::steady_clock::now() + std::chrono::seconds(60)] {
    while (fixture.now_ms->load() != 0 && std::chrono::steady_clock::now() < until) {
      *fixture.now_ms = system_clock()();
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  retry_policy policy;
  policy.first_delay_ms = 20;
  policy.max_delay_ms = 100;
  auto engine = engine_for(*fixture.instance, name, receiver.url("/knit"), policy);
  REQUIRE(engine->start().ok());
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i) {
    ids.push_back(start(fixture, "app_" + std::to_string(i)));
    REQUIRE(fixture.call("assessment.cancel", R"({"assessment_id":")" + ids.back() + "\"}").status == 200);
    engine->wake();
  }
  for (int waited = 0; fixture.instance->store().count_events().value().pending > 0 && waited < 3000; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  engine->stop();
  CHECK(fixture.instance->store().count_events().value().acknowledged == 40);

  // Every record.deleted arrived after its record.new had been answered 200.
  std::set<std::string> delivered_new;
  std::size_t deletions = 0;
  for (const auto &request : receiver.requests()) {
    const std::string &body = request.body;
    const auto record_start = body.find(R"("recordId":")") + 12;
    const std::string record = body.substr(record_start, body.find('"', record_start) - record_start);
    if (body.find(R"("eventType":"record.new")") != std::string::npos) {
      std::lock_guard lock(mutex);
      if (answered.at(request.order) == 200) delivered_new.insert(record);
    } else {
      INFO("record.deleted of " << record);
      CHECK(delivered_new.count(record) == 1);
      ++deletions;
    }
  }
  CHECK(deletions >= 20);
  *fixture.now_ms = 0;
  clock.join();
}
