// ak_map_start and ak_map_cancel: the fixtures, and every way a body or argument is refused.
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <utility>

#include "capi_support.hpp"

using namespace capi_test;

namespace {

struct mapping {
  const char *name;
  map_function map;
};

const mapping both_mappings[] = {{"ak_map_start", ak_map_start}, {"ak_map_cancel", ak_map_cancel}};

/// `expected` (a Knit example) with its eventId, which has no random suffix, replaced by the
/// event's own after checking that it is that id plus ten characters of [a-z0-9].
std::string with_event_id_of(const std::string &event, const std::string &expected, const std::string &example_id) {
  const std::string event_id = json_string_at(event, "/eventId");
  CHECK(is_prefix_then(event_id, example_id, 10, lower_alphanumerics));
  return replace_once(expected, '"' + example_id + '"', '"' + event_id + '"');
}

/// The event `map` makes of `body` with the clock at `now_ms`.
std::string mapped_at(map_function map, const std::string &body, std::int64_t now_ms) {
  const ak_map_options options = map_options(nullptr, now_ms);
  return mapped(map, body, &options);
}

/// Checks that `map` refuses `body` with `expected` when given a valid clock.
void check_body_refused(map_function map, const std::string &body, ak_status expected) {
  const ak_map_options options = map_options(nullptr, start_now_ms);
  check_refused(map, body, &options, expected);
}

std::string start_body_without(const std::string &field_text) {
  return replace_once(read_fixture("ashby-assessment-start.json"), field_text, "\"unrelated\": 1");
}

}  // namespace

TEST_CASE("the start fixture maps to Knit's record.new example but for location and eventId", "[capi]") {
  const std::string packages = read_fixture("packages.json");
  const ak_map_options options = map_options(fixture_assessment_id, start_now_ms, packages.c_str());
  const std::string event = mapped(ak_map_start, read_fixture("ashby-assessment-start.json"), &options);

  std::string expected = read_fixture("knit-record-new.example.json");
  expected = replace_once(expected, R"("location": "San Francisco, CA")", R"("location": null)");
  expected = with_event_id_of(event, expected, "evt_1734567890123");
  CHECK(canonical_json(event) == canonical_json(expected));
  // originData is the sender's body minified, keys in the sender's order, not re-serialised.
  CHECK_THAT(event, Catch::Contains(
                        R"("originData":{"application":{"ashby_id":"app_123abc","status":"IN_REVIEW"},)"
                        R"("assessment_type_id":"pkg_456","candidate":{"ashby_id":"cand_789xyz",)"
                        R"("email":"alex.chen@example.com","first_name":"Alex","last_name":"Chen"},)"
                        R"("job":{"ashby_id":"job_456def","name":"Senior Frontend Engineer"}},)"));
}

TEST_CASE("the cancel fixture maps to Knit's record.deleted example but for syncRunId and eventId", "[capi]") {
  const ak_map_options options = map_options(nullptr, cancel_now_ms);
  const std::string event = mapped(ak_map_cancel, read_fixture("ashby-assessment-cancel.json"), &options);

  std::string expected = read_fixture("knit-record-deleted.example.json");
  expected = replace_once(expected, "real_time_1734567890555", "real_time_1734567890999");
  expected = with_event_id_of(event, expected, "evt_1734567890999");
  CHECK(canonical_json(event) == canonical_json(expected));
  CHECK_THAT(event, Catch::Contains(R"("originData":{"assessment_id":"ats_ass_x9y8z7w6v5u4t3s2r1q0p"},)"));
}

TEST_CASE("originData keeps the sender's key order and escapes", "[capi]") {
  const std::string body =
      "{ \"job\": {\"name\": \"Caf\\u00e9\", \"ashby_id\": \"job_1\"},\n"
      "  \"candidate\": {\"ashby_id\": \"cand_1\"}, \"application\": {\"ashby_id\": \"app_1\"},\n"
      "  \"assessment_type_id\": \"pkg_1\" }";
  const std::string event = mapped_at(ak_map_start, body, start_now_ms);
  CHECK_THAT(event, Catch::Contains(R"("originData":{"job":{"name":"Caf\u00e9","ashby_id":"job_1"},)"
                                    R"("candidate":{"ashby_id":"cand_1"},"application":{"ashby_id":"app_1"},)"
                                    R"("assessment_type_id":"pkg_1"},)"));
}

TEST_CASE("names with quotes, backslashes, control characters and any script survive", "[capi]") {
  // The body escapes what JSON requires; the event must carry the same text, however escaped.
  const std::string name = R"(\"Zo\u00eb\" \\ \t\n\u0001\u0000 \ud83d\ude00 \u738b \u0645\u062d\u0645\u062f \u2028)";
  std::string body = read_fixture("ashby-assessment-start.json");
  body = replace_once(body, R"("first_name": "Alex")", R"("first_name": ")" + name + '"');
  const std::string event = mapped_at(ak_map_start, body, start_now_ms);
  CHECK(json_string_at(event, "/eventData/candidateAssessment/candidate/firstName") ==
        json_string_at(body, "/candidate/first_name"));
}

TEST_CASE("ak_map_* refuse a NULL out and a NULL body with a length", "[capi]") {
  for (const mapping &m : both_mappings) {
    INFO(m.name);
    const std::string body = read_fixture("ashby-assessment-start.json");
    const ak_map_options options = map_options(nullptr, start_now_ms);
    char *out = untouched_marker();
    CHECK_FAILS_WITH(m.map(body.data(), body.size(), &options, nullptr), AK_ERR_INVALID_ARGUMENT);
    CHECK_FAILS_WITH(m.map(nullptr, body.size(), &options, &out), AK_ERR_INVALID_ARGUMENT);
    CHECK(out == untouched_marker());
  }
}

TEST_CASE("ak_map_* take a NULL body of length 0 as an empty body", "[capi]") {
  // The shim lets (NULL, 0) through, as ak_knit_sign does; it must then fail like "" does.
  for (const mapping &m : both_mappings) {
    INFO(m.name);
    const ak_map_options options = map_options(nullptr, start_now_ms);
    char *out = untouched_marker();
    CHECK_FAILS_WITH(m.map(nullptr, 0, &options, &out), AK_ERR_MALFORMED_JSON);
    CHECK(out == untouched_marker());
  }
}

TEST_CASE("ak_map_* refuse bodies that are not JSON objects", "[capi]") {
  const std::string truncated = read_fixture("ashby-assessment-cancel.json").substr(0, 20);
  for (const mapping &m : both_mappings) {
    for (const std::string &body : {truncated, std::string("{"), std::string(), std::string("[]"),
                                    std::string("\"text\""), std::string("null"), std::string("{\"a\":\"\xff\"}")}) {
      INFO(m.name << " " << body);
      check_body_refused(m.map, body, AK_ERR_MALFORMED_JSON);
    }
  }
}

TEST_CASE("ak_map_* refuse a body over 1 MiB", "[capi]") {
  const std::string body = read_fixture("ashby-assessment-cancel.json");
  const std::string fits = body + std::string((1 << 20) - body.size(), ' ');  // whitespace keeps it valid
  CHECK_FALSE(mapped_at(ak_map_cancel, fits, cancel_now_ms).empty());
  for (const mapping &m : both_mappings) {
    INFO(m.name);
    check_body_refused(m.map, fits + " ", AK_ERR_TOO_LARGE);
  }
}

TEST_CASE("ak_map_* refuse a body nested deeper than 64 levels", "[capi]") {
  const auto nested = [](int depth) { return std::string(depth - 1, '[') + "{}" + std::string(depth - 1, ']'); };
  for (const mapping &m : both_mappings) {
    INFO(m.name);
    check_body_refused(m.map, nested(64), AK_ERR_MALFORMED_JSON);  // deep enough, but not an object
    check_body_refused(m.map, nested(65), AK_ERR_TOO_DEEP);
  }
}

TEST_CASE("ak_map_start refuses a body without a required id, naming the field", "[capi]") {
  const std::pair<const char *, const char *> required[] = {
      {R"("assessment_type_id": "pkg_456")", "assessment_type_id"},
      {R"("ashby_id": "cand_789xyz")", "candidate.ashby_id"},
      {R"("ashby_id": "app_123abc")", "application.ashby_id"},
      {R"("ashby_id": "job_456def")", "job.ashby_id"},
  };
  for (const auto &[field_text, path] : required) {
    INFO(path);
    check_body_refused(ak_map_start, start_body_without(field_text), AK_ERR_INVALID_INPUT);
    CHECK_THAT(last_error(), Catch::Contains(std::string("(") + path + ")"));
  }
}

TEST_CASE("ak_map_cancel refuses a body without assessment_id, naming the field", "[capi]") {
  check_body_refused(ak_map_cancel, R"({"id": "ats_ass_x9y8z7w6v5u4t3s2r1q0p"})", AK_ERR_INVALID_INPUT);
  CHECK_THAT(last_error(), Catch::Contains("(assessment_id)"));
}
