// The store's statements that SQLite and PostgreSQL run alike.
#include "store_sql.hpp"

namespace ashbyknit::detail {

store_sql portable_store_sql() {
  store_sql sql{};

  sql.integration_exists = "SELECT 1 FROM integrations WHERE id = ?1";
  sql.insert_integration = "INSERT INTO integrations (id, created_ms) VALUES (?1, ?2)";
  sql.list_integrations =
      "SELECT i.id, i.created_ms,"
      "       (SELECT count(*) FROM secret_keys k WHERE k.integration_id = i.id AND k.revoked_ms IS NULL"
      "        AND (k.expires_ms IS NULL OR k.expires_ms > ?1)),"
      "       EXISTS (SELECT 1 FROM ashby_keys a WHERE a.integration_id = i.id), i.enrich_candidates"
      " FROM integrations i ORDER BY i.id";
  sql.set_candidate_enrichment = "UPDATE integrations SET enrich_candidates = ?2 WHERE id = ?1";
  sql.insert_key =
      "INSERT INTO secret_keys (id, integration_id, key_hash, created_ms, expires_ms) VALUES (?1, ?2, ?3, ?4, ?5)";
  sql.revoke_key = "UPDATE secret_keys SET revoked_ms = coalesce(revoked_ms, ?3) WHERE integration_id = ?1 AND id = ?2";
  sql.find_key_owner =
      "SELECT integration_id FROM secret_keys WHERE key_hash = ?1 AND revoked_ms IS NULL"
      " AND (expires_ms IS NULL OR expires_ms > ?2)";
  sql.upsert_packages =
      "INSERT INTO catalogues (integration_id, packages_json, updated_ms) VALUES (?1, ?2, ?3)"
      " ON CONFLICT (integration_id) DO UPDATE SET packages_json = ?2, updated_ms = ?3";
  sql.load_packages =
      "SELECT packages_json FROM catalogues WHERE integration_id IN (?1, '') ORDER BY integration_id DESC LIMIT 1";
  sql.upsert_custom_fields =
      "INSERT INTO custom_fields (integration_id, fields_json, updated_ms) VALUES (?1, ?2, ?3)"
      " ON CONFLICT (integration_id) DO UPDATE SET fields_json = ?2, updated_ms = ?3";
  sql.load_custom_fields =
      "SELECT fields_json FROM custom_fields WHERE integration_id IN (?1, '') ORDER BY integration_id DESC LIMIT 1";
  sql.upsert_ashby_key =
      "INSERT INTO ashby_keys (integration_id, sealed_key, updated_ms) VALUES (?1, ?2, ?3)"
      " ON CONFLICT (integration_id) DO UPDATE SET sealed_key = excluded.sealed_key, updated_ms = excluded.updated_ms";
  sql.load_ashby_key = "SELECT sealed_key FROM ashby_keys WHERE integration_id = ?1";
  sql.ashby_key_exists = "SELECT 1 FROM ashby_keys WHERE integration_id = ?1";

  sql.find_open_assessment =
      "SELECT id, candidate_id, job_id FROM assessments WHERE integration_id = ?1 AND application_id = ?2"
      " AND assessment_type_id = ?3 AND status IN ('active', 'started')";
  sql.insert_assessment =
      "INSERT INTO assessments (id, integration_id, application_id, assessment_type_id, candidate_id, job_id, status,"
      " created_ms, updated_ms, last_update_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?8, ?7, ?7, ?9)";
  sql.find_assessment_status = "SELECT status FROM assessments WHERE id = ?1 AND integration_id = ?2";
  sql.find_assessment_owner = "SELECT integration_id FROM assessments WHERE id = ?1";
  sql.cancel_assessment =
      "UPDATE assessments SET status = 'cancelled', updated_ms = ?2 WHERE id = ?1 AND status IN ('active', 'started')";
  sql.find_report_target = "SELECT status, last_update_ms FROM assessments WHERE id = ?1 AND integration_id = ?2";
  sql.move_assessment_along = "UPDATE assessments SET status = ?2, updated_ms = ?3, last_update_ms = ?4 WHERE id = ?1";

  sql.insert_event =
      "INSERT INTO events (event_id, integration_id, assessment_id, event_type, body, created_ms, window_start_ms)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)";
  sql.insert_update =
      "INSERT INTO events (event_id, integration_id, assessment_id, event_type, body, created_ms, window_start_ms,"
      " destination) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)";
  sql.select_due =
      "SELECT seq, event_id, integration_id, assessment_id, event_type, body, created_ms, handed_out + 1,"
      "       attempts, window_start_ms, destination = 'ashby',"
      "       (event_type = 'record.new' AND handed_out = 0 AND enriched_ms IS NULL"
      "        AND EXISTS (SELECT 1 FROM integrations i WHERE i.id = e.integration_id AND i.enrich_candidates = 1))"
      " FROM events e"
      " WHERE acknowledged_ms IS NULL AND dead_lettered_ms IS NULL AND leased_until_ms <= ?1"
      " AND (?3 = '' OR destination = ?3)"
      " AND NOT EXISTS (SELECT 1 FROM events p WHERE p.assessment_id = e.assessment_id"
      "                 AND p.destination = e.destination AND p.seq < e.seq AND p.acknowledged_ms IS NULL)"
      " ORDER BY seq LIMIT ?2";
  sql.lease_event = "UPDATE events SET leased_until_ms = ?2, handed_out = handed_out + 1, lease_token = ?3 WHERE seq = ?1";
  sql.store_enriched_body =
      "UPDATE events SET body = ?3, enriched_ms = ?4 WHERE seq = ?1 AND lease_token = ?2 AND enriched_ms IS NULL";
  sql.release_event =
      "UPDATE events SET leased_until_ms = ?2, handed_out = handed_out - 1, lease_token = NULL"
      " WHERE event_id = ?1 AND acknowledged_ms IS NULL";
  sql.acknowledge_event =
      "UPDATE events SET acknowledged_ms = ?2, lease_token = NULL"
      " WHERE event_id = ?1 AND acknowledged_ms IS NULL AND dead_lettered_ms IS NULL AND destination = 'webhook'";
  sql.insert_attempt =
      "INSERT INTO delivery_attempts (event_seq, execution_id, started_ms, duration_ms, http_status, error, request_id)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
  sql.mark_delivered =
      "UPDATE events SET acknowledged_ms = ?2, lease_token = NULL, leased_until_ms = 0"
      " WHERE seq = ?1 AND acknowledged_ms IS NULL";
  sql.mark_retry =
      "UPDATE events SET attempts = attempts + 1, leased_until_ms = ?3, lease_token = NULL, last_error = ?4"
      " WHERE seq = ?1 AND lease_token = ?2";
  sql.mark_dead_lettered =
      "UPDATE events SET attempts = attempts + 1, dead_lettered_ms = ?3, lease_token = NULL, last_error = ?4"
      " WHERE seq = ?1 AND lease_token = ?2";
  sql.release_claim =
      "UPDATE events SET leased_until_ms = 0, lease_token = NULL, handed_out = handed_out - 1"
      " WHERE seq = ?1 AND lease_token = ?2";
  sql.find_event_seq = "SELECT seq FROM events WHERE event_id = ?1";
  sql.replay_dead_letters =
      "UPDATE events SET dead_lettered_ms = NULL, attempts = 0, window_start_ms = ?2, leased_until_ms = 0,"
      "       lease_token = NULL"
      " WHERE (CAST(?1 AS BIGINT) IS NULL OR seq = ?1) AND dead_lettered_ms IS NOT NULL AND acknowledged_ms IS NULL";
  sql.count_events =
      "SELECT count(*) FILTER (WHERE acknowledged_ms IS NULL AND dead_lettered_ms IS NULL),"
      "       count(*) FILTER (WHERE acknowledged_ms IS NOT NULL),"
      "       count(*) FILTER (WHERE dead_lettered_ms IS NOT NULL AND acknowledged_ms IS NULL)"
      " FROM events";
  sql.list_events =
      "SELECT event_id, integration_id, assessment_id, event_type, created_ms, attempts, leased_until_ms,"
      "       acknowledged_ms, dead_lettered_ms, coalesce(last_error, '') FROM events"
      " WHERE ?1 = -1"
      "    OR (?1 = 0 AND acknowledged_ms IS NULL AND dead_lettered_ms IS NULL)"
      "    OR (?1 = 1 AND acknowledged_ms IS NOT NULL)"
      "    OR (?1 = 2 AND dead_lettered_ms IS NOT NULL AND acknowledged_ms IS NULL)"
      " ORDER BY seq LIMIT ?2";
  return sql;
}

}  // namespace ashbyknit::detail
