/*
 * ashbyknit.h: the C ABI of ashbyknit, an embeddable Ashby assessment-partner bridge that turns
 * Ashby's assessment calls into Knit-format events.
 *
 * Conventions
 * - Functions return an ak_status: AK_OK (0) or a negative code. After a failure,
 *   ak_last_error_message() says what went wrong, in words fit for the person who sent the
 *   input; messages never contain secrets.
 * - A single output parameter is called `out`. On failure, outputs are left untouched.
 * - Strings the library returns are NUL-terminated UTF-8 owned by the caller, who releases them
 *   with ak_string_free(), never with free(). Strings passed in are NUL-terminated UTF-8;
 *   bodies and keys are (pointer, length) byte spans and may contain NUL bytes.
 * - Options structs start with `size_t struct_size`, set to sizeof(the struct) by the caller;
 *   they only ever grow at the end, so a program built against an older header keeps working.
 *   A NULL options pointer means the defaults.
 *
 * Thread safety
 * Every function may be called from any thread at any time. An ak_bridge or ak_store may be used
 * by many threads at once (calls on one store are serialised inside it); it must not be freed
 * while a call on it runs. Response and event-batch handles are plain values: read them from any
 * thread, free them once. The last error message is kept per thread. The one exception: an
 * ak_reply may be used only while the transport send it was given to runs.
 */
#ifndef ASHBYKNIT_H
#define ASHBYKNIT_H

#include <stddef.h>
#include <stdint.h>

#include "ashbyknit/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Status and errors ------------------------------------------------------------------ */

/** The outcome of a call. Values are fixed; new codes are only ever appended. */
typedef enum ak_status {
  AK_OK = 0,
  AK_ERR_INVALID_ARGUMENT = -1, /**< a NULL pointer, a bad option, an empty key, a bad URL */
  AK_ERR_MALFORMED_JSON = -2,   /**< a body that is not JSON, not UTF-8, or not an object */
  AK_ERR_INVALID_INPUT = -3,    /**< well-formed JSON that fails validation (a missing field) */
  AK_ERR_TOO_LARGE = -4,        /**< a body over the size limit (1 MiB by default) */
  AK_ERR_TOO_DEEP = -5,         /**< a body nested deeper than the limit (64 by default) */
  AK_ERR_UNAUTHENTICATED = -6,  /**< a secret key that is malformed or matches nothing */
  AK_ERR_INTERNAL = -7,         /**< the random source, the crypto library or memory failed */
  AK_ERR_NOT_FOUND = -8,        /**< no such integration or key */
  AK_ERR_CONFLICT = -9,         /**< it exists already (an integration id in use) */
  AK_ERR_STORE = -10            /**< the store cannot be opened (not a store, a newer version) or failed */
} ak_status;

/** The library's version, "MAJOR.MINOR.PATCH". Static; never NULL. */
AK_API const char *ak_version_string(void);

/** The message of the last failed call on this thread; "" when there was none. Owned by the
 *  library and valid until the next call into the library on this thread. Never NULL. */
AK_API const char *ak_last_error_message(void);

/** A static snake_case name for a status ("invalid_input"), "unknown" for other values.
 *  Never NULL. */
AK_API const char *ak_status_name(ak_status status);

/** Releases a string the library returned. Accepts NULL. */
AK_API void ak_string_free(char *s);

/* ---- Secrets (per-integration keys that Ashby presents) --------------------------------- */

/**
 * Issues a new secret key for an integration (1 to 128 characters of [A-Za-z0-9._-]).
 * `public_base_url` is the bridge's absolute http(s) URL; it comes back normalised to end in
 * '/'. Hand the key and base URL to Ashby once; store only the key hash (`sha256:<hex>`).
 * All three outputs are required and receive caller-owned strings.
 * Errors: AK_ERR_INVALID_ARGUMENT, AK_ERR_INTERNAL (the random source failed).
 */
AK_API ak_status ak_secret_issue(const char *integration_id, const char *public_base_url,
                                 char **out_secret_key, char **out_base_url, char **out_key_hash);

/**
 * The key hash of a well-formed secret key, into `*out` (caller-owned).
 * Errors: AK_ERR_INVALID_ARGUMENT (NULL), AK_ERR_UNAUTHENTICATED (a malformed key: wrong prefix,
 * length or characters, or a bad checksum).
 */
AK_API ak_status ak_secret_hash(const char *secret_key, char **out);

/** 1 when `presented_key` is well-formed and hashes to `key_hash`, else 0 (also for NULL).
 *  Compares in constant time. Sets no error message. */
AK_API int ak_secret_matches(const char *presented_key, const char *key_hash);

/* ---- Knit signatures (X-Knit-Signature) --------------------------------------------------- */

/**
 * The X-Knit-Signature of `body`: base64url, without padding, of HMAC-SHA256 under `key`.
 * `body` may be NULL when `body_len` is 0. `*out` is caller-owned.
 * Errors: AK_ERR_INVALID_ARGUMENT (an empty or NULL key, a NULL out), AK_ERR_INTERNAL.
 */
AK_API ak_status ak_knit_sign(const void *key, size_t key_len, const void *body, size_t body_len,
                              char **out);

/** 1 when `signature` (base64url, with or without its '=' padding) is the signature of the
 *  exact bytes of `body` under `key`, else 0 (also for an empty key or NULL). Constant-time.
 *  Sets no error message. */
AK_API int ak_knit_verify(const void *key, size_t key_len, const void *body, size_t body_len,
                          const char *signature);

/* ---- Standard Webhooks (docs/protocol.md §6) ---------------------------------------------- */

/*
 * A second, optional signature beside X-Knit-Signature. Keys are text: "whsec_..." (a secret
 * shared with the receiver: v1, HMAC-SHA256), "whsk_..." (the sender's ed25519 signing key: v1a)
 * and "whpk_..." (its public key, for receivers). Several keys sign at once, so that receivers
 * can move to a new key without a gap. Keys never appear in error messages.
 */

/** The default tolerance, in seconds either way, of ak_standard_verify's timestamp check. */
#define AK_STANDARD_DEFAULT_TOLERANCE_S 300

/** A new shared secret ("whsec_" + base64 of 32 bytes from the OS CSPRNG); `*out` is
 *  caller-owned. Errors: AK_ERR_INVALID_ARGUMENT (NULL), AK_ERR_INTERNAL. */
AK_API ak_status ak_standard_secret_new(char **out);

/** A new ed25519 key pair: `*out_signing_key` ("whsk_...", secret) and `*out_public_key`
 *  ("whpk_...", for receivers), both caller-owned, both set or neither.
 *  Errors: AK_ERR_INVALID_ARGUMENT (NULL), AK_ERR_INTERNAL. */
AK_API ak_status ak_standard_key_pair_new(char **out_signing_key, char **out_public_key);

/** The public key ("whpk_...") of `signing_key` ("whsk_..."); `*out` is caller-owned.
 *  Errors: AK_ERR_INVALID_ARGUMENT (NULL, or not a signing key), AK_ERR_INTERNAL. */
AK_API ak_status ak_standard_public_key(const char *signing_key, char **out);

/**
 * The webhook-signature header of `body` sent as `id` at `timestamp_s` (unix seconds): one entry
 * per key of `keys` ("whsec_..." gives "v1,...", "whsk_..." gives "v1a,..."), in their order,
 * separated by spaces. `body` may be NULL when `body_len` is 0. `*out` is caller-owned.
 * Errors: AK_ERR_INVALID_ARGUMENT (NULL, no key, a malformed key, named by its position),
 * AK_ERR_INTERNAL.
 */
AK_API ak_status ak_standard_sign(const char *const *keys, size_t key_count, const char *id, int64_t timestamp_s,
                                  const void *body, size_t body_len, char **out);

/**
 * AK_OK when the headers as received (`id`, `timestamp`, `signature`: webhook-id,
 * webhook-timestamp, webhook-signature) authenticate the exact bytes of `body`: the timestamp is
 * within `tolerance_s` seconds of `now_s` (use AK_STANDARD_DEFAULT_TOLERANCE_S) and some entry
 * verifies under some key ("whsec_..." checks v1, "whpk_..." or "whsk_..." checks v1a).
 * Errors: AK_ERR_INVALID_ARGUMENT (NULL, no key, a malformed key, a negative tolerance),
 * AK_ERR_UNAUTHENTICATED (a missing header, a bad or stale timestamp, no signature that
 * verifies; the message says which).
 */
AK_API ak_status ak_standard_verify(const char *const *keys, size_t key_count, const char *id, const char *timestamp,
                                    const char *signature, const void *body, size_t body_len, int64_t now_s,
                                    int64_t tolerance_s);

/* ---- Mapping Ashby's calls to Knit events ------------------------------------------------- */

/** A package catalogue parsed once, to map many starts with (ak_map_options.catalogue) without
 *  parsing it again each time. Immutable: any number of threads may use one at once. */
typedef struct ak_catalogue ak_catalogue;

/**
 * Parses a package catalogue (`packages_json`: a JSON array shaped like fixtures/packages.json)
 * into `*out`, which the caller frees with ak_catalogue_free() once no call uses it.
 * Errors: AK_ERR_INVALID_ARGUMENT (NULL argument), AK_ERR_MALFORMED_JSON, AK_ERR_TOO_LARGE,
 * AK_ERR_TOO_DEEP, AK_ERR_INVALID_INPUT (a bad or repeated entry; the message names it).
 */
AK_API ak_status ak_catalogue_new(const char *packages_json, ak_catalogue **out);

/** Frees a catalogue; NULL is a no-op. */
AK_API void ak_catalogue_free(ak_catalogue *catalogue);

/** Options for ak_map_start and ak_map_cancel. Zero-initialise, then set struct_size. */
typedef struct ak_map_options {
  size_t struct_size;        /**< sizeof(ak_map_options) */
  const char *assessment_id; /**< start: the record id (`ats_ass_...`); NULL mints a new one;
                                  "" is refused */
  int64_t now_ms;            /**< the event's time in ms since the epoch; 0: the system clock */
  const char *packages_json; /**< NULL, or a package catalogue: a JSON array shaped like
                                  fixtures/packages.json, parsed on every call; a catalogue
                                  handle below saves that */
  const ak_catalogue *catalogue; /**< NULL, or a parsed catalogue (not owned; only read during
                                      the call); setting both it and packages_json is refused */
} ak_map_options;

/**
 * Maps an assessment.start body to a Knit `record.new` event: compact JSON into `*out`
 * (caller-owned). These are the bytes to sign and deliver.
 * Errors: AK_ERR_INVALID_ARGUMENT (NULL out, a bad option or catalogue), AK_ERR_TOO_LARGE,
 * AK_ERR_TOO_DEEP, AK_ERR_MALFORMED_JSON (HTTP 400 to Ashby), AK_ERR_INVALID_INPUT (HTTP 422;
 * the message names the field for the recruiter), AK_ERR_INTERNAL.
 */
AK_API ak_status ak_map_start(const void *body, size_t body_len, const ak_map_options *options,
                              char **out);

/** Maps an assessment.cancel body to a Knit `record.deleted` event, as ak_map_start does
 *  (`assessment_id`, `packages_json` and `catalogue` are not used). */
AK_API ak_status ak_map_cancel(const void *body, size_t body_len, const ak_map_options *options,
                               char **out);

/* ---- The store: integrations, keys, catalogues, custom fields, assessments -------------- */

/** A store: a SQLite file (several processes may open one, in WAL mode) or a PostgreSQL database
 *  (several hosts may open one). */
typedef struct ak_store ak_store;

/** How the store writes to disk; see ak_store_options.durability. */
enum {
  AK_DURABILITY_FULL = 0,  /**< every commit is synced: an accepted call survives a power cut */
  AK_DURABILITY_NORMAL = 1 /**< synced at checkpoints: survives a process crash, maybe not a power cut */
};

/** Where the store lives. Zero-initialise, then set struct_size. */
typedef struct ak_store_options {
  size_t struct_size;  /**< sizeof(ak_store_options) */
  const char *path;    /**< a SQLite file, created if missing, or a postgresql:// URL; NULL or ":memory:":
                            private, in memory; "" is refused */
  int busy_timeout_ms; /**< how long to wait for another process's write lock; 0: 5000; negative is refused */
  int durability;      /**< AK_DURABILITY_FULL (the default) or AK_DURABILITY_NORMAL */
  const void *master_key; /**< the 32 raw bytes (see ak_master_key_parse) that encrypt the Ashby API keys the
                               store keeps; NULL (with master_key_len 0): none, and then no Ashby key can be
                               stored or used; any other length is refused. Only read during the call */
  size_t master_key_len;
  /* Group commit: starts, cancels and the delivery's records that arrive together share one
     transaction, and so one sync of the disk; each is still answered only once its writes are
     committed. A struct_size that does not cover a field below gives its default. */
  size_t commit_batch_max;  /**< the most calls in one transaction; 1: every call commits alone; 0: 64 */
  long long commit_wait_us; /**< how long the first call of a batch waits for others, 0 to 1000000 microseconds;
                                 0 (the default): never, a batch is what queued behind the commit before it;
                                 negative or over 1000000 is refused */
} ak_store_options;

/** Bytes in a master key. */
enum { AK_MASTER_KEY_BYTES = 32 };

/** Reads a master key written as 64 hexadecimal digits (either case; white space around them,
 *  such as a file's final newline, is ignored) into the AK_MASTER_KEY_BYTES bytes of `out`, for
 *  ak_store_options.master_key. Errors: AK_ERR_INVALID_ARGUMENT (NULL, or any other text; the
 *  message never repeats it). */
AK_API ak_status ak_master_key_parse(const char *text, unsigned char out[AK_MASTER_KEY_BYTES]);

/** A new master key from the OS CSPRNG, as 64 lowercase hexadecimal digits (what
 *  ak_master_key_parse reads), into `*out` (caller-owned). Keep it outside the store, in a file or
 *  the environment: a copy of the store file alone then reveals no Ashby key. Errors:
 *  AK_ERR_INVALID_ARGUMENT (NULL), AK_ERR_INTERNAL (the random source failed). */
AK_API ak_status ak_master_key_generate(char **out);

/** Injected clock and random source, for tests. Zero-initialise, then set struct_size. The
 *  callbacks may be called from any thread that calls the bridge or store they were given to.
 *  ak_store_open and ak_bridge_new take charge of user_data as soon as they are called: destroy
 *  runs exactly once, before they return when they fail (or when neither callback is set), else
 *  once the last store or bridge using the callbacks is freed. (struct_size must cover destroy: with
 *  a struct_size of 0 nothing is read.) */
typedef struct ak_sources {
  size_t struct_size;                                                   /**< sizeof(ak_sources) */
  int64_t (*now_ms)(void *user_data);                                   /**< NULL: the system clock */
  int (*random_bytes)(unsigned char *out, size_t size, void *user_data); /**< 0 on success, else the call fails
                                                                             (AK_ERR_INTERNAL, or HTTP 500);
                                                                             NULL: the OS CSPRNG */
  void *user_data;
  void (*destroy)(void *user_data); /**< NULL, or releases user_data once nothing uses it (see above) */
} ak_sources;

/**
 * Opens or creates a store, migrating an older schema forward; `*out` is freed with
 * ak_store_free. `options` may be NULL (an in-memory store), and so may `sources`.
 * Errors: AK_ERR_INVALID_ARGUMENT, AK_ERR_STORE (cannot open, not an ashbyknit store, newer version).
 */
AK_API ak_status ak_store_open(const ak_store_options *options, const ak_sources *sources, ak_store **out);

/** Closes a store opened with ak_store_open. Accepts NULL; does nothing for the store of a bridge
 *  (ak_bridge_store), which closes with its bridge. */
AK_API void ak_store_free(ak_store *store);

/** Adds an integration (1 to 128 of [A-Za-z0-9._-]). Errors: AK_ERR_INVALID_ARGUMENT,
 *  AK_ERR_CONFLICT (exists), AK_ERR_STORE. */
AK_API ak_status ak_store_integration_create(ak_store *store, const char *integration_id);

/** Every integration as a JSON array of {"id","createdMs","activeKeys","ashbyKeySet" (whether an
 *  Ashby API key is stored; never the key),"enrichCandidates" (ak_store_candidate_enrichment_set)},
 *  into `*out` (caller-owned). Errors: AK_ERR_INVALID_ARGUMENT, AK_ERR_STORE. */
AK_API ak_status ak_store_integration_list(ak_store *store, char **out);

/**
 * Issues a secret key for an integration and stores only its hash. `expires_in_ms` 0 means never.
 * The three outputs receive caller-owned strings: the key and the normalised base URL to hand to
 * Ashby once, and the key's id (for listing and revoking).
 * Errors: AK_ERR_INVALID_ARGUMENT (bad URL, negative lifetime), AK_ERR_NOT_FOUND, AK_ERR_STORE.
 */
AK_API ak_status ak_store_secret_issue(ak_store *store, const char *integration_id, const char *public_base_url,
                                       int64_t expires_in_ms, char **out_secret_key, char **out_base_url,
                                       char **out_key_id);

/** An integration's keys as a JSON array of {"keyId","integrationId","createdMs","expiresMs",
 *  "revokedMs"} (the last two null when not set), oldest first; never the keys. `*out` is
 *  caller-owned. Errors: AK_ERR_INVALID_ARGUMENT, AK_ERR_NOT_FOUND, AK_ERR_STORE. */
AK_API ak_status ak_store_secret_list(ak_store *store, const char *integration_id, char **out);

/** Revokes one key; the integration's other keys keep working. Revoking twice is fine.
 *  Errors: AK_ERR_INVALID_ARGUMENT, AK_ERR_NOT_FOUND (no such key for that integration), AK_ERR_STORE. */
AK_API ak_status ak_store_secret_revoke(ak_store *store, const char *integration_id, const char *key_id);

/** Stores an integration's Ashby API key (the customer's key, with the candidatesWrite permission,
 *  that reports are sent with), replacing any earlier one. It is encrypted under the store's
 *  master key (ak_store_options.master_key), and never logged nor returned.
 *  Errors: AK_ERR_INVALID_ARGUMENT (NULL, a store without a master key, a key that is empty, over
 *  1024 bytes, or holds a ':', white space or a control character), AK_ERR_NOT_FOUND (no such
 *  integration), AK_ERR_STORE. */
AK_API ak_status ak_store_ashby_key_set(ak_store *store, const char *integration_id, const char *ashby_api_key);

/** Turns candidate enrichment on (`enabled` not 0) or off for an integration: when on, a delivery
 *  engine fills each new record.new event's candidate (phones, location, further e-mails and
 *  links) from Ashby's candidate.info, with the integration's Ashby API key (which then needs the
 *  candidatesRead permission), before the event's first attempt, waiting at most
 *  ak_delivery_options.enrichment_timeout_ms; any failure sends the event as it is. Events handed
 *  out before are left as they are. Off by default. Errors: AK_ERR_INVALID_ARGUMENT (NULL),
 *  AK_ERR_NOT_FOUND (no such integration), AK_ERR_STORE. */
AK_API ak_status ak_store_candidate_enrichment_set(ak_store *store, const char *integration_id, int enabled);

/** Sets the package catalogue (a JSON array shaped like fixtures/packages.json) of an
 *  integration, or the bridge-wide default when `integration_id` is NULL ("" is refused).
 *  Errors: AK_ERR_INVALID_ARGUMENT, AK_ERR_MALFORMED_JSON, AK_ERR_TOO_LARGE, AK_ERR_TOO_DEEP,
 *  AK_ERR_INVALID_INPUT (the message names the entry), AK_ERR_NOT_FOUND, AK_ERR_STORE. */
AK_API ak_status ak_store_packages_set(ak_store *store, const char *integration_id, const char *packages_json);

/** Sets the custom fields of assessment.customField.list: a JSON array of {id, name, type,
 *  possible_values?, isRequired?}, for an integration or (NULL) bridge-wide. Errors as above. */
AK_API ak_status ak_store_fields_set(ak_store *store, const char *integration_id, const char *fields_json);

/** Assessments as a JSON array of {"id","integrationId","applicationId","assessmentTypeId",
 *  "status","createdMs","updatedMs"}, newest first: one integration's, or all when NULL ("" is
 *  refused). `*out` is caller-owned. Errors: AK_ERR_INVALID_ARGUMENT, AK_ERR_NOT_FOUND (no such
 *  integration), AK_ERR_STORE. */
AK_API ak_status ak_store_assessments_list(ak_store *store, const char *integration_id, char **out);

/** Counts of events: pending (neither delivered nor dead-lettered), delivered (acknowledged) and
 *  dead-lettered. Any output may be NULL. Errors: AK_ERR_INVALID_ARGUMENT, AK_ERR_STORE. */
AK_API ak_status ak_store_events_count(ak_store *store, int64_t *out_pending, int64_t *out_acknowledged,
                                       int64_t *out_dead_lettered);

/** Event states, for ak_store_events_list's `state` (an int, so that any value is defined). */
typedef enum ak_event_state {
  AK_EVENTS_ALL = 0,           /**< every state */
  AK_EVENTS_PENDING = 1,       /**< not yet delivered: due, in flight, waiting to be retried */
  AK_EVENTS_DELIVERED = 2,     /**< acknowledged */
  AK_EVENTS_DEAD_LETTERED = 3  /**< given up; replayable */
} ak_event_state;

/** Events in one state, oldest first, at most `limit` (0: all), as a JSON array of {"eventId",
 *  "integrationId","assessmentId","eventType","state" ("pending"|"delivered"|"dead_lettered"),
 *  "createdMs","attempts","nextAttemptMs","finishedMs" (null while pending),"lastError" (the last
 *  failed attempt's status or error; null when none)}; never the body. `*out` is caller-owned.
 *  Errors: AK_ERR_INVALID_ARGUMENT (also for a state that is not an ak_event_state), AK_ERR_STORE. */
AK_API ak_status ak_store_events_list(ak_store *store, int state, size_t limit, char **out);

/** An event's delivery attempts, oldest first, as a JSON array of {"executionId","startedMs",
 *  "durationMs","httpStatus" (null when none),"error" (why it failed, beside the status if any;
 *  null when it did not),"requestId" (the receiver's id for the request, Ashby's
 *  x-ashby-request-id; null when none)}. `*out` is caller-owned.
 *  Errors: AK_ERR_INVALID_ARGUMENT, AK_ERR_NOT_FOUND (no such event), AK_ERR_STORE. */
AK_API ak_status ak_store_event_history(ak_store *store, const char *event_id, char **out);

/** Makes one dead-lettered event pending again, due at once, with a fresh retry budget; with
 *  `event_id` NULL, every dead-lettered event. How many into `*out_replayed` when not NULL.
 *  Errors: AK_ERR_INVALID_ARGUMENT, AK_ERR_NOT_FOUND (no such event), AK_ERR_CONFLICT (the event
 *  is not dead-lettered), AK_ERR_STORE. */
AK_API ak_status ak_store_events_replay(ak_store *store, const char *event_id, size_t *out_replayed);

/* ---- The bridge: the front door for Ashby's calls ----------------------------------------- */

/** A bridge over one store. */
typedef struct ak_bridge ak_bridge;

/** What a bridge needs. Zero-initialise, then set struct_size and public_base_url. */
typedef struct ak_bridge_options {
  size_t struct_size;                 /**< sizeof(ak_bridge_options) */
  const char *public_base_url;        /**< required: e.g. https://hooks.vendor.example/ashby/ */
  const ak_store_options *store;      /**< NULL: an in-memory store */
  size_t max_body_bytes;              /**< 0: 1 MiB */
  size_t max_depth;                   /**< 0: 64 */
  const char *default_packages_json;  /**< the catalogue when the store holds none; NULL: none */
  const void *signing_key;            /**< signs pulled events; NULL: events cannot be pulled; empty is refused */
  size_t signing_key_len;
  int64_t visibility_timeout_ms;      /**< a pulled, unacknowledged event is handed out again after this; 0: 60000 */
  const ak_sources *sources;          /**< NULL: the system clock and the OS CSPRNG */
  int initial_update_request;         /**< nonzero: a new assessment's start reply carries an update_request
                                           with status "Started" (docs/protocol.md §2), and the assessment
                                           is then started */
} ak_bridge_options;

/** Opens a bridge; `*out` is freed with ak_bridge_free. `options` is required.
 *  Errors: AK_ERR_INVALID_ARGUMENT (a bad URL, catalogue or option), AK_ERR_STORE. */
AK_API ak_status ak_bridge_new(const ak_bridge_options *options, ak_bridge **out);

/** Closes a bridge and its store. Accepts NULL. */
AK_API void ak_bridge_free(ak_bridge *bridge);

/** The bridge's store, for administration: borrowed, valid until ak_bridge_free. Never free it.
 *  NULL only for a NULL bridge. */
AK_API ak_store *ak_bridge_store(ak_bridge *bridge);

/** A header as byte spans (names compare case-insensitively). */
typedef struct ak_header {
  const char *name;
  size_t name_len;
  const char *value;
  size_t value_len;
} ak_header;

/** A request as the host's server received it. Only read during the call. */
typedef struct ak_http_request {
  size_t struct_size;      /**< sizeof(ak_http_request) */
  const char *method;      /**< NUL-terminated: "POST" */
  const char *path;        /**< NUL-terminated request path, e.g. "/ashby/assessment.start" */
  const ak_header *headers;
  size_t header_count;
  const void *body;        /**< may be NULL when body_len is 0 */
  size_t body_len;
} ak_http_request;

/** The reply to send back to Ashby, as it is. */
typedef struct ak_http_response ak_http_response;

/**
 * Answers one of Ashby's calls. Every problem with the call itself is an HTTP status in the
 * response (protocol §2.4), so this fails only for bad arguments (AK_ERR_INVALID_ARGUMENT) or when
 * out of memory. `*out` is freed with ak_http_response_free.
 */
AK_API ak_status ak_bridge_handle(ak_bridge *bridge, const ak_http_request *request, ak_http_response **out);

/** The HTTP status code (0 for a NULL response: every accessor answers 0 or NULL for NULL). */
AK_API int ak_http_response_status(const ak_http_response *response);
/** How many headers the response has. */
AK_API size_t ak_http_response_header_count(const ak_http_response *response);
/** Header `index`'s name or value (NUL-terminated, owned by the response); NULL past the end. */
AK_API const char *ak_http_response_header_name(const ak_http_response *response, size_t index);
AK_API const char *ak_http_response_header_value(const ak_http_response *response, size_t index);
/** The body (owned by the response, NUL-terminated for convenience); its length into `*out_len`
 *  when that is not NULL. */
AK_API const char *ak_http_response_body(const ak_http_response *response, size_t *out_len);
/** What the call was, for the host's log line, never read from the body or the key (each
 *  NUL-terminated, owned by the response; "" when it has none): the operation the path names
 *  ("assessment.start"), the integration whose key authenticated it, and the assessment of an
 *  accepted start or cancel. */
AK_API const char *ak_http_response_operation(const ak_http_response *response);
AK_API const char *ak_http_response_integration_id(const ak_http_response *response);
AK_API const char *ak_http_response_assessment_id(const ak_http_response *response);
/** Releases a response. Accepts NULL. */
AK_API void ak_http_response_free(ak_http_response *response);

/* ---- Events for the host to deliver itself ------------------------------------------------ */

/** Events pulled from the outbox, each with the headers to POST it with. */
typedef struct ak_event_batch ak_event_batch;

/**
 * Leases up to `max` undelivered events, oldest first (an event waits for earlier unacknowledged
 * events of its assessment), and signs each: POST its body with its headers (Content-Type,
 * X-Knit-Signature, X-Knit-Integration-Id, X-Knit-Execution-Id), then acknowledge it. An event
 * not acknowledged within the visibility timeout is handed out again, with a new execution id.
 * `*out` is freed with ak_event_batch_free. Errors: AK_ERR_INVALID_ARGUMENT (no signing key), AK_ERR_STORE.
 */
AK_API ak_status ak_bridge_events_pull(ak_bridge *bridge, size_t max, ak_event_batch **out);

/** How many events the batch holds (0 for NULL: every accessor answers 0 or NULL for NULL). */
AK_API size_t ak_event_batch_count(const ak_event_batch *batch);
/** Event `index`'s eventId; NULL past the end. Owned by the batch. */
AK_API const char *ak_event_batch_event_id(const ak_event_batch *batch, size_t index);
/** Event `index`'s body: the exact bytes to send (NUL-terminated for convenience), its length
 *  into `*out_len` when not NULL; NULL past the end. Owned by the batch. */
AK_API const char *ak_event_batch_body(const ak_event_batch *batch, size_t index, size_t *out_len);
/** How many headers event `index` has (0 past the end). */
AK_API size_t ak_event_batch_header_count(const ak_event_batch *batch, size_t index);
/** Header `header` of event `index`: name or value; NULL past the end. Owned by the batch. */
AK_API const char *ak_event_batch_header_name(const ak_event_batch *batch, size_t index, size_t header);
AK_API const char *ak_event_batch_header_value(const ak_event_batch *batch, size_t index, size_t header);
/** Releases a batch. Accepts NULL. */
AK_API void ak_event_batch_free(ak_event_batch *batch);

/** Marks events delivered by eventId; they are never handed out again. Unknown or already
 *  acknowledged ids are not an error; how many were pending goes into `*out_acknowledged` when
 *  that is not NULL. Errors: AK_ERR_INVALID_ARGUMENT, AK_ERR_STORE. */
AK_API ak_status ak_bridge_events_ack(ak_bridge *bridge, const char *const *event_ids, size_t count,
                                      size_t *out_acknowledged);

/* ---- Delivery: the outbox sent to the vendor's webhook, with retries ---------------------- */

/** Where a transport's send hands back the reply's body and headers (ak_reply_set_body,
 *  ak_reply_add_header). Owned by the library; valid only during the send it was given to. */
typedef struct ak_reply ak_reply;

/** One POST for a transport to send. Only valid during the send call. Filled by the library; it
 *  only ever grows at the end, so a host built against an earlier header reads what it knows. */
typedef struct ak_outbound_request {
  const char *url;           /**< NUL-terminated absolute URL */
  const ak_header *headers;  /**< protocol §3.3's headers */
  size_t header_count;
  const void *body;
  size_t body_len;
  /** The reply being received: what the send sets on it is kept when it returns an HTTP status,
   *  dropped otherwise. Never NULL. */
  ak_reply *reply;
  /** 0: the transport's own limits alone bound the send. Otherwise the send gives up after at
   *  most this many milliseconds in all, connecting included, and returns AK_SEND_FAILED with a
   *  reason that says it timed out; never later than its own limits would. */
  int64_t timeout_ms;
} ak_outbound_request;

/**
 * Hands back the reply's body from within a transport's send: a copy of its first 64 KiB (of
 * `len` bytes at `body`), replacing any body set before; (NULL, 0) is an empty body. Call it only
 * while the send that was given `reply` runs, from one thread at a time (the send's, or one it
 * waits for). Errors: AK_ERR_INVALID_ARGUMENT (a NULL reply, a NULL body with a non-zero len),
 * AK_ERR_INTERNAL (out of memory).
 */
AK_API ak_status ak_reply_set_body(ak_reply *reply, const void *body, size_t len);

/**
 * Hands back one of the reply's headers from within a transport's send: copies of its name, as
 * received, and value (NUL-terminated), after those added before; call it once per header line,
 * in the order received. Same rules as ak_reply_set_body. Errors: AK_ERR_INVALID_ARGUMENT (a NULL
 * argument, an empty name), AK_ERR_INTERNAL (out of memory).
 */
AK_API ak_status ak_reply_add_header(ak_reply *reply, const char *name, const char *value);

/** What a transport's send returns when it got no HTTP status. */
enum {
  AK_SEND_FAILED = -1,  /**< no usable reply: refused, timed out, TLS or protocol error; retried */
  AK_SEND_ABORTED = -2  /**< given up because abort was called: the event is released, due again at once;
                             the history shows the aborted attempt, the attempt count does not */
};

/**
 * A host's HTTP client. Zero-initialise, then set struct_size and send. ak_delivery_new takes
 * charge of user_data as soon as it is called: destroy runs exactly once, before it returns when
 * it fails, else from ak_delivery_free. (Both struct_size fields, the options' and this one's,
 * must cover the fields read: a struct_size of 0 hides destroy too.)
 */
typedef struct ak_transport {
  size_t struct_size; /**< sizeof(ak_transport) */
  /** Sends one request and returns the HTTP status (100 to 599), or AK_SEND_FAILED or
   *  AK_SEND_ABORTED; may write a NUL-terminated reason (never a secret) into `error` (capacity
   *  `error_size`, at least 1), and hand back the reply's body and headers through
   *  `request->reply`. Called from several worker threads at once; must time out on its own,
   *  and within `request->timeout_ms` when that is not 0. */
  int (*send)(const ak_outbound_request *request, char *error, size_t error_size, void *user_data);
  /** NULL, or asks every send in progress to return AK_SEND_ABORTED soon. Any thread. */
  void (*abort)(void *user_data);
  void *user_data;
  void (*destroy)(void *user_data); /**< NULL, or releases user_data (see above) */
} ak_transport;

/** Settings of the default (libcurl) transport. Zero-initialise, then set struct_size; a 0 field
 *  takes the default. */
typedef struct ak_curl_options {
  size_t struct_size;          /**< sizeof(ak_curl_options) */
  int64_t connect_timeout_ms;  /**< 0: 5000 */
  int64_t total_timeout_ms;    /**< 0: 30000 */
  int forbid_reuse;            /**< nonzero: a new connection for every send */
  size_t max_connections;      /**< 0: 8 */
  const char *ca_file;         /**< NULL: the system's CA store */
} ak_curl_options;

/** What a delivery engine needs beside its bridge. Zero-initialise, then set struct_size (and
 *  webhook_url to deliver events); a 0 field takes the default. */
typedef struct ak_delivery_options {
  size_t struct_size;             /**< sizeof(ak_delivery_options) */
  const char *webhook_url;        /**< the vendor's absolute http(s) URL for events; NULL when the host
                                       pulls events itself: the engine then sends only reports to Ashby
                                       ("" is refused) */
  size_t workers;                 /**< background threads (deliveries in flight); 0: 4 */
  size_t batch_size;              /**< events claimed at once; 0: 8 */
  int64_t lease_ms;               /**< how long a claimed event is held, more than twice the
                                       transport's timeout; 0: 120000 */
  int64_t idle_poll_ms;           /**< how long an idle worker waits; 0: 200 */
  int64_t first_retry_delay_ms;   /**< the first retry comes within this; 0: 10000 */
  int64_t max_retry_delay_ms;     /**< no wait between attempts exceeds this; 0: 3600000 */
  int64_t max_age_ms;             /**< a failure after this age dead-letters the event; 0: 4 days */
  int64_t max_attempts;           /**< a failure on this attempt dead-letters it; 0: no limit */
  const ak_transport *transport;  /**< NULL: libcurl, with `curl` */
  const ak_curl_options *curl;    /**< NULL: libcurl's defaults above; ignored with a transport */
  const char *ashby_api_url;      /**< Ashby's API base, absolute http(s): reports go to
                                       `<ashby_api_url>assessment.update` (added completed assessments
                                       to `...assessment.addCompletedToCandidate`); NULL:
                                       https://api.ashbyhq.com/ */
  const char *const *standard_webhook_keys; /**< "whsec_..." or "whsk_..." keys that also sign every
                                                 event (Standard Webhooks headers, one signature per
                                                 key, in order); NULL: none. Copied. */
  size_t standard_webhook_key_count;        /**< how many keys standard_webhook_keys holds */
  int64_t enrichment_timeout_ms;            /**< how long a record.new of an integration that
                                                 enriches candidates waits at most for Ashby's
                                                 candidate.info, under half the lease; 0: 5000 */
} ak_delivery_options;

/** A delivery engine over one bridge. */
typedef struct ak_delivery ak_delivery;

/** What one ak_delivery_deliver_due pass did. */
typedef struct ak_delivery_summary {
  size_t delivered;      /**< answered 2xx */
  size_t retrying;       /**< failed, scheduled again */
  size_t dead_lettered;  /**< failed for the last time */
  size_t released;       /**< aborted, given back */
} ak_delivery_summary;

/**
 * Creates a delivery engine for `bridge`, which must outlive it (the engine uses the bridge's
 * signing key, clock and random source); `*out` is freed with ak_delivery_free. It sends the
 * events to the webhook and the reports (ak_report_*) to Ashby, with the integration's Ashby API
 * key, decrypted by the store's master key. Several engines, in this process or others sharing
 * the store file, may run at once: events and reports are leased. `options` is required.
 * Errors: AK_ERR_INVALID_ARGUMENT (NULL arguments, a webhook URL with a bridge without a signing
 * key, a bad URL or setting), AK_ERR_INTERNAL.
 */
AK_API ak_status ak_delivery_new(ak_bridge *bridge, const ak_delivery_options *options, ak_delivery **out);

/** Stops the engine (no time to drain: sends in flight are aborted and their events released)
 *  and releases it, its transport included. Accepts NULL. */
AK_API void ak_delivery_free(ak_delivery *delivery);

/** One pass on the calling thread: sends up to batch_size events due at `now_ms` (ms since the
 *  epoch) one after the other. `out` may be NULL. Errors: AK_ERR_INVALID_ARGUMENT, AK_ERR_STORE. */
AK_API ak_status ak_delivery_deliver_due(ak_delivery *delivery, int64_t now_ms, ak_delivery_summary *out);

/** Starts the background workers. Errors: AK_ERR_INVALID_ARGUMENT, AK_ERR_CONFLICT (running),
 *  AK_ERR_INTERNAL (a thread could not start). */
AK_API ak_status ak_delivery_start(ak_delivery *delivery);

/** Stops claiming, lets sends in flight finish for up to `drain_ms`, aborts the rest (their events
 *  are released), and joins the workers. Does nothing when not running. Never call it from a send. */
AK_API ak_status ak_delivery_stop(ak_delivery *delivery, int64_t drain_ms);

/** Wakes an idle worker to look for due events now (for example after ak_bridge_handle); with
 *  none idle, the next worker to finish its batch looks at once. Thread-safe. */
AK_API void ak_delivery_wake(ak_delivery *delivery);

/* ---- Reports back to Ashby (assessment.update, assessment.addCompletedToCandidate) -------- */

/*
 * A report queues an assessment.update (protocol §5) for an assessment the bridge issued, durable
 * in the store's outbox before the call returns; a delivery engine sends it to Ashby with the
 * integration's Ashby API key (ak_store_ashby_key_set), after the assessment's earlier reports.
 * Each report also moves the assessment along: active -> started -> completed or cancelled, the
 * last two final (the "status" of ak_store_assessments_list).
 *
 * `store` is an ak_store_open store or a bridge's (ak_bridge_store). On success the report's id
 * (`upd_...`, as ak_store_events_list and ak_store_event_history name it) goes into
 * `*out_update_id` (caller-owned) and the timestamp sent into `*out_timestamp_ms`; either may be
 * NULL. Timestamps the library assigns come from the store's clock; an assessment's timestamps
 * strictly increase.
 *
 * A blob is a JSON object {"identifier","label","type","value","description"?}, `type` one of
 * "numeric_score", "numeric_duration_minutes" (a number), "url" (an absolute http(s) URL),
 * "string" (not empty), "boolean_success" (true or false); metadata is a JSON array of blobs,
 * identifiers unique within a report.
 *
 * Errors, with nothing queued: AK_ERR_INVALID_ARGUMENT (a NULL argument, or the integration has
 * no Ashby API key), AK_ERR_MALFORMED_JSON (text that does not parse, a blob that is not an
 * object, metadata that is not an array, a body that is not an object), AK_ERR_TOO_LARGE,
 * AK_ERR_TOO_DEEP, AK_ERR_INVALID_INPUT (the message names the field: "metadata[1].value: ..."),
 * AK_ERR_NOT_FOUND (no such integration, or it never issued that assessment), AK_ERR_CONFLICT
 * (the assessment is completed or cancelled, by the vendor or by Ashby), AK_ERR_STORE.
 */

/** The candidate started: status "Started", with `profile_url` (NULL: none; "" is refused), a
 *  candidate-facing or report URL. Allowed while the assessment is active or started. */
AK_API ak_status ak_report_started(ak_store *store, const char *integration_id, const char *assessment_id,
                                   const char *profile_url, char **out_update_id, int64_t *out_timestamp_ms);

/** Progress: a free status text ("In progress") and `metadata_json` (NULL: none). Allowed while
 *  active or started; the assessment's state does not move. */
AK_API ak_status ak_report_progress(ak_store *store, const char *integration_id, const char *assessment_id,
                                    const char *status_text, const char *metadata_json, char **out_update_id,
                                    int64_t *out_timestamp_ms);

/** The result: status "Completed", `result_json` (one blob), `profile_url` (required: the profile or
 *  report URL) and `metadata_json` (NULL: none). The assessment is then completed: final. */
AK_API ak_status ak_report_completed(ak_store *store, const char *integration_id, const char *assessment_id,
                                     const char *result_json, const char *profile_url, const char *metadata_json,
                                     char **out_update_id, int64_t *out_timestamp_ms);

/** Cancelled by the vendor, with a reason shown to the recruiter. The assessment is then
 *  cancelled: final. */
AK_API ak_status ak_report_cancelled(ak_store *store, const char *integration_id, const char *assessment_id,
                                     const char *reason, char **out_update_id, int64_t *out_timestamp_ms);

/** A complete assessment.update body (protocol §5), for reports that need every field; unknown
 *  fields are refused. A missing "timestamp" is assigned; a given one must be after the assessment's
 *  last report (AK_ERR_CONFLICT otherwise). An "assessment_result" completes the assessment, a
 *  "cancelled_reason" cancels it, an "assessment_status" of "Started" starts it. `body` may be
 *  NULL only when `body_len` is 0. */
AK_API ak_status ak_report_update(ak_store *store, const char *integration_id, const void *body, size_t body_len,
                                  char **out_update_id, int64_t *out_timestamp_ms);

/** Records an assessment that Ashby did not start (one the candidate took on the vendor's side)
 *  and queues its assessment.addCompletedToCandidate (protocol §5) for Ashby: `body` is
 *  {"candidateId","partnerId","assessment":{"assessmentTypeId","assessmentId","assessmentName",
 *  "result","metadata"?},"timestamp"?}, every text required, unknown fields refused; a missing
 *  "timestamp" is assigned. The store then holds the assessment as completed, under its
 *  assessmentId, so it takes no further report. Errors as above, AK_ERR_CONFLICT meaning that the
 *  assessment id is one the store already holds (of any integration) and AK_ERR_NOT_FOUND an
 *  unknown integration. `body` may be NULL only when `body_len` is 0. */
AK_API ak_status ak_report_add_completed(ak_store *store, const char *integration_id, const void *body,
                                         size_t body_len, char **out_update_id, int64_t *out_timestamp_ms);

#ifdef __cplusplus
}
#endif

#endif /* ASHBYKNIT_H */
