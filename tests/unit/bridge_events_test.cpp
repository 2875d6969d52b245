// Events for the host to deliver itself: pull, sign, acknowledge, hand out again (protocol §3.3).
#include <catch2/catch.hpp>

#include <regex>

#include "ashbyknit/knit_signature.hpp"
#include "bridge_support.hpp"

using namespace ashbyknit;
using test::bridge_fixture;

namespace {

std::string header_of(const pending_delivery &delivery, std::string_view name) {
  for (const auto &header : delivery.headers) {
    if (header_name_equals(header.name, name)) return header.value;
  }
  return {};
}

}  // namespace

TEST_CASE("pulled events carry Knit's headers and a signature over their bytes", "[bridge][events]") {
  bridge_fixture fixture;
  REQUIRE(fixture.call("assessment.start", bridge_fixture::start_body("app_1")).status == 200);
  const auto deliveries = fixture.instance->pull_events(10).value();
  REQUIRE(deliveries.size() == 1);
  const pending_delivery &delivery = deliveries[0];
  CHECK(header_of(delivery, "Content-Type") == "application/json");
  CHECK(header_of(delivery, "X-Knit-Integration-Id") == "acme");
  CHECK(std::regex_match(header_of(delivery, "X-Knit-Execution-Id"), std::regex("exe_[a-z0-9]{21}")));
  CHECK(knit_verify(bridge_fixture::signing_key, delivery.event.body, header_of(delivery, "X-Knit-Signature")));
  CHECK(delivery.event.handed_out == 1);
  CHECK(delivery.event.body.find("\"eventId\":\"" + delivery.event.event_id + "\"") != std::string::npos);
}

TEST_CASE("acknowledged events are not handed out again; others are after the timeout", "[bridge][events]") {
  bridge_fixture fixture;
  REQUIRE(fixture.call("assessment.start", bridge_fixture::start_body("app_1")).status == 200);
  REQUIRE(fixture.call("assessment.start", bridge_fixture::start_body("app_2")).status == 200);
  const auto first = fixture.instance->pull_events(10).value();
  REQUIRE(first.size() == 2);
  CHECK(fixture.instance->pull_events(10).value().empty());  // leased

  CHECK(fixture.instance->acknowledge_events({first[0].event.event_id, "evt_unknown"}).value() == 1);
  CHECK(fixture.instance->acknowledge_events({first[0].event.event_id}).value() == 0);
  *fixture.now_ms += 60'000;
  const auto again = fixture.instance->pull_events(10).value();
  REQUIRE(again.size() == 1);
  CHECK(again[0].event.event_id == first[1].event.event_id);
  CHECK(again[0].event.body == first[1].event.body);
  CHECK(again[0].event.handed_out == 2);
  CHECK(header_of(again[0], "X-Knit-Execution-Id") != header_of(first[1], "X-Knit-Execution-Id"));
  CHECK(fixture.instance->store().count_events().value().pending == 1);
  CHECK(fixture.instance->store().count_events().value().acknowledged == 1);
}

TEST_CASE("a record.deleted waits until its record.new is acknowledged", "[bridge][events]") {
  bridge_fixture fixture;
  const std::string id = bridge_fixture::assessment_id_of(fixture.call("assessment.start", bridge_fixture::start_body("app_1")));
  REQUIRE(fixture.call("assessment.cancel", R"({"assessment_id":")" + id + "\"}").status == 200);
  REQUIRE(fixture.call("assessment.start", bridge_fixture::start_body("app_2")).status == 200);

  const auto first = fixture.instance->pull_events(10).value();
  REQUIRE(first.size() == 2);  // app_1's record.new and app_2's record.new; not the deletion
  CHECK(first[0].event.event_type == "record.new");
  CHECK(first[1].event.event_type == "record.new");
  *fixture.now_ms += 60'000;
  // Unacknowledged, the new comes back and the deletion still waits behind it.
  const auto retry = fixture.instance->pull_events(10).value();
  REQUIRE(retry.size() == 2);
  REQUIRE(fixture.instance->acknowledge_events({first[0].event.event_id}).ok());
  const auto deletion = fixture.instance->pull_events(10).value();
  REQUIRE(deletion.size() == 1);
  CHECK(deletion[0].event.event_type == "record.deleted");
  CHECK(deletion[0].event.assessment_id == id);
}

TEST_CASE("pulling honours the maximum and needs a signing key", "[bridge][events]") {
  bridge_fixture fixture;
  for (int i = 0; i < 5; ++i) {
    REQUIRE(fixture.call("assessment.start", bridge_fixture::start_body("app_" + std::to_string(i))).status == 200);
  }
  CHECK(fixture.instance->pull_events(3).value().size() == 3);
  CHECK(fixture.instance->pull_events(3).value().size() == 2);

  bridge_options unsigned_options;
  unsigned_options.public_base_url = "https://x.example/";
  auto unsigned_bridge = bridge::open(unsigned_options).value();
  CHECK(unsigned_bridge->pull_events(1).code() == error_code::invalid_argument);
}

TEST_CASE("a pull that fails before handing anything out gives the leases back", "[bridge][events]") {
  bridge_fixture fixture;
  REQUIRE(fixture.call("assessment.start", bridge_fixture::start_body("app_1")).status == 200);
  // The same store, through a bridge whose random source fails when it mints execution ids.
  bridge_options options;
  options.public_base_url = std::string(bridge_fixture::base_url);
  options.store.path = fixture.store_path;
  options.signing_key = std::string(bridge_fixture::signing_key);
  options.store.random = [](unsigned char *, std::size_t) { return false; };
  auto failing = bridge::open(options).value();
  CHECK(failing->pull_events(10).code() == error_code::internal);

  const auto deliveries = fixture.instance->pull_events(10).value();
  REQUIRE(deliveries.size() == 1);
  CHECK(deliveries[0].event.handed_out == 1);
}
