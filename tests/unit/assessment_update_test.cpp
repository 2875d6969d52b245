#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "ashbyknit/assessment_update.hpp"
#include "json_document.hpp"

using namespace ashbyknit;

namespace {

/// A complete-assessment body with every kind of blob; tests remove or break one part.
const std::string full_update = R"({
  "assessment_id": "asm_1",
  "timestamp": 1700000000000,
  "assessment_status": {"identifier": "status", "label": "Status", "type": "string", "value": "Completed"},
  "assessment_profile_url": {"identifier": "report", "label": "Full report", "type": "url",
                             "value": "https://vendor.example/r/1?sig=abc"},
  "assessment_result": {"identifier": "score", "label": "Score", "type": "numeric_score", "value": 87,
                        "description": "Out of 100"},
  "metadata": [
    {"identifier": "minutes", "label": "Time taken", "type": "numeric_duration_minutes", "value": 42.5},
    {"identifier": "passed", "label": "Passed", "type": "boolean_success", "value": true}
  ]
})";

/// full_update with `from` replaced by `to` (which must occur exactly once).
std::string update_with(std::string_view from, std::string_view to) {
  std::string body = full_update;
  const auto at = body.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(body.find(from, at + 1) == std::string::npos);
  return body.replace(at, from.size(), to);
}

/// The message for a body that must fail validation.
std::string refusal(std::string_view body) {
  auto parsed = parse_assessment_update(body);
  REQUIRE(parsed.code() == error_code::invalid_input);
  return parsed.message();
}

/// The message for a value that must fail validation.
std::string invalidity(const assessment_update &update) {
  const status checked = validate_assessment_update(update);
  REQUIRE(checked.code() == error_code::invalid_input);
  return checked.message();
}

blob make_blob(std::string identifier, std::string label, blob_type type, std::variant<std::string, double, bool> value,
               std::string description = {}) {
  return blob{std::move(identifier), std::move(label), type, std::move(value), std::move(description)};
}

/// The value full_update parses to.
assessment_update complete_update() {
  assessment_update update;
  update.assessment_id = "asm_1";
  update.timestamp_ms = 1700000000000;
  update.status = make_blob("status", "Status", blob_type::string, std::string("Completed"));
  update.profile_url = make_blob("report", "Full report", blob_type::url, std::string("https://vendor.example/r/1?sig=abc"));
  update.result = make_blob("score", "Score", blob_type::numeric_score, 87.0, "Out of 100");
  update.metadata = {make_blob("minutes", "Time taken", blob_type::numeric_duration_minutes, 42.5),
                     make_blob("passed", "Passed", blob_type::boolean_success, true)};
  return update;
}

void check_same_blob(const blob &a, const blob &b) {
  CHECK(a.identifier == b.identifier);
  CHECK(a.label == b.label);
  CHECK(a.type == b.type);
  REQUIRE(a.value.index() == b.value.index());
  if (const auto *text = std::get_if<std::string>(&a.value)) CHECK(*text == std::get<std::string>(b.value));
  if (const auto *number = std::get_if<double>(&a.value)) CHECK(*number == std::get<double>(b.value));
  if (const auto *flag = std::get_if<bool>(&a.value)) CHECK(*flag == std::get<bool>(b.value));
  CHECK(a.description == b.description);
}

void check_same_blob(const std::optional<blob> &a, const std::optional<blob> &b) {
  REQUIRE(a.has_value() == b.has_value());
  if (a) check_same_blob(*a, *b);
}

void check_same(const assessment_update &a, const assessment_update &b) {
  CHECK(a.assessment_id == b.assessment_id);
  CHECK(a.timestamp_ms == b.timestamp_ms);
  check_same_blob(a.status, b.status);
  check_same_blob(a.profile_url, b.profile_url);
  check_same_blob(a.result, b.result);
  check_same_blob(a.cancelled_reason, b.cancelled_reason);
  REQUIRE(a.metadata.size() == b.metadata.size());
  for (std::size_t i = 0; i < a.metadata.size(); ++i) check_same_blob(a.metadata[i], b.metadata[i]);
}

/// parse(write(update)), which must succeed and give `update` back.
void check_round_trip(const assessment_update &update) {
  REQUIRE(validate_assessment_update(update).ok());
  const std::string written = write_assessment_update(update);
  auto parsed = parse_assessment_update(written);
  INFO(written);
  REQUIRE(parsed.message() == "");
  check_same(parsed.value(), update);
  CHECK(write_assessment_update(parsed.value()) == written);
}

/// The text the writer gives a result value of `number`.
std::string written_number(double number) {
  assessment_update update = complete_update();
  update.metadata.clear();
  update.result->value = number;
  update.result->description.clear();
  const std::string written = write_assessment_update(update);
  const std::string before = R"("type":"numeric_score","value":)";
  const auto start = written.find(before) + before.size();
  return written.substr(start, written.find('}', start) - start);
}

}  // namespace

TEST_CASE("blob types have Ashby's names both ways", "[assessment_update]") {
  for (blob_type type : {blob_type::numeric_score, blob_type::numeric_duration_minutes, blob_type::url,
                         blob_type::string, blob_type::boolean_success}) {
    CHECK(parse_blob_type(blob_type_name(type)) == type);
  }
  CHECK(blob_type_name(blob_type::numeric_duration_minutes) == "numeric_duration_minutes");
  CHECK(blob_type_name(blob_type::boolean_success) == "boolean_success");
  CHECK_FALSE(parse_blob_type("URL"));
  CHECK_FALSE(parse_blob_type("file"));
  CHECK_FALSE(parse_blob_type(""));
  CHECK(blob_type_name(static_cast<blob_type>(9)).empty());
}

TEST_CASE("a complete body is read field by field", "[assessment_update]") {
  check_same(parse_assessment_update(full_update).value(), complete_update());
}

TEST_CASE("the writer keeps the protocol's order and compact form, so a parsed body is written back unchanged",
          "[assessment_update]") {
  CHECK(write_assessment_update(complete_update()) == detail::minify_json(full_update));
  CHECK(write_assessment_update(parse_assessment_update(full_update).value()) == detail::minify_json(full_update));
}

TEST_CASE("the writer leaves out what is absent: timestamp 0, blobs, empty metadata, empty descriptions",
          "[assessment_update]") {
  assessment_update update;
  update.assessment_id = "asm_2";
  update.cancelled_reason = make_blob("reason", "Reason", blob_type::string, std::string("Withdrawn"), "");
  CHECK(write_assessment_update(update) ==
        R"({"assessment_id":"asm_2","cancelled_reason":{"identifier":"reason","label":"Reason","type":"string","value":"Withdrawn"}})");
  check_round_trip(update);
}

TEST_CASE("updates round-trip through the writer and the parser", "[assessment_update]") {
  check_round_trip(complete_update());

  assessment_update started;
  started.assessment_id = "asm_3";
  started.timestamp_ms = 1;
  started.status = make_blob("status", "Status", blob_type::string, std::string("Started"));
  check_round_trip(started);

  assessment_update cancelled;
  cancelled.assessment_id = "asm_4";
  cancelled.timestamp_ms = 1700000000001;
  cancelled.status = make_blob("status", "Status", blob_type::string, std::string("Cancelled"));
  cancelled.cancelled_reason = make_blob("why", "Why", blob_type::string, std::string("Candidate withdrew"), "By e-mail");
  cancelled.metadata = {make_blob("ok", "Passed", blob_type::boolean_success, false)};
  check_round_trip(cancelled);
}

TEST_CASE("Unicode and characters JSON must escape survive the round trip", "[assessment_update]") {
  assessment_update update = complete_update();
  update.assessment_id = "asm_\"quoted\"\\";
  update.status->label = "Zoë 陈 أحمد 🦊 \u2028";
  update.status->value = std::string("line one\nline \"two\"\t\\ end \x01");
  update.result->description = "Schön: 87/100 ✓";
  update.metadata.push_back(make_blob("名前", "ラベル", blob_type::string, std::string("值")));
  check_round_trip(update);
  const std::string written = write_assessment_update(update);
  CHECK(written.find(R"("assessment_id":"asm_\"quoted\"\\")") != std::string::npos);
  CHECK(written.find(R"("value":"line one\u000aline \"two\"\u0009\\ end \u0001")") != std::string::npos);
  CHECK(written.find("\"label\":\"Zoë 陈 أحمد 🦊 \u2028\"") != std::string::npos);
}

TEST_CASE("numbers are written as integers when exact, else in their shortest round-trip form",
          "[assessment_update]") {
  CHECK(written_number(87.0) == "87");
  CHECK(written_number(87.5) == "87.5");
  CHECK(written_number(-3.0) == "-3");
  CHECK(written_number(-0.25) == "-0.25");
  CHECK(written_number(0.1) == "0.1");
  CHECK(written_number(0.0) == "0");
  CHECK(written_number(9007199254740992.0) == "9007199254740992");
  CHECK(written_number(-9007199254740992.0) == "-9007199254740992");
  CHECK(written_number(18014398509481984.0) == "1.8014398509481984e+16");
  CHECK(written_number(1e300) == "1e+300");
  CHECK(written_number(-1.5e-7) == "-1.5e-07");

  for (double number : {87.0, 87.5, 1e300, -1e300, -42.0, 0.1, 1.0 / 3.0, 5e-324, 18014398509481984.0,
                        std::numeric_limits<double>::max()}) {
    assessment_update update = complete_update();
    update.result->value = number;
    check_round_trip(update);
  }
}

TEST_CASE("any JSON number is read as a double", "[assessment_update]") {
  const auto value_of = [](std::string_view text) {
    const std::string body = update_with(R"("value": 87,)", "\"value\": " + std::string(text) + ",");
    return std::get<double>(parse_assessment_update(body).value().result->value);
  };
  CHECK(value_of("87") == 87.0);
  CHECK(value_of("87.0") == 87.0);
  CHECK(value_of("87.5") == 87.5);
  CHECK(value_of("-12") == -12.0);
  CHECK(value_of("1E2") == 100.0);
  CHECK(value_of("1e300") == 1e300);
  CHECK(value_of("18446744073709551615") == 18446744073709551615.0);
  // A number beyond a double is not JSON this library reads.
  CHECK(parse_assessment_update(update_with(R"("value": 87,)", R"("value": 1e400,)")).code() == error_code::malformed_json);
}

TEST_CASE("the assessment id is required text", "[assessment_update]") {
  CHECK(refusal(update_with(R"("assessment_id": "asm_1",)", "")) == "The assessment ID (assessment_id) is missing.");
  CHECK(refusal(update_with(R"("assessment_id": "asm_1",)", R"("assessment_id": null,)")) ==
        "The assessment ID (assessment_id) is missing.");
  CHECK(refusal(update_with(R"("assessment_id": "asm_1",)", R"("assessment_id": "",)")) ==
        "The assessment ID (assessment_id) is empty.");
  CHECK(refusal(update_with(R"("assessment_id": "asm_1",)", R"("assessment_id": 7,)")) ==
        "The assessment ID (assessment_id) must be text, not a number.");
}

TEST_CASE("a timestamp in a body is a positive integer; absent or null leaves it to be assigned",
          "[assessment_update]") {
  CHECK(parse_assessment_update(update_with(R"("timestamp": 1700000000000,)", "")).value().timestamp_ms == 0);
  CHECK(parse_assessment_update(update_with(R"("timestamp": 1700000000000,)", R"("timestamp": null,)")).value().timestamp_ms == 0);
  CHECK(parse_assessment_update(update_with(R"("timestamp": 1700000000000,)", R"("timestamp": 1,)")).value().timestamp_ms == 1);
  const std::string must = "timestamp must be a positive whole number of milliseconds since the epoch, not ";
  CHECK(refusal(update_with(R"("timestamp": 1700000000000,)", R"("timestamp": 0,)")) == must + "0.");
  CHECK(refusal(update_with(R"("timestamp": 1700000000000,)", R"("timestamp": -5,)")) == must + "-5.");
  CHECK(refusal(update_with(R"("timestamp": 1700000000000,)", R"("timestamp": 1700000000000.5,)")) == must + "1700000000000.5.");
  CHECK(refusal(update_with(R"("timestamp": 1700000000000,)", R"("timestamp": 18446744073709551615,)")) ==
        must + "18446744073709551615.");
  CHECK(refusal(update_with(R"("timestamp": 1700000000000,)", R"("timestamp": "1700000000000",)")) == must + "text.");
}

TEST_CASE("validation accepts a timestamp of 0 or more and refuses a negative one", "[assessment_update]") {
  assessment_update update = complete_update();
  update.timestamp_ms = 0;
  CHECK(validate_assessment_update(update).ok());
  update.timestamp_ms = -1;
  CHECK(invalidity(update) ==
        "timestamp must be a positive number of milliseconds since the epoch (or 0 to have it assigned), not -1.");
}

TEST_CASE("a status is required unless the assessment is cancelled", "[assessment_update]") {
  const std::string no_status =
      update_with(R"("assessment_status": {"identifier": "status", "label": "Status", "type": "string", "value": "Completed"},)", "");
  CHECK(refusal(no_status) == "assessment_status is required unless cancelled_reason is set.");
  const std::string null_status = update_with(
      R"("assessment_status": {"identifier": "status", "label": "Status", "type": "string", "value": "Completed"},)",
      R"("assessment_status": null,)");
  CHECK(refusal(null_status) == "assessment_status is required unless cancelled_reason is set.");

  const auto cancelled = parse_assessment_update(
      R"({"assessment_id":"asm_1","cancelled_reason":{"identifier":"why","label":"Why","type":"string","value":"Gone"}})");
  REQUIRE(cancelled.ok());
  CHECK_FALSE(cancelled.value().status);
  CHECK(cancelled.value().cancelled_reason->identifier == "why");
}

TEST_CASE("a result and a cancel reason exclude each other", "[assessment_update]") {
  const std::string both = update_with(
      R"("metadata": [)",
      R"("cancelled_reason": {"identifier": "why", "label": "Why", "type": "string", "value": "Gone"}, "metadata": [)");
  CHECK(refusal(both) ==
        "assessment_result and cancelled_reason cannot both be set: an assessment is either complete or cancelled.");
}

TEST_CASE("a result needs a profile URL of type url", "[assessment_update]") {
  const std::string profile = R"("assessment_profile_url": {"identifier": "report", "label": "Full report", "type": "url",
                             "value": "https://vendor.example/r/1?sig=abc"},)";
  CHECK(refusal(update_with(profile, "")) == "assessment_profile_url is required when assessment_result is set.");
  CHECK(refusal(update_with(profile, R"("assessment_profile_url": null,)")) ==
        "assessment_profile_url is required when assessment_result is set.");
  CHECK(refusal(update_with(R"("type": "url",)", R"("type": "string",)")) ==
        "assessment_profile_url.type must be url, not string.");

  // A profile URL without a result is fine: a link to an assessment in progress.
  const std::string result = R"("assessment_result": {"identifier": "score", "label": "Score", "type": "numeric_score", "value": 87,
                        "description": "Out of 100"},)";
  const auto in_progress = parse_assessment_update(update_with(result, ""));
  REQUIRE(in_progress.ok());
  CHECK_FALSE(in_progress.value().result);
  CHECK(in_progress.value().profile_url);
}

TEST_CASE("URL values are absolute http(s) URLs, a query allowed", "[assessment_update]") {
  const std::string url = R"("https://vendor.example/r/1?sig=abc")";
  CHECK(refusal(update_with(url, R"("/r/1")")) ==
        "The URL in assessment_profile_url.value must start with https:// or http://.");
  CHECK(refusal(update_with(url, R"("ftp://vendor.example/r/1")")) ==
        "The URL in assessment_profile_url.value must start with https:// or http://.");
  CHECK(refusal(update_with(url, R"("https://vendor.example/r/1#top")")) ==
        "The URL in assessment_profile_url.value must not have a fragment.");
  CHECK(refusal(update_with(url, R"("https://vendor.example/r 1")")) ==
        "The URL in assessment_profile_url.value must not contain spaces or control characters.");
  CHECK(refusal(update_with(url, R"("https:///r/1")")) == "The URL in assessment_profile_url.value has no host name.");
  CHECK(refusal(update_with(url, R"("")")) == "The value (assessment_profile_url.value) is empty.");
  CHECK(parse_assessment_update(update_with(url, R"("HTTP://vendor.example")")).ok());
}

TEST_CASE("a value's JSON type must suit the blob's type", "[assessment_update]") {
  CHECK(refusal(update_with(R"("value": 42.5)", R"("value": "42.5")")) ==
        "metadata[0].value must be a number for type numeric_duration_minutes.");
  CHECK(refusal(update_with(R"("value": 87,)", R"("value": true,)")) ==
        "assessment_result.value must be a number for type numeric_score.");
  CHECK(refusal(update_with(R"("value": true)", R"("value": 1)")) ==
        "metadata[1].value must be true or false for type boolean_success.");
  CHECK(refusal(update_with(R"("value": true)", R"("value": "true")")) ==
        "metadata[1].value must be true or false for type boolean_success.");
  CHECK(refusal(update_with(R"("value": "Completed")", R"("value": 3)")) ==
        "assessment_status.value must be text for type string.");
  CHECK(refusal(update_with(R"("value": "Completed")", R"("value": ["Completed"])")) ==
        "assessment_status.value must be text for type string.");
  CHECK(refusal(update_with(R"("value": "https://vendor.example/r/1?sig=abc")", R"("value": {"href": "x"})")) ==
        "assessment_profile_url.value must be text for type url.");
  CHECK(refusal(update_with(R"("value": "Completed")", R"("value": "")")) ==
        "The value (assessment_status.value) is empty.");
  CHECK(refusal(update_with(R"("value": "Completed")", R"("value": null)")) ==
        "The value (assessment_status.value) is missing.");
  CHECK(refusal(update_with(R"(, "value": "Completed")", "")) == "The value (assessment_status.value) is missing.");
}

TEST_CASE("a blob's identifier, label and type are required, and its type is one of Ashby's",
          "[assessment_update]") {
  CHECK(refusal(update_with(R"("identifier": "passed", )", "")) == "The identifier (metadata[1].identifier) is missing.");
  CHECK(refusal(update_with(R"("identifier": "passed")", R"("identifier": "")")) ==
        "The identifier (metadata[1].identifier) is empty.");
  CHECK(refusal(update_with(R"("identifier": "passed")", R"("identifier": 2)")) ==
        "The identifier (metadata[1].identifier) must be text, not a number.");
  CHECK(refusal(update_with(R"("label": "Score", )", "")) == "The label (assessment_result.label) is missing.");
  CHECK(refusal(update_with(R"("label": "Score")", R"("label": "")")) == "The label (assessment_result.label) is empty.");
  CHECK(refusal(update_with(R"("type": "numeric_score", )", "")) == "The type (assessment_result.type) is missing.");
  CHECK(refusal(update_with(R"("type": "numeric_score")", R"("type": "file")")) ==
        "assessment_result.type must be one of numeric_score, numeric_duration_minutes, url, string, boolean_success, "
        "not \"file\".");
  CHECK(refusal(update_with(R"("type": "numeric_score")", R"("type": "Numeric_Score")")) ==
        "assessment_result.type must be one of numeric_score, numeric_duration_minutes, url, string, boolean_success, "
        "not \"Numeric_Score\".");
}

TEST_CASE("a description is optional text", "[assessment_update]") {
  CHECK(refusal(update_with(R"("description": "Out of 100")", R"("description": 100)")) ==
        "The description (assessment_result.description) must be text, not a number.");
  const auto without = parse_assessment_update(update_with(R"("description": "Out of 100")", R"("description": null)"));
  REQUIRE(without.ok());
  CHECK(without.value().result->description.empty());
  CHECK(write_assessment_update(without.value()).find("description") == std::string::npos);
}

TEST_CASE("blobs and metadata must have the right shape", "[assessment_update]") {
  CHECK(refusal(update_with(
            R"({"identifier": "status", "label": "Status", "type": "string", "value": "Completed"})", R"("Completed")")) ==
        "assessment_status must be an object, not text.");
  CHECK(refusal(R"({"assessment_id":"a","assessment_status":{"identifier":"s","label":"S","type":"string","value":"x"},"metadata":{}})") ==
        "metadata must be a list, not an object.");
  CHECK(refusal(R"({"assessment_id":"a","assessment_status":{"identifier":"s","label":"S","type":"string","value":"x"},"metadata":[1]})") ==
        "metadata[0] must be an object, not a number.");
  const auto no_metadata = parse_assessment_update(
      R"({"assessment_id":"a","assessment_status":{"identifier":"s","label":"S","type":"string","value":"x"},"metadata":null})");
  REQUIRE(no_metadata.ok());
  CHECK(no_metadata.value().metadata.empty());
  const auto empty_metadata = parse_assessment_update(
      R"({"assessment_id":"a","assessment_status":{"identifier":"s","label":"S","type":"string","value":"x"},"metadata":[]})");
  REQUIRE(empty_metadata.ok());
  CHECK(write_assessment_update(empty_metadata.value()).find("metadata") == std::string::npos);
}

TEST_CASE("null counts as absent for every optional field", "[assessment_update]") {
  const auto parsed = parse_assessment_update(
      R"({"assessment_id":"a","timestamp":null,"assessment_status":{"identifier":"s","label":"S","type":"string","value":"x","description":null},)"
      R"("assessment_profile_url":null,"assessment_result":null,"cancelled_reason":null,"metadata":null})");
  REQUIRE(parsed.ok());
  CHECK(write_assessment_update(parsed.value()) ==
        R"({"assessment_id":"a","assessment_status":{"identifier":"s","label":"S","type":"string","value":"x"}})");
}

TEST_CASE("unknown and repeated fields are refused, naming them", "[assessment_update]") {
  CHECK(refusal(update_with(R"("timestamp": 1700000000000,)", R"("timestamp": 1700000000000, "score": 87,)")) ==
        "The assessment update has an unknown field \"score\" (known fields: assessment_id, timestamp, assessment_status, "
        "assessment_profile_url, assessment_result, cancelled_reason, metadata).");
  CHECK(refusal(update_with(R"("assessment_id")", R"("assessmentId")")) ==
        "The assessment update has an unknown field \"assessmentId\" (known fields: assessment_id, timestamp, "
        "assessment_status, assessment_profile_url, assessment_result, cancelled_reason, metadata).");
  CHECK(refusal(update_with(R"("value": 42.5)", R"("valeu": 42.5)")) ==
        "metadata[0] has an unknown field \"valeu\" (known fields: identifier, label, type, value, description).");
  CHECK(refusal(update_with(R"("description": "Out of 100")", R"("description": "Out of 100", "unit": null)")) ==
        "assessment_result has an unknown field \"unit\" (known fields: identifier, label, type, value, description).");
  CHECK(refusal(update_with(R"("assessment_id": "asm_1",)", R"("assessment_id": "asm_1", "assessment_id": "asm_2",)")) ==
        "The assessment update has the field \"assessment_id\" twice.");
  CHECK(refusal(update_with(R"("value": true)", R"("value": true, "value": false)")) ==
        "metadata[1] has the field \"value\" twice.");
}

TEST_CASE("identifiers are unique across the whole update", "[assessment_update]") {
  CHECK(refusal(update_with(R"("identifier": "minutes")", R"("identifier": "score")")) ==
        "The identifier \"score\" is used twice (assessment_result.identifier and metadata[0].identifier).");
  CHECK(refusal(update_with(R"("identifier": "passed")", R"("identifier": "minutes")")) ==
        "The identifier \"minutes\" is used twice (metadata[0].identifier and metadata[1].identifier).");
  CHECK(refusal(update_with(R"("identifier": "report")", R"("identifier": "status")")) ==
        "The identifier \"status\" is used twice (assessment_status.identifier and assessment_profile_url.identifier).");

  assessment_update update;
  update.assessment_id = "asm_1";
  update.status = make_blob("same", "Status", blob_type::string, std::string("Cancelled"));
  update.cancelled_reason = make_blob("same", "Reason", blob_type::string, std::string("Gone"));
  CHECK(invalidity(update) == "The identifier \"same\" is used twice (assessment_status.identifier and cancelled_reason.identifier).");
  // Identifiers are compared exactly.
  update.cancelled_reason->identifier = "Same";
  CHECK(validate_assessment_update(update).ok());
}

TEST_CASE("validation checks a value built in code the way parsing checks a body", "[assessment_update]") {
  CHECK(validate_assessment_update(complete_update()).ok());

  assessment_update update = complete_update();
  update.assessment_id.clear();
  CHECK(invalidity(update) == "The assessment ID (assessment_id) is empty.");

  update = complete_update();
  update.metadata[0].value = std::numeric_limits<double>::quiet_NaN();
  CHECK(invalidity(update) == "metadata[0].value must be a finite number.");
  update.metadata[0].value = -std::numeric_limits<double>::infinity();
  CHECK(invalidity(update) == "metadata[0].value must be a finite number.");

  update = complete_update();
  update.profile_url->value = 3.0;
  CHECK(invalidity(update) == "assessment_profile_url.value must be text for type url.");

  update = complete_update();
  update.metadata[1].value = std::string("yes");
  CHECK(invalidity(update) == "metadata[1].value must be true or false for type boolean_success.");

  update = complete_update();
  update.metadata[1].type = static_cast<blob_type>(9);
  CHECK(invalidity(update) ==
        "metadata[1].type must be one of numeric_score, numeric_duration_minutes, url, string, boolean_success, not 9.");

  update = complete_update();
  update.metadata[0].identifier.clear();
  CHECK(invalidity(update) == "The identifier (metadata[0].identifier) is empty.");

  update = complete_update();
  update.status->label = "bad \xff byte";
  CHECK(invalidity(update) == "The label (assessment_status.label) is not valid UTF-8.");

  update = complete_update();
  update.result->description = "\xc3";
  CHECK(invalidity(update) == "The description (assessment_result.description) is not valid UTF-8.");

  update = complete_update();
  update.cancelled_reason = make_blob("why", "Why", blob_type::string, std::string("Gone"));
  CHECK(invalidity(update) ==
        "assessment_result and cancelled_reason cannot both be set: an assessment is either complete or cancelled.");

  update = complete_update();
  update.profile_url.reset();
  CHECK(invalidity(update) == "assessment_profile_url is required when assessment_result is set.");

  update = complete_update();
  update.status.reset();
  CHECK(invalidity(update) == "assessment_status is required unless cancelled_reason is set.");
}

TEST_CASE("bodies that are not a JSON object within the limits are refused as such", "[assessment_update]") {
  CHECK(parse_assessment_update("").code() == error_code::malformed_json);
  CHECK(parse_assessment_update("{").code() == error_code::malformed_json);
  CHECK(parse_assessment_update("{\"assessment_id\":\"\xff\"}").code() == error_code::malformed_json);
  const auto list = parse_assessment_update("[]");
  CHECK(list.code() == error_code::malformed_json);
  CHECK(list.message() == "The assessment update must be a JSON object, not a list.");

  json_limits small;
  small.max_body_bytes = full_update.size() - 1;
  const auto too_large = parse_assessment_update(full_update, small);
  CHECK(too_large.code() == error_code::too_large);
  CHECK(too_large.message().rfind("The assessment update is ", 0) == 0);
  small.max_body_bytes = full_update.size();
  CHECK(parse_assessment_update(full_update, small).ok());

  // The body, the metadata list and its blobs are three levels; simdjson counts the values inside
  // a blob as a fourth.
  json_limits shallow;
  shallow.max_depth = 3;
  const auto too_deep = parse_assessment_update(full_update, shallow);
  CHECK(too_deep.code() == error_code::too_deep);
  CHECK(too_deep.message() == "The assessment update is nested deeper than 3 levels.");
  shallow.max_depth = 4;
  CHECK(parse_assessment_update(full_update, shallow).ok());

  // Depth is refused before a deep unknown field is looked at.
  const std::string deep = update_with(R"("timestamp": 1700000000000,)",
                                       "\"extra\": " + std::string(100, '[') + std::string(100, ']') + ",");
  CHECK(parse_assessment_update(deep).code() == error_code::too_deep);
}

TEST_CASE("a standalone blob is parsed and checked, its errors named by the given field", "[assessment_update]") {
  const auto score = parse_blob(R"({"identifier":"score","label":"Score","type":"numeric_score","value":87.5})", "--result");
  REQUIRE(score.ok());
  check_same_blob(score.value(), make_blob("score", "Score", blob_type::numeric_score, 87.5));

  CHECK(parse_blob(R"({"identifier":"score","label":"Score","type":"numeric_score","value":"high"})", "assessment_result")
            .message() == "assessment_result.value must be a number for type numeric_score.");
  CHECK(parse_blob(R"({"identifier":"r","label":"R","type":"url","value":"report.pdf"})", "--profile-url").message() ==
        "The URL in --profile-url.value must start with https:// or http://.");
  CHECK(parse_blob(R"({"identifier":"r","label":"R","type":"url","value":"report.pdf"})", "--profile-url").code() ==
        error_code::invalid_input);
  CHECK(parse_blob(R"({"identifier":"s","label":"","type":"string","value":"x"})", "--status").message() ==
        "The label (--status.label) is empty.");
  CHECK(parse_blob(R"({"identifier":"s","label":"S","type":"string","value":"x","extra":1})", "--status").message() ==
        "--status has an unknown field \"extra\" (known fields: identifier, label, type, value, description).");

  const auto broken = parse_blob("{\"identifier\":", "--result");
  CHECK(broken.code() == error_code::malformed_json);
  CHECK(broken.message().rfind("--result is not valid JSON", 0) == 0);
  const auto list = parse_blob("[]", "--result");
  CHECK(list.code() == error_code::malformed_json);
  CHECK(list.message() == "--result must be a JSON object, not a list.");
  CHECK(parse_blob("", "--result").message() == "--result is empty; a JSON document was expected.");
}

TEST_CASE("a standalone blob list is parsed and checked, each entry named field[i]", "[assessment_update]") {
  const auto items = parse_blob_list(
      R"([{"identifier":"a","label":"A","type":"string","value":"x","description":"d"},)"
      R"({"identifier":"b","label":"B","type":"boolean_success","value":false}])",
      "metadata");
  REQUIRE(items.ok());
  REQUIRE(items.value().size() == 2);
  check_same_blob(items.value()[0], make_blob("a", "A", blob_type::string, std::string("x"), "d"));
  check_same_blob(items.value()[1], make_blob("b", "B", blob_type::boolean_success, false));
  CHECK(parse_blob_list("[]", "metadata").value().empty());

  CHECK(parse_blob_list(R"([{"identifier":"a","label":"A","type":"string","value":"x"},)"
                        R"({"identifier":"a","label":"B","type":"string","value":"y"}])", "--metadata")
            .message() == "The identifier \"a\" is used twice (--metadata[0].identifier and --metadata[1].identifier).");
  CHECK(parse_blob_list(R"([{"identifier":"a","label":"A","type":"string","value":"x"},)"
                        R"({"identifier":"b","label":"B","type":"numeric_score","value":"y"}])", "metadata")
            .message() == "metadata[1].value must be a number for type numeric_score.");
  CHECK(parse_blob_list(R"([{"identifier":"a","label":"A","type":"string","value":"x"}, 3])", "metadata").message() ==
        "metadata[1] must be an object, not a number.");
  const auto object = parse_blob_list(R"({"identifier":"a"})", "metadata");
  CHECK(object.code() == error_code::malformed_json);
  CHECK(object.message() == "metadata must be a JSON list, not an object.");
}
