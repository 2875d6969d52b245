// ak_bridge_events_pull/ack and the ak_event_batch accessors: events for a host that delivers
// them itself, signed as protocol §3.3 says and checked with ak_knit_verify.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "capi_support.hpp"
#include "store_bridge_support.hpp"

using namespace capi_test;

namespace {

/// One pulled event, read back through the batch accessors.
struct pulled_event {
  std::string event_id;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  std::string header(std::string_view name) const {
    for (const auto &[header_name, value] : headers) {
      if (header_name == name) return value;
    }
    return {};
  }
};

/// Reads every event of a batch through its accessors, checking that each stops at its end.
std::vector<pulled_event> read_batch(const ak_event_batch *batch) {
  std::vector<pulled_event> events;
  const size_t count = ak_event_batch_count(batch);
  for (size_t i = 0; i < count; ++i) {
    pulled_event event;
    const char *event_id = ak_event_batch_event_id(batch, i);
    REQUIRE(event_id != nullptr);
    event.event_id = event_id;
    size_t length = 0;
    const char *body = ak_event_batch_body(batch, i, &length);
    REQUIRE(body != nullptr);
    CHECK(body[length] == '\0');
    event.body.assign(body, length);
    const size_t headers = ak_event_batch_header_count(batch, i);
    for (size_t h = 0; h < headers; ++h) {
      const char *name = ak_event_batch_header_name(batch, i, h);
      const char *value = ak_event_batch_header_value(batch, i, h);
      REQUIRE(name != nullptr);
      REQUIRE(value != nullptr);
      event.headers.emplace_back(name, value);
    }
    CHECK(ak_event_batch_header_name(batch, i, headers) == nullptr);
    CHECK(ak_event_batch_header_value(batch, i, headers) == nullptr);
    events.push_back(std::move(event));
  }
  CHECK(ak_event_batch_event_id(batch, count) == nullptr);
  CHECK(ak_event_batch_body(batch, count, nullptr) == nullptr);
  CHECK(ak_event_batch_header_count(batch, count) == 0);
  CHECK(ak_event_batch_header_name(batch, count, 0) == nullptr);
  return events;
}

std::vector<pulled_event> pull(ak_bridge *bridge, size_t max) {
  ak_event_batch *batch = nullptr;
  const ak_status status = ak_bridge_events_pull(bridge, max, &batch);
  INFO(last_error());
  REQUIRE(status == AK_OK);
  const owned_batch owned(batch);
  return read_batch(batch);
}

size_t acknowledge(ak_bridge *bridge, const std::vector<std::string> &event_ids) {
  std::vector<const char *> ids;
  for (const std::string &id : event_ids) ids.push_back(id.c_str());
  size_t acknowledged = 99;
  REQUIRE(ak_bridge_events_ack(bridge, ids.data(), ids.size(), &acknowledged) == AK_OK);
  return acknowledged;
}

int verify(std::string_view key, const pulled_event &event) {
  return ak_knit_verify(key.data(), key.size(), event.body.data(), event.body.size(),
                        event.header("X-Knit-Signature").c_str());
}

std::int64_t count_events(ak_bridge *bridge, bool acknowledged) {
  std::int64_t pending = -1;
  std::int64_t done = -1;
  REQUIRE(ak_store_events_count(ak_bridge_store(bridge), &pending, &done, nullptr) == AK_OK);
  return acknowledged ? done : pending;
}

}  // namespace

TEST_CASE("a pulled event carries Knit's headers and a signature over its exact bytes", "[capi]") {
  const bridge_fixture fixture;
  const reply started = fixture.call("assessment.start", start_body("app_1"));
  const std::string id = json_string_at(started.body, "/results/assessment_id");
  const std::vector<pulled_event> events = pull(fixture.bridge.get(), 10);
  REQUIRE(events.size() == 1);
  const pulled_event &event = events[0];

  CHECK(event.headers.size() == 4);
  CHECK(event.header("Content-Type") == "application/json");
  CHECK(event.header("X-Knit-Integration-Id") == "acme");
  CHECK(is_prefix_then(event.header("X-Knit-Execution-Id"), "exe_", 21, lower_alphanumerics));
  CHECK(verify(signing_key, event) == 1);
  CHECK(verify("another-key", event) == 0);

  CHECK(json_string_at(event.body, "/eventId") == event.event_id);
  CHECK(is_prefix_then(event.event_id, "evt_1734567890123", 10, lower_alphanumerics));  // the pinned clock
  CHECK(json_string_at(event.body, "/eventType") == "record.new");
  CHECK(json_string_at(event.body, "/recordId") == id);
  CHECK(json_int_at(event.body, "/triggeredAt") == start_now_ms);
}

TEST_CASE("acknowledged events are never pulled again, others come back after the timeout", "[capi]") {
  bridge_fixture fixture;
  ak_bridge *bridge = fixture.bridge.get();
  REQUIRE(fixture.call("assessment.start", start_body("app_1")).status == 200);
  REQUIRE(fixture.call("assessment.start", start_body("app_2")).status == 200);
  const std::vector<pulled_event> first = pull(bridge, 10);
  REQUIRE(first.size() == 2);
  CHECK(pull(bridge, 10).empty());  // leased

  CHECK(acknowledge(bridge, {first[0].event_id, "evt_unknown"}) == 1);
  CHECK(acknowledge(bridge, {first[0].event_id}) == 0);
  CHECK(count_events(bridge, false) == 1);
  CHECK(count_events(bridge, true) == 1);

  fixture.injected.now_ms += 60'000;  // the default visibility timeout
  const std::vector<pulled_event> again = pull(bridge, 10);
  REQUIRE(again.size() == 1);
  CHECK(again[0].event_id == first[1].event_id);
  CHECK(again[0].body == first[1].body);
  CHECK(again[0].header("X-Knit-Execution-Id") != first[1].header("X-Knit-Execution-Id"));

  CHECK(acknowledge(bridge, {again[0].event_id}) == 1);
  fixture.injected.now_ms += 600'000;
  CHECK(pull(bridge, 10).empty());
  CHECK(count_events(bridge, true) == 2);
}

TEST_CASE("ak_bridge_events_pull hands out at most max events", "[capi]") {
  const bridge_fixture fixture;
  for (const char *application : {"app_1", "app_2", "app_3"}) {
    REQUIRE(fixture.call("assessment.start", start_body(application)).status == 200);
  }
  CHECK(pull(fixture.bridge.get(), 0).empty());
  CHECK(pull(fixture.bridge.get(), 2).size() == 2);
  CHECK(pull(fixture.bridge.get(), 2).size() == 1);
}

TEST_CASE("a bridge without a signing key cannot pull", "[capi]") {
  ak_bridge_options options{};
  options.struct_size = sizeof options;
  options.public_base_url = base_url;
  ak_bridge *opened = nullptr;
  REQUIRE(ak_bridge_new(&options, &opened) == AK_OK);
  const owned_bridge bridge(opened);
  ak_event_batch *batch = reinterpret_cast<ak_event_batch *>(untouched_marker());
  CHECK_FAILS_WITH(ak_bridge_events_pull(bridge.get(), 1, &batch), AK_ERR_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Catch::Contains("signing key"));
  CHECK(batch == reinterpret_cast<ak_event_batch *>(untouched_marker()));
}

TEST_CASE("pull and ack refuse NULL arguments, and ack takes no ids and a NULL count output", "[capi]") {
  const bridge_fixture fixture;
  ak_bridge *bridge = fixture.bridge.get();
  ak_event_batch *batch = nullptr;
  CHECK_FAILS_WITH(ak_bridge_events_pull(nullptr, 1, &batch), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_bridge_events_pull(bridge, 1, nullptr), AK_ERR_INVALID_ARGUMENT);
  CHECK(batch == nullptr);

  const char *ids[] = {"evt_1", nullptr};
  CHECK_FAILS_WITH(ak_bridge_events_ack(nullptr, ids, 1, nullptr), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_bridge_events_ack(bridge, nullptr, 1, nullptr), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_bridge_events_ack(bridge, ids, 2, nullptr), AK_ERR_INVALID_ARGUMENT);
  CHECK(last_error() == "event_ids holds a NULL string.");
  CHECK(ak_bridge_events_ack(bridge, nullptr, 0, nullptr) == AK_OK);
  CHECK(ak_bridge_events_ack(bridge, ids, 1, nullptr) == AK_OK);
}

TEST_CASE("the batch accessors answer 0 or NULL for NULL", "[capi]") {
  size_t length = 99;
  CHECK(ak_event_batch_count(nullptr) == 0);
  CHECK(ak_event_batch_event_id(nullptr, 0) == nullptr);
  CHECK(ak_event_batch_body(nullptr, 0, &length) == nullptr);
  CHECK(length == 99);
  CHECK(ak_event_batch_header_count(nullptr, 0) == 0);
  CHECK(ak_event_batch_header_name(nullptr, 0, 0) == nullptr);
  CHECK(ak_event_batch_header_value(nullptr, 0, 0) == nullptr);
}
