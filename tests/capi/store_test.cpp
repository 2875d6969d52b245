// ak_store_*: a real SQLite file in a temporary directory, administered through the C ABI alone.
#include <catch2/catch.hpp>
#include <cstddef>
#include <fstream>
#include <memory>
#include <string>

#include "capi_support.hpp"
#include "store_bridge_support.hpp"

using namespace capi_test;

namespace {

/// ak_store_options as a header that had only its first two fields declared it.
struct older_store_options {
  size_t struct_size;
  const char *path;
};
static_assert(offsetof(older_store_options, path) == offsetof(ak_store_options, path));

/// A store on a file in its own directory, with the test's clock and random source.
struct store_fixture {
  store_fixture() : store(open_at(path)) {}
  owned_store open_at(const std::string &file) {
    const ak_store_options options = store_file(file.c_str());
    const ak_sources sources = injected.sources();
    return open_store(&options, &sources);
  }

  temporary_directory directory;
  std::string path = directory.file("store.db");
  test_sources injected;
  owned_store store;
};

std::string integrations(ak_store *store) {
  char *out = nullptr;
  return take(ak_store_integration_list(store, &out), &out);
}

std::string keys(ak_store *store, const char *integration_id) {
  char *out = nullptr;
  return take(ak_store_secret_list(store, integration_id, &out), &out);
}

std::string assessments(ak_store *store, const char *integration_id) {
  char *out = nullptr;
  return take(ak_store_assessments_list(store, integration_id, &out), &out);
}

/// Checks that ak_store_open refuses `options`, naming `named`, and leaves `out` untouched.
void check_open_refused(const ak_store_options *options, ak_status expected, const char *named) {
  ak_store *out = reinterpret_cast<ak_store *>(untouched_marker());
  CHECK_FAILS_WITH(ak_store_open(options, nullptr, &out), expected);
  CHECK_THAT(last_error(), Catch::Contains(named));
  CHECK(out == reinterpret_cast<ak_store *>(untouched_marker()));
}

}  // namespace

TEST_CASE("ak_store_open with NULL options is an empty store in memory", "[capi]") {
  const owned_store store = open_store(nullptr);
  CHECK(integrations(store.get()) == "[]");
  CHECK(assessments(store.get(), nullptr) == "[]");
  std::int64_t pending = -1;
  std::int64_t acknowledged = -1;
  std::int64_t dead_lettered = -1;
  REQUIRE(ak_store_events_count(store.get(), &pending, &acknowledged, &dead_lettered) == AK_OK);
  CHECK(pending == 0);
  CHECK(acknowledged == 0);
  CHECK(dead_lettered == 0);
  CHECK(ak_store_events_count(store.get(), nullptr, nullptr, nullptr) == AK_OK);
  // Two in-memory stores are private to their handles.
  REQUIRE(ak_store_integration_create(store.get(), "acme") == AK_OK);
  CHECK(integrations(open_store(nullptr).get()) == "[]");
}

TEST_CASE("ak_store_free and the other free functions accept NULL", "[capi]") {
  ak_store_free(nullptr);
  ak_bridge_free(nullptr);
  ak_http_response_free(nullptr);
  ak_event_batch_free(nullptr);
  SUCCEED("no crash");
}

TEST_CASE("integrations are created, listed and kept in the file", "[capi]") {
  store_fixture fixture;
  REQUIRE(ak_store_integration_create(fixture.store.get(), "globex") == AK_OK);
  fixture.injected.now_ms += 5;
  REQUIRE(ak_store_integration_create(fixture.store.get(), "acme") == AK_OK);
  const std::string expected =
      canonical_json(R"([{"id":"acme","createdMs":1734567890128,"activeKeys":0,"ashbyKeySet":false,)"
                     R"("enrichCandidates":false},{"id":"globex","createdMs":1734567890123,"activeKeys":0,)"
                     R"("ashbyKeySet":false,"enrichCandidates":false}])");
  CHECK(canonical_json(integrations(fixture.store.get())) == expected);

  fixture.store.reset();
  fixture.store = fixture.open_at(fixture.path);
  CHECK(canonical_json(integrations(fixture.store.get())) == expected);
}

TEST_CASE("an integration that exists is a conflict, a bad id an invalid argument", "[capi]") {
  store_fixture fixture;
  REQUIRE(ak_store_integration_create(fixture.store.get(), "acme") == AK_OK);
  CHECK_FAILS_WITH(ak_store_integration_create(fixture.store.get(), "acme"), AK_ERR_CONFLICT);
  CHECK_THAT(last_error(), Catch::Contains("acme"));
  for (const char *bad : {"", "has space", "a/b"}) {
    INFO(bad);
    CHECK_FAILS_WITH(ak_store_integration_create(fixture.store.get(), bad), AK_ERR_INVALID_ARGUMENT);
  }
  CHECK_FAILS_WITH(ak_store_integration_create(fixture.store.get(), std::string(129, 'a').c_str()),
                   AK_ERR_INVALID_ARGUMENT);
}

TEST_CASE("ak_store_candidate_enrichment_set turns enrichment on and off, as the list shows and the file keeps",
          "[capi]") {
  store_fixture fixture;
  ak_store *store = fixture.store.get();
  REQUIRE(ak_store_integration_create(store, "acme") == AK_OK);
  REQUIRE(ak_store_integration_create(store, "globex") == AK_OK);
  CHECK_FALSE(json_bool_at(integrations(store), "/1/enrichCandidates"));  // off by default
  CHECK(ak_store_candidate_enrichment_set(store, "globex", 1) == AK_OK);
  CHECK(json_bool_at(integrations(store), "/1/enrichCandidates"));
  CHECK_FALSE(json_bool_at(integrations(store), "/0/enrichCandidates"));  // acme's is its own
  CHECK(ak_store_candidate_enrichment_set(store, "acme", 7) == AK_OK);    // any non-zero is on
  CHECK(ak_store_candidate_enrichment_set(store, "globex", 0) == AK_OK);
  CHECK(ak_store_candidate_enrichment_set(store, "globex", 0) == AK_OK);  // again changes nothing

  fixture.store.reset();
  fixture.store = fixture.open_at(fixture.path);
  const std::string listed = integrations(fixture.store.get());
  CHECK(json_bool_at(listed, "/0/enrichCandidates"));
  CHECK_FALSE(json_bool_at(listed, "/1/enrichCandidates"));
}

TEST_CASE("ak_store_candidate_enrichment_set refuses NULLs and unknown integrations", "[capi]") {
  store_fixture fixture;
  REQUIRE(ak_store_integration_create(fixture.store.get(), "acme") == AK_OK);
  CHECK_FAILS_WITH(ak_store_candidate_enrichment_set(nullptr, "acme", 1), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_store_candidate_enrichment_set(fixture.store.get(), nullptr, 1), AK_ERR_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Catch::Contains("integration_id"));
  CHECK_FAILS_WITH(ak_store_candidate_enrichment_set(fixture.store.get(), "initech", 1), AK_ERR_NOT_FOUND);
  CHECK(last_error() == "There is no integration initech.");
  CHECK_FALSE(json_bool_at(integrations(fixture.store.get()), "/0/enrichCandidates"));
}

TEST_CASE("ak_store_secret_issue hands out a key, the base URL and a key id", "[capi]") {
  store_fixture fixture;
  REQUIRE(ak_store_integration_create(fixture.store.get(), "acme") == AK_OK);
  const issued_key first = issue_key(fixture.store.get(), "acme");
  CHECK(is_prefix_then(first.secret_key, "aksk_", 49, alphanumerics));
  CHECK(first.base_url == base_url);
  CHECK(is_prefix_then(first.key_id, "key_", 16, lower_alphanumerics));
  CHECK(fixture.injected.random_calls > 0);

  // The key itself matches the hash the store keeps; only the library's own hash says so.
  char *hash = nullptr;
  const std::string key_hash = take(ak_secret_hash(first.secret_key.c_str(), &hash), &hash);
  CHECK(ak_secret_matches(first.secret_key.c_str(), key_hash.c_str()) == 1);

  fixture.injected.now_ms += 1;
  const issued_key second = issue_key(fixture.store.get(), "acme", 86'400'000);
  CHECK(second.secret_key != first.secret_key);
  CHECK(canonical_json(keys(fixture.store.get(), "acme")) ==
        canonical_json(R"([{"keyId":")" + first.key_id +
                       R"(","integrationId":"acme","createdMs":1734567890123,"expiresMs":null,"revokedMs":null},)"
                       R"({"keyId":")" + second.key_id +
                       R"(","integrationId":"acme","createdMs":1734567890124,"expiresMs":1734654290124,)"
                       R"("revokedMs":null}])"));
  CHECK(json_int_at(integrations(fixture.store.get()), "/0/activeKeys") == 2);
  // Never the key, nor its hash.
  CHECK_THAT(keys(fixture.store.get(), "acme"), !Catch::Contains(first.secret_key) && !Catch::Contains(key_hash));
}

TEST_CASE("ak_store_secret_issue refuses what the header says it refuses", "[capi]") {
  store_fixture fixture;
  REQUIRE(ak_store_integration_create(fixture.store.get(), "acme") == AK_OK);
  ak_store *store = fixture.store.get();
  char *key = untouched_marker();
  char *url = untouched_marker();
  char *key_id = untouched_marker();
  CHECK_FAILS_WITH(ak_store_secret_issue(store, "acme", base_url, -1, &key, &url, &key_id), AK_ERR_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Catch::Contains("expires_in_ms"));
  CHECK_FAILS_WITH(ak_store_secret_issue(store, "acme", "ftp://x.example", 0, &key, &url, &key_id),
                   AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_store_secret_issue(store, "nobody", base_url, 0, &key, &url, &key_id), AK_ERR_NOT_FOUND);
  CHECK_THAT(last_error(), Catch::Contains("nobody"));
  CHECK_FAILS_WITH(ak_store_secret_issue(nullptr, "acme", base_url, 0, &key, &url, &key_id), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_store_secret_issue(store, nullptr, base_url, 0, &key, &url, &key_id), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_store_secret_issue(store, "acme", nullptr, 0, &key, &url, &key_id), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_store_secret_issue(store, "acme", base_url, 0, nullptr, &url, &key_id), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_store_secret_issue(store, "acme", base_url, 0, &key, nullptr, &key_id), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_store_secret_issue(store, "acme", base_url, 0, &key, &url, nullptr), AK_ERR_INVALID_ARGUMENT);
  CHECK(key == untouched_marker());
  CHECK(url == untouched_marker());
  CHECK(key_id == untouched_marker());
  CHECK(keys(store, "acme") == "[]");
}

TEST_CASE("a revoked key is listed as revoked, revoking twice is fine, unknown keys are not found", "[capi]") {
  store_fixture fixture;
  ak_store *store = fixture.store.get();
  REQUIRE(ak_store_integration_create(store, "acme") == AK_OK);
  REQUIRE(ak_store_integration_create(store, "globex") == AK_OK);
  const issued_key kept = issue_key(store, "acme");
  const issued_key revoked = issue_key(store, "acme");
  fixture.injected.now_ms += 7;
  REQUIRE(ak_store_secret_revoke(store, "acme", revoked.key_id.c_str()) == AK_OK);
  fixture.injected.now_ms += 7;
  REQUIRE(ak_store_secret_revoke(store, "acme", revoked.key_id.c_str()) == AK_OK);
  const std::string listed = keys(store, "acme");
  CHECK(json_string_at(listed, "/1/keyId") == revoked.key_id);
  CHECK(json_int_at(listed, "/1/revokedMs") == start_now_ms + 7);
  CHECK(json_int_at(integrations(store), "/0/activeKeys") == 1);

  // Another integration's key is not this integration's to revoke.
  CHECK_FAILS_WITH(ak_store_secret_revoke(store, "globex", kept.key_id.c_str()), AK_ERR_NOT_FOUND);
  CHECK_FAILS_WITH(ak_store_secret_revoke(store, "acme", "key_nosuchkey0000000"), AK_ERR_NOT_FOUND);
  CHECK_FAILS_WITH(ak_store_secret_revoke(nullptr, "acme", "key"), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_store_secret_revoke(store, nullptr, "key"), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_store_secret_revoke(store, "acme", nullptr), AK_ERR_INVALID_ARGUMENT);
  CHECK(json_int_at(integrations(store), "/0/activeKeys") == 1);
}

TEST_CASE("ak_store_secret_list of an unknown integration is not found", "[capi]") {
  store_fixture fixture;
  char *out = untouched_marker();
  CHECK_FAILS_WITH(ak_store_secret_list(fixture.store.get(), "nobody", &out), AK_ERR_NOT_FOUND);
  CHECK_FAILS_WITH(ak_store_secret_list(nullptr, "acme", &out), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_store_secret_list(fixture.store.get(), nullptr, &out), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_store_secret_list(fixture.store.get(), "acme", nullptr), AK_ERR_INVALID_ARGUMENT);
  CHECK(out == untouched_marker());
}

TEST_CASE("catalogues and custom fields are set bridge-wide or per integration, and checked", "[capi]") {
  using setter = ak_status (*)(ak_store *, const char *, const char *);
  struct case_of {
    const char *name;
    setter set;
    const char *valid;
    const char *invalid;  ///< well-formed JSON that fails validation
  };
  const case_of cases[] = {
      {"packages", ak_store_packages_set, R"([{"id":"pkg_1","name":"Test"}])", R"([{"id":"pkg_1"}])"},
      {"fields", ak_store_fields_set, R"([{"id":"level","name":"Level","type":"String"}])",
       R"([{"id":"level","name":"Level","type":"Colour"}])"},
  };
  store_fixture fixture;
  ak_store *store = fixture.store.get();
  REQUIRE(ak_store_integration_create(store, "acme") == AK_OK);
  for (const case_of &c : cases) {
    INFO(c.name);
    CHECK(c.set(store, nullptr, c.valid) == AK_OK);
    CHECK(c.set(store, "acme", c.valid) == AK_OK);
    CHECK_FAILS_WITH(c.set(store, "nobody", c.valid), AK_ERR_NOT_FOUND);
    CHECK_FAILS_WITH(c.set(store, "", c.valid), AK_ERR_INVALID_ARGUMENT);
    CHECK_THAT(last_error(), Catch::Contains("NULL"));
    CHECK_FAILS_WITH(c.set(store, "acme", "[{"), AK_ERR_MALFORMED_JSON);
    CHECK_FAILS_WITH(c.set(store, nullptr, c.invalid), AK_ERR_INVALID_INPUT);
    CHECK_THAT(last_error(), Catch::Contains("[0]"));
    CHECK_FAILS_WITH(c.set(nullptr, "acme", c.valid), AK_ERR_INVALID_ARGUMENT);
    CHECK_FAILS_WITH(c.set(store, "acme", nullptr), AK_ERR_INVALID_ARGUMENT);
  }
}

TEST_CASE("ak_store_assessments_list takes NULL for every integration and refuses \"\"", "[capi]") {
  store_fixture fixture;
  ak_store *store = fixture.store.get();
  REQUIRE(ak_store_integration_create(store, "acme") == AK_OK);
  CHECK(assessments(store, "acme") == "[]");
  CHECK(assessments(store, nullptr) == "[]");
  char *out = untouched_marker();
  CHECK_FAILS_WITH(ak_store_assessments_list(store, "nobody", &out), AK_ERR_NOT_FOUND);
  CHECK_FAILS_WITH(ak_store_assessments_list(store, "", &out), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_store_assessments_list(nullptr, nullptr, &out), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_store_assessments_list(store, nullptr, nullptr), AK_ERR_INVALID_ARGUMENT);
  CHECK(out == untouched_marker());
}

TEST_CASE("the store functions refuse a NULL store or output", "[capi]") {
  const owned_store store = open_store(nullptr);
  char *out = untouched_marker();
  CHECK_FAILS_WITH(ak_store_integration_create(nullptr, "acme"), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_store_integration_create(store.get(), nullptr), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_store_integration_list(nullptr, &out), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_store_integration_list(store.get(), nullptr), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_store_events_count(nullptr, nullptr, nullptr, nullptr), AK_ERR_INVALID_ARGUMENT);
  CHECK(out == untouched_marker());
  CHECK_FAILS_WITH(ak_store_open(nullptr, nullptr, nullptr), AK_ERR_INVALID_ARGUMENT);
}

TEST_CASE("a file that is not a store, or a directory that does not exist, is a store error", "[capi]") {
  temporary_directory directory;
  const std::string text_file = directory.file("notes.txt");
  std::ofstream(text_file) << "plain text, not a database" << std::string(4096, '.');
  const ak_store_options text = store_file(text_file.c_str());
  check_open_refused(&text, AK_ERR_STORE, "is not an ashbyknit store");
  const std::string missing_path = directory.file("no/such/store.db");
  const ak_store_options missing = store_file(missing_path.c_str());
  check_open_refused(&missing, AK_ERR_STORE, "cannot be opened");
}

TEST_CASE("ak_store_options: every field is read, bad values are refused", "[capi]") {
  temporary_directory directory;
  const std::string path = directory.file("store.db");
  SECTION("busy timeout and durability") {
    ak_store_options options = store_file(path.c_str());
    options.busy_timeout_ms = 250;
    options.durability = AK_DURABILITY_NORMAL;
    const owned_store store = open_store(&options);
    REQUIRE(ak_store_integration_create(store.get(), "acme") == AK_OK);
    CHECK(std::filesystem::exists(path));
  }
  SECTION("bad values") {
    ak_store_options options = store_file(path.c_str());
    options.durability = 2;
    check_open_refused(&options, AK_ERR_INVALID_ARGUMENT, "durability");
    options.durability = -1;
    check_open_refused(&options, AK_ERR_INVALID_ARGUMENT, "durability");
    options = store_file(path.c_str());
    options.busy_timeout_ms = -1;
    check_open_refused(&options, AK_ERR_INVALID_ARGUMENT, "busy_timeout_ms");
    options = store_file("");
    check_open_refused(&options, AK_ERR_INVALID_ARGUMENT, "path is empty");
    CHECK_FALSE(std::filesystem::exists(path));
  }
  SECTION("struct_size larger than this header's, or too small to hold itself") {
    for (const size_t size : {sizeof(ak_store_options) + 1, size_t{0}, sizeof(size_t) - 1}) {
      INFO("struct_size " << size);
      ak_store_options options = store_file(path.c_str());
      options.struct_size = size;
      check_open_refused(&options, AK_ERR_INVALID_ARGUMENT, "struct_size");
    }
  }
  SECTION("an older struct is read only as far as its struct_size") {
    auto older = std::make_unique<older_store_options>();  // on the heap, so reading past it is caught
    older->struct_size = sizeof(older_store_options);
    older->path = path.c_str();
    const owned_store store = open_store(reinterpret_cast<const ak_store_options *>(older.get()));
    REQUIRE(ak_store_integration_create(store.get(), "acme") == AK_OK);
    CHECK(std::filesystem::exists(path));
  }
  SECTION("fields past struct_size hold values that would fail if read") {
    ak_store_options options = store_file(path.c_str());
    options.busy_timeout_ms = -1;
    options.durability = 99;
    options.struct_size = offsetof(ak_store_options, busy_timeout_ms);
    const owned_store store = open_store(&options);
    CHECK(std::filesystem::exists(path));
  }
  SECTION("group commit: 0 is the default batch, a wait from 0 to a second is taken") {
    for (const size_t batch : {size_t{0}, size_t{1}, size_t{500}}) {
      for (const long long wait_us : {0LL, 1'000'000LL}) {
        INFO("commit_batch_max " << batch << ", commit_wait_us " << wait_us);
        ak_store_options options = store_file(path.c_str());
        options.commit_batch_max = batch;
        options.commit_wait_us = wait_us;
        const owned_store store = open_store(&options);
        CHECK(integrations(store.get()) == "[]");
      }
    }
  }
  SECTION("group commit: a negative wait, or one over a second, is refused") {
    for (const long long wait_us : {-1LL, 1'000'001LL}) {
      ak_store_options options = store_file(path.c_str());
      options.commit_wait_us = wait_us;
      check_open_refused(&options, AK_ERR_INVALID_ARGUMENT, "commit_wait_us must be from 0 to 1000000 microseconds");
    }
    CHECK_FALSE(std::filesystem::exists(path));
  }
  SECTION("group commit: a struct_size that ends before its fields gives the defaults") {
    ak_store_options options = store_file(path.c_str());
    options.commit_wait_us = -1;
    options.struct_size = offsetof(ak_store_options, commit_wait_us);
    const owned_store store = open_store(&options);
    CHECK(std::filesystem::exists(path));
  }
}
