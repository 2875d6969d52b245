#include "sql_connection.hpp"

namespace ashbyknit::detail {

status run_statement(sql_query &&query) {
  auto done = query.step();
  return done.ok() ? status{} : status{std::move(done).failure()};
}

status sql_connection::run(const char *sql) {
  auto statement = query(sql);
  if (!statement.ok()) return statement.failure();
  return run_statement(std::move(statement).value());
}

status sql_connection::savepoint() { return run("SAVEPOINT unit"); }

status sql_connection::release_savepoint() { return run("RELEASE unit"); }

status sql_connection::rollback_to_savepoint() {
  if (auto undone = run("ROLLBACK TO unit"); !undone.ok()) return undone;
  return release_savepoint();
}

sql_transaction::~sql_transaction() {
  if (open_) (void)connection_.exec("ROLLBACK");
}

status sql_transaction::begin() {
  if (auto begun = connection_.begin_write(); !begun.ok()) return begun;
  open_ = true;
  return {};
}

status sql_transaction::commit() {
  if (auto committed = connection_.run("COMMIT"); !committed.ok()) return committed;
  open_ = false;
  return {};
}

}  // namespace ashbyknit::detail
