// What the store needs of a database, whichever backend serves it (sqlite/, postgres/): a
// connection with a cache of prepared statements, statements used through a guard that resets
// them, and transactions that roll back unless committed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ashbyknit/result.hpp"

namespace ashbyknit::detail {

/// A prepared statement of a connection, as a backend implements it. Used only through
/// sql_query, on the thread that holds the connection.
class sql_statement {
 public:
  virtual ~sql_statement() = default;

  /// Parameters count from 1; a view is copied before the call returns.
  virtual void bind_text(int index, std::string_view text) = 0;
  virtual void bind_integer(int index, std::int64_t value) = 0;
  virtual void bind_null(int index) = 0;

  /// Runs the statement (on the first call since reset) and moves to its next row: true with a
  /// row to read, false when there is none. Fails with error_code::conflict when a unique
  /// constraint refused the change, else error_code::store_error, with the database's words.
  virtual result<bool> step() = 0;

  /// The current row's columns, from 0. text() is valid until the next step() or reset();
  /// integer() of a NULL is 0.
  virtual std::string_view text(int column) const = 0;
  virtual std::int64_t integer(int column) const = 0;
  virtual bool is_null(int column) const = 0;

  /// Ends a use: results freed, parameters cleared. Never fails.
  virtual void reset() noexcept = 0;
};

/// One use of a prepared statement: bind, step, read columns; reset when it ends.
class sql_query {
 public:
  explicit sql_query(sql_statement &statement) noexcept : statement_(&statement) {}
  sql_query(sql_query &&other) noexcept : statement_(std::exchange(other.statement_, nullptr)) {}
  sql_query(const sql_query &) = delete;
  sql_query &operator=(const sql_query &) = delete;
  sql_query &operator=(sql_query &&) = delete;
  ~sql_query() {
    if (statement_ != nullptr) statement_->reset();
  }

  sql_query &bind(int index, std::string_view text) {
    statement_->bind_text(index, text);
    return *this;
  }
  sql_query &bind(int index, std::int64_t value) {
    statement_->bind_integer(index, value);
    return *this;
  }
  sql_query &bind(int index, std::optional<std::int64_t> value) { return value ? bind(index, *value) : bind_null(index); }
  sql_query &bind_null(int index) {
    statement_->bind_null(index);
    return *this;
  }

  /// As sql_statement::step.
  result<bool> step() { return statement_->step(); }

  std::string_view text(int column) const { return statement_->text(column); }
  std::int64_t integer(int column) const { return statement_->integer(column); }
  std::optional<std::int64_t> optional_integer(int column) const {
    if (is_null(column)) return std::nullopt;
    return integer(column);
  }
  bool is_null(int column) const { return statement_->is_null(column); }

 private:
  sql_statement *statement_;
};

/// Runs `query`, a statement that returns no rows, to its end; fails as sql_statement::step.
status run_statement(sql_query &&query);

/// Steps `query` through its remaining rows and returns one `read(query)` per row; the first
/// error stops it.
template <typename Read>
auto collect_rows(sql_query &query, Read read) -> result<std::vector<decltype(read(std::as_const(query)))>> {
  std::vector<decltype(read(std::as_const(query)))> rows;
  for (;;) {
    auto row = query.step();
    if (!row.ok()) return std::move(row).failure();
    if (!row.value()) return rows;
    rows.push_back(read(std::as_const(query)));
  }
}

/// An open connection to a database. Not thread-safe: the owner serialises every use.
///
/// SQL is written once for both backends where it can be: parameters as ?1, ?2... (a backend
/// that numbers them otherwise translates them), integers as 64-bit, truth values read with
/// integer() as 1 or 0.
class sql_connection {
 public:
  virtual ~sql_connection() = default;

  /// Runs one or more statements that take no parameters and return no rows. Fails as
  /// sql_statement::step.
  virtual status exec(const char *sql) = 0;

  /// A use of the statement for `sql`, prepared on first use and cached for the connection's
  /// life. `sql` must outlive the connection (a string literal or a catalogue's entry): its
  /// address keys the cache. Fails with error_code::store_error and the database's words.
  virtual result<sql_query> query(const char *sql) = 0;

  /// Runs the cached statement for `sql` (as for query()), which returns no rows.
  status run(const char *sql);

  /// Begins a transaction that writes: one that holds the right to write from its start where
  /// the backend has such a lock (SQLite's BEGIN IMMEDIATE), so that nothing it reads can change
  /// before it commits.
  virtual status begin_write() = 0;

  /// Marks a savepoint in the open transaction; release_savepoint() keeps what was written since
  /// the latest mark, rollback_to_savepoint() undoes it (the transaction goes on, usable again
  /// after a failed statement). Each ends that mark. Fail as sql_statement::step.
  status savepoint();
  status release_savepoint();
  status rollback_to_savepoint();

  /// True while a transaction is open; false after it ended, including when the database
  /// rolled it back by itself (a full disk, a lost connection).
  virtual bool in_transaction() const noexcept = 0;

  /// How many rows the last INSERT, UPDATE or DELETE changed.
  virtual std::int64_t changes() const noexcept = 0;

  /// The database's message for the last failure, for error reports.
  virtual std::string last_message() const = 0;
};

/// A transaction on a connection: begin() (a writing one, as sql_connection::begin_write),
/// commit(), and ROLLBACK on destruction unless committed.
class sql_transaction {
 public:
  explicit sql_transaction(sql_connection &connection) noexcept : connection_(connection) {}
  sql_transaction(const sql_transaction &) = delete;
  sql_transaction &operator=(const sql_transaction &) = delete;
  ~sql_transaction();

  status begin();
  status commit();

 private:
  sql_connection &connection_;
  bool open_ = false;
};

}  // namespace ashbyknit::detail
