#include "sqlite/sqlite_connection.hpp"

#include <sqlite3.h>

#include <fmt/format.h>

namespace ashbyknit::detail {
namespace {

error store_failure(sqlite3 *database, std::string_view doing) {
  const int code = database ? sqlite3_extended_errcode(database) : SQLITE_NOMEM;
  const bool refused = code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY;
  return {refused ? error_code::conflict : error_code::store_error,
          fmt::format("The store failed while {}: {}.", doing, database ? sqlite3_errmsg(database) : "out of memory")};
}

}  // namespace

/// A prepared statement, finalised with its connection.
class sqlite_statement final : public sql_statement {
 public:
  explicit sqlite_statement(sqlite3_stmt *statement) noexcept : statement_(statement) {}
  sqlite_statement(const sqlite_statement &) = delete;
  sqlite_statement &operator=(const sqlite_statement &) = delete;
  ~sqlite_statement() override { sqlite3_finalize(statement_); }

  void bind_text(int index, std::string_view text) override {
    // SQLITE_TRANSIENT: the text is copied, so a view of a temporary is safe to bind.
    sqlite3_bind_text64(statement_, index, text.data() ? text.data() : "", text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  }
  void bind_integer(int index, std::int64_t value) override { sqlite3_bind_int64(statement_, index, value); }
  void bind_null(int index) override { sqlite3_bind_null(statement_, index); }

  result<bool> step() override {
    switch (sqlite3_step(statement_)) {
      case SQLITE_ROW: return true;
      case SQLITE_DONE: return false;
      default: return store_failure(sqlite3_db_handle(statement_), "running a query");
    }
  }

  std::string_view text(int column) const override {
    const auto *bytes = reinterpret_cast<const char *>(sqlite3_column_text(statement_, column));
    return bytes ? std::string_view(bytes, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)))
                 : std::string_view();
  }
  std::int64_t integer(int column) const override { return sqlite3_column_int64(statement_, column); }
  bool is_null(int column) const override { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }

  void reset() noexcept override {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }

 private:
  sqlite3_stmt *statement_;
};

result<std::unique_ptr<sqlite_connection>> sqlite_connection::open(const std::string &path, int busy_timeout_ms) {
  sqlite3 *handle = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &handle, flags, nullptr) != SQLITE_OK) {
    error failure{error_code::store_error,
                  fmt::format("The store {} cannot be opened: {}.", path, handle ? sqlite3_errmsg(handle) : "out of memory")};
    sqlite3_close(handle);
    return failure;
  }
  std::unique_ptr<sqlite_connection> connection(new sqlite_connection(handle));
  sqlite3_busy_timeout(handle, busy_timeout_ms);
  sqlite3_extended_result_codes(handle, 1);
  return connection;
}

sqlite_connection::sqlite_connection(sqlite3 *database) noexcept : database_(database) {}

sqlite_connection::~sqlite_connection() {
  statements_.clear();  // finalised before the handle closes
  sqlite3_close(database_);
}

status sqlite_connection::exec(const char *sql) {
  if (sqlite3_exec(database_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return store_failure(database_, "changing its contents");
  }
  return {};
}

result<sql_query> sqlite_connection::query(const char *sql) {
  auto cached = statements_.find(sql);
  if (cached == statements_.end()) {
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v3(database_, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) != SQLITE_OK) {
      return store_failure(database_, "preparing a query");
    }
    cached = statements_.emplace(sql, std::make_unique<sqlite_statement>(statement)).first;
  }
  return sql_query(*cached->second);
}

status sqlite_connection::begin_write() { return run("BEGIN IMMEDIATE"); }

bool sqlite_connection::in_transaction() const noexcept { return sqlite3_get_autocommit(database_) == 0; }

bool sqlite_connection::has_file() const noexcept {
  const char *file = sqlite3_db_filename(database_, "main");
  return file != nullptr && *file != '\0';
}

std::int64_t sqlite_connection::changes() const noexcept { return sqlite3_changes(database_); }

std::string sqlite_connection::last_message() const { return sqlite3_errmsg(database_); }

}  // namespace ashbyknit::detail
