// Starts and cancels from many threads through one bridge on a durable store file: they share
// commits, yet each is committed before its reply; a failing start takes no other down; and the
// store's grouping options are checked; keys are checked even while a commit waits.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "bridge_support.hpp"
#include "commit_counter.hpp"
#include "test_support.hpp"

using namespace ashbyknit;
using test::bridge_fixture;

namespace {

/// Opens `fixture`'s bridge again on its store file (durability full, the default), with the
/// store grouping commits as told. Construct a commit_counter before calling it.
void regroup(bridge_fixture &fixture, std::size_t batch_max, std::int64_t wait_us) {
  fixture.instance.reset();
  bridge_options options;
  options.public_base_url = std::string(bridge_fixture::base_url);
  options.default_packages_json = test::read_fixture("packages.json");
  options.store.path = fixture.store_path;
  options.store.commit_batch_max = batch_max;
  options.store.commit_wait_us = wait_us;
  auto opened = bridge::open(std::move(options));
  INFO(opened.message());
  REQUIRE(opened.ok());
  fixture.instance = std::move(opened).value();
}

/// The status of assessment `id` as a new connection to the store file reads it, as another
/// process would: "" when it has no such row. Makes no assertion, so threads may call it.
std::string committed_status(const std::string &path, const std::string &id) {
  sqlite3 *database = nullptr;
  std::string status;
  sqlite3_stmt *statement = nullptr;
  if (sqlite3_open_v2(path.c_str(), &database, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK &&
      sqlite3_prepare_v2(database, "SELECT status FROM assessments WHERE id = ?1", -1, &statement, nullptr) == SQLITE_OK) {
    sqlite3_bind_text(statement, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(statement) == SQLITE_ROW) status = reinterpret_cast<const char *>(sqlite3_column_text(statement, 0));
  }
  sqlite3_finalize(statement);
  sqlite3_close(database);
  return status;
}

/// How many outbox events of `type` the store holds.
std::size_t events_of_type(bridge_fixture &fixture, std::string_view type) {
  const auto events = fixture.instance->store().list_events().value();
  return static_cast<std::size_t>(
      std::count_if(events.begin(), events.end(), [&](const event_info &event) { return event.event_type == type; }));
}

/// The replies to starts of `bodies`, each sent on a thread of its own, all at once.
std::vector<http_response> start_together(bridge_fixture &fixture, const std::vector<std::string> &bodies) {
  std::vector<http_response> replies(bodies.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    threads.emplace_back([&, i] { replies[i] = fixture.call("assessment.start", bodies[i]); });
  }
  for (auto &thread : threads) thread.join();
  return replies;
}

}  // namespace

TEST_CASE("concurrent starts and cancels share commits, each committed before its reply", "[bridge][threads][sqlite]") {
  test::commit_counter counter;
  bridge_fixture fixture;
  regroup(fixture, store_options{}.commit_batch_max, store_options{}.commit_wait_us);
  counter.reset();
  constexpr int threads = 8;
  constexpr int starts_per_thread = 20;
  std::atomic<int> unexpected{0};
  std::atomic<int> uncommitted{0};
  std::atomic<int> cancels{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < starts_per_thread; ++i) {
        const std::string application = "app_" + std::to_string(t) + "_" + std::to_string(i);
        const auto id = bridge_fixture::find_assessment_id(
            fixture.call("assessment.start", bridge_fixture::start_body(application)));
        if (!id) {
          ++unexpected;
          continue;
        }
        // Durability: once the reply is out, the row is in the file for anyone to read.
        if (committed_status(fixture.store_path, *id) != "active") ++uncommitted;
        if (i % 2 != 0) continue;
        const http_response cancelled = fixture.call("assessment.cancel", R"({"assessment_id":")" + *id + "\"}");
        if (cancelled.status != 200 || cancelled.body.find("\"success\":true") == std::string::npos) ++unexpected;
        if (committed_status(fixture.store_path, *id) != "cancelled") ++uncommitted;
        ++cancels;
      }
    });
  }
  for (auto &worker : workers) worker.join();
  constexpr std::size_t starts = threads * starts_per_thread;
  CHECK(unexpected == 0);
  CHECK(uncommitted == 0);
  CHECK(fixture.instance->store().list_assessments().value().size() == starts);
  CHECK(events_of_type(fixture, "record.new") == starts);
  CHECK(events_of_type(fixture, "record.deleted") == static_cast<std::size_t>(cancels.load()));
  // Calls that queued behind a commit shared the next one.
  INFO("commits: " << counter.commits() << " for " << starts + cancels << " starts and cancels");
  CHECK(counter.commits() < static_cast<std::int64_t>(starts) + cancels);
}

TEST_CASE("a start that fails inside a batch is rolled back alone", "[bridge][threads][sqlite]") {
  test::commit_counter counter;
  bridge_fixture fixture;
  // The outbox refuses app_bad's record.new, after its assessment row is written, as a full
  // disk or a broken row would.
  {
    sqlite3 *database = nullptr;
    REQUIRE(sqlite3_open(fixture.store_path.c_str(), &database) == SQLITE_OK);
    CHECK(sqlite3_exec(database,
                       "CREATE TRIGGER fail_app_bad BEFORE INSERT ON events WHEN NEW.assessment_id IN"
                       " (SELECT id FROM assessments WHERE application_id = 'app_bad')"
                       " BEGIN SELECT RAISE(ABORT, 'injected'); END",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(database);
  }
  // A batch of 4 and a long wait: the four starts share one transaction.
  regroup(fixture, 4, 1'000'000);
  counter.reset();
  const auto replies = start_together(fixture, {bridge_fixture::start_body("app_1"), bridge_fixture::start_body("app_bad"),
                                                bridge_fixture::start_body("app_2"), bridge_fixture::start_body("app_3")});
  CHECK(replies[0].status == 200);
  CHECK(replies[1].status == 500);
  CHECK(replies[2].status == 200);
  CHECK(replies[3].status == 200);
  const auto assessments = fixture.instance->store().list_assessments().value();
  CHECK(assessments.size() == 3);
  for (const auto &assessment : assessments) CHECK(assessment.application_id != "app_bad");
  CHECK(events_of_type(fixture, "record.new") == 3);
  CHECK(counter.commits() == 1);
}

TEST_CASE("two starts of one application in one batch behave as one after the other", "[bridge][threads][sqlite]") {
  test::commit_counter counter;
  bridge_fixture fixture;
  regroup(fixture, 2, 1'000'000);
  counter.reset();
  SECTION("the same candidate: the second is a retry of the first") {
    const auto replies = start_together(fixture, {bridge_fixture::start_body("app_1"), bridge_fixture::start_body("app_1")});
    CHECK(replies[0].status == 200);
    CHECK(replies[1].status == 200);
    CHECK(bridge_fixture::assessment_id_of(replies[0]) == bridge_fixture::assessment_id_of(replies[1]));
  }
  SECTION("another candidate: the second is a conflict") {
    const auto replies = start_together(
        fixture, {bridge_fixture::start_body("app_1", "cand_1"), bridge_fixture::start_body("app_1", "cand_2")});
    CHECK(replies[0].status + replies[1].status == 200 + 409);
  }
  CHECK(fixture.instance->store().list_assessments().value().size() == 1);
  CHECK(events_of_type(fixture, "record.new") == 1);
  CHECK(counter.commits() == 1);
}

TEST_CASE("with a batch of 1 every start commits alone", "[bridge][threads][sqlite]") {
  test::commit_counter counter;
  bridge_fixture fixture;
  regroup(fixture, 1, 0);
  counter.reset();
  constexpr int threads = 4;
  constexpr int starts_per_thread = 10;
  std::atomic<int> refused{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < starts_per_thread; ++i) {
        const std::string application = "app_" + std::to_string(t) + "_" + std::to_string(i);
        if (fixture.call("assessment.start", bridge_fixture::start_body(application)).status != 200) ++refused;
      }
    });
  }
  for (auto &worker : workers) worker.join();
  CHECK(refused == 0);
  CHECK(events_of_type(fixture, "record.new") == std::size_t{threads * starts_per_thread});
  CHECK(counter.commits() == threads * starts_per_thread);
}

TEST_CASE("keys are checked while a commit waits for the write lock", "[bridge][threads][sqlite]") {
  bridge_fixture fixture;
  // Another process's write transaction: the bridge's next commit waits for it (up to the busy
  // timeout), holding the store's connection meanwhile.
  sqlite3 *other = nullptr;
  REQUIRE(sqlite3_open_v2(fixture.store_path.c_str(), &other, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  std::atomic<bool> start_answered{false};
  int start_status = 0;
  std::thread start([&] {
    start_status = fixture.call("assessment.start", bridge_fixture::start_body("app_waiting")).status;
    start_answered = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the start reaches its commit
  // The key is read through the store's second connection, so it is answered now, not once the
  // start's commit is done.
  const auto owner = fixture.instance->store().authenticate(fixture.key);
  CHECK_FALSE(start_answered);
  REQUIRE(owner.ok());
  CHECK(owner.value() == "acme");
  CHECK(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(other);
  start.join();
  CHECK(start_status == 200);
}

TEST_CASE("store::open refuses a batch of 0 and a wait out of range", "[store][sqlite]") {
  test::temporary_directory directory;
  const auto open_with = [&](std::size_t batch_max, std::int64_t wait_us) {
    store_options options;
    options.path = directory.file("store.db");
    options.commit_batch_max = batch_max;
    options.commit_wait_us = wait_us;
    return store::open(std::move(options));
  };
  const auto batch = open_with(0, 0);
  CHECK(batch.code() == error_code::invalid_argument);
  CHECK(batch.message() == "commit_batch_max must be at least 1 (1: every call commits alone).");
  const auto negative = open_with(64, -1);
  CHECK(negative.code() == error_code::invalid_argument);
  CHECK(negative.message() == "commit_wait_us must be from 0 to 1000000 microseconds, not -1.");
  CHECK(open_with(64, max_commit_wait_us + 1).code() == error_code::invalid_argument);
  // Nothing was created for the refused options.
  CHECK_FALSE(std::filesystem::exists(directory.file("store.db")));
  CHECK(open_with(1, max_commit_wait_us).ok());
}
