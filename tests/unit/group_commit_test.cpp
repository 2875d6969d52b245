// The group commit on its own: units of work from many threads against a real SQLite file,
// batched into shared transactions, with failures of one unit and of whole batches.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include "commit_counter.hpp"
#include "group_commit.hpp"
#include "sqlite/sqlite_connection.hpp"
#include "temporary_directory.hpp"

using namespace ashbyknit;
using namespace std::chrono_literals;

namespace {

/// What a unit does after inserting its row.
enum class then { succeed, fail, throw_bad_alloc, insert_orphan };

/// A database file with a table of named rows, and a group commit over it. The commit counter
/// comes first, so that it counts the database's commits.
struct batch_fixture {
  batch_fixture(std::size_t batch_max, std::chrono::microseconds wait, int busy_timeout_ms = 5000)
      : database(open_database(busy_timeout_ms)), batches(*database, connection, batch_max, wait) {
    counter.reset();
  }

  std::unique_ptr<detail::sqlite_connection> open_database(int busy_timeout_ms) {
    auto opened = detail::sqlite_connection::open(path, busy_timeout_ms);
    REQUIRE(opened.ok());
    // As the store sets it up: WAL, every commit synced; children check their parent at COMMIT.
    REQUIRE(opened.value()
                ->exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
                       "CREATE TABLE rows (name TEXT PRIMARY KEY);"
                       "CREATE TABLE parents (id TEXT PRIMARY KEY);"
                       "CREATE TABLE children (parent TEXT REFERENCES parents(id) DEFERRABLE INITIALLY DEFERRED);")
                .ok());
    return std::move(opened).value();
  }

  /// Submits a unit that inserts the row `name`, then does what `after` says; the unit's result
  /// is the number of rows it inserted.
  result<int> insert(const std::string &name, then after = then::succeed) {
    return batches.run([&]() -> result<int> {
      auto query = database->query("INSERT INTO rows (name) VALUES (?1)");
      if (!query.ok()) return query.failure();
      if (auto done = query.value().bind(1, name).step(); !done.ok()) return done.failure();
      switch (after) {
        case then::succeed: break;
        case then::fail: return error{error_code::internal, "The unit " + name + " failed after writing."};
        case then::throw_bad_alloc: throw std::bad_alloc();
        case then::insert_orphan:
          if (auto orphan = database->exec("INSERT INTO children (parent) VALUES ('nobody')"); !orphan.ok()) {
            return orphan.failure();
          }
          break;
      }
      return 1;
    });
  }

  /// The committed rows, in the order they were inserted; read with the connection's mutex, as
  /// every use of the connection is.
  std::vector<std::string> rows() {
    std::lock_guard lock(connection);
    auto query = database->query("SELECT name FROM rows ORDER BY rowid");
    REQUIRE(query.ok());
    auto names = detail::collect_rows(query.value(), [](const detail::sql_query &q) { return std::string(q.text(0)); });
    REQUIRE(names.ok());
    return names.value();
  }

  test::temporary_directory directory;
  std::string path = directory.file("batches.db");
  test::commit_counter counter;
  std::unique_ptr<detail::sqlite_connection> database;
  std::mutex connection;
  detail::group_commit batches;
};

/// How each of a set of concurrent calls ended: an ok result, an error with its message, or an
/// exception. Threads record here; the test's own thread asserts.
struct outcome {
  bool ok = false;
  error_code code = error_code::ok;
  std::string message;
  bool threw_bad_alloc = false;
};

/// Runs `fixture.insert(names[i], afters[i])` on a thread each, all at once, and gives how each
/// ended.
std::vector<outcome> insert_together(batch_fixture &fixture, const std::vector<std::string> &names,
                                     const std::vector<then> &afters) {
  std::vector<outcome> outcomes(names.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < names.size(); ++i) {
    threads.emplace_back([&, i] {
      try {
        const result<int> inserted = fixture.insert(names[i], afters[i]);
        outcomes[i] = {inserted.ok(), inserted.code(), inserted.message(), false};
      } catch (const std::bad_alloc &) {
        outcomes[i].threw_bad_alloc = true;
      }
    });
  }
  for (auto &thread : threads) thread.join();
  return outcomes;
}

}  // namespace

TEST_CASE("a lone unit commits at once without a wait, and waits it out with one", "[group_commit]") {
  SECTION("no wait") {
    batch_fixture fixture(64, 0us);
    CHECK(fixture.insert("alone").value() == 1);
    CHECK(fixture.rows() == std::vector<std::string>{"alone"});
    CHECK(fixture.counter.commits() == 1);
  }
  SECTION("a wait, with nobody to join it") {
    batch_fixture fixture(64, 100ms);
    const auto started = std::chrono::steady_clock::now();
    CHECK(fixture.insert("alone").value() == 1);
    CHECK(std::chrono::steady_clock::now() - started >= 100ms);
    CHECK(fixture.counter.commits() == 1);
  }
  SECTION("a wait, with a batch of 1, which the unit fills by itself") {
    batch_fixture fixture(1, 1s);
    const auto started = std::chrono::steady_clock::now();
    CHECK(fixture.insert("alone").value() == 1);
    CHECK(std::chrono::steady_clock::now() - started < 900ms);
  }
}

TEST_CASE("units that arrive together share one commit, and a full batch ends the wait", "[group_commit][threads]") {
  batch_fixture fixture(4, 1s);
  const auto started = std::chrono::steady_clock::now();
  const auto outcomes = insert_together(fixture, {"a", "b", "c", "d"}, std::vector<then>(4, then::succeed));
  for (const outcome &each : outcomes) CHECK(each.ok);
  CHECK(std::chrono::steady_clock::now() - started < 900ms);
  CHECK(fixture.rows().size() == 4);
  CHECK(fixture.counter.commits() == 1);
}

TEST_CASE("units that arrive while a batch commits form the next batch, in arrival order", "[group_commit][threads]") {
  batch_fixture fixture(64, 0us);
  std::vector<std::thread> threads;
  {
    // Holding the connection keeps the first batch from committing while the others queue.
    std::unique_lock held(fixture.connection);
    // The gaps between the threads' starts order their arrivals.
    for (const char *name : {"first", "second", "third", "fourth"}) {
      threads.emplace_back([&fixture, name] { (void)fixture.insert(name); });
      std::this_thread::sleep_for(50ms);
    }
  }
  for (auto &thread : threads) thread.join();
  CHECK(fixture.rows() == std::vector<std::string>{"first", "second", "third", "fourth"});
  // "first" alone, as it found no batch in progress; then the three that queued behind it.
  CHECK(fixture.counter.commits() == 2);
}

TEST_CASE("a unit that fails or throws is rolled back alone; the rest of its batch commits", "[group_commit][threads]") {
  batch_fixture fixture(4, 1s);
  const auto outcomes = insert_together(fixture, {"kept_1", "failed", "threw", "kept_2"},
                                        {then::succeed, then::fail, then::throw_bad_alloc, then::succeed});
  CHECK(outcomes[0].ok);
  CHECK_FALSE(outcomes[1].ok);
  CHECK(outcomes[1].code == error_code::internal);
  CHECK(outcomes[1].message == "The unit failed failed after writing.");
  CHECK(outcomes[2].threw_bad_alloc);
  CHECK(outcomes[3].ok);
  const auto rows = fixture.rows();
  CHECK(rows.size() == 2);
  CHECK(std::count(rows.begin(), rows.end(), "kept_1") == 1);
  CHECK(std::count(rows.begin(), rows.end(), "kept_2") == 1);
  CHECK(fixture.counter.commits() == 1);
}

TEST_CASE("when BEGIN fails, every unit of the batch gets the store's error", "[group_commit][threads]") {
  batch_fixture fixture(2, 1s, /*busy_timeout_ms=*/0);
  // Another connection holds the write lock, as another process would.
  sqlite3 *other = nullptr;
  REQUIRE(sqlite3_open(fixture.path.c_str(), &other) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  const auto outcomes = insert_together(fixture, {"a", "b"}, {then::succeed, then::succeed});
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  for (const outcome &each : outcomes) {
    CHECK(each.code == error_code::store_error);
    CHECK_THAT(each.message, Catch::Contains("database is locked"));
  }
  CHECK(fixture.rows().empty());
  CHECK(fixture.counter.commits() == 0);
}

TEST_CASE("when COMMIT fails, every unit of the batch gets the store's error and nothing is written",
          "[group_commit][threads]") {
  batch_fixture fixture(2, 1s);
  // The orphan's own statements succeed: its deferred foreign key fails only the COMMIT.
  const auto outcomes = insert_together(fixture, {"innocent", "orphan"}, {then::succeed, then::insert_orphan});
  for (const outcome &each : outcomes) {
    CHECK(each.code == error_code::store_error);
    CHECK_THAT(each.message, Catch::Contains("FOREIGN KEY constraint failed"));
  }
  CHECK(fixture.rows().empty());
  CHECK(fixture.counter.commits() == 0);
  // The connection is usable again: the failed transaction was rolled back.
  CHECK(fixture.insert("after").ok());
  CHECK(fixture.rows() == std::vector<std::string>{"after"});
}

TEST_CASE("with a batch of 1 every unit commits alone", "[group_commit][threads]") {
  batch_fixture fixture(1, 0us);
  constexpr int threads = 4;
  constexpr int per_thread = 5;
  std::atomic<int> failures{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        if (!fixture.insert(std::to_string(t) + "_" + std::to_string(i)).ok()) ++failures;
      }
    });
  }
  for (auto &worker : workers) worker.join();
  CHECK(failures == 0);
  CHECK(fixture.rows().size() == std::size_t{threads * per_thread});
  CHECK(fixture.counter.commits() == threads * per_thread);
}
