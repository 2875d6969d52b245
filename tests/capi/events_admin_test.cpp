// ak_store_events_count/list, ak_store_event_history and ak_store_events_replay: the operator's view
// of delivery. Events are dead-lettered the only way there is, by a delivery engine whose host
// transport refuses them on the one attempt its retry policy allows.
#include <simdjson.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "capi_support.hpp"
#include "host_transport_support.hpp"
#include "store_bridge_support.hpp"

using namespace capi_test;

namespace {

/// An engine over `bridge` that sends through `transport` and dead-letters an event on its first
/// failure. `transport` must outlive it.
owned_delivery engine_for(ak_bridge *bridge, scripted_transport &transport) {
  const ak_transport sender = transport.callbacks();
  ak_delivery_options options = delivery_options(&sender);
  options.max_attempts = 1;
  return new_delivery(bridge, options);
}

/// The parsed value at a JSON pointer of `json`; `parser` holds it.
simdjson::dom::element parsed_at(simdjson::dom::parser &parser, std::string_view json, const char *pointer) {
  simdjson::dom::element root;
  INFO("JSON " << json);
  REQUIRE(parser.parse(json.data(), json.size()).get(root) == simdjson::SUCCESS);
  simdjson::dom::element value;
  INFO("JSON pointer " << pointer);
  REQUIRE(root.at_pointer(pointer).get(value) == simdjson::SUCCESS);
  return value;
}

bool is_null_at(std::string_view json, const char *pointer) {
  simdjson::dom::parser parser;
  return parsed_at(parser, json, pointer).is_null();
}

std::size_t array_size(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::array array;
  REQUIRE(parsed_at(parser, json, "").get(array) == simdjson::SUCCESS);
  return array.size();
}

/// The names of the members of the object at `pointer`, in the order written.
std::vector<std::string> member_names(std::string_view json, const char *pointer) {
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  REQUIRE(parsed_at(parser, json, pointer).get(object) == simdjson::SUCCESS);
  std::vector<std::string> names;
  for (const auto field : object) names.emplace_back(field.key);
  return names;
}

std::string list(ak_store *store, int state, size_t limit = 0) {
  char *out = nullptr;
  return take(ak_store_events_list(store, state, limit, &out), &out);
}

std::string history(ak_store *store, const char *event_id) {
  char *out = nullptr;
  return take(ak_store_event_history(store, event_id, &out), &out);
}

/// The eventIds of a listing, in its order.
std::vector<std::string> ids_of(std::string_view listing) {
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < array_size(listing); ++i) {
    ids.push_back(json_string_at(listing, ("/" + std::to_string(i) + "/eventId").c_str()));
  }
  return ids;
}

struct counts {
  std::int64_t pending = -1;
  std::int64_t acknowledged = -1;
  std::int64_t dead_lettered = -1;
  bool operator==(const counts &other) const {
    return pending == other.pending && acknowledged == other.acknowledged && dead_lettered == other.dead_lettered;
  }
};

counts count(ak_store *store) {
  counts counted;
  REQUIRE(ak_store_events_count(store, &counted.pending, &counted.acknowledged, &counted.dead_lettered) == AK_OK);
  return counted;
}

size_t replay(ak_store *store, const char *event_id) {
  size_t replayed = 99;
  const ak_status status = ak_store_events_replay(store, event_id, &replayed);
  INFO(last_error());
  REQUIRE(status == AK_OK);
  return replayed;
}

/// A bridge whose outbox holds, oldest first and a second apart: one event delivered (pulled and
/// acknowledged), two dead-lettered (answered 500 on their one attempt, at `refused_ms`) and one
/// pending (started after that).
struct outbox_fixture {
  outbox_fixture() {
    for (const char *application : {"app_1", "app_2", "app_3"}) start(application);
    ak_event_batch *batch = nullptr;
    REQUIRE(ak_bridge_events_pull(fixture.bridge.get(), 1, &batch) == AK_OK);
    const owned_batch pulled(batch);
    REQUIRE(ak_event_batch_count(batch) == 1);
    delivered = ak_event_batch_event_id(batch, 0);
    const char *acknowledged[] = {delivered.c_str()};
    REQUIRE(ak_bridge_events_ack(fixture.bridge.get(), acknowledged, 1, nullptr) == AK_OK);

    refused_ms = fixture.injected.now_ms.load();
    const ak_delivery_summary summary = deliver_due(engine.get(), refused_ms);
    CHECK(summary.dead_lettered == 2);
    CHECK(summary.delivered + summary.retrying + summary.released == 0);
    const auto sent = transport.requests();
    REQUIRE(sent.size() == 2);
    for (const auto &request : sent) dead_lettered.push_back(request.event_id);

    start("app_4");
    const std::string listing = list(store(), AK_EVENTS_PENDING);
    REQUIRE(array_size(listing) == 1);
    pending = json_string_at(listing, "/0/eventId");
  }

  ak_store *store() const { return ak_bridge_store(fixture.bridge.get()); }

  void start(const char *application) {
    fixture.injected.now_ms += 1000;
    const reply started = fixture.call("assessment.start", start_body(application));
    REQUIRE(started.status == 200);
    assessments.push_back(json_string_at(started.body, "/results/assessment_id"));
    created_ms.push_back(fixture.injected.now_ms.load());
  }

  bridge_fixture fixture;
  scripted_transport transport;
  owned_delivery engine = engine_for(fixture.bridge.get(), transport);
  std::vector<std::string> assessments;  ///< started, in order
  std::vector<std::int64_t> created_ms;  ///< of each start's event
  std::int64_t refused_ms = 0;
  std::string delivered;
  std::vector<std::string> dead_lettered;
  std::string pending;
};

}  // namespace

TEST_CASE("ak_store_events_count counts the events in each delivery state", "[capi]") {
  outbox_fixture outbox;
  CHECK(count(outbox.store()) == counts{1, 1, 2});
  std::int64_t dead_lettered = -1;
  REQUIRE(ak_store_events_count(outbox.store(), nullptr, nullptr, &dead_lettered) == AK_OK);
  CHECK(dead_lettered == 2);
  CHECK(ak_store_events_count(outbox.store(), nullptr, nullptr, nullptr) == AK_OK);
}

TEST_CASE("ak_store_events_list lists every event oldest first, with its delivery state", "[capi]") {
  const outbox_fixture outbox;
  const std::string all = list(outbox.store(), AK_EVENTS_ALL);
  INFO(all);
  const std::vector<std::string> expected_ids = {outbox.delivered, outbox.dead_lettered[0], outbox.dead_lettered[1],
                                                 outbox.pending};
  REQUIRE(ids_of(all) == expected_ids);
  const std::vector<std::string> shape = {"eventId",   "integrationId", "assessmentId", "eventType",  "state",
                                          "createdMs", "attempts",      "nextAttemptMs", "finishedMs", "lastError"};
  const char *const states[] = {"delivered", "dead_lettered", "dead_lettered", "pending"};
  for (std::size_t i = 0; i < expected_ids.size(); ++i) {
    const std::string at = "/" + std::to_string(i);
    INFO("entry " << i);
    CHECK(member_names(all, at.c_str()) == shape);
    CHECK(json_string_at(all, (at + "/integrationId").c_str()) == "acme");
    CHECK(json_string_at(all, (at + "/assessmentId").c_str()) == outbox.assessments[i]);
    CHECK(json_string_at(all, (at + "/eventType").c_str()) == "record.new");
    CHECK(json_string_at(all, (at + "/state").c_str()) == states[i]);
    CHECK(json_int_at(all, (at + "/createdMs").c_str()) == outbox.created_ms[i]);
  }

  SECTION("a dead-lettered event says when and why it was given up") {
    CHECK(json_int_at(all, "/1/attempts") == 1);
    CHECK(json_int_at(all, "/1/finishedMs") == outbox.refused_ms);
    CHECK_THAT(json_string_at(all, "/1/lastError"), Catch::Contains("500"));
  }
  SECTION("a pending event that was never sent has no finish and no error") {
    CHECK(json_int_at(all, "/3/attempts") == 0);
    CHECK(is_null_at(all, "/3/finishedMs"));
    CHECK(is_null_at(all, "/3/lastError"));
  }
  SECTION("a delivered event has finished without an error") {
    CHECK_FALSE(is_null_at(all, "/0/finishedMs"));
    CHECK(is_null_at(all, "/0/lastError"));
  }
}

TEST_CASE("ak_store_events_list filters by state and stops at the limit", "[capi]") {
  const outbox_fixture outbox;
  ak_store *store = outbox.store();
  CHECK(ids_of(list(store, AK_EVENTS_PENDING)) == std::vector<std::string>{outbox.pending});
  CHECK(ids_of(list(store, AK_EVENTS_DELIVERED)) == std::vector<std::string>{outbox.delivered});
  CHECK(ids_of(list(store, AK_EVENTS_DEAD_LETTERED)) == outbox.dead_lettered);
  CHECK(ids_of(list(store, AK_EVENTS_DEAD_LETTERED, 1)) == std::vector<std::string>{outbox.dead_lettered[0]});
  CHECK(ids_of(list(store, AK_EVENTS_ALL, 2)) == std::vector<std::string>{outbox.delivered, outbox.dead_lettered[0]});
  CHECK(array_size(list(store, AK_EVENTS_ALL, 100)) == 4);
  CHECK(list(open_store(nullptr).get(), AK_EVENTS_ALL) == "[]");
}

TEST_CASE("ak_store_event_history shows each attempt with the webhook's status or the failure", "[capi]") {
  const outbox_fixture outbox;
  const std::string refused = history(outbox.store(), outbox.dead_lettered[0].c_str());
  INFO(refused);
  REQUIRE(array_size(refused) == 1);
  CHECK(member_names(refused, "/0") ==
        std::vector<std::string>{"executionId", "startedMs", "durationMs", "httpStatus", "error", "requestId"});
  CHECK(json_string_at(refused, "/0/executionId") == outbox.transport.requests()[0].execution_id);
  CHECK(json_int_at(refused, "/0/startedMs") == outbox.refused_ms);
  CHECK(json_int_at(refused, "/0/durationMs") >= 0);
  CHECK(json_int_at(refused, "/0/httpStatus") == 500);
  CHECK(is_null_at(refused, "/0/error"));

  CHECK(history(outbox.store(), outbox.pending.c_str()) == "[]");

  SECTION("a send that got no reply has no status and says why") {
    scripted_transport unreachable;
    unreachable.answer(AK_SEND_FAILED, "connection refused");
    const owned_delivery engine = engine_for(outbox.fixture.bridge.get(), unreachable);
    const ak_delivery_summary summary = deliver_due(engine.get(), outbox.created_ms.back());
    CHECK(summary.dead_lettered == 1);
    const std::string failed = history(outbox.store(), outbox.pending.c_str());
    INFO(failed);
    REQUIRE(array_size(failed) == 1);
    CHECK(is_null_at(failed, "/0/httpStatus"));
    CHECK(json_string_at(failed, "/0/error") == "connection refused");
    CHECK_THAT(json_string_at(list(outbox.store(), AK_EVENTS_ALL), "/3/lastError"),
               Catch::Contains("connection refused"));
  }
}

TEST_CASE("ak_store_events_replay makes dead-lettered events pending again with a fresh budget", "[capi]") {
  outbox_fixture outbox;
  ak_store *store = outbox.store();
  const std::string first = outbox.dead_lettered[0];
  CHECK(replay(store, first.c_str()) == 1);
  CHECK(count(store) == counts{2, 1, 1});
  const std::string pending = list(store, AK_EVENTS_PENDING);
  INFO(pending);
  REQUIRE(ids_of(pending) == std::vector<std::string>{first, outbox.pending});
  CHECK(json_int_at(pending, "/0/attempts") == 0);
  CHECK(is_null_at(pending, "/0/finishedMs"));
  CHECK(array_size(history(store, first.c_str())) == 1);  // the history is kept

  SECTION("only a dead-lettered event can be replayed") {
    size_t replayed = 99;
    CHECK_FAILS_WITH(ak_store_events_replay(store, first.c_str(), &replayed), AK_ERR_CONFLICT);
    CHECK_FAILS_WITH(ak_store_events_replay(store, outbox.delivered.c_str(), &replayed), AK_ERR_CONFLICT);
    CHECK_FAILS_WITH(ak_store_events_replay(store, "evt_unknown", &replayed), AK_ERR_NOT_FOUND);
    CHECK(replayed == 99);
    CHECK(count(store) == counts{2, 1, 1});
  }
  SECTION("NULL replays every dead-lettered event") {
    CHECK(replay(store, nullptr) == 1);
    CHECK(count(store) == counts{3, 1, 0});
    CHECK(replay(store, nullptr) == 0);
    CHECK(ak_store_events_replay(store, nullptr, nullptr) == AK_OK);
  }
  SECTION("a replayed event is due at once and may now be delivered") {
    outbox.transport.answer(200);
    const ak_delivery_summary summary = deliver_due(outbox.engine.get(), outbox.fixture.injected.now_ms.load());
    CHECK(summary.delivered == 2);  // the replayed event and the one started last
    CHECK(count(store) == counts{0, 3, 1});
    CHECK(array_size(history(store, first.c_str())) == 2);
  }
}

TEST_CASE("the delivery administration functions refuse NULL arguments and unknown states", "[capi]") {
  const owned_store store = open_store(nullptr);
  char *out = untouched_marker();
  CHECK_FAILS_WITH(ak_store_events_count(nullptr, nullptr, nullptr, nullptr), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_store_events_list(nullptr, AK_EVENTS_ALL, 0, &out), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_store_events_list(store.get(), AK_EVENTS_ALL, 0, nullptr), AK_ERR_INVALID_ARGUMENT);
  for (const int state : {4, -1, 1000}) {
    INFO("state " << state);
    CHECK_FAILS_WITH(ak_store_events_list(store.get(), state, 0, &out), AK_ERR_INVALID_ARGUMENT);
    CHECK_THAT(last_error(), Catch::Contains("AK_EVENTS_DEAD_LETTERED"));
  }
  CHECK(ak_store_events_list(store.get(), AK_EVENTS_DEAD_LETTERED, 0, &out) == AK_OK);
  CHECK(owned_string(out).get() == std::string("[]"));
  out = untouched_marker();
  CHECK_FAILS_WITH(ak_store_event_history(nullptr, "evt_x", &out), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_store_event_history(store.get(), nullptr, &out), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_store_event_history(store.get(), "evt_x", nullptr), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_store_event_history(store.get(), "evt_unknown", &out), AK_ERR_NOT_FOUND);
  CHECK(out == untouched_marker());
  CHECK_FAILS_WITH(ak_store_events_replay(nullptr, nullptr, nullptr), AK_ERR_INVALID_ARGUMENT);
}
