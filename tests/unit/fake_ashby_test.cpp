// The fake Ashby API that the reporting tests send to, driven through the libcurl transport: its
// checks fire on what Ashby would refuse, and its scripted answers arrive as Ashby would send them.
#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ashbyknit/transport.hpp"
#include "fake_ashby.hpp"

namespace ashbyknit {
namespace {

using std::chrono::milliseconds;

/// Long enough for a request on loopback to arrive on a loaded machine; only a failing test waits it out.
constexpr milliseconds arrival = std::chrono::seconds(30);

constexpr const char *api_key = "ashby_customer_key";
/// base64("ashby_customer_key:")
constexpr const char *authorization = "Basic YXNoYnlfY3VzdG9tZXJfa2V5Og==";

/// A body with every kind of blob, as protocol §5 allows it.
const std::string complete_update = R"({"assessment_id":"ats_ass_a1b2c3d4e5f6g7h8i9j0k","timestamp":1700000000123,)"
                                    R"("assessment_status":{"identifier":"status","label":"Status","type":"string","value":"Completed"},)"
                                    R"("assessment_profile_url":{"identifier":"profile","label":"Report","type":"url","value":"https://vendor.example/r/1"},)"
                                    R"("assessment_result":{"identifier":"score","label":"Score","type":"numeric_score","value":87.5,"description":"out of 100"},)"
                                    R"("metadata":[{"identifier":"minutes","label":"Time taken","type":"numeric_duration_minutes","value":42},)"
                                    R"({"identifier":"passed","label":"Passed","type":"boolean_success","value":true}]})";

/// An assessment.update call as the reporter sends it; change a part to break one rule.
struct update_call {
  std::string url;
  std::vector<http_header> headers{
      {"Authorization", authorization}, {"Content-Type", "application/json"}, {"Accept", "application/json; version=1"}};
  std::string body = complete_update;

  outbound_reply send(transport &sender) const { return sender.send({url, headers, body}); }
};

std::shared_ptr<transport> make_transport() {
  auto made = make_curl_transport();
  REQUIRE(made.ok());
  return std::move(made).value();
}

std::optional<std::string> header_of(const outbound_reply &reply, const std::string &name) {
  for (const http_header &header : reply.headers) {
    if (header_name_equals(header.name, name)) return header.value;
  }
  return std::nullopt;
}

/// The problems the fake recorded, without their request ids.
std::vector<std::string> problems_of(const std::vector<ak_test::ashby_problem> &recorded) {
  std::vector<std::string> problems;
  for (const auto &entry : recorded) problems.push_back(entry.problem);
  return problems;
}

/// The shortest update that passes: an id, a timestamp and a status.
std::string minimal_update(const std::string &more = "") {
  return R"({"assessment_id":"ats_ass_1","timestamp":1700000000000,)"
         R"("assessment_status":{"identifier":"status","label":"Status","type":"string","value":"Started"})" +
         more + "}";
}

}  // namespace

TEST_CASE("the fake Ashby accepts a correct call and answers success with a request id", "[fake_ashby]") {
  ak_test::fake_ashby ashby(api_key);
  CHECK(ashby.url().rfind("http://127.0.0.1:", 0) == 0);
  CHECK(ashby.url().back() == '/');
  const auto sender = make_transport();
  const update_call call{ashby.url() + "assessment.update"};

  const outbound_reply reply = call.send(*sender);
  CHECK(reply.result == outbound_reply::outcome::answered);
  CHECK(reply.status == 200);
  CHECK(reply.body == R"({"success":true,"results":{}})");
  CHECK(header_of(reply, "x-ashby-request-id") == std::optional<std::string>("req_1"));
  CHECK(header_of(reply, "Content-Type") == std::optional<std::string>("application/json"));

  CHECK(ashby.violations().empty());
  CHECK(ashby.refusals().empty());
  const auto requests = ashby.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].request.path == "/assessment.update");
  CHECK(requests[0].request.body == complete_update);
  CHECK(requests[0].request.header("Authorization") == std::optional<std::string>(authorization));
  CHECK(requests[0].request_id == "req_1");
  CHECK(requests[0].status == 200);
  CHECK(requests[0].reply_body == reply.body);
}

TEST_CASE("the fake Ashby accepts the shapes protocol §5 allows", "[fake_ashby]") {
  ak_test::fake_ashby ashby(api_key);
  const auto sender = make_transport();
  update_call call{ashby.url() + "assessment.update"};
  call.body = GENERATE(
      minimal_update(),
      // A cancel needs no status.
      std::string(R"({"assessment_id":"a","timestamp":1,)"
                  R"("cancelled_reason":{"identifier":"why","label":"Reason","type":"string","value":"Withdrew"}})"),
      minimal_update(R"(,"metadata":[])"),
      minimal_update(R"(,"assessment_profile_url":{"identifier":"p","label":"Report","type":"url","value":"http://x.example/"})"));
  call.headers[2].value = GENERATE("application/json; version=1", "Application/JSON;version=1");
  CAPTURE(call.body, call.headers[2].value);
  CHECK(call.send(*sender).status == 200);
  CHECK(problems_of(ashby.violations()).empty());
}

TEST_CASE("the fake Ashby refuses missing or wrong credentials with 401", "[fake_ashby]") {
  ak_test::fake_ashby ashby(api_key);
  ashby.script({ak_test::ashby_answer::status(500)});
  const auto sender = make_transport();
  update_call call{ashby.url() + "assessment.update"};
  std::string problem;
  SECTION("no Authorization header") {
    call.headers.erase(call.headers.begin());
    problem = "Authorization: missing";
  }
  SECTION("another key") {
    call.headers[0].value = "Basic b3RoZXJfa2V5Og==";  // base64("other_key:")
    problem = "Authorization: not the API key";
  }
  SECTION("the key as the password") {
    call.headers[0].value = "Basic OmFzaGJ5X2N1c3RvbWVyX2tleQ==";  // base64(":ashby_customer_key")
    problem = "Authorization: not the API key";
  }
  SECTION("a bearer token") {
    call.headers[0].value = "Bearer ashby_customer_key";
    problem = "Authorization: not Basic";
  }
  const outbound_reply reply = call.send(*sender);
  CHECK(reply.status == 401);
  CHECK(reply.body.find(R"("code":"unauthorized")") != std::string::npos);
  CHECK(header_of(reply, "x-ashby-request-id") == std::optional<std::string>("req_1"));
  CHECK(problems_of(ashby.refusals()) == std::vector<std::string>{problem});
  CHECK(ashby.violations().empty());

  // A refusal leaves the script alone; the scheme's case does not matter.
  call.headers = update_call{}.headers;
  call.headers[0].value = "basic YXNoYnlfY3VzdG9tZXJfa2V5Og==";
  CHECK(call.send(*sender).status == 500);
}

TEST_CASE("the fake Ashby records each header Ashby needs that is wrong or missing", "[fake_ashby]") {
  ak_test::fake_ashby ashby(api_key);
  const auto sender = make_transport();
  update_call call{ashby.url() + "assessment.update"};
  std::string problem;
  SECTION("a form Content-Type") {
    call.headers[1].value = "application/x-www-form-urlencoded";
    problem = "Content-Type: not application/json";
  }
  SECTION("an Accept without the version") {
    call.headers[2].value = "application/json";
    problem = "Accept: not application/json; version=1";
  }
  SECTION("no Accept") {
    call.headers.pop_back();
    problem = "Accept: not application/json; version=1";
  }
  SECTION("another User-Agent") {
    call.headers.push_back({"User-Agent", "curl/8.0"});
    problem = "User-Agent: does not start with ashbyknit/";
  }
  const outbound_reply reply = call.send(*sender);
  CHECK(reply.status == 400);
  CHECK(reply.body.find(R"("code":"invalid_input")") != std::string::npos);
  CHECK(problems_of(ashby.violations()) == std::vector<std::string>{problem});
  CHECK(ashby.violations()[0].request_id == "req_1");
}

TEST_CASE("the fake Ashby records each body rule of protocol §5 that is broken", "[fake_ashby]") {
  struct broken {
    std::string body;
    std::string problem;
  };
  const std::string status_blob = R"("assessment_status":{"identifier":"s","label":"Status","type":"string","value":"x"})";
  const auto with_status = [&](const std::string &fields) { return "{" + fields + "," + status_blob + "}"; };
  const std::string base = R"("assessment_id":"a","timestamp":1)";
  const auto blob = [&](const std::string &blob_fields) {
    return with_status(base + R"(,"metadata":[{)" + blob_fields + "}]");
  };
  const broken example = GENERATE_COPY(
      broken{"not json", "body: not JSON"},
      broken{"[1]", "body: not a JSON object"},
      broken{with_status(R"("timestamp":1)"), "assessment_id: missing"},
      broken{with_status(R"("assessment_id":7,"timestamp":1)"), "assessment_id: not a non-empty string"},
      broken{with_status(R"("assessment_id":"a")"), "timestamp: missing"},
      broken{with_status(R"("assessment_id":"a","timestamp":1700000000000.5)"), "timestamp: not an integer"},
      broken{with_status(R"("assessment_id":"a","timestamp":"1700000000000")"), "timestamp: not an integer"},
      broken{"{" + base + "}", "assessment_status: required unless cancelled_reason is set"},
      broken{with_status(base + R"(,"assessment_result":{"identifier":"r","label":"R","type":"boolean_success","value":true})"),
             "assessment_profile_url: required with assessment_result"},
      broken{with_status(base + R"(,"assessment_profile_url":{"identifier":"p","label":"P","type":"string","value":"x"})"),
             "assessment_profile_url.type: not url"},
      broken{with_status(base + R"(,"metadata":{})"), "metadata: not an array"},
      broken{with_status(base + R"(,"score":1)"), "score: not a known field"},
      broken{blob(R"("label":"L","type":"string","value":"v")"), "metadata[0].identifier: not a non-empty string"},
      broken{blob(R"("identifier":"s","label":"L","type":"string","value":"v")"),
             R"(metadata[0].identifier: "s" is used more than once)"},
      broken{blob(R"("identifier":"m","label":"","type":"string","value":"v")"), "metadata[0].label: not a non-empty string"},
      broken{blob(R"("identifier":"m","label":"L","value":"v")"), "metadata[0].type: missing or not a string"},
      broken{blob(R"("identifier":"m","label":"L","type":"file","value":"v")"),
             R"(metadata[0].type: "file" is not one of Ashby's five types)"},
      broken{blob(R"("identifier":"m","label":"L","type":"string")"), "metadata[0].value: missing"},
      broken{blob(R"("identifier":"m","label":"L","type":"numeric_score","value":"87")"),
             "metadata[0].value: not a number, as numeric_score needs"},
      broken{blob(R"("identifier":"m","label":"L","type":"numeric_duration_minutes","value":true)"),
             "metadata[0].value: not a number, as numeric_duration_minutes needs"},
      broken{blob(R"("identifier":"m","label":"L","type":"url","value":"vendor.example/r")"),
             "metadata[0].value: not an absolute http(s) URL, as url needs"},
      broken{blob(R"("identifier":"m","label":"L","type":"string","value":3)"), "metadata[0].value: not a string, as string needs"},
      broken{blob(R"("identifier":"m","label":"L","type":"boolean_success","value":"true")"),
             "metadata[0].value: not a boolean, as boolean_success needs"},
      broken{blob(R"("identifier":"m","label":"L","type":"string","value":"v","description":1)"),
             "metadata[0].description: not a string"},
      broken{blob(R"("identifier":"m","label":"L","type":"string","value":"v","weight":2)"),
             "metadata[0].weight: not a known field"});
  CAPTURE(example.body);
  ak_test::fake_ashby ashby(api_key);
  const auto sender = make_transport();
  update_call call{ashby.url() + "assessment.update"};
  call.body = example.body;
  const outbound_reply reply = call.send(*sender);
  CHECK(reply.status == 400);
  CHECK(reply.body.find(R"("code":"invalid_input")") != std::string::npos);
  CHECK(problems_of(ashby.violations()) == std::vector<std::string>{example.problem});
}

TEST_CASE("the fake Ashby answers another path with 404 and records it", "[fake_ashby]") {
  ak_test::fake_ashby ashby(api_key);
  const auto sender = make_transport();
  const update_call call{ashby.url() + "assessment.updat"};
  CHECK(call.send(*sender).status == 404);
  CHECK(problems_of(ashby.violations()) ==
        std::vector<std::string>{
            "path: /assessment.updat is not /assessment.update, /assessment.addCompletedToCandidate or /candidate.info"});
}

TEST_CASE("the fake Ashby checks a completed assessment at its own path", "[fake_ashby]") {
  ak_test::fake_ashby ashby(api_key);
  const auto sender = make_transport();
  update_call call{ashby.url() + "assessment.addCompletedToCandidate"};
  call.body = R"({"candidateId":"cand_1","partnerId":"partner_1","assessment":{"assessmentTypeId":"typing",)"
              R"("assessmentId":"vendor_42","assessmentName":"Typing test","result":{"identifier":"score",)"
              R"("label":"Score","type":"numeric_score","value":91},"metadata":[]},"timestamp":1700000000000})";
  CHECK(call.send(*sender).status == 200);
  CHECK(ashby.violations().empty());

  // An update's body is no completed assessment.
  call.body = minimal_update();
  CHECK(call.send(*sender).status == 400);
  CHECK(problems_of(ashby.violations()) ==
        std::vector<std::string>{"assessment_id: not a known field", "assessment_status: not a known field",
                                 "candidateId: missing", "partnerId: missing", "assessment: missing or not an object"});

  ak_test::fake_ashby strict(api_key);
  call.url = strict.url() + "assessment.addCompletedToCandidate";
  call.body = R"({"candidateId":"","partnerId":"p","assessment":{"assessmentTypeId":"t","assessmentId":"a",)"
              R"("result":{"identifier":"x","label":"X","type":"string","value":"A"},)"
              R"("metadata":[{"identifier":"x","label":"Y","type":"numeric_score","value":"high"}]}})";
  CHECK(call.send(*sender).status == 400);
  CHECK(problems_of(strict.violations()) ==
        std::vector<std::string>{"candidateId: not a non-empty string", "timestamp: missing",
                                 "assessment.assessmentName: missing",
                                 "assessment.metadata[0].identifier: \"x\" is used more than once",
                                 "assessment.metadata[0].value: not a number, as numeric_score needs"});
}

TEST_CASE("the fake Ashby answers candidate.info with the candidate added, checking the call", "[fake_ashby]") {
  ak_test::fake_ashby ashby(api_key);
  const auto sender = make_transport();
  ashby.add_candidate("cand_1", R"({"id":"cand_1","name":"Alex Chen"})");
  update_call call{ashby.url() + "candidate.info"};
  call.body = R"({"id":"cand_1"})";
  const outbound_reply found = call.send(*sender);
  CHECK(found.status == 200);
  CHECK(found.body == R"({"success":true,"results":{"id":"cand_1","name":"Alex Chen"}})");

  call.body = R"({"id":"cand_2"})";
  const outbound_reply unknown = call.send(*sender);
  CHECK(unknown.status == 200);
  CHECK(unknown.body.rfind(R"({"success":false,"errorInfo":{"code":"not_found",)", 0) == 0);
  CHECK(ashby.violations().empty());

  // A scripted answer still comes first.
  ashby.script({ak_test::ashby_answer::status(403)});
  call.body = R"({"id":"cand_1"})";
  CHECK(call.send(*sender).status == 403);

  call.body = R"({"candidateId":"cand_1"})";
  CHECK(call.send(*sender).status == 400);
  CHECK(problems_of(ashby.violations()) == std::vector<std::string>{"candidateId: not a known field", "id: missing"});
}

TEST_CASE("the fake Ashby answers as scripted, in order, then with its default", "[fake_ashby]") {
  using ak_test::ashby_answer;
  ak_test::fake_ashby ashby(api_key);
  ashby.script({ashby_answer::failure("assessment_not_found", "No \"such\" assessment"), ashby_answer::status(403)});
  ashby.script({ashby_answer::rate_limited(30, "integration-partner"), ashby_answer::success_empty(),
                ashby_answer::status(503)});
  const auto sender = make_transport();
  const update_call call{ashby.url() + "assessment.update"};

  const outbound_reply failure = call.send(*sender);
  CHECK(failure.status == 200);
  CHECK(failure.body ==
        R"({"success":false,"errorInfo":{"code":"assessment_not_found","message":"No \"such\" assessment","requestId":"req_1"}})");

  const outbound_reply forbidden = call.send(*sender);
  CHECK(forbidden.status == 403);
  CHECK(forbidden.body.find(R"("code":"forbidden")") != std::string::npos);
  CHECK(forbidden.body.find(R"("requestId":"req_2")") != std::string::npos);

  const outbound_reply limited = call.send(*sender);
  CHECK(limited.status == 429);
  CHECK(header_of(limited, "Retry-After") == std::optional<std::string>("30"));
  CHECK(header_of(limited, "X-RateLimit-Scope") == std::optional<std::string>("integration-partner"));
  CHECK(limited.body.find(R"("code":"rate_limit_exceeded")") != std::string::npos);

  const outbound_reply empty = call.send(*sender);
  CHECK(empty.status == 200);
  CHECK(empty.body.empty());

  CHECK(call.send(*sender).status == 503);

  ashby.set_default_answer(ashby_answer::status(500));
  CHECK(call.send(*sender).status == 500);
  CHECK(call.send(*sender).status == 500);

  std::set<std::string> ids;
  for (const outbound_reply &reply : {failure, forbidden, limited, empty}) ids.insert(*header_of(reply, "x-ashby-request-id"));
  CHECK(ids == std::set<std::string>{"req_1", "req_2", "req_3", "req_4"});
  const auto requests = ashby.requests();
  REQUIRE(requests.size() == 7);
  CHECK(requests[2].status == 429);
  CHECK(requests[2].reply_headers == std::vector<std::pair<std::string, std::string>>{
                                         {"x-ashby-request-id", "req_3"},
                                         {"Retry-After", "30"},
                                         {"X-RateLimit-Scope", "integration-partner"}});
  CHECK(requests[6].request_id == "req_7");
  CHECK(ashby.violations().empty());
}

TEST_CASE("the fake Ashby's slow answer arrives late, and wait_for sees the request first", "[fake_ashby]") {
  ak_test::fake_ashby ashby(api_key);
  ashby.script({ak_test::ashby_answer::slow(300)});
  const auto sender = make_transport();
  const update_call call{ashby.url() + "assessment.update"};
  const auto started = std::chrono::steady_clock::now();
  auto in_flight = std::async(std::launch::async, [&] { return call.send(*sender); });
  REQUIRE(ashby.wait_for(1, arrival));
  CHECK_FALSE(ashby.wait_for(2, milliseconds(1)));
  const outbound_reply reply = in_flight.get();
  CHECK(std::chrono::steady_clock::now() - started >= milliseconds(300));
  CHECK(reply.status == 200);
  CHECK(reply.body == R"({"success":true,"results":{}})");
  CHECK(ashby.requests().at(0).request.arrived >= started);
}

}  // namespace ashbyknit
