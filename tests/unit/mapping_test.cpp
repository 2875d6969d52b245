#include <catch2/catch.hpp>

#include <regex>

#include "ashbyknit/mapping.hpp"
#include "test_support.hpp"

using namespace ashbyknit;

namespace {

constexpr std::int64_t start_ms = 1734567890123;
constexpr std::int64_t cancel_ms = 1734567890999;

/// `text` with its one occurrence of `from` replaced by `to`.
std::string replaced(std::string text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

map_options pinned(std::int64_t now_ms, const package_catalogue *packages = nullptr) {
  map_options options;
  options.clock = test::pinned_clock(now_ms);
  options.packages = packages;
  return options;
}

/// The event of a start body that must map.
knit_event mapped_start(std::string_view body, const map_options &options) {
  return map_start_body(body, options).value();
}

/// The event's eventId, which must be `evt_<now_ms>` and 10 characters of [a-z0-9].
std::string checked_event_id(const knit_event &event, std::int64_t now_ms) {
  CHECK(std::regex_match(event.event_id, std::regex("evt_" + std::to_string(now_ms) + "[a-z0-9]{10}")));
  return event.event_id;
}

}  // namespace

TEST_CASE("the fixture start maps to Knit's record.new example", "[mapping]") {
  const package_catalogue packages = package_catalogue::parse(test::read_fixture("packages.json")).value();
  map_options options = pinned(start_ms, &packages);
  options.assessment_id = "ats_ass_a1b2c3d4e5f6g7h8i9j0k";
  const std::string body = test::read_fixture("ashby-assessment-start.json");
  const knit_event event = mapped_start(body, options);

  // The two differences fixtures/README.md names: no location, and the eventId's suffix.
  std::string expected = test::read_fixture("knit-record-new.example.json");
  expected = replaced(expected, R"("location": "San Francisco, CA")", R"("location": null)");
  expected = replaced(expected, R"("eventId": "evt_1734567890123")", "\"eventId\": \"" + checked_event_id(event, start_ms) + "\"");
  CHECK(test::canonical_json(event.json) == test::canonical_json(expected));

  CHECK(event.event_type == "record.new");
  CHECK(event.record_id == "ats_ass_a1b2c3d4e5f6g7h8i9j0k");
  CHECK(event.triggered_at_ms == start_ms);
}

TEST_CASE("the fixture cancel maps to Knit's record.deleted example", "[mapping]") {
  const knit_event event =
      map_cancel(parse_cancel_request(test::read_fixture("ashby-assessment-cancel.json")).value(), pinned(cancel_ms)).value();
  std::string expected = test::read_fixture("knit-record-deleted.example.json");
  expected = replaced(expected, R"("syncRunId": "real_time_1734567890555")", R"("syncRunId": "real_time_1734567890999")");
  expected = replaced(expected, R"("eventId": "evt_1734567890999")", "\"eventId\": \"" + checked_event_id(event, cancel_ms) + "\"");
  CHECK(test::canonical_json(event.json) == test::canonical_json(expected));
  CHECK(event.event_type == "record.deleted");
  CHECK(event.record_id == "ats_ass_x9y8z7w6v5u4t3s2r1q0p");
}

TEST_CASE("events are compact, in Knit's envelope order, nested keys alphabetical", "[mapping]") {
  map_options options = pinned(start_ms);
  options.assessment_id = "ats_ass_a1b2c3d4e5f6g7h8i9j0k";
  const knit_event event = mapped_start(test::read_fixture("ashby-assessment-start.json"), options);
  const std::string expected_prefix =
      R"({"eventType":"record.new","eventData":{"candidateAssessment":{"applicationId":"app_123abc",)"
      R"("assessmentPackage":{"description":null,"id":"pkg_456","metaData":null,"name":null,"type":null},)"
      R"("callbackUrl":null,"candidate":{"emails":[{"email":"alex.chen@example.com","type":"PRIMARY"}],)"
      R"("firstName":"Alex","id":"cand_789xyz","lastName":"Chen","links":null,"location":null,"phones":null},)"
      R"("id":"ats_ass_a1b2c3d4e5f6g7h8i9j0k","jobId":"job_456def","metaData":null,"originData":{"application":)";
  CHECK(event.json.rfind(expected_prefix, 0) == 0);
  const std::string expected_suffix =
      R"("status":"NOT_SPECIFIED"}},"eventId":")" + event.event_id +
      R"(","recordId":"ats_ass_a1b2c3d4e5f6g7h8i9j0k","syncType":"real_time","syncDataType":"ats_assessments",)"
      R"("syncJobId":"ats_assessments_real_time","syncRunId":"real_time_1734567890123","triggeredAt":1734567890123})";
  CHECK(event.json.size() > expected_suffix.size());
  CHECK(event.json.substr(event.json.size() - expected_suffix.size()) == expected_suffix);
}

TEST_CASE("originData is the sender's body minified, byte for byte", "[mapping]") {
  const std::string body = "{ \"job\" : {\"ashby_id\":\"j\"},\n\"candidate\":{\"ashby_id\":\"c\",\"first_name\":\"\\u00c9mile\"},"
                           " \"application\":{\"ashby_id\":\"a\"}, \"assessment_type_id\":\"p\", \"extra\":[1, 2.50]}";
  const knit_event event = mapped_start(body, pinned(start_ms));
  CHECK(event.json.find(R"("originData":{"job":{"ashby_id":"j"},"candidate":{"ashby_id":"c","first_name":"\u00c9mile"},)"
                        R"("application":{"ashby_id":"a"},"assessment_type_id":"p","extra":[1,2.50]},)") != std::string::npos);
}

TEST_CASE("a start without e-mail has no emails; a profile link becomes links", "[mapping]") {
  const knit_event event = mapped_start(
      R"({"assessment_type_id":"p","candidate":{"ashby_id":"c","ashby_profile_url":"https://app.ashbyhq.com/c"},)"
      R"("application":{"ashby_id":"a"},"job":{"ashby_id":"j"}})",
      pinned(start_ms));
  CHECK(event.json.find(R"("candidate":{"emails":null,"firstName":null,"id":"c","lastName":null,)"
                        R"("links":["https://app.ashbyhq.com/c"],"location":null,"phones":null})") != std::string::npos);
}

TEST_CASE("names with quotes, backslashes, control characters and any script survive", "[mapping]") {
  const std::string first_name = "Zoë \"Z\" \\ 陈 أحمد 🦊 Ωμέγα";
  const std::string last_name = "tab\there\nnewline\x01";
  const std::string body = R"({"assessment_type_id":"p","candidate":{"ashby_id":"c","first_name":"Zoë \"Z\" \\ 陈 أحمد 🦊 Ωμέγα",)"
                           R"("last_name":"tab\there\nnewline\u0001"},"application":{"ashby_id":"a"},"job":{"ashby_id":"j"}})";
  const knit_event event = mapped_start(body, pinned(start_ms));
  simdjson::dom::parser parser;
  simdjson::dom::element root = parser.parse(event.json).value();
  simdjson::dom::element candidate = root["eventData"]["candidateAssessment"]["candidate"].value();
  CHECK(std::string(candidate["firstName"].get_string().value()) == first_name);
  CHECK(std::string(candidate["lastName"].get_string().value()) == last_name);
  CHECK(event.json.find(R"("lastName":"tab\u0009here\u000anewline\u0001")") != std::string::npos);
}

TEST_CASE("a package missing from the catalogue leaves its details null", "[mapping]") {
  const package_catalogue packages = package_catalogue::parse(R"([{"id":"other","name":"Other"}])").value();
  const knit_event event = mapped_start(test::read_fixture("ashby-assessment-start.json"), pinned(start_ms, &packages));
  CHECK(event.json.find(R"("assessmentPackage":{"description":null,"id":"pkg_456","metaData":null,"name":null,"type":null})") !=
        std::string::npos);
}

TEST_CASE("package metaData is copied as JSON", "[mapping]") {
  const package_catalogue packages =
      package_catalogue::parse(R"([{"id":"pkg_456","name":"N","metaData":{"minutes":90}}])").value();
  const knit_event event = mapped_start(test::read_fixture("ashby-assessment-start.json"), pinned(start_ms, &packages));
  CHECK(event.json.find(R"("assessmentPackage":{"description":null,"id":"pkg_456","metaData":{"minutes":90},"name":"N","type":null})") !=
        std::string::npos);
}

TEST_CASE("a start mints a fresh assessment id unless one is given", "[mapping]") {
  const std::string body = test::read_fixture("ashby-assessment-start.json");
  const knit_event first = mapped_start(body, pinned(start_ms));
  const knit_event second = mapped_start(body, pinned(start_ms));
  CHECK(std::regex_match(first.record_id, std::regex("ats_ass_[a-z0-9]{21}")));
  CHECK(first.record_id != second.record_id);
  CHECK(first.event_id != second.event_id);
  CHECK(first.json.find("\"id\":\"" + first.record_id + "\"") != std::string::npos);
}

TEST_CASE("the receive time is the syncRunId when given", "[mapping]") {
  map_options options = pinned(cancel_ms);
  options.received_at_ms = 1734567890555;
  const knit_event event = map_cancel(parse_cancel_request(R"({"assessment_id":"ats_ass_1"})").value(), options).value();
  CHECK(event.json.find(R"("syncRunId":"real_time_1734567890555","triggeredAt":1734567890999})") != std::string::npos);
}

TEST_CASE("a bad assessment id option, clock or random source fails the mapping", "[mapping]") {
  const start_request request = parse_start_request(test::read_fixture("ashby-assessment-start.json")).value();
  for (const std::string &bad : {std::string("ats_ass_"), std::string("ass_123"), std::string("ats_ass_a b"),
                                 std::string("ats_ass_\""), "ats_ass_" + std::string(57, 'a')}) {
    map_options options = pinned(start_ms);
    options.assessment_id = bad;
    INFO(bad);
    CHECK(map_start(request, options).code() == error_code::invalid_argument);
  }
  map_options longest = pinned(start_ms);
  longest.assessment_id = "ats_ass_" + std::string(56, 'a');
  CHECK(map_start(request, longest).ok());

  CHECK(map_start(request, pinned(0)).code() == error_code::invalid_argument);
  map_options broken = pinned(start_ms);
  broken.random = test::failing_random();
  CHECK(map_start(request, broken).code() == error_code::internal);
}
