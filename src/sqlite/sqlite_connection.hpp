// The SQLite backend's connection: sql_connection over one sqlite3 handle.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "ashbyknit/result.hpp"
#include "sql_connection.hpp"

struct sqlite3;

namespace ashbyknit::detail {

class sqlite_statement;

/// An open SQLite database. Not thread-safe: the owner serialises every use. A unique or
/// primary-key constraint that refuses a change fails with error_code::conflict; every other
/// failure is error_code::store_error with SQLite's words.
class sqlite_connection final : public sql_connection {
 public:
  /// Opens (creating if needed) `path`, or a private in-memory database for ":memory:", with a
  /// busy timeout. Fails with error_code::store_error and SQLite's words.
  static result<std::unique_ptr<sqlite_connection>> open(const std::string &path, int busy_timeout_ms);

  ~sqlite_connection() override;

  status exec(const char *sql) override;
  result<sql_query> query(const char *sql) override;
  /// BEGIN IMMEDIATE: the write lock is taken before anything is read.
  status begin_write() override;
  bool in_transaction() const noexcept override;
  std::int64_t changes() const noexcept override;
  std::string last_message() const override;

  /// True when the database is a file that other connections can open; false for the private
  /// databases of ":memory:" and "", which only this connection sees.
  bool has_file() const noexcept;

 private:
  explicit sqlite_connection(sqlite3 *database) noexcept;
  sqlite3 *database_;
  std::unordered_map<const char *, std::unique_ptr<sqlite_statement>> statements_;
};

}  // namespace ashbyknit::detail
