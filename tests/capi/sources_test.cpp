// ak_sources: a pinned clock and a counting random source reach the store and the bridge, and
// destroy runs exactly once, whatever happens to the call that was given them.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "capi_support.hpp"
#include "store_bridge_support.hpp"

using namespace capi_test;

namespace {

/// ak_sources as a header that had only the clock declared it.
struct older_sources {
  size_t struct_size;
  std::int64_t (*now_ms)(void *);
};
static_assert(offsetof(older_sources, now_ms) == offsetof(ak_sources, now_ms));

std::int64_t system_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::int64_t created_ms_of_first_integration(ak_store *store) {
  char *out = nullptr;
  return json_int_at(take(ak_store_integration_list(store, &out), &out), "/0/createdMs");
}

ak_bridge_options bridge_options_with(const ak_sources *sources) {
  ak_bridge_options options{};
  options.struct_size = sizeof options;
  options.public_base_url = base_url;
  options.signing_key = signing_key.data();
  options.signing_key_len = signing_key.size();
  options.sources = sources;
  return options;
}

}  // namespace

TEST_CASE("a store reads the injected clock and random source, and destroys them once when freed", "[capi]") {
  test_sources injected;
  const ak_sources sources = injected.sources();
  owned_store store = open_store(nullptr, &sources);
  REQUIRE(ak_store_integration_create(store.get(), "acme") == AK_OK);
  CHECK(created_ms_of_first_integration(store.get()) == start_now_ms);
  const std::int64_t calls_before = injected.random_calls;
  issue_key(store.get(), "acme");
  CHECK(injected.random_calls > calls_before);
  CHECK(injected.destroyed == 0);
  store.reset();
  CHECK(injected.destroyed == 1);
}

TEST_CASE("a bridge shares the sources with its store and destroys them once, after ak_bridge_free", "[capi]") {
  test_sources injected;
  const ak_sources sources = injected.sources();
  const ak_bridge_options options = bridge_options_with(&sources);
  ak_bridge *opened = nullptr;
  REQUIRE(ak_bridge_new(&options, &opened) == AK_OK);
  owned_bridge bridge(opened);
  ak_store *store = ak_bridge_store(bridge.get());
  REQUIRE(ak_store_integration_create(store, "acme") == AK_OK);
  const issued_key key = issue_key(store, "acme");

  injected.now_ms = start_now_ms + 1000;
  const std::string credentials = basic_authorization(key.secret_key);
  const std::vector<ak_header> headers{header_of("Authorization", credentials)};
  const std::string path = std::string(base_path) + "assessment.start";
  const std::string body = start_body("app_1");
  REQUIRE(handle(bridge.get(), post_request(path, headers, body)).status == 200);
  ak_event_batch *batch = nullptr;
  REQUIRE(ak_bridge_events_pull(bridge.get(), 1, &batch) == AK_OK);
  const owned_batch owned(batch);
  REQUIRE(ak_event_batch_count(batch) == 1);
  CHECK(json_int_at(ak_event_batch_body(batch, 0, nullptr), "/triggeredAt") == start_now_ms + 1000);

  CHECK(injected.destroyed == 0);
  bridge.reset();
  CHECK(injected.destroyed == 1);
}

TEST_CASE("a failing random source fails the call and writes nothing", "[capi]") {
  bridge_fixture fixture;
  ak_store *store = ak_bridge_store(fixture.bridge.get());
  fixture.injected.fail_random = true;
  char *key = untouched_marker();
  char *url = untouched_marker();
  char *key_id = untouched_marker();
  CHECK_FAILS_WITH(ak_store_secret_issue(store, "acme", base_url, 0, &key, &url, &key_id), AK_ERR_INTERNAL);
  CHECK(key == untouched_marker());

  const reply failed = fixture.call("assessment.start", start_body("app_1"));
  CHECK(failed.status == 500);
  CHECK(json_string_at(failed.body, "/errorInfo/code") == "internal_error");
  char *out = nullptr;
  CHECK(take(ak_store_assessments_list(store, nullptr, &out), &out) == "[]");

  fixture.injected.fail_random = false;
  CHECK(fixture.call("assessment.start", start_body("app_1")).status == 200);
}

TEST_CASE("destroy runs once before returning when ak_bridge_new or ak_store_open fails", "[capi]") {
  test_sources injected;
  const ak_sources sources = injected.sources();
  ak_bridge_options options = bridge_options_with(&sources);
  options.public_base_url = "not a url";
  ak_bridge *bridge = nullptr;
  CHECK_FAILS_WITH(ak_bridge_new(&options, &bridge), AK_ERR_INVALID_ARGUMENT);
  CHECK(injected.destroyed == 1);

  options = bridge_options_with(&sources);
  CHECK_FAILS_WITH(ak_bridge_new(&options, nullptr), AK_ERR_INVALID_ARGUMENT);
  CHECK(injected.destroyed == 2);

  const ak_store_options bad_store{sizeof(ak_store_options), "", 0, 0, nullptr, 0, 0, 0};
  ak_store *store = nullptr;
  CHECK_FAILS_WITH(ak_store_open(&bad_store, &sources, &store), AK_ERR_INVALID_ARGUMENT);
  CHECK(injected.destroyed == 3);

  // A struct from a newer header is refused, but still holds destroy.
  ak_sources newer = sources;
  newer.struct_size = sizeof(ak_sources) + 8;
  CHECK_FAILS_WITH(ak_store_open(nullptr, &newer, &store), AK_ERR_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Catch::Contains("sources->struct_size"));
  CHECK(injected.destroyed == 4);
  CHECK(bridge == nullptr);
  CHECK(store == nullptr);
}

TEST_CASE("sources without callbacks are destroyed at once and leave the system's in place", "[capi]") {
  test_sources injected;
  const ak_sources sources = injected.sources(false, false);
  const std::int64_t before = system_now_ms();
  const owned_store store = open_store(nullptr, &sources);
  CHECK(injected.destroyed == 1);
  REQUIRE(ak_store_integration_create(store.get(), "acme") == AK_OK);
  CHECK(created_ms_of_first_integration(store.get()) >= before);
  CHECK(created_ms_of_first_integration(store.get()) <= system_now_ms());
  issue_key(store.get(), "acme");
  CHECK(injected.random_calls == 0);
}

TEST_CASE("an older ak_sources with only the clock: the OS random source, user_data NULL", "[capi]") {
  auto older = std::make_unique<older_sources>();  // on the heap, so reading past it is caught
  older->struct_size = sizeof(older_sources);
  older->now_ms = [](void *user_data) -> std::int64_t { return user_data == nullptr ? start_now_ms : 0; };
  const owned_store store = open_store(nullptr, reinterpret_cast<const ak_sources *>(older.get()));
  REQUIRE(ak_store_integration_create(store.get(), "acme") == AK_OK);
  CHECK(created_ms_of_first_integration(store.get()) == start_now_ms);
  CHECK(is_prefix_then(issue_key(store.get(), "acme").key_id, "key_", 16, lower_alphanumerics));
}
