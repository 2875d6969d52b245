#include "sqlite/sqlite_schema.hpp"

#include <fmt/format.h>

namespace ashbyknit::detail {
namespace {

// PRAGMA application_id marks the file as ours: "AKNT".
constexpr std::int64_t application_id = 0x414B4E54;

// migrations[n] takes the schema from version n to n + 1. Only ever append.
constexpr const char *migrations[] = {
    R"sql(
CREATE TABLE integrations (
  id          TEXT PRIMARY KEY,
  created_ms  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE secret_keys (
  id              TEXT PRIMARY KEY,
  integration_id  TEXT NOT NULL REFERENCES integrations(id),
  key_hash        TEXT NOT NULL UNIQUE,
  created_ms      INTEGER NOT NULL,
  expires_ms      INTEGER,
  revoked_ms      INTEGER
);
CREATE INDEX secret_keys_by_integration ON secret_keys(integration_id);

-- integration_id '' holds the bridge-wide default.
CREATE TABLE catalogues (
  integration_id  TEXT PRIMARY KEY,
  packages_json   TEXT NOT NULL,
  updated_ms      INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE custom_fields (
  integration_id  TEXT PRIMARY KEY,
  fields_json     TEXT NOT NULL,
  updated_ms      INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE assessments (
  id                  TEXT PRIMARY KEY,
  integration_id      TEXT NOT NULL REFERENCES integrations(id),
  application_id      TEXT NOT NULL,
  assessment_type_id  TEXT NOT NULL,
  candidate_id        TEXT NOT NULL,
  job_id              TEXT NOT NULL,
  status              TEXT NOT NULL,
  created_ms          INTEGER NOT NULL,
  updated_ms          INTEGER NOT NULL
);
-- At most one active assessment per application and type: the rule behind retries and 409.
CREATE UNIQUE INDEX assessments_one_active
  ON assessments(integration_id, application_id, assessment_type_id) WHERE status = 'active';
CREATE INDEX assessments_by_integration ON assessments(integration_id, created_ms);

-- The outbox. seq orders events; an event is pending until acknowledged.
CREATE TABLE events (
  seq               INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id          TEXT NOT NULL UNIQUE,
  integration_id    TEXT NOT NULL REFERENCES integrations(id),
  assessment_id     TEXT NOT NULL REFERENCES assessments(id),
  event_type        TEXT NOT NULL,
  body              TEXT NOT NULL,
  created_ms        INTEGER NOT NULL,
  leased_until_ms   INTEGER NOT NULL DEFAULT 0,
  handed_out        INTEGER NOT NULL DEFAULT 0,
  acknowledged_ms   INTEGER
);
CREATE INDEX events_pending ON events(seq) WHERE acknowledged_ms IS NULL;
CREATE INDEX events_pending_by_assessment ON events(assessment_id, seq) WHERE acknowledged_ms IS NULL;
)sql",
    // Version 2: delivery by the engine. leased_until_ms doubles as "not before" for a retry;
    // lease_token names the claim that may finish an attempt; the retry window (attempts and
    // age) restarts when a dead letter is replayed.
    R"sql(
ALTER TABLE events ADD COLUMN lease_token TEXT;
ALTER TABLE events ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN window_start_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN last_error TEXT;
ALTER TABLE events ADD COLUMN dead_lettered_ms INTEGER;
UPDATE events SET window_start_ms = created_ms;

DROP INDEX events_pending;
CREATE INDEX events_due ON events(seq) WHERE acknowledged_ms IS NULL AND dead_lettered_ms IS NULL;
CREATE INDEX events_dead_lettered ON events(seq) WHERE dead_lettered_ms IS NOT NULL;

CREATE TABLE delivery_attempts (
  event_seq     INTEGER NOT NULL REFERENCES events(seq),
  execution_id  TEXT NOT NULL,
  started_ms    INTEGER NOT NULL,
  duration_ms   INTEGER NOT NULL,
  http_status   INTEGER,
  error         TEXT
);
CREATE INDEX delivery_attempts_by_event ON delivery_attempts(event_seq);
)sql",
    // Version 3: reports back to Ashby. Assessments gain a life cycle (active, started, completed,
    // cancelled) and the timestamp of their last update; the outbox gains a destination (the
    // vendor's webhook or Ashby) and attempts Ashby's request id; integrations gain their Ashby
    // API key, sealed under the host's master key.
    R"sql(
ALTER TABLE assessments ADD COLUMN last_update_ms INTEGER NOT NULL DEFAULT 0;
DROP INDEX assessments_one_active;
CREATE UNIQUE INDEX assessments_one_open
  ON assessments(integration_id, application_id, assessment_type_id) WHERE status IN ('active', 'started');

ALTER TABLE events ADD COLUMN destination TEXT NOT NULL DEFAULT 'webhook';
DROP INDEX events_pending_by_assessment;
CREATE INDEX events_pending_by_assessment ON events(assessment_id, destination, seq) WHERE acknowledged_ms IS NULL;

ALTER TABLE delivery_attempts ADD COLUMN request_id TEXT;

CREATE TABLE ashby_keys (
  integration_id  TEXT PRIMARY KEY REFERENCES integrations(id),
  sealed_key      TEXT NOT NULL,
  updated_ms      INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
    // Version 4: candidate enrichment. An integration may have its record.new events filled from
    // Ashby's candidate.info before their first delivery; enriched_ms says when an event's body was.
    R"sql(
ALTER TABLE integrations ADD COLUMN enrich_candidates INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN enriched_ms INTEGER;
)sql",
};
constexpr int latest_version = sizeof migrations / sizeof migrations[0];
static_assert(latest_version == store_schema_version);

result<std::int64_t> read_pragma(sql_connection &database, const char *sql) {
  auto query = database.query(sql);
  if (!query.ok()) return std::move(query).failure();
  auto row = query.value().step();
  if (!row.ok()) return std::move(row).failure();
  return row.value() ? query.value().integer(0) : 0;
}

/// Turns a failure to read the file's header into the clear message an operator needs.
error not_a_store(const std::string &path, std::string_view why) {
  return {error_code::store_error, fmt::format("{} is not an ashbyknit store: {}.", path, why)};
}

}  // namespace

status prepare_store_schema(sqlite_connection &database, const std::string &path, durability sync) {
  auto found_application = read_pragma(database, "PRAGMA application_id");
  if (!found_application.ok()) return not_a_store(path, database.last_message());
  auto found_version = read_pragma(database, "PRAGMA user_version");
  auto table_count = read_pragma(database, "SELECT count(*) FROM sqlite_schema");
  if (!found_version.ok() || !table_count.ok()) return not_a_store(path, database.last_message());

  const bool empty = found_application.value() == 0 && found_version.value() == 0 && table_count.value() == 0;
  if (!empty && found_application.value() != application_id) {
    return not_a_store(path, "it is a database of another application");
  }
  if (found_version.value() > latest_version) {
    return {error_code::store_error,
            fmt::format("{} was written by a newer ashbyknit (schema version {}; this one reads up to {}).", path,
                        found_version.value(), latest_version)};
  }

  if (database.has_file()) {
    if (auto wal = database.exec("PRAGMA journal_mode=WAL"); !wal.ok()) return wal;
  }
  if (auto pragmas = database.exec(sync == durability::full ? "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON"
                                                              : "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON");
      !pragmas.ok()) {
    return pragmas;
  }
  if (found_version.value() == latest_version) return {};

  sql_transaction migration(database);
  if (auto begun = migration.begin(); !begun.ok()) return begun;
  // Another process may have migrated while this one waited for the write lock.
  auto version = read_pragma(database, "PRAGMA user_version");
  if (!version.ok()) return std::move(version).failure();
  for (auto next = version.value(); next < latest_version; ++next) {
    if (auto step = database.exec(migrations[next]); !step.ok()) return step;
  }
  const std::string stamp = fmt::format("PRAGMA application_id={}; PRAGMA user_version={}", application_id, latest_version);
  if (auto stamped = database.exec(stamp.c_str()); !stamped.ok()) return stamped;
  return migration.commit();
}

}  // namespace ashbyknit::detail
