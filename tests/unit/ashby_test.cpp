#include <catch2/catch.hpp>

#include "ashbyknit/ashby.hpp"
#include "test_support.hpp"

using namespace ashbyknit;

namespace {

/// A complete start body, every optional field present; tests remove or break one part.
const std::string full_start = R"({
  "assessment_type_id": "pkg_456",
  "candidate": {"ashby_id": "cand_1", "first_name": "Alex", "last_name": "Chen",
                "email": "alex@example.com", "ashby_profile_url": "https://app.ashbyhq.com/c/1"},
  "application": {"ashby_id": "app_1", "status": "Active"},
  "job": {"ashby_id": "job_1", "name": "Engineer", "ashby_job_url": "https://app.ashbyhq.com/j/1", "req_id": "R-7",
          "hiringTeam": [{"userId": "u1", "firstName": "Sam", "lastName": "Lee", "email": "sam@example.com", "role": "Recruiter"}]},
  "additional_fields": {"field_1": "opt_a"},
  "unknown_top_level": {"kept": true}
})";

/// full_start with `from` replaced by `to` (which must occur exactly once).
std::string start_with(std::string_view from, std::string_view to) {
  std::string body = full_start;
  const auto at = body.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(body.find(from, at + 1) == std::string::npos);
  return body.replace(at, from.size(), to);
}

/// The 422 message for a start body, which must fail validation.
std::string refusal(std::string_view body) {
  auto parsed = parse_start_request(body);
  REQUIRE(parsed.code() == error_code::invalid_input);
  return parsed.message();
}

}  // namespace

TEST_CASE("a complete start body is read field by field", "[ashby]") {
  const start_request request = parse_start_request(full_start).value();
  CHECK(request.assessment_type_id == "pkg_456");
  CHECK(request.candidate.ashby_id == "cand_1");
  CHECK(request.candidate.first_name == "Alex");
  CHECK(request.candidate.last_name == "Chen");
  CHECK(request.candidate.email == "alex@example.com");
  CHECK(request.candidate.ashby_profile_url == "https://app.ashbyhq.com/c/1");
  CHECK(request.application.ashby_id == "app_1");
  CHECK(request.application.status == "Active");
  CHECK(request.job.ashby_id == "job_1");
  CHECK(request.job.name == "Engineer");
  CHECK(request.job.ashby_job_url == "https://app.ashbyhq.com/j/1");
  CHECK(request.job.req_id == "R-7");
}

TEST_CASE("origin data is the body minified, unknown fields and key order kept", "[ashby]") {
  const start_request request = parse_start_request(full_start).value();
  CHECK(request.origin_data.rfind(R"({"assessment_type_id":"pkg_456","candidate":{"ashby_id":"cand_1",)", 0) == 0);
  CHECK(request.origin_data.find(R"("hiringTeam":[{"userId":"u1",)") != std::string::npos);
  CHECK(request.origin_data.find(R"("unknown_top_level":{"kept":true}})") != std::string::npos);
  CHECK(request.origin_data.find(' ', request.origin_data.find("Recruiter")) == std::string::npos);
}

TEST_CASE("the fixture's start body is accepted as Ashby sends it", "[ashby]") {
  const start_request request = parse_start_request(test::read_fixture("ashby-assessment-start.json")).value();
  CHECK(request.application.status == "IN_REVIEW");
  CHECK_FALSE(request.candidate.ashby_profile_url);
  CHECK_FALSE(request.job.ashby_job_url);
}

TEST_CASE("each required string field must be present, text and not empty", "[ashby]") {
  struct required_field {
    std::string_view present;  // the field as full_start has it
    std::string_view key;
    std::string_view path;
    std::string_view description;
  };
  const required_field fields[] = {
      {R"("assessment_type_id": "pkg_456")", "assessment_type_id", "assessment_type_id", "The assessment type"},
      {R"("ashby_id": "cand_1")", "ashby_id", "candidate.ashby_id", "The candidate's Ashby ID"},
      {R"("ashby_id": "app_1")", "ashby_id", "application.ashby_id", "The application's Ashby ID"},
      {R"("ashby_id": "job_1")", "ashby_id", "job.ashby_id", "The job's Ashby ID"},
  };
  for (const auto &field : fields) {
    INFO(field.path);
    const std::string name = std::string(field.description) + " (" + std::string(field.path) + ")";
    CHECK(refusal(start_with(field.present, R"("other": 1)")) == name + " is missing.");
    CHECK(refusal(start_with(field.present, "\"" + std::string(field.key) + "\": null")) == name + " is missing.");
    CHECK(refusal(start_with(field.present, "\"" + std::string(field.key) + "\": \"\"")) == name + " is empty.");
    CHECK(refusal(start_with(field.present, "\"" + std::string(field.key) + "\": 42")) == name + " must be text, not a number.");
    CHECK(refusal(start_with(field.present, "\"" + std::string(field.key) + "\": [\"x\"]")) == name + " must be text, not a list.");
  }
}

TEST_CASE("candidate, application and job must be objects", "[ashby]") {
  CHECK(refusal(R"({"assessment_type_id":"p","application":{"ashby_id":"a"},"job":{"ashby_id":"j"}})") ==
        "The candidate's details (candidate) is missing.");
  CHECK(refusal(R"({"assessment_type_id":"p","candidate":"c","application":{"ashby_id":"a"},"job":{"ashby_id":"j"}})") ==
        "The candidate's details (candidate) must be an object, not text.");
  CHECK(refusal(R"({"assessment_type_id":"p","candidate":{"ashby_id":"c"},"application":[],"job":{"ashby_id":"j"}})") ==
        "The application's details (application) must be an object, not a list.");
  CHECK(refusal(R"({"assessment_type_id":"p","candidate":{"ashby_id":"c"},"application":{"ashby_id":"a"},"job":true})") ==
        "The job's details (job) must be an object, not true or false.");
}

TEST_CASE("optional fields may be missing or null but not of another type", "[ashby]") {
  const start_request minimal =
      parse_start_request(R"({"assessment_type_id":"p","candidate":{"ashby_id":"c","email":null},)"
                          R"("application":{"ashby_id":"a"},"job":{"ashby_id":"j"}})")
          .value();
  CHECK_FALSE(minimal.candidate.first_name);
  CHECK_FALSE(minimal.candidate.email);
  CHECK_FALSE(minimal.application.status);
  CHECK_FALSE(minimal.job.name);
  CHECK(refusal(start_with(R"("email": "alex@example.com")", R"("email": ["a@example.com"])")) ==
        "The candidate's e-mail address (candidate.email) must be text, not a list.");
  CHECK(refusal(start_with(R"("status": "Active")", R"("status": 3)")) ==
        "The application's status (application.status) must be text, not a number.");
  CHECK(refusal(start_with(R"("req_id": "R-7")", R"("req_id": {})")) ==
        "The job's requisition ID (job.req_id) must be text, not an object.");
}

TEST_CASE("any application status is accepted", "[ashby]") {
  for (std::string_view status : {"Hired", "Archived", "Active", "Lead", "IN_REVIEW", "Interview", "", "über"}) {
    const std::string body = start_with(R"("status": "Active")", "\"status\": \"" + std::string(status) + "\"");
    CHECK(parse_start_request(body).value().application.status == status);
  }
}

TEST_CASE("additional fields must be an object when present", "[ashby]") {
  CHECK(parse_start_request(start_with(R"("additional_fields": {"field_1": "opt_a"})", R"("additional_fields": null)")).ok());
  CHECK(refusal(start_with(R"("additional_fields": {"field_1": "opt_a"})", R"("additional_fields": "x")")) ==
        "The additional fields (additional_fields) must be an object, not text.");
}

TEST_CASE("bodies that are not a JSON object are malformed, not invalid", "[ashby]") {
  for (std::string_view body : {"[]", "\"text\"", "null", "42", "{", "", "{\"a\":1,}"}) {
    INFO(body);
    CHECK(parse_start_request(body).code() == error_code::malformed_json);
    CHECK(parse_cancel_request(body).code() == error_code::malformed_json);
  }
  CHECK(parse_start_request("[]").message() == "The assessment request must be a JSON object, not a list.");
}

TEST_CASE("a truncated start body is malformed", "[ashby]") {
  const std::string body = test::read_fixture("ashby-assessment-start.json");
  for (std::size_t length = 0; length + 2 < body.size(); length += 7) {
    CHECK(parse_start_request(std::string_view(body).substr(0, length)).code() == error_code::malformed_json);
  }
}

TEST_CASE("limits apply to Ashby bodies", "[ashby]") {
  json_limits limits;
  limits.max_body_bytes = 64;
  CHECK(parse_start_request(full_start, limits).code() == error_code::too_large);
  limits = {};
  limits.max_depth = 3;
  CHECK(parse_start_request(full_start, limits).code() == error_code::too_deep);
  CHECK(parse_cancel_request(R"({"assessment_id":"x","deep":[[[[1]]]]})", limits).code() == error_code::too_deep);
}

TEST_CASE("a cancel body needs a non-empty assessment id", "[ashby]") {
  const cancel_request request = parse_cancel_request(test::read_fixture("ashby-assessment-cancel.json")).value();
  CHECK(request.assessment_id == "ats_ass_x9y8z7w6v5u4t3s2r1q0p");
  CHECK(request.origin_data == R"({"assessment_id":"ats_ass_x9y8z7w6v5u4t3s2r1q0p"})");
  CHECK(parse_cancel_request("{}").message() == "The assessment ID (assessment_id) is missing.");
  CHECK(parse_cancel_request(R"({"assessment_id":""})").message() == "The assessment ID (assessment_id) is empty.");
  CHECK(parse_cancel_request(R"({"assessment_id":7})").message() ==
        "The assessment ID (assessment_id) must be text, not a number.");
}
