#include "sqlite.hpp"

#include <sqlite3.h>

#include <fmt/format.h>

namespace ashbyknit::detail {
namespace {

error store_failure(sqlite3 *database, std::string_view doing) {
  return {error_code::store_error, fmt::format("The store failed while {}: {}.", doing,
                                               database ? sqlite3_errmsg(database) : "out of memory")};
}

}  // namespace

sqlite_query::~sqlite_query() {
  if (statement_ == nullptr) return;
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

sqlite_query &sqlite_query::bind(int index, std::string_view text) {
  // SQLITE_TRANSIENT: the text is copied, so a view of a temporary is safe to bind.
  sqlite3_bind_text64(statement_, index, text.data() ? text.data() : "", text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

sqlite_query &sqlite_query::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(statement_, index, value);
  return *this;
}

sqlite_query &sqlite_query::bind(int index, std::optional<std::int64_t> value) {
  return value ? bind(index, *value) : bind_null(index);
}

sqlite_query &sqlite_query::bind_null(int index) {
  sqlite3_bind_null(statement_, index);
  return *this;
}

result<bool> sqlite_query::step() {
  switch (sqlite3_step(statement_)) {
    case SQLITE_ROW: return true;
    case SQLITE_DONE: return false;
    default: return store_failure(sqlite3_db_handle(statement_), "running a query");
  }
}

std::string_view sqlite_query::text(int column) const {
  const auto *bytes = reinterpret_cast<const char *>(sqlite3_column_text(statement_, column));
  return bytes ? std::string_view(bytes, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)))
               : std::string_view();
}

std::int64_t sqlite_query::integer(int column) const { return sqlite3_column_int64(statement_, column); }

std::optional<std::int64_t> sqlite_query::optional_integer(int column) const {
  if (is_null(column)) return std::nullopt;
  return integer(column);
}

bool sqlite_query::is_null(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }

result<std::unique_ptr<sqlite_database>> sqlite_database::open(const std::string &path, int busy_timeout_ms) {
  sqlite3 *handle = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &handle, flags, nullptr) != SQLITE_OK) {
    error failure{error_code::store_error,
                  fmt::format("The store {} cannot be opened: {}.", path, handle ? sqlite3_errmsg(handle) : "out of memory")};
    sqlite3_close(handle);
    return failure;
  }
  std::unique_ptr<sqlite_database> database(new sqlite_database(handle));
  sqlite3_busy_timeout(handle, busy_timeout_ms);
  sqlite3_extended_result_codes(handle, 1);
  return database;
}

sqlite_database::~sqlite_database() {
  for (auto &[sql, statement] : statements_) sqlite3_finalize(statement);
  sqlite3_close(database_);
}

status sqlite_database::exec(const char *sql) {
  if (sqlite3_exec(database_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return store_failure(database_, "changing its contents");
  }
  return {};
}

result<sqlite_query> sqlite_database::query(const char *sql) {
  auto cached = statements_.find(sql);
  if (cached == statements_.end()) {
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v3(database_, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) != SQLITE_OK) {
      return store_failure(database_, "preparing a query");
    }
    cached = statements_.emplace(sql, statement).first;
  }
  return sqlite_query(cached->second);
}

status run_statement(sqlite_query &&query) {
  auto done = query.step();
  return done.ok() ? status{} : status{std::move(done).failure()};
}

status sqlite_database::run(const char *sql) {
  auto statement = query(sql);
  if (!statement.ok()) return statement.failure();
  return run_statement(std::move(statement).value());
}

bool sqlite_database::has_file() const noexcept {
  const char *file = sqlite3_db_filename(database_, "main");
  return file != nullptr && *file != '\0';
}

int sqlite_database::changes() const noexcept { return sqlite3_changes(database_); }

std::string sqlite_database::last_message() const { return sqlite3_errmsg(database_); }

sqlite_transaction::~sqlite_transaction() {
  if (open_) sqlite3_exec(database_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

status sqlite_transaction::begin() {
  if (auto begun = database_.run("BEGIN IMMEDIATE"); !begun.ok()) return begun;
  open_ = true;
  return {};
}

status sqlite_transaction::commit() {
  if (auto committed = database_.run("COMMIT"); !committed.ok()) return committed;
  open_ = false;
  return {};
}

}  // namespace ashbyknit::detail
