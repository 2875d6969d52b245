// The front door: every status row of protocol §2.4, and authentication (protocol §2.1).
#include <catch2/catch.hpp>

#include "ashbyknit/secrets.hpp"
#include "bridge_support.hpp"
#include "test_support.hpp"

using namespace ashbyknit;
using test::bridge_fixture;

namespace {

/// The errorInfo.code of an error envelope, checking that `errors` carries the same code.
std::string envelope_code(const http_response &reply) {
  const std::string marker = R"("errorInfo":{"code":")";
  const auto at = reply.body.find(marker);
  REQUIRE(at != std::string::npos);
  const auto start = at + marker.size();
  const std::string code = reply.body.substr(start, reply.body.find('"', start) - start);
  CHECK(reply.body.rfind(R"({"success":false,"errors":[")" + code + "\"],", 0) == 0);
  CHECK(reply.header("Content-Type") == "application/json");
  return code;
}

http_request post(std::string_view path, std::string_view body, std::string_view authorization) {
  return {"POST", path, {{"authorization", authorization}}, body};
}

}  // namespace

TEST_CASE("assessment.list answers with the catalogue", "[bridge]") {
  bridge_fixture fixture;
  const http_response reply = fixture.call("assessment.list", "{}");
  CHECK(reply.status == 200);
  CHECK(reply.body == R"({"success":true,"results":[{"assessment_type_id":"pkg_456","name":"Frontend Engineer Assessment",)"
                      R"("description":"Technical Skills Assessment"}]})");
  CHECK(fixture.call("assessment.list", "").status == 200);
}

TEST_CASE("an integration's own catalogue overrides the bridge-wide one", "[bridge]") {
  bridge_fixture fixture;
  REQUIRE(fixture.instance->store().set_packages("", R"([{"id":"wide","name":"Wide"}])").ok());
  CHECK(fixture.call("assessment.list", "{}").body ==
        R"({"success":true,"results":[{"assessment_type_id":"wide","name":"Wide","description":null}]})");
  REQUIRE(fixture.instance->store().set_packages("acme", R"([{"id":"own","name":"Own","description":"Mine"}])").ok());
  CHECK(fixture.call("assessment.list", "{}").body ==
        R"({"success":true,"results":[{"assessment_type_id":"own","name":"Own","description":"Mine"}]})");
}

TEST_CASE("assessment.customField.list answers with the fields", "[bridge]") {
  bridge_fixture fixture;
  CHECK(fixture.call("assessment.customField.list", "{}").body == R"({"success":true,"fields":[]})");
  const std::string fields =
      R"([{"id":"level","name":"Level","type":"ValueSelect","possible_values":[{"key":"jr","value":"Junior"}],"isRequired":true}])";
  REQUIRE(fixture.instance->store().set_custom_fields("acme", fields).ok());
  CHECK(fixture.call("assessment.customField.list", "{}").body == R"({"success":true,"fields":)" + fields + "}");
}

TEST_CASE("a method other than POST is 405 with Allow", "[bridge]") {
  bridge_fixture fixture;
  for (std::string_view method : {"GET", "PUT", "DELETE", "post"}) {
    http_request request{method, "/ashby/assessment.list", {{"Authorization", test::basic_authorization(fixture.key)}}, "{}"};
    const http_response reply = fixture.instance->handle(request);
    CHECK(reply.status == 405);
    CHECK(reply.header("allow") == "POST");
    CHECK(envelope_code(reply) == "method_not_allowed");
  }
}

TEST_CASE("an unknown operation or a path outside the base is 404", "[bridge]") {
  bridge_fixture fixture;
  const std::string authorization = test::basic_authorization(fixture.key);
  for (std::string_view path : {"/ashby/assessment.update", "/ashby/", "/assessment.list", "/ashby/assessment.list/x",
                                "/ashbyx/assessment.list", "/other/ashby/assessment.list"}) {
    INFO(path);
    const http_response reply = fixture.instance->handle(post(path, "{}", authorization));
    CHECK(reply.status == 404);
    CHECK(envelope_code(reply) == "unknown_operation");
  }
  CHECK(fixture.instance->handle(post("/ashby/assessment.list?x=1", "{}", authorization)).status == 200);
}

TEST_CASE("no credentials is 401; a key that matches nothing is 403", "[bridge]") {
  bridge_fixture fixture;
  http_request none{"POST", "/ashby/assessment.list", {}, "{}"};
  CHECK(envelope_code(fixture.instance->handle(none)) == "unauthorized");
  CHECK(fixture.instance->handle(none).status == 401);
  for (std::string_view header : {"Bearer x", "Basic", "Basic !!!", "Basic dXNlcg==", "Basic Og=="}) {
    INFO(header);
    CHECK(fixture.call("assessment.list", "{}", header).status == 401);
  }
  const std::string other = issue_secret("other", "https://x.example").value().secret_key;
  const http_response forbidden = fixture.call("assessment.list", "{}", test::basic_authorization(other));
  CHECK(forbidden.status == 403);
  CHECK(envelope_code(forbidden) == "forbidden");
}

TEST_CASE("the key is accepted as user name or, with no user name, as password", "[bridge]") {
  bridge_fixture fixture;
  CHECK(fixture.call("assessment.list", "{}", test::basic_authorization(fixture.key)).status == 200);
  CHECK(fixture.call("assessment.list", "{}", test::basic_authorization("", fixture.key)).status == 200);
  std::string lower_scheme = test::basic_authorization(fixture.key);
  lower_scheme.replace(0, 5, "bAsIc");
  CHECK(fixture.call("assessment.list", "{}", lower_scheme).status == 200);
  // A user name that is not the key wins over a password that is.
  CHECK(fixture.call("assessment.list", "{}", test::basic_authorization("someone", fixture.key)).status == 403);
}

TEST_CASE("a mistyped key fails before any lookup, like any unknown key", "[bridge]") {
  bridge_fixture fixture;
  std::string typo = fixture.key;
  typo[10] = typo[10] == 'a' ? 'b' : 'a';
  CHECK(fixture.call("assessment.list", "{}", test::basic_authorization(typo)).status == 403);
  CHECK(fixture.call("assessment.list", "{}", test::basic_authorization(fixture.key.substr(0, 20))).status == 403);
}

TEST_CASE("a body over the limit is 413", "[bridge]") {
  bridge_fixture fixture;
  const std::string body = "{\"pad\":\"" + std::string(1 << 20, 'x') + "\"}";
  const http_response reply = fixture.call("assessment.start", body);
  CHECK(reply.status == 413);
  CHECK(envelope_code(reply) == "payload_too_large");
}

TEST_CASE("a Content-Type other than JSON is 415; JSON with parameters is fine", "[bridge]") {
  bridge_fixture fixture;
  const std::string authorization = test::basic_authorization(fixture.key);
  const auto with_type = [&](std::string_view type) {
    return fixture.instance->handle({"POST", "/ashby/assessment.list", {{"Authorization", authorization}, {"Content-Type", type}}, "{}"});
  };
  CHECK(with_type("text/plain").status == 415);
  CHECK(envelope_code(with_type("application/x-www-form-urlencoded")) == "unsupported_media_type");
  CHECK(with_type("application/jsonx").status == 415);
  CHECK(with_type("application/json; charset=utf-8").status == 200);
  CHECK(with_type("Application/JSON").status == 200);
  CHECK(with_type("application/vnd.ashby+json").status == 200);
}

TEST_CASE("a body that is not a JSON object is 400 invalid_input", "[bridge]") {
  bridge_fixture fixture;
  for (std::string_view body : {"[]", "{", "nope", "\"text\"", "{\"a\":\"\xff\"}"}) {
    INFO(body);
    for (std::string_view operation : {"assessment.start", "assessment.cancel", "assessment.list"}) {
      const http_response reply = fixture.call(operation, body);
      CHECK(reply.status == 400);
      CHECK(envelope_code(reply) == "invalid_input");
    }
  }
  const std::string deep = std::string(100, '[') + std::string(100, ']');
  CHECK(fixture.call("assessment.start", "{\"a\":" + deep + "}").status == 400);
}

TEST_CASE("a start that fails validation is 422 with a message for the recruiter", "[bridge]") {
  bridge_fixture fixture;
  const http_response reply = fixture.call(
      "assessment.start", R"({"assessment_type_id":"pkg_456","candidate":{},"application":{"ashby_id":"a"},"job":{"ashby_id":"j"}})");
  CHECK(reply.status == 422);
  CHECK(reply.body == R"({"message":"The candidate's Ashby ID (candidate.ashby_id) is missing."})");
  CHECK(fixture.instance->store().list_assessments().value().empty());
}

TEST_CASE("handle_call says which operation, integration and assessment a call was for", "[bridge]") {
  bridge_fixture fixture;
  const auto call = [&](std::string_view path, std::string_view authorization) {
    const std::string header = std::string(authorization);
    http_request request{"POST", path, {{"Authorization", header}, {"Content-Type", "application/json"}}, "{}"};
    return fixture.instance->handle_call(request);
  };
  const handled_call listed = call("/ashby/assessment.list", test::basic_authorization(fixture.key));
  CHECK(listed.response.status == 200);
  CHECK(listed.response.body == fixture.instance->handle({"POST", "/ashby/assessment.list",
                                                          {{"Authorization", test::basic_authorization(fixture.key)}},
                                                          "{}"}).body);
  CHECK(listed.operation == "assessment.list");
  CHECK(listed.integration_id == "acme");

  const handled_call refused = call("/ashby/assessment.start", test::basic_authorization(fixture.key));
  CHECK(refused.response.status == 422);  // authenticated, then refused: the integration is known
  CHECK(refused.integration_id == "acme");
  CHECK(refused.assessment_id.empty());
  CHECK(listed.assessment_id.empty());

  const std::string body = bridge_fixture::start_body("app_1");
  const handled_call started = fixture.instance->handle_call(
      {"POST", "/ashby/assessment.start", {{"Authorization", test::basic_authorization(fixture.key)}}, body});
  CHECK(started.response.status == 200);
  CHECK(started.assessment_id == bridge_fixture::assessment_id_of(started.response));
  const std::string cancel_body = R"({"assessment_id":")" + started.assessment_id + "\"}";
  const handled_call cancelled = fixture.instance->handle_call(
      {"POST", "/ashby/assessment.cancel", {{"Authorization", test::basic_authorization(fixture.key)}}, cancel_body});
  CHECK(cancelled.assessment_id == started.assessment_id);
  const handled_call unknown_cancel = fixture.instance->handle_call(
      {"POST", "/ashby/assessment.cancel", {{"Authorization", test::basic_authorization(fixture.key)}},
       R"({"assessment_id":"ats_ass_unknown"})"});
  CHECK(unknown_cancel.response.status == 200);
  CHECK(unknown_cancel.assessment_id.empty());

  const handled_call forbidden = call("/ashby/assessment.list", test::basic_authorization(fixture.key + "x"));
  CHECK(forbidden.response.status == 403);
  CHECK(forbidden.operation == "assessment.list");
  CHECK(forbidden.integration_id.empty());

  const handled_call unknown = call("/ashby/assessment.nothing", test::basic_authorization(fixture.key));
  CHECK(unknown.response.status == 404);
  CHECK(unknown.operation.empty());
  CHECK(unknown.integration_id.empty());
}
