// The SQL the store runs, one statement per entry, by what it does. Each backend has its
// catalogue: the statements both run alike (sql/) with its own in place of those that differ
// (sqlite/, postgres/). The store's code names entries and never holds SQL itself.
//
// Parameters are ?1, ?2...; the comment on an entry gives them, then the columns it returns.
#pragma once

namespace ashbyknit::detail {

struct store_sql {
  // Integrations, keys and settings.
  const char *integration_exists;    ///< ?1 id → one row if it exists
  const char *insert_integration;    ///< ?1 id, ?2 now
  /// ?1 now → id, created_ms, active keys, has an Ashby key (1/0), enriches candidates (1/0)
  const char *list_integrations;
  const char *set_candidate_enrichment;  ///< ?1 integration, ?2 1 to enrich its candidates, 0 not to
  const char *insert_key;            ///< ?1 key id, ?2 integration, ?3 key hash, ?4 now, ?5 expires or NULL
  const char *list_keys;             ///< ?1 integration → id, created_ms, expires_ms, revoked_ms; oldest first
  const char *revoke_key;            ///< ?1 integration, ?2 key id, ?3 now
  const char *find_key_owner;        ///< ?1 key hash, ?2 now → integration of an active key
  const char *upsert_packages;       ///< ?1 integration ('' bridge-wide), ?2 JSON, ?3 now
  const char *load_packages;         ///< ?1 integration → its catalogue JSON, else the bridge-wide one
  const char *upsert_custom_fields;  ///< ?1 integration ('' bridge-wide), ?2 JSON, ?3 now
  const char *load_custom_fields;    ///< ?1 integration → its fields JSON, else the bridge-wide one
  const char *upsert_ashby_key;      ///< ?1 integration, ?2 sealed key, ?3 now
  const char *load_ashby_key;        ///< ?1 integration → sealed key
  const char *ashby_key_exists;      ///< ?1 integration → one row if it has a key

  // Assessments.
  const char *find_open_assessment;  ///< ?1 integration, ?2 application, ?3 type → id, candidate_id, job_id
  /// ?1 id, ?2 integration, ?3 application, ?4 type, ?5 candidate, ?6 job, ?7 created, ?8 status,
  /// ?9 last update; refused (a unique constraint) while another is open for the application and type
  const char *insert_assessment;
  const char *find_assessment_status;  ///< ?1 id, ?2 integration → status
  const char *find_assessment_owner;   ///< ?1 id → integration, whichever it is
  const char *cancel_assessment;       ///< ?1 id, ?2 now: only an open one; changes() says whether it was
  /// ?1 id, ?2 integration → status, last_update_ms; locks the row until the transaction ends
  /// where the backend can
  const char *find_report_target;
  const char *move_assessment_along;  ///< ?1 id, ?2 status, ?3 now, ?4 update timestamp
  /// ?1 integration or NULL → id, integration, application, type, status, created_ms,
  /// updated_ms; newest first
  const char *list_assessments;

  // The outbox.
  /// ?1 event id, ?2 integration, ?3 assessment, ?4 type, ?5 body, ?6 created; for the webhook
  const char *insert_event;
  const char *insert_update;  ///< as insert_event, with ?7 destination
  /// ?1 now, ?2 limit, ?3 destination or '' for any → seq, event_id, integration, assessment,
  /// type, body, created_ms, attempt number, attempts, window_start_ms, for Ashby (1/0), to be
  /// enriched first (1/0: a record.new of an integration that enriches candidates, neither handed
  /// out nor enriched before). Due entries, oldest first, none behind an undelivered entry of its
  /// assessment and destination; each row locked, and rows locked by another claim skipped, where
  /// the backend can
  const char *select_due;
  const char *lease_event;          ///< ?1 seq, ?2 leased until, ?3 lease token
  /// ?1 seq, ?2 lease token, ?3 body, ?4 now: an event's enriched body, once, under its claim
  const char *store_enriched_body;
  const char *release_event;        ///< ?1 event id, ?2 due again then (0: at once), not counted as handed out
  const char *acknowledge_event;    ///< ?1 event id, ?2 now: a pending webhook event
  const char *insert_attempt;       ///< ?1 seq, ?2 execution id, ?3 started, ?4 duration, ?5 status, ?6 error, ?7 request id
  const char *mark_delivered;       ///< ?1 seq, ?2 when
  const char *mark_retry;           ///< ?1 seq, ?2 lease token, ?3 next attempt, ?4 error
  const char *mark_dead_lettered;   ///< ?1 seq, ?2 lease token, ?3 when, ?4 error
  const char *release_claim;        ///< ?1 seq, ?2 lease token
  const char *find_event_seq;       ///< ?1 event id → seq
  const char *replay_dead_letters;  ///< ?1 seq or NULL for all, ?2 now
  const char *count_events;         ///< → pending, delivered, dead-lettered
  /// ?1 state (-1 any, 0 pending, 1 delivered, 2 dead-lettered), ?2 limit → event_id,
  /// integration, assessment, type, created_ms, attempts, leased_until_ms, acknowledged_ms,
  /// dead_lettered_ms, last error ('' if none); oldest first
  const char *list_events;
  /// ?1 seq → execution_id, started_ms, duration_ms, status (0 if none), error, request id; in order
  const char *event_history;
};

/// The statements both backends run alike; the entries that differ are null, for each backend
/// to fill.
store_sql portable_store_sql();

}  // namespace ashbyknit::detail
