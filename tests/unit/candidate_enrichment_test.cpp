// Candidate enrichment: the candidate.info request, the reading of its reply, and the record.new
// event with only its candidate object rewritten.
#include <catch2/catch.hpp>

#include "ashbyknit/mapping.hpp"
#include "candidate_enrichment.hpp"
#include "test_support.hpp"

using namespace ashbyknit;
using detail::candidate_details;
using detail::contact;

namespace {

constexpr std::int64_t start_ms = 1734567890123;
constexpr std::string_view record_id = "ats_ass_a1b2c3d4e5f6g7h8i9j0k";

/// The candidate object of the event mapped from the fixture start.
constexpr std::string_view fixture_candidate =
    R"({"emails":[{"email":"alex.chen@example.com","type":"PRIMARY"}],"firstName":"Alex","id":"cand_789xyz",)"
    R"("lastName":"Chen","links":null,"location":null,"phones":null})";

/// The record.new event the library maps from the start `body`, with the package details of
/// `catalogue` (a JSON catalogue; "" for none).
std::string record_new(std::string_view body, std::string_view catalogue = "") {
  const package_catalogue packages =
      catalogue.empty() ? package_catalogue() : package_catalogue::parse(catalogue).value();
  map_options options;
  options.assessment_id = std::string(record_id);
  options.clock = test::pinned_clock(start_ms);
  options.packages = &packages;
  return map_start_body(body, options).value().json;
}

std::string fixture_event() { return record_new(test::read_fixture("ashby-assessment-start.json")); }

/// Checks that `enriched` is `event` with its candidate object, `old_candidate`, replaced by
/// `new_candidate` and every other byte as it was. The old candidate is found by the keys around
/// it, which the event must hold once.
void check_only_candidate_replaced(std::string_view event, std::string_view enriched, std::string_view old_candidate,
                                   std::string_view new_candidate) {
  const std::string before = R"(,"callbackUrl":null,"candidate":)";
  const std::string after = ",\"id\":\"" + std::string(record_id) + "\",\"jobId\":";
  const std::string in_place = before + std::string(old_candidate) + after;
  const std::size_t found = event.find(in_place);
  REQUIRE(found != std::string_view::npos);
  REQUIRE(event.rfind(in_place) == found);
  const std::size_t at = found + before.size();
  const std::size_t rest = event.size() - at - old_candidate.size();
  REQUIRE(enriched.size() == at + new_candidate.size() + rest);
  CHECK(enriched.substr(0, at) == event.substr(0, at));
  CHECK(enriched.substr(at, new_candidate.size()) == new_candidate);
  CHECK(enriched.substr(enriched.size() - rest) == event.substr(event.size() - rest));
}

/// Ashby's success envelope around the candidate object `results`.
std::string reply(std::string_view results) { return R"({"success":true,"results":)" + std::string(results) + "}"; }

candidate_details read_reply(std::string_view body, std::string_view candidate_id = "cand_789xyz") {
  auto details = detail::read_candidate_info(body, candidate_id);
  INFO(details.message());
  REQUIRE(details.ok());
  return std::move(details).value();
}

/// The message of the invalid_argument that reading `body` must fail with.
std::string reply_failure(std::string_view body, std::string_view candidate_id = "cand_789xyz") {
  auto details = detail::read_candidate_info(body, candidate_id);
  REQUIRE_FALSE(details.ok());
  CHECK(details.code() == error_code::invalid_argument);
  return details.message();
}

std::string enriched(std::string_view event, const candidate_details &details) {
  auto body = detail::enrich_record_new(event, details);
  INFO(body.message());
  REQUIRE(body.ok());
  return std::move(body).value();
}

}  // namespace

namespace ashbyknit::detail {
bool operator==(const contact &a, const contact &b) { return a.value == b.value && a.type == b.type; }
}  // namespace ashbyknit::detail

namespace Catch {
template <>
struct StringMaker<contact> {
  static std::string convert(const contact &entry) { return "{" + entry.value + ", " + entry.type + "}"; }
};
}  // namespace Catch

TEST_CASE("the candidate id of a record.new is its candidate's id", "[enrichment]") {
  CHECK(detail::record_new_candidate_id(fixture_event()).value() == "cand_789xyz");
  const std::string escaped = record_new(R"({"assessment_type_id":"p","candidate":{"ashby_id":"c\"1\\ü"},)"
                                         R"("application":{"ashby_id":"a"},"job":{"ashby_id":"j"}})");
  CHECK(detail::record_new_candidate_id(escaped).value() == "c\"1\\ü");
}

TEST_CASE("a body that is not a record.new with a candidate id has no candidate id", "[enrichment]") {
  const std::string event = fixture_event();
  const auto refused = [](std::string_view body, std::string_view words) {
    auto id = detail::record_new_candidate_id(body);
    REQUIRE_FALSE(id.ok());
    CHECK(id.code() == error_code::invalid_argument);
    CHECK_THAT(id.message(), Catch::Contains(std::string(words)));
  };
  map_options options;
  options.clock = test::pinned_clock(start_ms);
  refused(map_cancel_body(test::read_fixture("ashby-assessment-cancel.json"), options).value().json,
          "is a record.deleted, not a record.new");
  refused(event.substr(0, event.size() - 1), "not valid JSON");
  refused("", "empty");
  refused("[1]", "must be a JSON object");
  refused(R"({"eventType":"record.new"})", "eventData");
  refused(R"({"eventType":"record.new","eventData":{"candidateAssessment":{"candidate":null}}})",
          "eventData.candidateAssessment.candidate) is missing");
  refused(R"({"eventType":"record.new","eventData":{"candidateAssessment":{"candidate":{"id":null}}}})",
          "eventData.candidateAssessment.candidate.id) is missing");
  refused(R"({"eventType":"record.new","eventData":{"candidateAssessment":{"candidate":{"id":""}}}})", "is empty");
}

TEST_CASE("the candidate.info request names the candidate, escaped", "[enrichment]") {
  CHECK(detail::candidate_info_request("cand_789xyz") == R"({"id":"cand_789xyz"})");
  CHECK(detail::candidate_info_request("a\"b\\c\n") == R"({"id":"a\"b\\c\u000a"})");
}

TEST_CASE("a full candidate.info reply gives primaries first, types in capitals, no duplicates", "[enrichment]") {
  const candidate_details details = read_reply(reply(R"({
    "id": "cand_789xyz", "name": "Alex Chen", "tags": [{"id": "t1", "title": "Referral"}], "customFields": [],
    "primaryEmailAddress": {"value": "alex.chen@example.com", "type": "Work", "isPrimary": true},
    "emailAddresses": [
      {"value": "Alex.Chen@EXAMPLE.com", "type": "Work", "isPrimary": true},
      {"value": "alex@home.example", "type": "Personal", "isPrimary": false},
      {"value": "alex@old.example", "type": "Other"},
      {"value": "ALEX@HOME.EXAMPLE", "type": "Work"}
    ],
    "primaryPhoneNumber": {"value": "+1 555 0100", "type": "Personal", "isPrimary": true},
    "phoneNumbers": [
      {"value": "+1 555 0100", "type": "Personal", "isPrimary": true},
      {"value": "+1 555 0199", "type": "Work", "isPrimary": false}
    ],
    "socialLinks": [
      {"type": "LinkedIn", "url": "https://linkedin.example/in/alex"},
      {"type": "GitHub", "url": "https://github.example/alex"},
      {"type": "LinkedIn", "url": "https://linkedin.example/in/alex"}
    ],
    "location": {"id": "loc_1", "locationSummary": "San Francisco, CA",
                 "locationComponents": [{"type": "City", "name": "San Francisco"}]},
    "source": {"id": "src_1", "title": "Referral"}
  })"));
  CHECK(details.emails == std::vector<contact>{{"alex.chen@example.com", "PRIMARY"},
                                               {"alex@home.example", "PERSONAL"},
                                               {"alex@old.example", "OTHER"}});
  CHECK(details.phones == std::vector<contact>{{"+1 555 0100", "PRIMARY"}, {"+1 555 0199", "WORK"}});
  CHECK(details.location == "San Francisco, CA");
  CHECK(details.links == std::vector<std::string>{"https://linkedin.example/in/alex", "https://github.example/alex"});
}

TEST_CASE("a candidate.info reply's flags and missing primary fields decide which entry is primary", "[enrichment]") {
  // No primary* fields: isPrimary marks the primary, wherever it is, and a later duplicate that
  // is primary makes the earlier entry primary.
  const candidate_details details = read_reply(reply(R"({"id":"cand_789xyz",
    "emailAddresses":[{"value":"a@x.example","type":"Work"},{"value":"b@x.example","type":"Personal","isPrimary":true},
                      {"value":"A@X.EXAMPLE","isPrimary":true}],
    "phoneNumbers":[{"value":"1","type":"Other","isPrimary":false},{"value":"2","type":"Work","isPrimary":null}]})"));
  CHECK(details.emails == std::vector<contact>{{"a@x.example", "PRIMARY"}, {"b@x.example", "PRIMARY"}});
  CHECK(details.phones == std::vector<contact>{{"1", "OTHER"}, {"2", "WORK"}});
}

TEST_CASE("a candidate.info reply without some details, or with nulls, gives what it has", "[enrichment]") {
  const std::string bare = R"({"id":"cand_789xyz"})";
  const std::string nulls =
      R"({"id":"cand_789xyz","primaryEmailAddress":null,"emailAddresses":null,"primaryPhoneNumber":null,)"
      R"("phoneNumbers":[null],"socialLinks":null,"location":{"id":"l","locationSummary":null}})";
  for (const std::string &results : {bare, nulls}) {
    INFO(results);
    const candidate_details nothing = read_reply(reply(results));
    CHECK(nothing.emails.empty());
    CHECK(nothing.phones.empty());
    CHECK_FALSE(nothing.location.has_value());
    CHECK(nothing.links.empty());
  }

  const candidate_details partial = read_reply(reply(
      R"({"id":"cand_789xyz","primaryEmailAddress":{"type":"Work"},)"
      R"("emailAddresses":[{"value":""},{"value":7,"type":"Work"},{"value":null},)"
      R"({"value":"kept@x.example","type":""}],)"
      R"("phoneNumbers":[{"value":"+44 20 7946 0000","type":null}],"location":{"locationSummary":""},)"
      R"("socialLinks":[{"type":"X"},{"url":""},{"url":3},null,{"url":"https://x.example/a"}]})"));
  CHECK(partial.emails == std::vector<contact>{{"kept@x.example", "OTHER"}});
  CHECK(partial.phones == std::vector<contact>{{"+44 20 7946 0000", "OTHER"}});
  CHECK_FALSE(partial.location.has_value());
  CHECK(partial.links == std::vector<std::string>{"https://x.example/a"});
}

TEST_CASE("a candidate.info reply with a field of the wrong type is refused, naming the field", "[enrichment]") {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {R"("phoneNumbers":{"value":"1"})", "(results.phoneNumbers) must be a list, not an object"},
      {R"("emailAddresses":"a@x.example")", "(results.emailAddresses) must be a list, not text"},
      {R"("primaryEmailAddress":["a@x.example"])", "(results.primaryEmailAddress) must be an object, not a list"},
      {R"("emailAddresses":["a@x.example"])", "(results.emailAddresses[0]) must be an object, not text"},
      {R"("phoneNumbers":[{"value":"1"},{"value":"2","type":3}])", "(results.phoneNumbers[1].type) must be text"},
      {R"("primaryPhoneNumber":{"value":"1","isPrimary":"yes"})",
       "(results.primaryPhoneNumber.isPrimary) must be true or false, not text"},
      {R"("location":"Berlin")", "(results.location) must be an object, not text"},
      {R"("location":{"locationSummary":["Berlin"]})", "(results.location.locationSummary) must be text, not a list"},
      {R"("socialLinks":{"url":"https://x.example"})", "(results.socialLinks) must be a list, not an object"},
      {R"("socialLinks":["https://x.example"])", "(results.socialLinks[0]) must be an object, not text"},
  };
  for (const auto &[field, words] : cases) {
    INFO(field);
    CHECK_THAT(reply_failure(reply(R"({"id":"cand_789xyz",)" + std::string(field) + "}")),
               Catch::Contains(std::string(words)));
  }
}

TEST_CASE("a candidate.info reply for another candidate, or not Ashby's success envelope, is refused", "[enrichment]") {
  CHECK_THAT(reply_failure(reply(R"({"id":"cand_other","primaryEmailAddress":{"value":"x@x.example"}})")),
             Catch::Contains("candidate.info answered for another candidate (cand_other, not cand_789xyz)"));
  CHECK_THAT(reply_failure(reply(R"({"id":"CAND_789XYZ"})")), Catch::Contains("another candidate"));
  CHECK_THAT(reply_failure(R"({"success":false,"errors":["candidate_not_found"]})"),
             Catch::Contains("success false"));
  CHECK_THAT(reply_failure(R"({"success":"true","results":{"id":"cand_789xyz"}})"),
             Catch::Contains("has no success field of true or false"));
  CHECK_THAT(reply_failure(R"({"results":{"id":"cand_789xyz"}})"), Catch::Contains("has no success field"));
  CHECK_THAT(reply_failure(R"({"success":true})"), Catch::Contains("(results) is missing"));
  CHECK_THAT(reply_failure(R"({"success":true,"results":[]})"), Catch::Contains("(results) must be an object"));
  CHECK_THAT(reply_failure(reply(R"({"name":"Alex"})")), Catch::Contains("(results.id) is missing"));
  CHECK_THAT(reply_failure(R"({"success":true,"results":{"id":"cand_789xyz"})"), Catch::Contains("not valid JSON"));
  CHECK_THAT(reply_failure("<html>502</html>"), Catch::Contains("Ashby's candidate.info reply is not valid JSON"));
  CHECK_THAT(reply_failure("[true]"), Catch::Contains("must be a JSON object, not a list"));
  CHECK_THAT(reply_failure(""), Catch::Contains("empty"));
}

TEST_CASE("a candidate.info reply's text keeps its escapes and any script; case is folded for ASCII only",
          "[enrichment]") {
  const candidate_details details = read_reply(reply(
      R"({"id":"c\"\u00e9","emailAddresses":[{"value":"\u00c9l\u00e8ve@x.example"},{"value":"élève@x.example"},)"
      R"({"value":"élève@X.EXAMPLE"}],"phoneNumbers":[{"value":"\u0661\u0662","type":"w\u00f6rk"}],)"
      R"("location":{"locationSummary":"S\u00e3o Paulo, \"SP\"\t"},)"
      R"("socialLinks":[{"url":"https://x.example/\u9648"}]})"),
      "c\"é");
  CHECK(details.emails == std::vector<contact>{{"Élève@x.example", "OTHER"}, {"élève@x.example", "OTHER"}});
  CHECK(details.phones == std::vector<contact>{{"١٢", "WöRK"}});
  CHECK(details.location == "São Paulo, \"SP\"\t");
  CHECK(details.links == std::vector<std::string>{"https://x.example/陈"});
}

TEST_CASE("enriching with nothing new gives the event byte for byte", "[enrichment]") {
  const std::string event = fixture_event();
  REQUIRE(event.find(fixture_candidate) != std::string::npos);
  CHECK(enriched(event, {}) == event);

  candidate_details known;
  known.emails = {{"ALEX.CHEN@example.COM", "WORK"}};
  CHECK(enriched(event, known) == event);

  const std::string without_email = record_new(
      R"({"assessment_type_id":"p","candidate":{"ashby_id":"c","first_name":"Zo\u00eb \"Z\"","last_name":"a\\b\u0001",)"
      R"("ashby_profile_url":"https://app.ashbyhq.com/c"},"application":{"ashby_id":"a"},"job":{"ashby_id":"j"}})");
  candidate_details profile;
  profile.links = {"https://app.ashbyhq.com/c"};
  CHECK(enriched(without_email, {}) == without_email);
  CHECK(enriched(without_email, profile) == without_email);
}

TEST_CASE("enriching replaces only the candidate object, adding what the event lacks", "[enrichment]") {
  const std::string event = fixture_event();
  candidate_details details;
  details.emails = {{"Alex.Chen@Example.com", "PRIMARY"}, {"alex@home.example", "PERSONAL"}};
  details.phones = {{"+1 555 0100", "PRIMARY"}, {"+1 555 0199", "WORK"}};
  details.location = "San Francisco, CA";
  details.links = {"https://linkedin.example/in/alex", "https://github.example/alex"};
  check_only_candidate_replaced(
      event, enriched(event, details), fixture_candidate,
      R"({"emails":[{"email":"alex.chen@example.com","type":"PRIMARY"},)"
      R"({"email":"alex@home.example","type":"PERSONAL"}],)"
      R"("firstName":"Alex","id":"cand_789xyz","lastName":"Chen",)"
      R"("links":["https://linkedin.example/in/alex","https://github.example/alex"],"location":"San Francisco, CA",)"
      R"("phones":[{"phoneNumber":"+1 555 0100","type":"PRIMARY"},{"phoneNumber":"+1 555 0199","type":"WORK"}]})");
}

TEST_CASE("enriching an event without e-mail or links gives it lists of its own", "[enrichment]") {
  const std::string event = record_new(
      R"({"assessment_type_id":"p","candidate":{"ashby_id":"c","first_name":"Zo\u00eb \"Z\"","last_name":"a\\b\u0001",)"
      R"("ashby_profile_url":"https://app.ashbyhq.com/c"},"application":{"ashby_id":"a"},"job":{"ashby_id":"j"}})");
  const std::string_view names = R"("firstName":"Zoë \"Z\"","id":"c","lastName":"a\\b\u0001",)";
  const std::string old_candidate =
      R"({"emails":null,)" + std::string(names) +
      R"("links":["https://app.ashbyhq.com/c"],"location":null,"phones":null})";
  candidate_details details;
  details.emails = {{"z@x.example", "PRIMARY"}, {"Z@X.example", "WORK"}};
  details.links = {"https://app.ashbyhq.com/c", "https://z.example"};
  check_only_candidate_replaced(event, enriched(event, details), old_candidate,
                                R"({"emails":[{"email":"z@x.example","type":"PRIMARY"}],)" + std::string(names) +
                                    R"("links":["https://app.ashbyhq.com/c","https://z.example"],)"
                                    R"("location":null,"phones":null})");
}

TEST_CASE("enriching finds the candidate past look-alike keys in the package and originData", "[enrichment]") {
  // The package's metaData holds the candidate's keys and bytes, escaped quotes and braces in
  // strings; originData holds Ashby's own "candidate".
  const std::string catalogue = R"([{"id":"pkg_456","name":"Assessment","metaData":{)"
                                R"("candidate":{"emails":[{"email":"alex.chen@example.com","type":"PRIMARY"}],)"
                                R"("firstName":"Alex","id":"cand_789xyz","lastName":"Chen","links":null,)"
                                R"("location":null,"phones":null},"callbackUrl":null,)"
                                R"("eventData":{"candidateAssessment":{"candidate":{"id":"fake"}}},)"
                                R"("trap":"\",\"candidate\":{\"id\":\"fake\"}}\\","brace":"{["}}])";
  const std::string start = R"({"assessment_type_id":"pkg_456","candidate":{"ashby_id":"cand_789xyz",)"
                            R"("email":"alex.chen@example.com","first_name":"Alex","last_name":"Chen",)"
                            R"("note":"\"candidate\":{"},"application":{"ashby_id":"app_1"},"job":{"ashby_id":"j"}})";
  const std::string event = record_new(start, catalogue);
  REQUIRE(detail::record_new_candidate_id(event).value() == "cand_789xyz");
  candidate_details details;
  details.phones = {{"+1 555 0100", "PRIMARY"}};
  details.location = "Berlin \"Mitte\" {";
  const std::string body = enriched(event, details);
  check_only_candidate_replaced(event, body, fixture_candidate,
                                R"({"emails":[{"email":"alex.chen@example.com","type":"PRIMARY"}],)"
                                R"("firstName":"Alex","id":"cand_789xyz","lastName":"Chen","links":null,)"
                                R"("location":"Berlin \"Mitte\" {","phones":[{"phoneNumber":"+1 555 0100",)"
                                R"("type":"PRIMARY"}]})");
  simdjson::dom::parser parser;
  const simdjson::dom::element assessment = parser.parse(body)["eventData"]["candidateAssessment"].value();
  CHECK(std::string(assessment["candidate"]["location"].get_string().value()) == *details.location);
  CHECK(assessment["assessmentPackage"]["metaData"]["candidate"]["location"].is_null());
}

TEST_CASE("enriching writes the details' escapes and any script as JSON text", "[enrichment]") {
  const std::string event = fixture_event();
  candidate_details details;
  details.emails = {{"\"q\"\\@x.example", "OTHER"}};
  details.phones = {{"\u0661\u0662\n", "W\u00d6RK"}};
  details.location = "São Paulo 陈 🦊";
  details.links = {"https://x.example/\x01"};
  const std::string body = enriched(event, details);
  CHECK(body.find(R"({"email":"\"q\"\\@x.example","type":"OTHER"})") != std::string::npos);
  CHECK(body.find(R"("links":["https://x.example/\u0001"],"location":"São Paulo 陈 🦊","phones":[)"
                  R"({"phoneNumber":"١٢\u000a","type":"WÖRK"}]})") != std::string::npos);
  simdjson::dom::parser parser;
  const simdjson::dom::element candidate =
      parser.parse(body)["eventData"]["candidateAssessment"]["candidate"].value();
  CHECK(std::string(candidate["emails"].at(1)["email"].get_string().value()) == details.emails[0].value);
  CHECK(std::string(candidate["phones"].at(0)["phoneNumber"].get_string().value()) == details.phones[0].value);
  CHECK(std::string(candidate["links"].at(0).get_string().value()) == details.links[0]);
}

TEST_CASE("a reply read and written in gives the event Ashby's details", "[enrichment]") {
  const std::string event = fixture_event();
  const std::string id = detail::record_new_candidate_id(event).value();
  const candidate_details details = read_reply(
      reply(R"({"id":"cand_789xyz","primaryEmailAddress":{"value":"Alex.Chen@example.com","type":"Work"},)"
            R"("emailAddresses":[{"value":"alex@home.example","type":"Personal"}],)"
            R"("phoneNumbers":[{"value":"+1 555 0100","type":"Work","isPrimary":true}],)"
            R"("socialLinks":[{"type":"LinkedIn","url":"https://linkedin.example/in/alex"}],)"
            R"("location":{"locationSummary":"San Francisco, CA"}})"),
      id);
  check_only_candidate_replaced(
      event, enriched(event, details), fixture_candidate,
      R"({"emails":[{"email":"alex.chen@example.com","type":"PRIMARY"},)"
      R"({"email":"alex@home.example","type":"PERSONAL"}],)"
      R"("firstName":"Alex","id":"cand_789xyz","lastName":"Chen","links":["https://linkedin.example/in/alex"],)"
      R"("location":"San Francisco, CA","phones":[{"phoneNumber":"+1 555 0100","type":"PRIMARY"}]})");
}

TEST_CASE("enriching refuses what is not a record.new with the candidate events carry", "[enrichment]") {
  candidate_details details;
  details.location = "Berlin";
  const auto refused = [&details](std::string_view body, std::string_view words) {
    auto enriched_body = detail::enrich_record_new(body, details);
    REQUIRE_FALSE(enriched_body.ok());
    CHECK(enriched_body.code() == error_code::invalid_argument);
    CHECK_THAT(enriched_body.message(), Catch::Contains(std::string(words)));
  };
  const std::string event = fixture_event();
  map_options options;
  options.clock = test::pinned_clock(start_ms);
  refused(map_cancel_body(test::read_fixture("ashby-assessment-cancel.json"), options).value().json,
          "not a record.new");
  refused(event.substr(1), "not valid JSON");
  const auto with_candidate = [](std::string_view candidate) {
    return R"({"eventType":"record.new","eventData":{"candidateAssessment":{"candidate":)" + std::string(candidate) +
           "}}}";
  };
  refused(with_candidate("[]"), "must be an object");
  refused(with_candidate(R"({"emails":null,"id":"c","links":null,"phones":null})"), "has no location");
  refused(with_candidate(R"({"emails":{},"id":"c","links":null,"location":null,"phones":null})"),
          "candidate.emails is neither null nor a list");
  refused(with_candidate(R"({"emails":[{"mail":"a@x.example"}],"id":"c","links":null,"location":null,"phones":null})"),
          "candidate.emails is neither null nor a list");
  refused(with_candidate(R"({"emails":null,"id":"c","links":[1],"location":null,"phones":null})"),
          "candidate.links is neither null nor a list");
  refused(with_candidate(R"({"emails":null,"id":"c","links":null,"location":null,"phones":"1"})"),
          "candidate.phones is neither null nor a list");
  // The same shape with a usable candidate is enriched, so the refusals above are for their fields.
  const std::string usable = with_candidate(R"({"emails":null,"id":"c","links":null,"location":null,"phones":null})");
  CHECK(detail::enrich_record_new(usable, details).value() ==
        with_candidate(R"({"emails":null,"id":"c","links":null,"location":"Berlin","phones":null})"));
}
