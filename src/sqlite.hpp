// A thin RAII layer over SQLite: a connection with a cache of prepared statements, statements
// used through a guard that resets them, and transactions that roll back unless committed.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ashbyknit/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace ashbyknit::detail {

/// One use of a prepared statement: bind, step, read columns; reset and unbound when it ends.
/// Column and parameter indexes follow SQLite: parameters from 1, columns from 0.
class sqlite_query {
 public:
  explicit sqlite_query(sqlite3_stmt *statement) noexcept : statement_(statement) {}
  sqlite_query(sqlite_query &&other) noexcept : statement_(std::exchange(other.statement_, nullptr)) {}
  sqlite_query(const sqlite_query &) = delete;
  sqlite_query &operator=(const sqlite_query &) = delete;
  sqlite_query &operator=(sqlite_query &&) = delete;
  ~sqlite_query();

  sqlite_query &bind(int index, std::string_view text);
  sqlite_query &bind(int index, std::int64_t value);
  sqlite_query &bind(int index, std::optional<std::int64_t> value);
  sqlite_query &bind_null(int index);

  /// Runs the statement to its next row: true with a row to read, false when done, or an error
  /// (error_code::store_error with SQLite's message).
  result<bool> step();

  std::string_view text(int column) const;
  std::int64_t integer(int column) const;
  std::optional<std::int64_t> optional_integer(int column) const;
  bool is_null(int column) const;

 private:
  sqlite3_stmt *statement_;
};

/// Runs `query`, a statement that returns no rows, to its end. Fails with error_code::store_error.
status run_statement(sqlite_query &&query);

/// Steps `query` through its remaining rows and returns one `read(query)` per row; the first
/// error stops it.
template <typename Read>
auto collect_rows(sqlite_query &query, Read read) -> result<std::vector<decltype(read(std::as_const(query)))>> {
  std::vector<decltype(read(std::as_const(query)))> rows;
  for (;;) {
    auto row = query.step();
    if (!row.ok()) return std::move(row).failure();
    if (!row.value()) return rows;
    rows.push_back(read(std::as_const(query)));
  }
}

/// An open database. Not thread-safe: the owner serialises every use.
class sqlite_database {
 public:
  /// Opens (creating if needed) `path`, or a private in-memory database for ":memory:", with a
  /// busy timeout. Fails with error_code::store_error and SQLite's words.
  static result<std::unique_ptr<sqlite_database>> open(const std::string &path, int busy_timeout_ms);

  ~sqlite_database();

  /// Runs one or more statements that return no rows. Fails with error_code::store_error.
  status exec(const char *sql);

  /// A use of the statement for `sql`, prepared on first use and cached for the database's
  /// life. `sql` must be a string literal (its address keys the cache). Fails with
  /// error_code::store_error and SQLite's words.
  result<sqlite_query> query(const char *sql);

  /// Runs the cached statement for `sql` (a string literal, as for query()), which returns no
  /// rows: for one statement run over and over, such as a transaction's BEGIN or a batch's
  /// savepoints, which exec() would parse again every time. Fails with error_code::store_error.
  status run(const char *sql);

  /// True when the database is a file that other connections can open; false for the private
  /// databases of ":memory:" and "", which only this connection sees.
  bool has_file() const noexcept;

  /// How many rows the last INSERT, UPDATE or DELETE changed.
  int changes() const noexcept;

  /// SQLite's message for the last failure, for error reports.
  std::string last_message() const;

  sqlite3 *handle() const noexcept { return database_; }

 private:
  explicit sqlite_database(sqlite3 *database) noexcept : database_(database) {}
  sqlite3 *database_;
  std::unordered_map<const char *, sqlite3_stmt *> statements_;
};

/// BEGIN IMMEDIATE on construction (so that the write lock is taken before anything is read);
/// ROLLBACK on destruction unless commit() succeeded.
class sqlite_transaction {
 public:
  explicit sqlite_transaction(sqlite_database &database) noexcept : database_(database) {}
  sqlite_transaction(const sqlite_transaction &) = delete;
  sqlite_transaction &operator=(const sqlite_transaction &) = delete;
  ~sqlite_transaction();

  status begin();
  status commit();

 private:
  sqlite_database &database_;
  bool open_ = false;
};

}  // namespace ashbyknit::detail
