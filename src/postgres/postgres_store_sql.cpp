// The store's statements as PostgreSQL runs them: rows in insertion order by identity columns,
// and row locks where hosts could otherwise interleave. A claim locks the entries it takes and
// skips those another host's claim holds, so two hosts never take one entry; a report locks its
// assessment, so that reports for it queue one after the other.
#include "postgres/postgres_store_sql.hpp"

#include <string>

namespace ashbyknit::detail {

const store_sql &postgres_store_sql() {
  static const store_sql catalogue = [] {
    store_sql sql = portable_store_sql();
    static const std::string locked_report_target = std::string(sql.find_report_target) + " FOR UPDATE";
    static const std::string locked_due = std::string(sql.select_due) + " FOR UPDATE OF e SKIP LOCKED";
    sql.find_report_target = locked_report_target.c_str();
    sql.select_due = locked_due.c_str();
    sql.list_keys =
        "SELECT id, created_ms, expires_ms, revoked_ms FROM secret_keys WHERE integration_id = ?1"
        " ORDER BY created_ms, seq";
    sql.list_assessments =
        "SELECT id, integration_id, application_id, assessment_type_id, status, created_ms, updated_ms"
        " FROM assessments WHERE ?1::text IS NULL OR integration_id = ?1 ORDER BY created_ms DESC, seq DESC";
    sql.event_history =
        "SELECT execution_id, started_ms, duration_ms, coalesce(http_status, 0), coalesce(error, ''),"
        "       coalesce(request_id, '') FROM delivery_attempts WHERE event_seq = ?1 ORDER BY seq";
    return sql;
  }();
  return catalogue;
}

}  // namespace ashbyknit::detail
