// The store file: reopening, schema versions, foreign files, atomicity, administration.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <atomic>
#include <fstream>
#include <thread>
#include <vector>

#include "ashbyknit/delivery.hpp"
#include "ashbyknit/reporter.hpp"
#include "bridge_support.hpp"
#include "postgres_server.hpp"
#include "scripted_transport.hpp"
#include "sqlite/sqlite_connection.hpp"
#include "store_backends.hpp"

using namespace ashbyknit;
using test::bridge_fixture;

namespace {

/// Runs SQL on the store file through a connection of its own, as another process would.
void run_sql(const std::string &path, const char *sql) {
  sqlite3 *database = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &database) == SQLITE_OK);
  char *message = nullptr;
  const int code = sqlite3_exec(database, sql, nullptr, nullptr, &message);
  INFO((message ? message : ""));
  sqlite3_free(message);
  sqlite3_close(database);
  REQUIRE(code == SQLITE_OK);
}

/// Makes every insert into the outbox on the store at `location` fail, as a full disk would, or
/// (`failing` false) work again; SQL of the store's backend, run as another process would.
void set_outbox_inserts_failing(const std::string &location, bool failing) {
  if (!detail::is_postgres_location(location)) {
    run_sql(location, failing ? "CREATE TRIGGER fail_outbox BEFORE INSERT ON events "
                                "BEGIN SELECT RAISE(ABORT, 'injected'); END"
                              : "DROP TRIGGER fail_outbox");
    return;
  }
  ak_test::run_sql(location, failing ? "CREATE FUNCTION fail_outbox() RETURNS trigger LANGUAGE plpgsql AS "
                                       "$$ BEGIN RAISE EXCEPTION 'injected'; END $$;"
                                       "CREATE TRIGGER fail_outbox BEFORE INSERT ON events "
                                       "FOR EACH ROW EXECUTE FUNCTION fail_outbox()"
                                     : "DROP TRIGGER fail_outbox ON events; DROP FUNCTION fail_outbox()");
}

result<std::unique_ptr<store>> open_store(const std::string &path) {
  store_options options;
  options.path = path;
  return store::open(options);
}

}  // namespace

TEST_CASE("a store reopened by a new bridge keeps everything", "[store]") {
  bridge_fixture fixture;
  const std::string id = bridge_fixture::assessment_id_of(fixture.call("assessment.start", bridge_fixture::start_body("app_1")));
  REQUIRE(fixture.instance->store().set_packages("acme", R"([{"id":"own","name":"Own"}])").ok());
  fixture.reopen();
  CHECK(fixture.call("assessment.list", "{}").status == 200);  // the key still works
  CHECK(fixture.call("assessment.list", "{}").body.find(R"("assessment_type_id":"own")") != std::string::npos);
  CHECK(bridge_fixture::assessment_id_of(fixture.call("assessment.start", bridge_fixture::start_body("app_1"))) == id);
  CHECK(fixture.instance->store().count_events().value().pending == 1);
}

TEST_CASE("a file from a newer version is refused with a clear error", "[store][sqlite]") {
  bridge_fixture fixture;
  fixture.instance.reset();
  run_sql(fixture.store_path, "PRAGMA user_version = 99");
  auto reopened = open_store(fixture.store_path);
  CHECK(reopened.code() == error_code::store_error);
  CHECK(reopened.message() == fixture.store_path + " was written by a newer ashbyknit (schema version 99; this one reads up to 4).");
}

TEST_CASE("a version 1 store is migrated with its pending events deliverable", "[store][sqlite]") {
  bridge_fixture fixture;
  const std::string id = bridge_fixture::assessment_id_of(fixture.call("assessment.start", bridge_fixture::start_body("app_1")));
  fixture.instance.reset();
  // Back to the first schema: the outbox as it was before delivery bookkeeping, reports and
  // candidate enrichment.
  run_sql(fixture.store_path,
          "ALTER TABLE integrations DROP COLUMN enrich_candidates; ALTER TABLE events DROP COLUMN enriched_ms;"
          "DROP TABLE ashby_keys; DROP INDEX events_pending_by_assessment; ALTER TABLE events DROP COLUMN destination;"
          "CREATE INDEX events_pending_by_assessment ON events(assessment_id, seq) WHERE acknowledged_ms IS NULL;"
          "DROP INDEX assessments_one_open; ALTER TABLE assessments DROP COLUMN last_update_ms;"
          "CREATE UNIQUE INDEX assessments_one_active ON assessments(integration_id, application_id, assessment_type_id)"
          " WHERE status = 'active';"
          "DROP INDEX events_due; DROP INDEX events_dead_lettered; DROP TABLE delivery_attempts;"
          "ALTER TABLE events DROP COLUMN lease_token; ALTER TABLE events DROP COLUMN attempts;"
          "ALTER TABLE events DROP COLUMN window_start_ms; ALTER TABLE events DROP COLUMN last_error;"
          "ALTER TABLE events DROP COLUMN dead_lettered_ms;"
          "CREATE INDEX events_pending ON events(seq) WHERE acknowledged_ms IS NULL; PRAGMA user_version = 1");
  fixture.reopen();

  const auto events = fixture.instance->store().list_events().value();
  REQUIRE(events.size() == 1);
  CHECK(events[0].assessment_id == id);
  CHECK(events[0].state == event_state::pending);
  CHECK(events[0].attempts == 0);
  // Its retry window starts when it was created: a failure now is retried, not dead-lettered as
  // if the event were as old as the epoch.
  auto refusing = std::make_shared<test::scripted_transport>(
      [](const test::sent_request &) { return test::http_status(500); });
  delivery_options options;
  options.webhook_url = "https://vendor.example/knit";
  auto engine = delivery_engine::create(*fixture.instance, options, refusing).value();
  CHECK(engine->deliver_due(*fixture.now_ms).value().retrying == 1);
  // And the migrated assessment takes reports.
  REQUIRE(fixture.instance->store().set_ashby_key("acme", "ashby-key").ok());
  CHECK(assessment_reporter(fixture.instance->store()).started("acme", id).ok());
  CHECK(fixture.instance->store().list_assessments().value()[0].status == "started");
  // And its integration, off at first, enriches its candidates once told to.
  CHECK_FALSE(fixture.instance->store().list_integrations().value()[0].enrich_candidates);
  REQUIRE(fixture.instance->store().set_candidate_enrichment("acme", true).ok());
  CHECK(fixture.instance->store().list_integrations().value()[0].enrich_candidates);
}

TEST_CASE("a file that is not a store is refused and left alone", "[store][sqlite]") {
  test::temporary_directory directory;
  const std::string text_file = (directory.path() / "notes.txt").string();
  std::ofstream(text_file) << "these are not the tables you are looking for, padded well past one page of text..."
                           << std::string(4096, '.');
  auto text = open_store(text_file);
  CHECK(text.code() == error_code::store_error);
  CHECK(text.message().rfind(text_file + " is not an ashbyknit store", 0) == 0);

  const std::string other_database = (directory.path() / "other.db").string();
  run_sql(other_database, "CREATE TABLE accounts (id INTEGER)");
  auto other = open_store(other_database);
  CHECK(other.code() == error_code::store_error);
  CHECK(other.message() == other_database + " is not an ashbyknit store: it is a database of another application.");

  auto missing_directory = open_store((directory.path() / "no" / "such" / "store.db").string());
  CHECK(missing_directory.code() == error_code::store_error);
}

TEST_CASE("a failure between the writes of a start leaves the store unchanged", "[store]") {
  bridge_fixture fixture;
  // The assessment row is written first; the outbox insert then fails.
  set_outbox_inserts_failing(fixture.store_path, true);
  const http_response failed = fixture.call("assessment.start", bridge_fixture::start_body("app_1"));
  CHECK(failed.status == 500);
  CHECK(failed.body.find(R"("code":"internal_error")") != std::string::npos);
  CHECK(fixture.instance->store().list_assessments().value().empty());
  CHECK(fixture.instance->store().count_events().value().pending == 0);

  set_outbox_inserts_failing(fixture.store_path, false);
  const http_response retried = fixture.call("assessment.start", bridge_fixture::start_body("app_1"));
  CHECK(retried.status == 200);
  CHECK(fixture.instance->store().count_events().value().pending == 1);
}

TEST_CASE("a failure between the writes of a cancel leaves the assessment active", "[store]") {
  bridge_fixture fixture;
  const std::string id = bridge_fixture::assessment_id_of(fixture.call("assessment.start", bridge_fixture::start_body("app_1")));
  set_outbox_inserts_failing(fixture.store_path, true);
  CHECK(fixture.call("assessment.cancel", R"({"assessment_id":")" + id + "\"}").status == 500);
  CHECK(fixture.instance->store().list_assessments().value()[0].status == "active");
  CHECK(fixture.instance->store().count_events().value().pending == 1);
}

TEST_CASE("integrations are created once, with valid ids", "[store]") {
  bridge_fixture fixture;
  auto &store = fixture.instance->store();
  CHECK(store.create_integration("acme").code() == error_code::conflict);
  CHECK(store.create_integration("bad id").code() == error_code::invalid_argument);
  CHECK(store.create_integration("").code() == error_code::invalid_argument);
  REQUIRE(store.create_integration("globex").ok());
  const auto integrations = store.list_integrations().value();
  REQUIRE(integrations.size() == 2);
  CHECK(integrations[0].id == "acme");
  CHECK(integrations[0].active_keys == 1);
  CHECK(integrations[1].id == "globex");
  CHECK(integrations[1].active_keys == 0);
}

TEST_CASE("catalogues and custom fields are validated before they are stored", "[store]") {
  bridge_fixture fixture;
  auto &store = fixture.instance->store();
  CHECK(store.set_packages("acme", R"([{"id":"a"}])").message() == "The name of package 1 (packages[0].name) is missing.");
  CHECK(store.set_packages("nobody", R"([])").code() == error_code::not_found);
  CHECK(store.set_custom_fields("acme", R"([{"id":"f","name":"F","type":"Colour"}])").code() == error_code::invalid_input);
  CHECK(store.set_custom_fields("acme", R"([{"id":"f","name":"F","type":"ValueSelect"}])").message() ==
        "Custom field 1 (fields[0].possible_values) needs possible values: it is a select field.");
  CHECK(store.set_custom_fields("acme", R"([{"id":"f","name":"F","type":"String"},{"id":"f","name":"G","type":"Date"}])")
            .message() == "Custom field 2 (fields[1].id) repeats the id f.");
  CHECK(store.set_custom_fields("acme", R"([{"id":"f","name":"F","type":"Boolean","isRequired":"yes"}])").code() ==
        error_code::invalid_input);
  CHECK(store.set_custom_fields("acme", R"({})").code() == error_code::malformed_json);
  CHECK(store.custom_fields_for("acme").value() == "[]");
  REQUIRE(store.set_custom_fields("", R"([ {"id":"f", "name":"F", "type":"Boolean"} ])").ok());
  CHECK(store.custom_fields_for("acme").value() == R"([{"id":"f","name":"F","type":"Boolean"}])");
}

TEST_CASE("only a database in a file counts as shared with other connections", "[store][sqlite]") {
  test::temporary_directory directory;
  CHECK(detail::sqlite_connection::open(directory.file("store.db"), 0).value()->has_file());
  CHECK_FALSE(detail::sqlite_connection::open(":memory:", 0).value()->has_file());
  CHECK_FALSE(detail::sqlite_connection::open("", 0).value()->has_file());
}

TEST_CASE("a new store file is marked as ours, versioned and in WAL mode", "[store][sqlite]") {
  bridge_fixture fixture;
  fixture.instance.reset();
  sqlite3 *database = nullptr;
  REQUIRE(sqlite3_open(fixture.store_path.c_str(), &database) == SQLITE_OK);
  const auto pragma = [&](const char *sql) {
    sqlite3_stmt *statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(database, sql, -1, &statement, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
    std::string value(reinterpret_cast<const char *>(sqlite3_column_text(statement, 0)));
    sqlite3_finalize(statement);
    return value;
  };
  CHECK(pragma("PRAGMA application_id") == std::to_string(0x414B4E54));
  CHECK(pragma("PRAGMA user_version") == "4");
  CHECK(pragma("PRAGMA journal_mode") == "wal");
  sqlite3_close(database);
}

TEST_CASE("two bridges on one store file share it without losing a call", "[store][threads]") {
  bridge_fixture first;
  bridge_fixture second(first.store_path, /*create_integration=*/false);
  std::atomic<int> failures{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < 4; ++t) {
    workers.emplace_back([&, t] {
      bridge_fixture &fixture = t % 2 == 0 ? first : second;
      for (int i = 0; i < 50; ++i) {
        const std::string application = "app_" + std::to_string(t) + "_" + std::to_string(i);
        const http_response reply = fixture.call("assessment.start", bridge_fixture::start_body(application), test::basic_authorization(first.key));
        if (reply.status != 200) ++failures;
      }
    });
  }
  for (auto &worker : workers) worker.join();
  CHECK(failures == 0);
  CHECK(first.instance->store().list_assessments().value().size() == 200);
  CHECK(second.instance->store().count_events().value().pending == 200);
}
