// assessment.addCompletedToCandidate bodies: what parsing and validation accept and refuse, and
// the bytes written.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "ashbyknit/completed_assessment.hpp"

using namespace ashbyknit;

namespace {

/// A body with a result, two metadata blobs and a timestamp; tests break one part of it.
const std::string full_body = R"({
  "candidateId": "cand_1",
  "partnerId": "partner_1",
  "assessment": {
    "assessmentTypeId": "typing",
    "assessmentId": "vendor_42",
    "assessmentName": "Typing test",
    "result": {"identifier": "score", "label": "Score", "type": "numeric_score", "value": 87,
               "description": "Out of 100"},
    "metadata": [
      {"identifier": "minutes", "label": "Time taken", "type": "numeric_duration_minutes", "value": 12.5},
      {"identifier": "report", "label": "Report", "type": "url", "value": "https://vendor.example/r/42"}
    ]
  },
  "timestamp": 1700000000000
})";

/// The start of the smallest body: every required field, the "assessment" object left open.
constexpr std::string_view minimal_head =
    R"({"candidateId":"c","partnerId":"p","assessment":{"assessmentTypeId":"t","assessmentId":"a",)"
    R"("assessmentName":"n","result":{"identifier":"ok","label":"Passed","type":"boolean_success","value":true})";

/// full_body with `from` replaced by `to` (which must occur exactly once).
std::string body_with(std::string_view from, std::string_view to) {
  std::string body = full_body;
  const auto at = body.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(body.find(from, at + 1) == std::string::npos);
  return body.replace(at, from.size(), to);
}

/// The message for a body that must fail with `code`.
std::string refusal(std::string_view body, error_code code = error_code::invalid_input) {
  auto parsed = parse_completed_assessment(body);
  REQUIRE(parsed.code() == code);
  return parsed.message();
}

}  // namespace

TEST_CASE("a complete body parses and is written back minified, in Ashby's order", "[completed]") {
  auto parsed = parse_completed_assessment(full_body);
  REQUIRE(parsed.ok());
  const completed_assessment &assessment = parsed.value();
  CHECK(assessment.candidate_id == "cand_1");
  CHECK(assessment.partner_id == "partner_1");
  CHECK(assessment.assessment_type_id == "typing");
  CHECK(assessment.assessment_id == "vendor_42");
  CHECK(assessment.assessment_name == "Typing test");
  CHECK(std::get<double>(assessment.result.value) == 87);
  REQUIRE(assessment.metadata.size() == 2);
  CHECK(assessment.metadata[1].type == blob_type::url);
  CHECK(assessment.timestamp_ms == 1700000000000);
  CHECK(write_completed_assessment(assessment) ==
        R"({"candidateId":"cand_1","partnerId":"partner_1","assessment":{"assessmentTypeId":"typing",)"
        R"("assessmentId":"vendor_42","assessmentName":"Typing test","result":{"identifier":"score",)"
        R"("label":"Score","type":"numeric_score","value":87,"description":"Out of 100"},"metadata":[)"
        R"({"identifier":"minutes","label":"Time taken","type":"numeric_duration_minutes","value":12.5},)"
        R"({"identifier":"report","label":"Report","type":"url","value":"https://vendor.example/r/42"}]},)"
        R"("timestamp":1700000000000})");
}

TEST_CASE("metadata and the timestamp may be left out; metadata is then sent as []", "[completed]") {
  auto parsed = parse_completed_assessment(std::string(minimal_head) + "}}");
  REQUIRE(parsed.ok());
  CHECK(parsed.value().timestamp_ms == 0);
  CHECK(write_completed_assessment(parsed.value()) ==
        R"({"candidateId":"c","partnerId":"p","assessment":{"assessmentTypeId":"t","assessmentId":"a",)"
        R"("assessmentName":"n","result":{"identifier":"ok","label":"Passed","type":"boolean_success",)"
        R"("value":true},"metadata":[]}})");
}

TEST_CASE("each required text is named when it is missing, empty or not text", "[completed]") {
  CHECK(refusal(body_with(R"("candidateId": "cand_1",)", "")) ==
        "The candidate's Ashby ID (candidateId) is missing.");
  CHECK(refusal(body_with(R"("partner_1")", R"("")")) == "The partner ID (partnerId) is empty.");
  CHECK_THAT(refusal(body_with(R"("typing")", "7")), Catch::Contains("assessment.assessmentTypeId"));
  CHECK(refusal(body_with(R"("assessmentId": "vendor_42",)", "")) ==
        "The assessment ID (assessment.assessmentId) is missing.");
  CHECK_THAT(refusal(body_with(R"("Typing test")", R"(["Typing test"])")),
             Catch::Contains("assessment.assessmentName"));
}

TEST_CASE("the result and metadata follow the rules of blobs, identifiers unique across both", "[completed]") {
  CHECK_THAT(refusal(body_with(R"("value": 87)", R"("value": "87")")),
             Catch::Contains("assessment.result.value must be a number"));
  CHECK_THAT(refusal(body_with(R"("https://vendor.example/r/42")", R"("ftp://vendor.example/r/42")")),
             Catch::Contains("assessment.metadata[1].value"));
  CHECK_THAT(refusal(body_with(R"("identifier": "minutes")", R"("identifier": "score")")),
             Catch::Contains("assessment.result.identifier and assessment.metadata[0].identifier"));
  CHECK_THAT(refusal(std::string(minimal_head) + R"(,"metadata":{}}})"),
             Catch::StartsWith("assessment.metadata must be a list"));
  const std::string no_result = R"({"candidateId":"c","partnerId":"p","assessment":{"assessmentTypeId":"t",)"
                                R"("assessmentId":"a","assessmentName":"n"}})";
  CHECK(refusal(no_result) == "The result (assessment.result) is missing.");
}

TEST_CASE("unknown fields, a bad timestamp and a body that is no object are refused", "[completed]") {
  CHECK_THAT(refusal(body_with(R"("partnerId": "partner_1",)", R"("partnerId": "partner_1", "extra": 1,)")),
             Catch::Contains("unknown field \"extra\""));
  CHECK_THAT(refusal(body_with(R"("assessmentName": "Typing test",)",
                               R"("assessmentName": "Typing test", "score": 1,)")),
             Catch::Contains("assessment has an unknown field \"score\""));
  CHECK_THAT(refusal(body_with("1700000000000", "-5")), Catch::Contains("timestamp must be a positive"));
  CHECK_THAT(refusal(R"({"candidateId":"c","partnerId":"p","assessment":[]})"),
             Catch::StartsWith("assessment must be an object"));
  CHECK(refusal(R"({"candidateId":"c","partnerId":"p"})") == "The assessment (assessment) is missing.");
  CHECK(parse_completed_assessment("[]").code() == error_code::malformed_json);
  CHECK(parse_completed_assessment("{").code() == error_code::malformed_json);
}

TEST_CASE("validation checks a value built in C++ as parsing checks a body", "[completed]") {
  completed_assessment assessment = parse_completed_assessment(full_body).value();
  CHECK(validate_completed_assessment(assessment).ok());
  assessment.timestamp_ms = 0;
  CHECK(validate_completed_assessment(assessment).ok());
  assessment.timestamp_ms = -1;
  CHECK(validate_completed_assessment(assessment).code() == error_code::invalid_input);
  assessment.timestamp_ms = 0;
  assessment.partner_id = "\xff";
  CHECK(validate_completed_assessment(assessment).message() == "The partner ID (partnerId) is not valid UTF-8.");
  assessment.partner_id = "partner_1";
  assessment.assessment_name.clear();
  CHECK(validate_completed_assessment(assessment).message() ==
        "The assessment name (assessment.assessmentName) is empty.");
}
