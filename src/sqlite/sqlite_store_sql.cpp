// The store's statements as SQLite runs them: rows in insertion order by rowid. SQLite has no
// row locks, and needs none: BEGIN IMMEDIATE holds the file's write lock for the whole transaction.
#include "sqlite/sqlite_store_sql.hpp"

namespace ashbyknit::detail {

const store_sql &sqlite_store_sql() {
  static const store_sql catalogue = [] {
    store_sql sql = portable_store_sql();
    sql.list_keys =
        "SELECT id, created_ms, expires_ms, revoked_ms FROM secret_keys WHERE integration_id = ?1"
        " ORDER BY created_ms, rowid";
    sql.list_assessments =
        "SELECT id, integration_id, application_id, assessment_type_id, status, created_ms, updated_ms"
        " FROM assessments WHERE ?1 IS NULL OR integration_id = ?1 ORDER BY created_ms DESC, rowid DESC";
    sql.event_history =
        "SELECT execution_id, started_ms, duration_ms, coalesce(http_status, 0), coalesce(error, ''),"
        "       coalesce(request_id, '') FROM delivery_attempts WHERE event_seq = ?1 ORDER BY rowid";
    return sql;
  }();
  return catalogue;
}

}  // namespace ashbyknit::detail
