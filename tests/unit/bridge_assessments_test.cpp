// What the bridge records: starts, retries, conflicts, cancels and tenancy (protocol §2.2, 2.4).
#include <catch2/catch.hpp>

#include "bridge_support.hpp"
#include "test_support.hpp"

using namespace ashbyknit;
using test::bridge_fixture;

namespace {

std::int64_t pending_events(bridge_fixture &fixture) { return fixture.instance->store().count_events().value().pending; }

}  // namespace

TEST_CASE("a start records an active assessment and queues its record.new", "[bridge]") {
  bridge_fixture fixture;
  const http_response reply = fixture.call("assessment.start", bridge_fixture::start_body("app_1"));
  REQUIRE(reply.status == 200);
  const std::string id = bridge_fixture::assessment_id_of(reply);
  CHECK(reply.body == R"({"success":true,"results":{"assessment_id":")" + id + "\"}}");
  const auto assessments = fixture.instance->store().list_assessments().value();
  REQUIRE(assessments.size() == 1);
  CHECK(assessments[0].id == id);
  CHECK(assessments[0].integration_id == "acme");
  CHECK(assessments[0].application_id == "app_1");
  CHECK(assessments[0].assessment_type_id == "pkg_456");
  CHECK(assessments[0].status == "active");
  const auto events = fixture.instance->pull_events(10).value();
  REQUIRE(events.size() == 1);
  CHECK(events[0].event.event_type == "record.new");
  CHECK(events[0].event.assessment_id == id);
  // The default catalogue filled in the package.
  CHECK(events[0].event.body.find(R"("name":"Frontend Engineer Assessment")") != std::string::npos);
}

TEST_CASE("the same start again while active is a retry: same id, no second event", "[bridge]") {
  bridge_fixture fixture;
  const std::string first = bridge_fixture::assessment_id_of(fixture.call("assessment.start", bridge_fixture::start_body("app_1")));
  const http_response again = fixture.call("assessment.start", bridge_fixture::start_body("app_1"));
  CHECK(again.status == 200);
  CHECK(bridge_fixture::assessment_id_of(again) == first);
  CHECK(pending_events(fixture) == 1);
  CHECK(fixture.instance->store().list_assessments().value().size() == 1);
}

TEST_CASE("another type or application is another assessment", "[bridge]") {
  bridge_fixture fixture;
  const std::string first = bridge_fixture::assessment_id_of(fixture.call("assessment.start", bridge_fixture::start_body("app_1")));
  const std::string other_type =
      bridge_fixture::assessment_id_of(fixture.call("assessment.start", bridge_fixture::start_body("app_1", "cand_1", "pkg_789")));
  const std::string other_application =
      bridge_fixture::assessment_id_of(fixture.call("assessment.start", bridge_fixture::start_body("app_2")));
  CHECK(first != other_type);
  CHECK(first != other_application);
  CHECK(pending_events(fixture) == 3);
}

TEST_CASE("a different active assessment for the same application and type is 409", "[bridge]") {
  bridge_fixture fixture;
  REQUIRE(fixture.call("assessment.start", bridge_fixture::start_body("app_1", "cand_1")).status == 200);
  const http_response conflict = fixture.call("assessment.start", bridge_fixture::start_body("app_1", "cand_2"));
  CHECK(conflict.status == 409);
  CHECK(pending_events(fixture) == 1);
}

TEST_CASE("cancel: an event once, success again without one, unknown ids not found", "[bridge]") {
  bridge_fixture fixture;
  const std::string id = bridge_fixture::assessment_id_of(fixture.call("assessment.start", bridge_fixture::start_body("app_1")));
  const std::string cancel_body = R"({"assessment_id":")" + id + "\"}";

  const http_response cancelled = fixture.call("assessment.cancel", cancel_body);
  CHECK(cancelled.status == 200);
  CHECK(cancelled.body == R"({"success":true,"results":{"assessment_id":")" + id + "\"}}");
  CHECK(fixture.instance->store().list_assessments().value()[0].status == "cancelled");
  CHECK(pending_events(fixture) == 2);

  const http_response again = fixture.call("assessment.cancel", cancel_body);
  CHECK(again.status == 200);
  CHECK(again.body == cancelled.body);
  CHECK(pending_events(fixture) == 2);

  const http_response unknown = fixture.call("assessment.cancel", R"({"assessment_id":"ats_ass_neverissued"})");
  CHECK(unknown.status == 200);
  CHECK(unknown.body.find(R"({"success":false,"errors":["assessment_not_found"],"errorInfo":{"code":"assessment_not_found",)") == 0);
}

TEST_CASE("a start after a cancel is a new assessment", "[bridge]") {
  bridge_fixture fixture;
  const std::string first = bridge_fixture::assessment_id_of(fixture.call("assessment.start", bridge_fixture::start_body("app_1")));
  REQUIRE(fixture.call("assessment.cancel", R"({"assessment_id":")" + first + "\"}").status == 200);
  const http_response restarted = fixture.call("assessment.start", bridge_fixture::start_body("app_1"));
  CHECK(restarted.status == 200);
  CHECK(bridge_fixture::assessment_id_of(restarted) != first);
  CHECK(pending_events(fixture) == 3);
}

TEST_CASE("one integration can neither cancel nor learn of another's assessments", "[bridge]") {
  bridge_fixture fixture;
  REQUIRE(fixture.instance->store().create_integration("globex").ok());
  const std::string globex_key = fixture.issue_key("globex");
  const std::string acme_id = bridge_fixture::assessment_id_of(fixture.call("assessment.start", bridge_fixture::start_body("app_1")));

  const std::string cancel_body = R"({"assessment_id":")" + acme_id + "\"}";
  const http_response foreign = fixture.call("assessment.cancel", cancel_body, test::basic_authorization(globex_key));
  CHECK(foreign.status == 200);
  CHECK(foreign.body.find("assessment_not_found") != std::string::npos);
  CHECK(fixture.instance->store().list_assessments("acme").value()[0].status == "active");

  // The same application and type at another integration is its own assessment, not a retry.
  const http_response globex_start =
      fixture.call("assessment.start", bridge_fixture::start_body("app_1"), test::basic_authorization(globex_key));
  CHECK(globex_start.status == 200);
  CHECK(bridge_fixture::assessment_id_of(globex_start) != acme_id);
  CHECK(fixture.instance->store().list_assessments("globex").value().size() == 1);
  CHECK(fixture.instance->store().list_assessments("acme").value().size() == 1);
}
