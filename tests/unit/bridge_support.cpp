#include "bridge_support.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

#include "base_encoding.hpp"
#include "postgres_server.hpp"
#include "test_support.hpp"

namespace ashbyknit::test {

std::string fresh_store_location(const temporary_directory &directory) {
  const char *backend = std::getenv("AK_TEST_STORE");
  if (backend != nullptr && std::string_view(backend) == "postgres") return ak_test::postgres_server::shared().create_database();
  return directory.file("store.db");
}

std::string basic_authorization(std::string_view user, std::string_view password) {
  const std::string credentials = std::string(user) + ":" + std::string(password);
  return "Basic " + detail::base64_encode(reinterpret_cast<const unsigned char *>(credentials.data()), credentials.size());
}

bridge_fixture::bridge_fixture(std::string path, bool create_integration)
    : store_path(path.empty() ? fresh_store_location(directory) : std::move(path)) {
  reopen();
  if (!create_integration) return;
  REQUIRE(instance->store().create_integration("acme").ok());
  key = issue_key("acme");
}

void bridge_fixture::reopen() {
  instance.reset();
  bridge_options options;
  options.public_base_url = std::string(base_url);
  options.store.path = store_path;
  options.store.clock = [clock = now_ms] { return clock->load(); };
  options.store.master_key = master_key;
  options.initial_update_request = initial_update_request;
  options.signing_key = std::string(signing_key);
  options.default_packages_json = read_fixture("packages.json");
  auto opened = bridge::open(std::move(options));
  INFO(opened.message());
  REQUIRE(opened.ok());
  instance = std::move(opened).value();
}

std::string bridge_fixture::issue_key(std::string_view integration_id, std::optional<std::int64_t> expires_in_ms) {
  auto issued = instance->store().issue_key(integration_id, base_url, expires_in_ms);
  INFO(issued.message());
  REQUIRE(issued.ok());
  return issued.value().secret_key;
}

event_info bridge_fixture::outbox_entry(std::string_view event_id) {
  const auto events = instance->store().list_events().value();
  for (const auto &event : events) {
    if (event.event_id == event_id) return event;
  }
  FAIL("no outbox entry " << event_id);
  return {};
}

void bridge_fixture::set_ashby_key() {
  auto stored = instance->store().set_ashby_key("acme", ashby_api_key);
  INFO(stored.message());
  REQUIRE(stored.ok());
}

http_response bridge_fixture::call(std::string_view operation, std::string_view body, std::string_view authorization) {
  const std::string path = "/ashby/" + std::string(operation);
  const std::string header = authorization.empty() ? basic_authorization(key) : std::string(authorization);
  http_request request{"POST", path, {{"Authorization", header}, {"Content-Type", "application/json"}}, body};
  return instance->handle(request);
}

std::string bridge_fixture::start_body(std::string_view application_id, std::string_view candidate_id,
                                       std::string_view type_id) {
  return R"({"assessment_type_id":")" + std::string(type_id) + R"(","candidate":{"ashby_id":")" + std::string(candidate_id) +
         R"(","first_name":"Alex","last_name":"Chen","email":"alex@example.com"},"application":{"ashby_id":")" +
         std::string(application_id) + R"(","status":"Active"},"job":{"ashby_id":"job_1","name":"Engineer"}})";
}

std::optional<std::string> bridge_fixture::find_assessment_id(const http_response &reply) {
  const std::string marker = R"("assessment_id":")";
  const auto at = reply.body.find(marker);
  if (at == std::string::npos) return std::nullopt;
  const auto start = at + marker.size();
  return reply.body.substr(start, reply.body.find('"', start) - start);
}

std::string bridge_fixture::assessment_id_of(const http_response &reply) {
  const auto id = find_assessment_id(reply);
  INFO(reply.body);
  REQUIRE(id);
  return *id;
}

}  // namespace ashbyknit::test
