// ak_bridge_*: Ashby's calls answered through the C ABI, with a key issued through the store's
// functions and the replies read back through the response accessors (protocol §2).
#include <catch2/catch.hpp>
#include <cstddef>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "capi_support.hpp"
#include "store_bridge_support.hpp"

using namespace capi_test;

namespace {

/// Checks an error envelope (protocol §2.4): success false, `errors` and `errorInfo.code` both
/// `code`.
void check_envelope(const reply &answer, int status, const char *code) {
  INFO(answer.body);
  CHECK(answer.status == status);
  CHECK(answer.header("Content-Type") == "application/json");
  CHECK(canonical_json(answer.body) ==
        canonical_json(R"({"success":false,"errors":[")" + std::string(code) + R"("],"errorInfo":{"code":")" + code +
                       R"(","message":")" + json_string_at(answer.body, "/errorInfo/message") + "\"}}"));
  CHECK_FALSE(json_string_at(answer.body, "/errorInfo/message").empty());
}

/// The results.assessment_id of a successful start or cancel, checking the rest of the reply.
std::string assessment_id_of(const reply &answer) {
  INFO(answer.body);
  REQUIRE(answer.status == 200);
  const std::string id = json_string_at(answer.body, "/results/assessment_id");
  CHECK(canonical_json(answer.body) == canonical_json(R"({"success":true,"results":{"assessment_id":")" + id + "\"}}"));
  return id;
}

ak_bridge_options options_for(const char *url) {
  ak_bridge_options options{};
  options.struct_size = sizeof options;
  options.public_base_url = url;
  return options;
}

/// Checks that ak_bridge_new refuses `options` with `expected`, naming `named`.
void check_new_refused(const ak_bridge_options *options, ak_status expected, const char *named) {
  ak_bridge *out = reinterpret_cast<ak_bridge *>(untouched_marker());
  CHECK_FAILS_WITH(ak_bridge_new(options, &out), expected);
  CHECK_THAT(last_error(), Catch::Contains(named));
  CHECK(out == reinterpret_cast<ak_bridge *>(untouched_marker()));
}

/// Checks that ak_bridge_handle refuses `request` as an invalid argument naming `named`.
void check_handle_refused(ak_bridge *bridge, const ak_http_request &request, const char *named) {
  ak_http_response *out = reinterpret_cast<ak_http_response *>(untouched_marker());
  CHECK_FAILS_WITH(ak_bridge_handle(bridge, &request, &out), AK_ERR_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Catch::Contains(named));
  CHECK(out == reinterpret_cast<ak_http_response *>(untouched_marker()));
}

}  // namespace

TEST_CASE("assessment.list answers with the default catalogue", "[capi]") {
  const bridge_fixture fixture;
  const reply listed = fixture.call("assessment.list", "{}");
  CHECK(listed.status == 200);
  CHECK(listed.header("Content-Type") == "application/json");
  CHECK(canonical_json(listed.body) ==
        canonical_json(R"({"success":true,"results":[{"assessment_type_id":"pkg_456",)"
                       R"("name":"Frontend Engineer Assessment","description":"Technical Skills Assessment"}]})"));
}

TEST_CASE("start, retry, cancel, cancel again and an unknown cancel answer as protocol §2 says", "[capi]") {
  const bridge_fixture fixture;
  ak_store *store = ak_bridge_store(fixture.bridge.get());

  const std::string id = assessment_id_of(fixture.call("assessment.start", start_body("app_1")));
  CHECK(is_prefix_then(id, "ats_ass_", 21, lower_alphanumerics));
  CHECK(assessment_id_of(fixture.call("assessment.start", start_body("app_1"))) == id);  // a retry
  std::int64_t pending = 0;
  REQUIRE(ak_store_events_count(store, &pending, nullptr, nullptr) == AK_OK);
  CHECK(pending == 1);

  CHECK(assessment_id_of(fixture.call("assessment.cancel", cancel_body(id))) == id);
  CHECK(assessment_id_of(fixture.call("assessment.cancel", cancel_body(id))) == id);  // no second event
  REQUIRE(ak_store_events_count(store, &pending, nullptr, nullptr) == AK_OK);
  CHECK(pending == 2);

  const reply unknown = fixture.call("assessment.cancel", cancel_body("ats_ass_unknown000000000000000"));
  check_envelope(unknown, 200, "assessment_not_found");

  char *out = nullptr;
  const std::string listed = take(ak_store_assessments_list(store, "acme", &out), &out);
  CHECK(canonical_json(listed) ==
        canonical_json(R"([{"id":")" + id + R"(","integrationId":"acme","applicationId":"app_1",)"
                       R"("assessmentTypeId":"pkg_456","status":"cancelled","createdMs":1734567890123,)"
                       R"("updatedMs":1734567890123}])"));
}

TEST_CASE("the calls that protocol §2.4 refuses get its statuses and envelope", "[capi]") {
  const bridge_fixture fixture;
  check_envelope(fixture.call("assessment.update", "{}"), 404, "unknown_operation");
  check_envelope(fixture.call("assessment.list", "[]"), 400, "invalid_input");
  check_envelope(fixture.call("assessment.list", "{}", "Bearer nothing"), 401, "unauthorized");
  check_envelope(fixture.call("assessment.list", "{}", basic_authorization("aksk_not_a_key")), 403, "forbidden");

  const reply invalid = fixture.call("assessment.start", R"({"assessment_type_id":"pkg_456"})");
  CHECK(invalid.status == 422);
  CHECK_THAT(json_string_at(invalid.body, "/message"), Catch::Contains("candidate"));

  // No Authorization header at all, and a GET, built by hand.
  const std::string path = std::string(base_path) + "assessment.list";
  check_envelope(handle(fixture.bridge.get(), post_request(path, {}, "{}")), 401, "unauthorized");
  ak_http_request get = post_request(path, {}, "");
  get.method = "GET";
  const reply refused = handle(fixture.bridge.get(), get);
  check_envelope(refused, 405, "method_not_allowed");
  CHECK(refused.header("Allow") == "POST");
}

TEST_CASE("header names and values are byte spans, not NUL-terminated strings", "[capi]") {
  const bridge_fixture fixture;
  // One buffer holds both headers back to back: only the lengths say where each part ends.
  const std::string credentials = basic_authorization(fixture.key.secret_key);
  const std::string buffer = "authorizationX" + credentials + "Ycontent-typeapplication/jsonZ";
  const char *at = buffer.data();
  const std::vector<ak_header> headers{
      {at, 13, at + 14, credentials.size()},
      {at + 15 + credentials.size(), 12, at + 27 + credentials.size(), 16},
  };
  const std::string path = std::string(base_path) + "assessment.list";
  CHECK(handle(fixture.bridge.get(), post_request(path, headers, "{}")).status == 200);
  // A body that is a prefix of a longer buffer is read only as far as body_len.
  CHECK(handle(fixture.bridge.get(), post_request(path, headers, std::string_view("{}garbage", 2))).status == 200);
}

TEST_CASE("ak_bridge_handle refuses NULL arguments and malformed requests", "[capi]") {
  const bridge_fixture fixture;
  ak_bridge *bridge = fixture.bridge.get();
  const std::string path = std::string(base_path) + "assessment.list";
  const ak_http_request valid = post_request(path, {}, "{}");
  ak_http_response *out = nullptr;
  CHECK_FAILS_WITH(ak_bridge_handle(nullptr, &valid, &out), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_bridge_handle(bridge, nullptr, &out), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_bridge_handle(bridge, &valid, nullptr), AK_ERR_INVALID_ARGUMENT);
  CHECK(out == nullptr);

  ak_http_request request = valid;
  request.method = nullptr;
  check_handle_refused(bridge, request, "method");
  request = valid;
  request.path = nullptr;
  check_handle_refused(bridge, request, "path");
  request = valid;
  request.header_count = 1;
  check_handle_refused(bridge, request, "request->headers");
  request = valid;
  request.body = nullptr;
  check_handle_refused(bridge, request, "request->body");
  const std::vector<ak_header> nameless{{nullptr, 4, "x", 1}};
  check_handle_refused(bridge, post_request(path, nameless, "{}"), "name");
  const std::vector<ak_header> valueless{{"Name", 4, nullptr, 1}};
  check_handle_refused(bridge, post_request(path, valueless, "{}"), "value");
  for (const size_t size : {sizeof(ak_http_request) + 1, size_t{0}}) {
    request = valid;
    request.struct_size = size;
    check_handle_refused(bridge, request, "struct_size");
  }
  // An empty body may be NULL.
  request = valid;
  request.body = nullptr;
  request.body_len = 0;
  CHECK(handle(bridge, request).status == 401);
}

TEST_CASE("the response accessors answer 0 or NULL past the end and for NULL", "[capi]") {
  const bridge_fixture fixture;
  const std::string path = std::string(base_path) + "assessment.list";
  const ak_http_request request = post_request(path, {}, "{}");
  ak_http_response *response = nullptr;
  REQUIRE(ak_bridge_handle(fixture.bridge.get(), &request, &response) == AK_OK);
  const owned_response owned(response);
  REQUIRE(ak_http_response_header_count(response) == 1);
  CHECK(ak_http_response_header_name(response, 1) == nullptr);
  CHECK(ak_http_response_header_value(response, 1) == nullptr);
  CHECK(ak_http_response_body(response, nullptr) != nullptr);

  size_t length = 99;
  CHECK(ak_http_response_status(nullptr) == 0);
  CHECK(ak_http_response_header_count(nullptr) == 0);
  CHECK(ak_http_response_header_name(nullptr, 0) == nullptr);
  CHECK(ak_http_response_header_value(nullptr, 0) == nullptr);
  CHECK(ak_http_response_body(nullptr, &length) == nullptr);
  CHECK(length == 99);
  CHECK(ak_http_response_operation(nullptr) == nullptr);
  CHECK(ak_http_response_integration_id(nullptr) == nullptr);
  CHECK(ak_http_response_assessment_id(nullptr) == nullptr);
}

TEST_CASE("a response says what the call was: its operation, integration and assessment", "[capi]") {
  const bridge_fixture fixture;
  const reply started = fixture.call("assessment.start", start_body("app_1"));
  const std::string id = assessment_id_of(started);
  CHECK((started.operation + " " + started.integration_id + " " + started.assessment_id) ==
        "assessment.start acme " + id);
  const reply cancelled = fixture.call("assessment.cancel", cancel_body(id));
  CHECK((cancelled.operation + " " + cancelled.integration_id + " " + cancelled.assessment_id) ==
        "assessment.cancel acme " + id);
  const reply listed = fixture.call("assessment.list", "{}");
  CHECK((listed.operation + " " + listed.integration_id + " [" + listed.assessment_id + "]") ==
        "assessment.list acme []");
  // A refused key names no integration; a path that names no operation, none.
  const reply refused = fixture.call("assessment.list", "{}", basic_authorization("aksk_not_a_key"));
  CHECK((refused.status == 403 && refused.operation == "assessment.list" && refused.integration_id.empty()));
  const reply elsewhere = fixture.call("", "{}");
  CHECK((elsewhere.status == 404 && elsewhere.operation.empty() && elsewhere.assessment_id.empty()));
}

TEST_CASE("ak_bridge_store is one borrowed view that administers the bridge's store", "[capi]") {
  bridge_fixture fixture;
  ak_store *store = ak_bridge_store(fixture.bridge.get());
  REQUIRE(store != nullptr);
  CHECK(ak_bridge_store(fixture.bridge.get()) == store);
  CHECK(ak_bridge_store(nullptr) == nullptr);

  // Freeing the view by mistake does nothing: the bridge and its store keep working.
  ak_store_free(store);
  REQUIRE(ak_store_integration_create(store, "globex") == AK_OK);
  const issued_key globex = issue_key(store, "globex");
  CHECK(fixture.call("assessment.list", "{}", basic_authorization(globex.secret_key)).status == 200);

  // A revoked key stops working at once; the other key of the same integration does not.
  const issued_key second = issue_key(store, "acme");
  REQUIRE(ak_store_secret_revoke(store, "acme", fixture.key.key_id.c_str()) == AK_OK);
  check_envelope(fixture.call("assessment.list", "{}"), 403, "forbidden");
  CHECK(fixture.call("assessment.list", "{}", basic_authorization(second.secret_key)).status == 200);

  // An integration's own catalogue, set through the view, is what its list answers.
  REQUIRE(ak_store_packages_set(store, "globex", R"([{"id":"own","name":"Own"}])") == AK_OK);
  CHECK(json_string_at(fixture.call("assessment.list", "{}", basic_authorization(globex.secret_key)).body,
                       "/results/0/assessment_type_id") == "own");
}

TEST_CASE("a bridge reopened on its file keeps integrations, keys and assessments", "[capi]") {
  bridge_fixture fixture;
  const std::string id = assessment_id_of(fixture.call("assessment.start", start_body("app_1")));
  fixture.reopen();
  CHECK(assessment_id_of(fixture.call("assessment.start", start_body("app_1"))) == id);
  std::int64_t pending = 0;
  REQUIRE(ak_store_events_count(ak_bridge_store(fixture.bridge.get()), &pending, nullptr, nullptr) == AK_OK);
  CHECK(pending == 1);
}

TEST_CASE("ak_bridge_new refuses missing and bad options", "[capi]") {
  ak_bridge *out = nullptr;
  CHECK_FAILS_WITH(ak_bridge_new(nullptr, &out), AK_ERR_INVALID_ARGUMENT);
  const ak_bridge_options valid = options_for(base_url);
  CHECK_FAILS_WITH(ak_bridge_new(&valid, nullptr), AK_ERR_INVALID_ARGUMENT);
  CHECK(out == nullptr);

  const ak_bridge_options no_url = options_for(nullptr);
  check_new_refused(&no_url, AK_ERR_INVALID_ARGUMENT, "public_base_url");
  const ak_bridge_options bad_url = options_for("ftp://hooks.vendor.example/");
  check_new_refused(&bad_url, AK_ERR_INVALID_ARGUMENT, "URL");

  ak_bridge_options options = valid;
  options.default_packages_json = "[{";
  check_new_refused(&options, AK_ERR_INVALID_ARGUMENT, "catalogue");
  options = valid;
  options.signing_key = "";
  check_new_refused(&options, AK_ERR_INVALID_ARGUMENT, "signing_key is empty");
  options = valid;
  options.signing_key_len = 3;
  check_new_refused(&options, AK_ERR_INVALID_ARGUMENT, "signing_key is NULL");
  options = valid;
  options.visibility_timeout_ms = -1;
  check_new_refused(&options, AK_ERR_INVALID_ARGUMENT, "visibility timeout");
  ak_store_options store{};
  store.struct_size = sizeof store;
  store.durability = 7;
  options = valid;
  options.store = &store;
  check_new_refused(&options, AK_ERR_INVALID_ARGUMENT, "options->store->durability");
  for (const size_t size : {sizeof(ak_bridge_options) + 1, size_t{0}}) {
    options = valid;
    options.struct_size = size;
    check_new_refused(&options, AK_ERR_INVALID_ARGUMENT, "struct_size");
  }
  temporary_directory directory;
  const std::string text_file = directory.file("notes.txt");
  std::ofstream(text_file) << "plain text, not a database" << std::string(4096, '.');
  const ak_store_options not_a_store = store_file(text_file.c_str());
  options = valid;
  options.store = &not_a_store;
  check_new_refused(&options, AK_ERR_STORE, "is not an ashbyknit store");
}

TEST_CASE("ak_bridge_options from an older header is read only as far as its struct_size", "[capi]") {
  // Everything past max_depth would fail if read: a broken catalogue and an empty signing key.
  ak_bridge_options options = options_for(base_url);
  options.max_body_bytes = 16;
  options.default_packages_json = "[{";
  options.signing_key = "";
  options.visibility_timeout_ms = -5;
  options.struct_size = offsetof(ak_bridge_options, default_packages_json);
  auto older = std::make_unique<unsigned char[]>(options.struct_size);  // on the heap, so reading past it is caught
  std::memcpy(older.get(), &options, options.struct_size);
  ak_bridge *opened = nullptr;
  const ak_status status = ak_bridge_new(reinterpret_cast<const ak_bridge_options *>(older.get()), &opened);
  INFO(last_error());
  REQUIRE(status == AK_OK);
  const owned_bridge bridge(opened);

  // max_body_bytes was read: a 17-byte body is over the limit (protocol §2.4 checks the key first).
  ak_store *store = ak_bridge_store(bridge.get());
  REQUIRE(ak_store_integration_create(store, "acme") == AK_OK);
  const std::string credentials = basic_authorization(issue_key(store, "acme").secret_key);
  const std::vector<ak_header> headers{header_of("Authorization", credentials)};
  const std::string path = std::string(base_path) + "assessment.list";
  CHECK(handle(bridge.get(), post_request(path, headers, "{\"a\":\"123456789\"}")).status == 413);
  CHECK(handle(bridge.get(), post_request(path, headers, "{}")).status == 200);
}
