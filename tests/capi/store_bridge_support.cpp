#include "store_bridge_support.hpp"

#include <catch2/catch.hpp>

#include <utility>

namespace capi_test {
namespace {

test_sources &sources_of(void *user_data) { return *static_cast<test_sources *>(user_data); }

std::int64_t pinned_now(void *user_data) { return sources_of(user_data).now_ms.load(); }

/// splitmix64: deterministic, and distinct bytes on every call, so minted ids never collide.
int counting_random(unsigned char *out, size_t size, void *user_data) {
  test_sources &sources = sources_of(user_data);
  ++sources.random_calls;
  if (sources.fail_random) return 1;
  for (size_t i = 0; i < size; i += 8) {
    std::uint64_t z = sources.state.fetch_add(0x9e3779b97f4a7c15) + 0x9e3779b97f4a7c15;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    z ^= z >> 31;
    for (size_t j = 0; j < 8 && i + j < size; ++j) out[i + j] = static_cast<unsigned char>(z >> (8 * j));
  }
  return 0;
}

void count_destroy(void *user_data) { ++sources_of(user_data).destroyed; }

}  // namespace

ak_sources test_sources::sources(bool with_clock, bool with_random) {
  ak_sources sources{};
  sources.struct_size = sizeof sources;
  sources.now_ms = with_clock ? pinned_now : nullptr;
  sources.random_bytes = with_random ? counting_random : nullptr;
  sources.user_data = this;
  sources.destroy = count_destroy;
  return sources;
}

ak_store_options store_file(const char *path) {
  ak_store_options options{};
  options.struct_size = sizeof options;
  options.path = path;
  return options;
}

owned_store open_store(const ak_store_options *options, const ak_sources *sources) {
  ak_store *store = nullptr;
  const ak_status status = ak_store_open(options, sources, &store);
  INFO(last_error());
  REQUIRE(status == AK_OK);
  REQUIRE(store != nullptr);
  return owned_store(store);
}

issued_key issue_key(ak_store *store, const char *integration_id, std::int64_t expires_in_ms) {
  char *key = nullptr;
  char *url = nullptr;
  char *key_id = nullptr;
  const ak_status status = ak_store_secret_issue(store, integration_id, base_url, expires_in_ms, &key, &url, &key_id);
  const owned_string owned_key(key), owned_url(url), owned_key_id(key_id);
  INFO(last_error());
  REQUIRE(status == AK_OK);
  return {key, url, key_id};
}

std::string take(ak_status status, char **out) {
  const owned_string owned(*out);
  INFO(last_error());
  REQUIRE(status == AK_OK);
  REQUIRE(owned != nullptr);
  return owned.get();
}

std::string basic_authorization(std::string_view user, std::string_view password) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const std::string credentials = std::string(user) + ":" + std::string(password);
  std::string encoded;
  for (size_t i = 0; i < credentials.size(); i += 3) {
    const size_t left = credentials.size() - i;
    std::uint32_t group = static_cast<unsigned char>(credentials[i]) << 16;
    if (left > 1) group |= static_cast<unsigned char>(credentials[i + 1]) << 8;
    if (left > 2) group |= static_cast<unsigned char>(credentials[i + 2]);
    encoded += alphabet[(group >> 18) & 63];
    encoded += alphabet[(group >> 12) & 63];
    encoded += left > 1 ? alphabet[(group >> 6) & 63] : '=';
    encoded += left > 2 ? alphabet[group & 63] : '=';
  }
  return "Basic " + encoded;
}

std::string reply::header(std::string_view name) const {
  for (const auto &[header_name, value] : headers) {
    if (header_name == name) return value;
  }
  return {};
}

reply read_reply(const ak_http_response *response) {
  reply read;
  read.status = ak_http_response_status(response);
  const size_t count = ak_http_response_header_count(response);
  for (size_t i = 0; i < count; ++i) {
    const char *name = ak_http_response_header_name(response, i);
    const char *value = ak_http_response_header_value(response, i);
    REQUIRE(name != nullptr);
    REQUIRE(value != nullptr);
    read.headers.emplace_back(name, value);
  }
  CHECK(ak_http_response_header_name(response, count) == nullptr);
  CHECK(ak_http_response_header_value(response, count) == nullptr);
  size_t length = 0;
  const char *body = ak_http_response_body(response, &length);
  REQUIRE(body != nullptr);
  CHECK(body[length] == '\0');
  read.body.assign(body, length);
  for (auto [part, accessor] : {std::pair{&read.operation, &ak_http_response_operation},
                                {&read.integration_id, &ak_http_response_integration_id},
                                {&read.assessment_id, &ak_http_response_assessment_id}}) {
    const char *text = accessor(response);
    REQUIRE(text != nullptr);
    *part = text;
  }
  return read;
}

reply handle(ak_bridge *bridge, const ak_http_request &request) {
  ak_http_response *response = nullptr;
  const ak_status status = ak_bridge_handle(bridge, &request, &response);
  INFO(last_error());
  REQUIRE(status == AK_OK);
  const owned_response owned(response);
  return read_reply(response);
}

ak_http_request post_request(const std::string &path, const std::vector<ak_header> &headers, std::string_view body) {
  ak_http_request request{};
  request.struct_size = sizeof request;
  request.method = "POST";
  request.path = path.c_str();
  request.headers = headers.data();
  request.header_count = headers.size();
  request.body = body.data();
  request.body_len = body.size();
  return request;
}

ak_header header_of(std::string_view name, std::string_view value) {
  return {name.data(), name.size(), value.data(), value.size()};
}

bridge_fixture::bridge_fixture() {
  reopen();
  ak_store *store = ak_bridge_store(bridge.get());
  REQUIRE(ak_store_integration_create(store, "acme") == AK_OK);
  key = issue_key(store, "acme");
}

owned_bridge open_test_bridge(const test_bridge_settings &settings, test_sources &injected) {
  const ak_sources sources = injected.sources();
  const std::string packages = read_fixture("packages.json");
  ak_bridge_options options{};
  options.struct_size = sizeof options;
  options.public_base_url = base_url;
  options.store = settings.store;
  options.default_packages_json = packages.c_str();
  if (!settings.signing_key.empty()) {
    options.signing_key = settings.signing_key.data();
    options.signing_key_len = settings.signing_key.size();
  }
  options.sources = &sources;
  options.initial_update_request = settings.initial_update_request ? 1 : 0;
  ak_bridge *opened = nullptr;
  const ak_status status = ak_bridge_new(&options, &opened);
  INFO(last_error());
  REQUIRE(status == AK_OK);
  return owned_bridge(opened);
}

void bridge_fixture::reopen() {
  bridge.reset();
  const ak_store_options store = store_file(path.c_str());
  bridge = open_test_bridge({&store, signing_key, false}, injected);
}

reply bridge_fixture::call(std::string_view operation, std::string_view body, std::string_view authorization) const {
  const std::string target = base_path + std::string(operation);
  const std::string credentials =
      authorization.empty() ? basic_authorization(key.secret_key) : std::string(authorization);
  const std::vector<ak_header> headers{header_of("Authorization", credentials),
                                       header_of("Content-Type", "application/json")};
  return handle(bridge.get(), post_request(target, headers, body));
}

std::string start_body(std::string_view application_id) {
  return replace_once(read_fixture("ashby-assessment-start.json"), "app_123abc", application_id);
}

std::string cancel_body(std::string_view assessment_id) {
  return R"({"assessment_id":")" + std::string(assessment_id) + "\"}";
}

}  // namespace capi_test
