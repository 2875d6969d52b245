// The store's state, shared by the store's own files and the bridge.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ashbyknit/ashby.hpp"
#include "ashbyknit/assessment_update.hpp"
#include "ashbyknit/catalogue.hpp"
#include "ashbyknit/completed_assessment.hpp"
#include "ashbyknit/reporter.hpp"
#include "ashbyknit/store.hpp"
#include "group_commit.hpp"
#include "sql_connection.hpp"
#include "start_fields.hpp"
#include "store_sql.hpp"

namespace ashbyknit {

struct store::impl {
  std::mutex mutex;  ///< serialises every use of the connection
  std::unique_ptr<detail::sql_connection> database;
  /// A second connection, for the one read that every Ashby call makes (whose key it presents):
  /// it goes on while `database` commits and syncs the disk, where waiting for `mutex` would
  /// stall every call behind each sync. Null when the backend has none (an in-memory SQLite
  /// store, which no second connection can see); `database` serves it.
  std::unique_ptr<detail::sql_connection> reader;
  std::mutex reader_mutex;  ///< serialises every use of `reader`
  const detail::store_sql *sql = nullptr;  ///< the backend's statements
  store_options options;
  /// Records starts, cancels and the outbox's claims and attempts, several to a transaction when
  /// they arrive together; made by store::open once the database is open, and destroyed before it.
  std::unique_ptr<detail::group_commit> commits;

  /// A catalogue as last read from the store, with the text it was parsed from.
  struct parsed_catalogue {
    std::string json;
    package_catalogue packages;
  };
  /// The catalogues parsed so far, by integration id. Every start still reads its catalogue's
  /// text (another process may have changed it) but parses it again only when the text changed.
  /// Guarded by `mutex`.
  std::unordered_map<std::string, parsed_catalogue> parsed_catalogues;

  std::int64_t now_ms() const { return options.clock(); }
};

namespace detail {

/// Where an outbox entry goes: an event to the vendor's webhook, or an update to Ashby.
inline constexpr std::string_view webhook_destination = "webhook";
inline constexpr std::string_view ashby_destination = "ashby";

/// The outbox's event types of the calls for Ashby, each Ashby's method name.
inline constexpr std::string_view update_event_type = "assessment.update";
inline constexpr std::string_view completed_event_type = "assessment.addCompletedToCandidate";

/// What a start did.
struct start_outcome {
  enum class kind {
    created,   ///< a new assessment, with its record.new event in the outbox
    retried,   ///< the same start again while the first is active: same id, no event
    conflict,  ///< a different active assessment exists for this application and type (409)
  };
  kind what = kind::created;
  std::string assessment_id;
  std::string update_request;  ///< created with an initial update: its JSON for the reply; "" otherwise
};

/// Records an assessment.start for an integration: the assessment row and its record.new event,
/// or nothing. `fallback_packages` is used when the store has no catalogue. With
/// `initial_update`, a new assessment is started at once and the outcome carries the
/// update_request saying so. Runs as a unit of the store's group commit (`commits`), so its
/// writes may share a transaction with concurrent starts and cancels, as if run one after the
/// other in arrival order; returns once they are committed. The caller does not hold the store's
/// mutex.
result<start_outcome> record_start(store::impl &store, std::string_view integration_id, const start_fields &request,
                                   const package_catalogue *fallback_packages, std::int64_t received_ms,
                                   bool initial_update);

/// What a cancel did.
enum class cancel_outcome {
  cancelled,          ///< was active: now cancelled, with its record.deleted event in the outbox
  already_cancelled,  ///< cancelled or completed before (final): nothing changes, no event
  not_found,          ///< this integration never issued that id
};

/// Records an assessment.cancel for an integration, as record_start records a start. The caller
/// does not hold the store's mutex.
result<cancel_outcome> record_cancel(store::impl &store, std::string_view integration_id, const cancel_fields &request,
                                     std::int64_t received_ms);

/// The catalogue for an integration (its own, else the bridge-wide one). The caller holds the
/// store's mutex.
result<std::optional<package_catalogue>> load_packages(store::impl &store, std::string_view integration_id);

/// Gives leased events back, as if they had never been handed out (no attempt is counted): for a
/// delivery that failed before anything was sent, due again at once, or one held back while its
/// receiver is paused, due again at `due_ms`. Through the group commit, sharing a transaction with
/// whatever else commits then; the caller does not hold the store's mutex.
status release_events(store::impl &store, const std::vector<std::string> &event_ids, std::int64_t due_ms = 0);

/// An event claimed for one delivery attempt.
struct claimed_event {
  outbox_event event;
  std::int64_t seq = 0;
  std::string lease_token;            ///< names this claim; only it may finish the attempt
  std::int64_t failed_attempts = 0;   ///< failures before this attempt (since created or replayed)
  std::int64_t window_start_ms = 0;   ///< when its retry window began: created or replayed
  bool for_ashby = false;             ///< an assessment.update for Ashby rather than an event for the webhook
  /// A record.new to fill from Ashby's candidate.info before its first attempt: its integration
  /// enriches candidates, and it was neither handed out nor enriched before.
  bool enrich = false;
};

/// Which destinations a claim takes entries for.
enum class claim_scope {
  webhook_only,  ///< events for the vendor's webhook (a host pulling its events)
  ashby_only,    ///< updates for Ashby (an engine without a webhook)
  everything,
};

/// Claims up to `max` outbox entries in `scope` due at `now_ms`, oldest first, each leased until
/// now_ms + lease_ms: entries neither delivered nor dead-lettered, not leased nor waiting for a
/// retry, with no earlier undelivered entry of the same assessment and destination. Through the
/// group commit, so processes sharing the store never claim the same entry: on SQLite its
/// transactions take the write lock first (BEGIN IMMEDIATE); on PostgreSQL the claim locks the
/// rows it takes and skips those another claim holds. The caller does not hold the store's mutex.
result<std::vector<claimed_event>> claim_events(store::impl &store, claim_scope scope, std::size_t max,
                                                std::int64_t now_ms, std::int64_t lease_ms);

/// Replaces a claimed event's body with its enriched version, once: nothing changes when the
/// claim's lease was lost or the event was enriched before (returns whether it changed). Through
/// the group commit; the caller does not hold the store's mutex.
result<bool> store_enriched_body(store::impl &store, const claimed_event &claim, std::string_view body);

/// How one attempt ended, as the delivery engine decided.
struct attempt_outcome {
  enum class verdict {
    delivered,    ///< acknowledged (whoever holds the lease now)
    retry,        ///< one more failure; due again at next_attempt_ms
    dead_letter,  ///< one more failure, the last one
    released,     ///< aborted: due again at once, not counted as a failure
  };
  verdict what = verdict::retry;
  std::int64_t next_attempt_ms = 0;
  delivery_attempt attempt;  ///< appended to the event's history
};

/// Records an attempt in the event's history and applies its verdict, both or neither, through
/// the group commit. A failure verdict changes nothing but the history when the claim's lease
/// was lost to another worker. The caller does not hold the store's mutex.
status finish_attempt(store::impl &store, const claimed_event &claim, const attempt_outcome &outcome);

/// Queues a validated update for Ashby in one transaction, as assessment_reporter documents:
/// checks the assessment's integration, life cycle and timestamp and the integration's Ashby key,
/// assigns the timestamp when it is 0, moves the life cycle along, and writes the outbox entry.
/// The caller does not hold the store's mutex.
result<queued_update> queue_update(store::impl &store, std::string_view integration_id, assessment_update update);

/// Records a validated completed assessment that Ashby did not start, as assessment_reporter
/// documents, in one transaction: checks the integration, that the assessment id is new to the
/// store and the integration's Ashby key, assigns the timestamp when it is 0, inserts the
/// assessment as completed (no application, no job) and writes the outbox entry. The caller does
/// not hold the store's mutex.
result<queued_update> queue_completed(store::impl &store, std::string_view integration_id,
                                      completed_assessment assessment);

/// The integration's Ashby API key, decrypted with the store's master key. error_code::not_found
/// when none is stored; error_code::invalid_argument without a master key or when the master key
/// does not open it; error_code::store_error when the store fails. The caller does not hold the
/// store's mutex.
result<std::string> load_ashby_key(store::impl &store, std::string_view integration_id);

/// Fails with error_code::not_found unless the integration exists; the caller holds the store's
/// mutex.
status require_integration(store::impl &store, std::string_view integration_id);

/// The integration of a presented key, read through `database` (the store's connection or its
/// reader, whose statements `sql` holds) at `now_ms`; the caller holds that connection's mutex.
result<std::string> find_key_owner(sql_connection &database, const store_sql &sql, std::string_view presented_key,
                                   std::int64_t now_ms);


/// The custom fields JSON for an integration; the caller holds the store's mutex.
result<std::string> load_custom_fields(store::impl &store, std::string_view integration_id);

}  // namespace detail
}  // namespace ashbyknit
