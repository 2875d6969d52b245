// Reports back to Ashby: the updates they queue, the life cycle they drive, their timestamps, and
// the Ashby API key they need.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "ashbyknit/reporter.hpp"
#include "bridge_support.hpp"

using namespace ashbyknit;
using test::bridge_fixture;

namespace {

/// A bridge with acme's Ashby key set and one assessment started by Ashby.
struct reporting_fixture : bridge_fixture {
  reporting_fixture() {
    set_ashby_key();
    assessment_id = assessment_id_of(call("assessment.start", start_body("app_1")));
  }

  assessment_reporter reporter() { return assessment_reporter(instance->store()); }

  std::string status() {
    const auto assessments = instance->store().list_assessments().value();
    for (const auto &assessment : assessments) {
      if (assessment.id == assessment_id) return assessment.status;
    }
    FAIL("no such assessment");
    return {};
  }

  /// The queued updates' ids, oldest first.
  std::vector<std::string> queued_updates() {
    std::vector<std::string> ids;
    const auto events = instance->store().list_events().value();
    for (const auto &event : events) {
      if (event.event_type == "assessment.update") ids.push_back(event.event_id);
    }
    return ids;
  }

  std::string assessment_id;
};

blob score(double value) { return blob{"score", "Score", blob_type::numeric_score, value, {}}; }

std::string file_bytes(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("each report queues the assessment.update it stands for", "[report]") {
  reporting_fixture fixture;
  auto reporter = fixture.reporter();
  const std::string &id = fixture.assessment_id;
  const std::string t = std::to_string(*fixture.now_ms);

  auto started = reporter.started("acme", id, "https://tests.vendor.example/take/1");
  REQUIRE(started.ok());
  CHECK(started.value().update_id.rfind("upd_", 0) == 0);
  CHECK(started.value().update_id.size() == 25);
  CHECK(started.value().timestamp_ms == *fixture.now_ms);
  CHECK(started.value().body ==
        R"({"assessment_id":")" + id + R"(","timestamp":)" + t +
            R"(,"assessment_status":{"identifier":"status","label":"Status","type":"string","value":"Started"},)"
            R"("assessment_profile_url":{"identifier":"profile_url","label":"Assessment","type":"url",)"
            R"("value":"https://tests.vendor.example/take/1"}})");

  *fixture.now_ms += 1000;
  auto progress = reporter.progress("acme", id, "In progress", {blob{"section", "Section", blob_type::string, std::string("2 of 3"), {}}});
  REQUIRE(progress.ok());
  CHECK(progress.value().body ==
        R"({"assessment_id":")" + id + R"(","timestamp":)" + std::to_string(*fixture.now_ms) +
            R"(,"assessment_status":{"identifier":"status","label":"Status","type":"string","value":"In progress"},)"
            R"("metadata":[{"identifier":"section","label":"Section","type":"string","value":"2 of 3"}]})");

  *fixture.now_ms += 1000;
  auto completed = reporter.completed("acme", id, score(87), "https://tests.vendor.example/report/1.pdf");
  REQUIRE(completed.ok());
  CHECK(completed.value().body ==
        R"({"assessment_id":")" + id + R"(","timestamp":)" + std::to_string(*fixture.now_ms) +
            R"(,"assessment_status":{"identifier":"status","label":"Status","type":"string","value":"Completed"},)"
            R"("assessment_profile_url":{"identifier":"profile_url","label":"Assessment","type":"url",)"
            R"("value":"https://tests.vendor.example/report/1.pdf"},)"
            R"("assessment_result":{"identifier":"score","label":"Score","type":"numeric_score","value":87}})");

  // Durable, in order, for Ashby: the outbox lists them after the record.new.
  CHECK(fixture.queued_updates() ==
        std::vector<std::string>{started.value().update_id, progress.value().update_id, completed.value().update_id});
}

TEST_CASE("the life cycle: active, started, then completed for good", "[report]") {
  reporting_fixture fixture;
  auto reporter = fixture.reporter();
  const std::string &id = fixture.assessment_id;
  CHECK(fixture.status() == "active");
  REQUIRE(reporter.progress("acme", id, "Invited").ok());
  CHECK(fixture.status() == "active");
  REQUIRE(reporter.started("acme", id).ok());
  CHECK(fixture.status() == "started");
  REQUIRE(reporter.progress("acme", id, "In progress").ok());
  CHECK(fixture.status() == "started");
  REQUIRE(reporter.started("acme", id).ok());  // said again: harmless, still started
  REQUIRE(reporter.completed("acme", id, score(90), "https://tests.vendor.example/r/1").ok());
  CHECK(fixture.status() == "completed");
  const auto queued = fixture.queued_updates().size();

  auto again = reporter.completed("acme", id, score(95), "https://tests.vendor.example/r/1");
  CHECK(again.code() == error_code::conflict);
  CHECK(again.message() == "The assessment " + id + " is completed: it takes no more reports.");
  CHECK(reporter.progress("acme", id, "Reviewed").code() == error_code::conflict);
  CHECK(reporter.cancelled("acme", id, "Too late").code() == error_code::conflict);
  CHECK(fixture.queued_updates().size() == queued);  // nothing sent for a refused report

  // Ashby cancelling a completed assessment changes nothing and emits no event.
  const auto events = fixture.instance->store().count_events().value().pending;
  CHECK(fixture.call("assessment.cancel", R"({"assessment_id":")" + id + R"("})").status == 200);
  CHECK(fixture.instance->store().count_events().value().pending == events);
  CHECK(fixture.status() == "completed");
}

TEST_CASE("a cancel by the vendor or by Ashby is final", "[report]") {
  reporting_fixture fixture;
  auto reporter = fixture.reporter();
  const std::string vendor_cancelled = fixture.assessment_id;
  auto cancelled = reporter.cancelled("acme", vendor_cancelled, "The candidate withdrew.");
  REQUIRE(cancelled.ok());
  CHECK(cancelled.value().body.find(R"("cancelled_reason":{"identifier":"cancelled_reason","label":"Cancelled reason","type":"string","value":"The candidate withdrew."})") !=
        std::string::npos);
  CHECK(cancelled.value().body.find("assessment_status") == std::string::npos);
  CHECK(fixture.status() == "cancelled");
  CHECK(reporter.started("acme", vendor_cancelled).code() == error_code::conflict);
  // Ashby's later cancel is answered as a repeat: no record.deleted for the vendor.
  const auto pending = fixture.instance->store().count_events().value().pending;
  CHECK(fixture.call("assessment.cancel", R"({"assessment_id":")" + vendor_cancelled + R"("})").status == 200);
  CHECK(fixture.instance->store().count_events().value().pending == pending);

  // Started, then cancelled by Ashby: the vendor gets its record.deleted, and reports stop.
  const std::string ashby_cancelled =
      bridge_fixture::assessment_id_of(fixture.call("assessment.start", bridge_fixture::start_body("app_2")));
  REQUIRE(reporter.started("acme", ashby_cancelled).ok());
  CHECK(fixture.call("assessment.cancel", R"({"assessment_id":")" + ashby_cancelled + R"("})").status == 200);
  const auto events = fixture.instance->store().list_events().value();
  CHECK(events.back().event_type == "record.deleted");
  CHECK(events.back().assessment_id == ashby_cancelled);
  auto refused = reporter.completed("acme", ashby_cancelled, score(50), "https://tests.vendor.example/r/2");
  CHECK(refused.code() == error_code::conflict);
  CHECK(refused.message() == "The assessment " + ashby_cancelled + " is cancelled: it takes no more reports.");
}

TEST_CASE("a started assessment still holds its slot: a retry gets its id, another start 409", "[report]") {
  reporting_fixture fixture;
  REQUIRE(fixture.reporter().started("acme", fixture.assessment_id).ok());
  CHECK(bridge_fixture::assessment_id_of(fixture.call("assessment.start", bridge_fixture::start_body("app_1"))) ==
        fixture.assessment_id);
  CHECK(fixture.call("assessment.start", bridge_fixture::start_body("app_1", "cand_2")).status == 409);
}

TEST_CASE("reports for unknown assessments or another integration's are refused", "[report]") {
  reporting_fixture fixture;
  REQUIRE(fixture.instance->store().create_integration("globex").ok());
  REQUIRE(fixture.instance->store().set_ashby_key("globex", "ashby-api-key-of-globex").ok());
  auto reporter = fixture.reporter();

  auto foreign = reporter.started("globex", fixture.assessment_id);
  CHECK(foreign.code() == error_code::not_found);
  CHECK(foreign.message() == "The integration globex has no assessment " + fixture.assessment_id + ".");
  CHECK(reporter.started("acme", "ats_ass_000000000000000000000").code() == error_code::not_found);
  auto no_integration = reporter.started("initech", fixture.assessment_id);
  CHECK(no_integration.code() == error_code::not_found);
  CHECK(no_integration.message() == "There is no integration initech.");
  CHECK(fixture.status() == "active");
  CHECK(fixture.queued_updates().empty());
}

TEST_CASE("a report is validated before anything is queued", "[report]") {
  reporting_fixture fixture;
  auto reporter = fixture.reporter();
  const std::string &id = fixture.assessment_id;

  auto relative = reporter.completed("acme", id, score(80), "/reports/1");
  CHECK(relative.code() == error_code::invalid_input);
  CHECK(relative.message().find("assessment_profile_url") != std::string::npos);
  blob mistyped = score(0);
  mistyped.value = std::string("eighty");
  auto wrong_type = reporter.completed("acme", id, mistyped, "https://tests.vendor.example/r/1");
  CHECK(wrong_type.code() == error_code::invalid_input);
  CHECK(wrong_type.message().find("assessment_result.value") != std::string::npos);
  auto duplicate = reporter.progress("acme", id, "Invited", {blob{"status", "Again", blob_type::string, std::string("x"), {}}});
  CHECK(duplicate.code() == error_code::invalid_input);
  CHECK(duplicate.message().find("\"status\"") != std::string::npos);
  CHECK(reporter.submit_json("acme", "{not json").code() == error_code::malformed_json);

  CHECK(fixture.status() == "active");
  CHECK(fixture.queued_updates().empty());
}

TEST_CASE("timestamps strictly increase per assessment, even when the clock steps back", "[report]") {
  reporting_fixture fixture;
  auto reporter = fixture.reporter();
  const std::string &id = fixture.assessment_id;
  const std::int64_t first = reporter.progress("acme", id, "Invited").value().timestamp_ms;
  CHECK(first == *fixture.now_ms);
  const std::int64_t same_ms = reporter.progress("acme", id, "Opened").value().timestamp_ms;
  CHECK(same_ms == first + 1);
  *fixture.now_ms -= 60'000;  // the clock steps back a minute
  const std::int64_t stepped_back = reporter.started("acme", id).value().timestamp_ms;
  CHECK(stepped_back == first + 2);

  // A raw body's own timestamp must come after the last one; it is kept as given.
  const std::string raw = R"({"assessment_id":")" + id +
                          R"(","timestamp":TS,"assessment_status":{"identifier":"s","label":"Status","type":"string","value":"Reviewing"}})";
  const auto with_timestamp = [&](std::int64_t timestamp_ms) {
    std::string body = raw;
    body.replace(body.find("TS"), 2, std::to_string(timestamp_ms));
    return reporter.submit_json("acme", body);
  };
  auto stale = with_timestamp(stepped_back);
  CHECK(stale.code() == error_code::conflict);
  CHECK(stale.message().find("is not after the last update") != std::string::npos);
  auto later = with_timestamp(stepped_back + 5'000);
  REQUIRE(later.ok());
  CHECK(later.value().timestamp_ms == stepped_back + 5'000);
  CHECK(reporter.progress("acme", id, "Still reviewing").value().timestamp_ms == stepped_back + 5'001);
}

TEST_CASE("a raw update with a result completes the assessment", "[report]") {
  reporting_fixture fixture;
  const std::string body = R"({"assessment_id":")" + fixture.assessment_id +
                           R"(","assessment_status":{"identifier":"s","label":"Status","type":"string","value":"Done"},)"
                           R"("assessment_profile_url":{"identifier":"u","label":"Report","type":"url","value":"https://v.example/r.pdf"},)"
                           R"("assessment_result":{"identifier":"passed","label":"Passed","type":"boolean_success","value":true}})";
  auto queued = fixture.reporter().submit_json("acme", body);
  REQUIRE(queued.ok());
  CHECK(fixture.status() == "completed");
}

TEST_CASE("reports need the integration's Ashby key, and the key needs a master key", "[report]") {
  bridge_fixture fixture;
  const std::string id = bridge_fixture::assessment_id_of(fixture.call("assessment.start", bridge_fixture::start_body("app_1")));
  auto unkeyed = assessment_reporter(fixture.instance->store()).started("acme", id);
  CHECK(unkeyed.code() == error_code::invalid_argument);
  CHECK(unkeyed.message() == "The integration acme has no Ashby API key to report with: set one first.");
  CHECK_FALSE(fixture.instance->store().list_integrations().value()[0].ashby_key_set);

  auto &store = fixture.instance->store();
  CHECK(store.set_ashby_key("acme", "").code() == error_code::invalid_argument);
  CHECK(store.set_ashby_key("acme", "with:colon").code() == error_code::invalid_argument);
  CHECK(store.set_ashby_key("acme", "with space").code() == error_code::invalid_argument);
  CHECK(store.set_ashby_key("acme", std::string(1025, 'k')).code() == error_code::invalid_argument);
  CHECK(store.set_ashby_key("nobody", "key").code() == error_code::not_found);
  REQUIRE(store.set_ashby_key("acme", "key-one").ok());
  REQUIRE(store.set_ashby_key("acme", "key-two").ok());  // replaced
  CHECK(store.list_integrations().value()[0].ashby_key_set);

  fixture.master_key.clear();
  fixture.reopen();
  auto refused = fixture.instance->store().set_ashby_key("acme", "key-three");
  CHECK(refused.code() == error_code::invalid_argument);
  CHECK(refused.message().find("no master key") != std::string::npos);

  fixture.master_key = "too short";
  CHECK(bridge::open([&] {
          bridge_options options;
          options.public_base_url = std::string(bridge_fixture::base_url);
          options.store.path = fixture.store_path;
          options.store.master_key = fixture.master_key;
          return options;
        }())
            .code() == error_code::invalid_argument);
}

TEST_CASE("the Ashby key is encrypted at rest: the store file never holds it in clear", "[report][sqlite]") {
  reporting_fixture fixture;
  const std::string &path = fixture.store_path;
  REQUIRE(fixture.instance->store().set_ashby_key("acme", "ashby_live_key_7d0c3b9e5f2a4c81").ok());
  const std::string while_open = file_bytes(path) + file_bytes(path + "-wal");
  CHECK(while_open.find("ashby_live_key") == std::string::npos);
  CHECK(while_open.find(bridge_fixture::ashby_api_key) == std::string::npos);  // the key it replaced
  CHECK(while_open.find("acme") != std::string::npos);  // the bytes read are the store's

  fixture.instance.reset();  // closed: the WAL checkpointed into the file
  const std::string closed = file_bytes(path) + file_bytes(path + "-wal");
  CHECK(closed.find("acme") != std::string::npos);
  CHECK(closed.find("ashby_live_key") == std::string::npos);
}

TEST_CASE("with an initial update, the start reply says Started and the assessment is started", "[report]") {
  bridge_fixture fixture;
  fixture.initial_update_request = true;
  fixture.reopen();
  fixture.set_ashby_key();
  const auto reply = fixture.call("assessment.start", bridge_fixture::start_body("app_1"));
  REQUIRE(reply.status == 200);
  const std::string id = bridge_fixture::assessment_id_of(reply);
  CHECK(reply.body == R"({"success":true,"results":{"assessment_id":")" + id + R"(","update_request":{"assessment_id":")" +
                          id + R"(","timestamp":)" + std::to_string(*fixture.now_ms) +
                          R"(,"assessment_status":{"identifier":"status","label":"Status","type":"string","value":"Started"}}}})");
  CHECK(fixture.instance->store().list_assessments().value()[0].status == "started");
  // A retried start answers without a second update_request and changes nothing.
  const auto retried = fixture.call("assessment.start", bridge_fixture::start_body("app_1"));
  CHECK(retried.body == R"({"success":true,"results":{"assessment_id":")" + id + R"("}})");
  // The next report comes after the reply's timestamp, even in the same millisecond.
  CHECK(assessment_reporter(fixture.instance->store()).progress("acme", id, "Opened").value().timestamp_ms ==
        *fixture.now_ms + 1);
}

namespace {

/// A completed assessment that Ashby did not start, with the id `assessment_id`.
completed_assessment taken_elsewhere(std::string assessment_id) {
  completed_assessment assessment;
  assessment.candidate_id = "cand_1";
  assessment.partner_id = "partner_1";
  assessment.assessment_type_id = "typing";
  assessment.assessment_id = std::move(assessment_id);
  assessment.assessment_name = "Typing test";
  assessment.result = score(91);
  return assessment;
}

/// The outbox's entries of `event_type`, oldest first.
std::vector<event_info> entries_of(store &target, std::string_view event_type) {
  std::vector<event_info> found;
  const auto events = target.list_events().value();
  for (const auto &event : events) {
    if (event.event_type == event_type) found.push_back(event);
  }
  return found;
}

}  // namespace

TEST_CASE("add_completed queues addCompletedToCandidate and holds the assessment as completed", "[report]") {
  reporting_fixture fixture;
  auto reporter = fixture.reporter();
  auto added = reporter.add_completed("acme", taken_elsewhere("vendor_42"));
  REQUIRE(added.ok());
  CHECK(added.value().update_id.rfind("upd_", 0) == 0);
  CHECK(added.value().timestamp_ms == *fixture.now_ms);
  CHECK(added.value().body ==
        R"({"candidateId":"cand_1","partnerId":"partner_1","assessment":{"assessmentTypeId":"typing",)"
        R"("assessmentId":"vendor_42","assessmentName":"Typing test","result":{"identifier":"score",)"
        R"("label":"Score","type":"numeric_score","value":91},"metadata":[]},"timestamp":)" +
            std::to_string(*fixture.now_ms) + "}");
  const auto entries = entries_of(fixture.instance->store(), "assessment.addCompletedToCandidate");
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].event_id == added.value().update_id);
  CHECK(entries[0].assessment_id == "vendor_42");

  bool listed = false;
  const auto assessments = fixture.instance->store().list_assessments().value();
  for (const auto &assessment : assessments) {
    if (assessment.id != "vendor_42") continue;
    listed = true;
    CHECK(assessment.status == "completed");
    CHECK(assessment.integration_id == "acme");
    CHECK(assessment.assessment_type_id == "typing");
  }
  CHECK(listed);
  auto late = reporter.progress("acme", "vendor_42", "Reviewed");
  CHECK(late.code() == error_code::conflict);

  // A body's timestamp is kept as given, JSON goes through the same rules.
  auto given = reporter.add_completed_json(
      "acme", R"({"candidateId":"c","partnerId":"p","assessment":{"assessmentTypeId":"t","assessmentId":"v_7",)"
              R"("assessmentName":"n","result":{"identifier":"ok","label":"Passed","type":"boolean_success",)"
              R"("value":true}},"timestamp":1600000000000})");
  REQUIRE(given.ok());
  CHECK(given.value().timestamp_ms == 1600000000000);
}

TEST_CASE("add_completed refuses a taken id, an unknown integration, no key and a bad body, queuing nothing",
          "[report]") {
  reporting_fixture fixture;
  auto &store = fixture.instance->store();
  REQUIRE(store.create_integration("globex").ok());
  auto reporter = fixture.reporter();
  REQUIRE(reporter.add_completed("acme", taken_elsewhere("vendor_42")).ok());
  const auto pending = store.count_events().value().pending;

  auto again = reporter.add_completed("acme", taken_elsewhere("vendor_42"));
  CHECK(again.code() == error_code::conflict);
  CHECK(again.message() ==
        "The assessment ID vendor_42 is already taken: a completed assessment is added once, with an ID of its own.");
  CHECK(reporter.add_completed("acme", taken_elsewhere(fixture.assessment_id)).code() == error_code::conflict);
  CHECK(reporter.add_completed("initech", taken_elsewhere("vendor_43")).code() == error_code::not_found);
  auto unkeyed = reporter.add_completed("globex", taken_elsewhere("vendor_43"));
  CHECK(unkeyed.code() == error_code::invalid_argument);
  completed_assessment nameless = taken_elsewhere("vendor_43");
  nameless.assessment_name.clear();
  CHECK(reporter.add_completed("acme", nameless).message() ==
        "The assessment name (assessment.assessmentName) is empty.");
  CHECK(reporter.add_completed_json("acme", "{").code() == error_code::malformed_json);

  CHECK(store.count_events().value().pending == pending);
  const auto assessments = store.list_assessments().value();
  for (const auto &assessment : assessments) CHECK(assessment.id != "vendor_43");
}
