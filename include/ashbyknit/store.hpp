// The store (a SQLite file, the embedded default, or a PostgreSQL database that several hosts
// share): integrations, their keys, catalogues, custom fields, assessments and the events outbox. Everything an operator administers goes through here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ashbyknit/catalogue.hpp"
#include "ashbyknit/export.h"
#include "ashbyknit/result.hpp"
#include "ashbyknit/sources.hpp"

namespace ashbyknit {

/// How the store writes to disk. `full` syncs every commit (an accepted Ashby call survives a
/// power cut); `normal` syncs at WAL checkpoints (a commit survives a crash of the process but
/// may be lost with the machine). Both are atomic: a transaction is all or nothing.
enum class durability { full, normal };

/// The longest store_options::commit_wait_us the store takes, one second: a longer wait would
/// only hold replies back, since any load that batching helps fills a batch far sooner.
inline constexpr std::int64_t max_commit_wait_us = 1'000'000;

/// Where the store lives and what it depends on.
struct store_options {
  /// A SQLite file, created if missing (":memory:" is private to this store), or a
  /// postgresql:// (or postgres://) URL of a PostgreSQL database, whose schema the store creates
  /// or migrates; every host of one bridge may open the same database at once.
  std::string path = ":memory:";
  int busy_timeout_ms = 5000;           ///< how long to wait for another process's write lock (or row lock)
  durability sync = durability::full;
  clock_source clock = system_clock();
  random_source random = system_random();
  /// The 32 raw bytes (see parse_master_key) that encrypt the Ashby API keys the store keeps; ""
  /// for none, and then no Ashby key can be stored or used. Any other size is refused.
  std::string master_key;
  /// Group commit: starts, cancels and the delivery's records (claims, attempts) that arrive
  /// together share one transaction, and so one sync of the disk, each call still answered only
  /// once its writes are committed. A batch holds at most this many (1: each commits alone); 0
  /// is refused.
  std::size_t commit_batch_max = 64;
  /// How long, in microseconds, the first call of a batch waits for others to join it, from 0
  /// to max_commit_wait_us. With 0 a lone call never waits: a batch is whatever queued behind the
  /// commit before it, which under load is most of what a wait would gather.
  std::int64_t commit_wait_us = 0;
};

/// An integration: one Ashby customer organisation connected to the vendor.
struct integration_info {
  std::string id;
  std::int64_t created_ms = 0;
  std::size_t active_keys = 0;  ///< keys neither revoked nor expired
  bool ashby_key_set = false;   ///< whether an Ashby API key is stored (the key itself is never returned)
  bool enrich_candidates = false;  ///< whether its record.new events are filled from candidate.info first
};

/// A secret key as the store knows it: never the key itself.
struct key_info {
  std::string key_id;  ///< `key_` + 16 characters of [a-z0-9]; names the key in admin calls
  std::string integration_id;
  std::int64_t created_ms = 0;
  std::optional<std::int64_t> expires_ms;
  std::optional<std::int64_t> revoked_ms;
};

/// A key just issued: Knit's {secretKey, baseUrl} for Ashby, shown once, plus its id.
struct issued_key {
  std::string key_id;
  std::string secret_key;
  std::string base_url;
  std::optional<std::int64_t> expires_ms;
};

/// An assessment the bridge started for Ashby.
struct assessment_info {
  std::string id;
  std::string integration_id;
  std::string application_id;
  std::string assessment_type_id;
  std::string status;  ///< "active", "started", "completed" or "cancelled" (by Ashby or the vendor)
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
};

/// An event in the outbox, as handed to a host that delivers events itself.
struct outbox_event {
  std::string event_id;
  std::string integration_id;
  std::string assessment_id;
  std::string event_type;
  std::string body;           ///< the exact bytes to sign and deliver
  std::int64_t created_ms = 0;
  std::int64_t handed_out = 0;  ///< how many times it has been pulled, this time included
};

/// Where an event is in its delivery.
enum class event_state {
  pending,        ///< not yet delivered: due, in flight, waiting to be retried, or behind an earlier event
  delivered,      ///< acknowledged: a 2xx from the webhook (or Ashby), or an acknowledged pull
  dead_lettered,  ///< given up after the retry policy's limits; kept until replayed
};

/// An event's delivery status, for operators.
struct event_info {
  std::string event_id;
  std::string integration_id;
  std::string assessment_id;
  /// record.new or record.deleted for the webhook; assessment.update or
  /// assessment.addCompletedToCandidate for Ashby
  std::string event_type;
  event_state state = event_state::pending;
  std::int64_t created_ms = 0;
  std::int64_t attempts = 0;          ///< failed attempts since it was created or last replayed
  std::int64_t next_attempt_ms = 0;   ///< pending: not sent before this (a lease or a backoff)
  std::optional<std::int64_t> finished_ms;  ///< delivered or dead-lettered: when
  std::string last_error;             ///< the last failed attempt's status or error; "" if none
};

/// One attempt to deliver an event.
struct delivery_attempt {
  std::string execution_id;  ///< names the attempt: an event's X-Knit-Execution-Id
  std::int64_t started_ms = 0;
  std::int64_t duration_ms = 0;
  int http_status = 0;       ///< the receiver's status (the webhook's or Ashby's); 0 when it gave none
  std::string error;         ///< why it failed (or was aborted), beside the status if any; "" otherwise
  std::string request_id;    ///< the receiver's id for the request (Ashby's x-ashby-request-id); "" if none
};

/// The store. One store may be used from many threads at once: calls are serialised on its one
/// connection. Several processes may open the same file (WAL mode): writes wait up to the busy
/// timeout for each other. Every change is one transaction: on any failure nothing is written.
class AK_API store {
 public:
  /// Opens or creates the store at `options.path`, migrating an older schema forward. Fails with
  /// error_code::store_error when the file cannot be opened, is not an ashbyknit store, or was
  /// written by a newer version.
  static result<std::unique_ptr<store>> open(store_options options);

  ~store();
  store(const store &) = delete;
  store &operator=(const store &) = delete;

  /// Adds an integration (id: 1 to 128 characters of [A-Za-z0-9._-]). error_code::conflict when
  /// it exists, error_code::invalid_argument for a bad id.
  status create_integration(std::string_view integration_id);

  /// Every integration, by id.
  result<std::vector<integration_info>> list_integrations();

  /// Issues a key for an existing integration and stores only its hash. `public_base_url` is
  /// normalised (see normalise_base_url); `expires_in_ms`, when given, must be positive and end
  /// within 64-bit milliseconds. error_code::not_found for an unknown integration.
  result<issued_key> issue_key(std::string_view integration_id, std::string_view public_base_url,
                               std::optional<std::int64_t> expires_in_ms = std::nullopt);

  /// The integration's keys, oldest first. error_code::not_found for an unknown integration.
  result<std::vector<key_info>> list_keys(std::string_view integration_id);

  /// Revokes one key; the integration's other keys keep working. Revoking a revoked key is a
  /// no-op. error_code::not_found for an unknown integration or when it has no such key.
  status revoke_key(std::string_view integration_id, std::string_view key_id);

  /// Stores the integration's Ashby API key (the key assessment.update is sent with), replacing
  /// any earlier one, encrypted with AES-256-GCM under the store's master key; it is never logged
  /// nor returned. error_code::invalid_argument when the store has no master key, or for a key
  /// that is empty, over 1024 bytes, or holds a ':', white space or a control character;
  /// error_code::not_found for an unknown integration.
  status set_ashby_key(std::string_view integration_id, std::string_view ashby_api_key);

  /// Turns candidate enrichment on or off for an integration: when on, a delivery engine fills
  /// each new record.new event's candidate (phones, location, further emails and links) from
  /// Ashby's candidate.info, with the integration's Ashby API key (which needs candidatesRead),
  /// before the event's first attempt; events handed out before are left as they are. Off by
  /// default. error_code::not_found for an unknown integration.
  status set_candidate_enrichment(std::string_view integration_id, bool enabled);

  /// The integration a presented key belongs to, when the key is well-formed, active and not
  /// expired; error_code::unauthenticated otherwise (a malformed key is refused without a lookup).
  result<std::string> authenticate(std::string_view presented_key);

  /// Sets the package catalogue of an integration, or the bridge-wide default when
  /// `integration_id` is empty. The JSON is validated (package_catalogue::parse).
  status set_packages(std::string_view integration_id, std::string_view packages_json);

  /// The catalogue that applies to an integration: its own, else the bridge-wide one; nullopt
  /// when neither is set.
  result<std::optional<package_catalogue>> packages_for(std::string_view integration_id);

  /// Sets the custom fields offered through assessment.customField.list, for an integration or
  /// (empty id) bridge-wide. A JSON array of {id, name, type, possible_values?, isRequired?}, with
  /// `type` one of Ashby's field types and possible_values required for the select types.
  status set_custom_fields(std::string_view integration_id, std::string_view fields_json);

  /// The custom fields that apply to an integration as compact JSON: its own, else the
  /// bridge-wide ones, else "[]".
  result<std::string> custom_fields_for(std::string_view integration_id);

  /// Assessments, newest first: every integration's, or one integration's
  /// (error_code::not_found for an unknown integration).
  result<std::vector<assessment_info>> list_assessments(std::optional<std::string_view> integration_id = std::nullopt);

  /// Up to `max` events for the vendor's webhook (updates for Ashby are left to the delivery
  /// engine) not yet acknowledged and not leased, oldest first, leasing each for
  /// `lease_ms`: they are handed out again only if still unacknowledged when the lease ends. An
  /// event waits while an earlier event of the same assessment is unacknowledged, so a
  /// record.deleted never overtakes its record.new.
  result<std::vector<outbox_event>> lease_events(std::size_t max, std::int64_t lease_ms);

  /// Marks events delivered; they are never handed out again. Returns how many of the ids were
  /// pending events (unknown or already acknowledged ids, and updates for Ashby, are not an error,
  /// and are left as they are).
  result<std::size_t> acknowledge_events(const std::vector<std::string> &event_ids);

  /// Counts of events by state, for health checks.
  struct event_counts {
    std::int64_t pending = 0;        ///< not yet delivered nor dead-lettered, leased or not
    std::int64_t acknowledged = 0;   ///< delivered
    std::int64_t dead_lettered = 0;  ///< given up, waiting to be replayed
  };
  result<event_counts> count_events();

  /// Events in one state (or every state), oldest first, at most `limit` of them (0: no limit).
  result<std::vector<event_info>> list_events(std::optional<event_state> state = std::nullopt,
                                              std::size_t limit = 0);

  /// Every delivery attempt of an event, oldest first. error_code::not_found for an unknown id.
  result<std::vector<delivery_attempt>> event_history(std::string_view event_id);

  /// Makes the dead-lettered event `event_id`, or with no id every dead-lettered event, pending
  /// again: due at once, with a fresh retry budget (attempts and age count from now); order
  /// within an assessment still holds. Returns how many were replayed. For one id:
  /// error_code::not_found when there is no such event, error_code::conflict when it is not
  /// dead-lettered.
  result<std::size_t> replay_dead_letters(std::optional<std::string_view> event_id = std::nullopt);

  /// The store's state; defined in the library's sources, opaque to users.
  struct impl;

 private:
  friend class bridge;           // records starts and cancels inside the store's own transactions
  friend class delivery_engine;  // claims events and records attempts inside the store's transactions
  friend class assessment_reporter;  // queues updates and moves assessments along inside the store's transactions

  explicit store(std::unique_ptr<impl> state) noexcept;
  std::unique_ptr<impl> impl_;
};

}  // namespace ashbyknit
