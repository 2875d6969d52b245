#include "postgres/postgres_schema.hpp"

#include <fmt/format.h>

namespace ashbyknit::detail {
namespace {

// migrations[n] takes the schema from version n to n + 1. Only ever append. Version 1 is the
// SQLite store's version 3, with identity columns where SQLite orders rows by rowid, and ids
// compared byte by byte as SQLite compares them.
constexpr const char *migrations[] = {
    R"sql(
CREATE TABLE integrations (
  id          TEXT COLLATE "C" PRIMARY KEY,
  created_ms  BIGINT NOT NULL
);

CREATE TABLE secret_keys (
  seq             BIGINT GENERATED ALWAYS AS IDENTITY,
  id              TEXT PRIMARY KEY,
  integration_id  TEXT NOT NULL REFERENCES integrations(id),
  key_hash        TEXT NOT NULL UNIQUE,
  created_ms      BIGINT NOT NULL,
  expires_ms      BIGINT,
  revoked_ms      BIGINT
);
CREATE INDEX secret_keys_by_integration ON secret_keys(integration_id);

-- integration_id '' holds the bridge-wide default.
CREATE TABLE catalogues (
  integration_id  TEXT PRIMARY KEY,
  packages_json   TEXT NOT NULL,
  updated_ms      BIGINT NOT NULL
);

CREATE TABLE custom_fields (
  integration_id  TEXT PRIMARY KEY,
  fields_json     TEXT NOT NULL,
  updated_ms      BIGINT NOT NULL
);

CREATE TABLE assessments (
  seq                 BIGINT GENERATED ALWAYS AS IDENTITY,
  id                  TEXT PRIMARY KEY,
  integration_id      TEXT NOT NULL REFERENCES integrations(id),
  application_id      TEXT NOT NULL,
  assessment_type_id  TEXT NOT NULL,
  candidate_id        TEXT NOT NULL,
  job_id              TEXT NOT NULL,
  status              TEXT NOT NULL,
  created_ms          BIGINT NOT NULL,
  updated_ms          BIGINT NOT NULL,
  last_update_ms      BIGINT NOT NULL DEFAULT 0
);
-- At most one open assessment per application and type: the rule behind retries and 409,
-- which holds between hosts because the database enforces it.
CREATE UNIQUE INDEX assessments_one_open
  ON assessments(integration_id, application_id, assessment_type_id) WHERE status IN ('active', 'started');
CREATE INDEX assessments_by_integration ON assessments(integration_id, created_ms);

-- The outbox. seq orders events; an event is pending until acknowledged.
CREATE TABLE events (
  seq               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id          TEXT NOT NULL UNIQUE,
  integration_id    TEXT NOT NULL REFERENCES integrations(id),
  assessment_id     TEXT NOT NULL REFERENCES assessments(id),
  event_type        TEXT NOT NULL,
  body              TEXT NOT NULL,
  created_ms        BIGINT NOT NULL,
  leased_until_ms   BIGINT NOT NULL DEFAULT 0,
  handed_out        BIGINT NOT NULL DEFAULT 0,
  acknowledged_ms   BIGINT,
  lease_token       TEXT,
  attempts          BIGINT NOT NULL DEFAULT 0,
  window_start_ms   BIGINT NOT NULL DEFAULT 0,
  last_error        TEXT,
  dead_lettered_ms  BIGINT,
  destination       TEXT NOT NULL DEFAULT 'webhook'
);
CREATE INDEX events_due ON events(seq) WHERE acknowledged_ms IS NULL AND dead_lettered_ms IS NULL;
CREATE INDEX events_dead_lettered ON events(seq) WHERE dead_lettered_ms IS NOT NULL;
CREATE INDEX events_pending_by_assessment ON events(assessment_id, destination, seq) WHERE acknowledged_ms IS NULL;

CREATE TABLE delivery_attempts (
  seq           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_seq     BIGINT NOT NULL REFERENCES events(seq),
  execution_id  TEXT NOT NULL,
  started_ms    BIGINT NOT NULL,
  duration_ms   BIGINT NOT NULL,
  http_status   BIGINT,
  error         TEXT,
  request_id    TEXT
);
CREATE INDEX delivery_attempts_by_event ON delivery_attempts(event_seq);

CREATE TABLE ashby_keys (
  integration_id  TEXT PRIMARY KEY REFERENCES integrations(id),
  sealed_key      TEXT NOT NULL,
  updated_ms      BIGINT NOT NULL
);
)sql",
    // Version 2: candidate enrichment. An integration may have its record.new events filled from
    // Ashby's candidate.info before their first delivery; enriched_ms says when an event's body was.
    R"sql(
ALTER TABLE integrations ADD COLUMN enrich_candidates INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN enriched_ms BIGINT;
)sql",
};
constexpr int latest_version = sizeof migrations / sizeof migrations[0];
static_assert(latest_version == postgres_schema_version);

// Serialises migrations between hosts: "AKNT", as the SQLite store's application id.
constexpr const char *take_migration_lock = "SELECT pg_advisory_xact_lock(1095454292)";
constexpr const char *create_version_table =
    "CREATE TABLE IF NOT EXISTS ashbyknit_schema (version INTEGER NOT NULL);"
    "INSERT INTO ashbyknit_schema (version) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM ashbyknit_schema)";
constexpr const char *read_version = "SELECT max(version) FROM ashbyknit_schema";
constexpr const char *write_version = "UPDATE ashbyknit_schema SET version = ?1";

result<std::int64_t> schema_version(sql_connection &database) {
  auto query = database.query(read_version);
  if (!query.ok()) return std::move(query).failure();
  auto row = query.value().step();
  if (!row.ok()) return std::move(row).failure();
  return query.value().integer(0);
}

}  // namespace

status prepare_postgres_schema(sql_connection &database) {
  sql_transaction migration(database);
  if (auto begun = migration.begin(); !begun.ok()) return begun;
  if (auto locked = database.run(take_migration_lock); !locked.ok()) return locked;
  if (auto created = database.exec(create_version_table); !created.ok()) return created;
  // Read under the lock: another host may have migrated while this one waited for it.
  auto version = schema_version(database);
  if (!version.ok()) return std::move(version).failure();
  if (version.value() > latest_version) {
    return {error_code::store_error,
            fmt::format("The database was written by a newer ashbyknit (schema version {}; this one reads up to {}).",
                        version.value(), latest_version)};
  }
  for (auto next = version.value(); next < latest_version; ++next) {
    if (auto step = database.exec(migrations[next]); !step.ok()) return step;
  }
  auto stamp = database.query(write_version);
  if (!stamp.ok()) return std::move(stamp).failure();
  if (auto stamped = run_statement(std::move(stamp.value().bind(1, std::int64_t{latest_version}))); !stamped.ok()) {
    return stamped;
  }
  return migration.commit();
}

}  // namespace ashbyknit::detail
