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
 * Every function may be called from any thread at any time; the functions in this header share
 * no mutable state. The last error message is kept per thread.
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
  AK_ERR_INTERNAL = -7          /**< the random source, the crypto library or memory failed */
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

/* ---- Mapping Ashby's calls to Knit events ------------------------------------------------- */

/** Options for ak_map_start and ak_map_cancel. Zero-initialise, then set struct_size. */
typedef struct ak_map_options {
  size_t struct_size;        /**< sizeof(ak_map_options) */
  const char *assessment_id; /**< start: the record id (`ats_ass_...`); NULL mints a new one;
                                  "" is refused */
  int64_t now_ms;            /**< the event's time in ms since the epoch; 0: the system clock */
  const char *packages_json; /**< NULL, or a package catalogue: a JSON array shaped like
                                  fixtures/packages.json */
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
 *  (`assessment_id` and `packages_json` are not used). */
AK_API ak_status ak_map_cancel(const void *body, size_t body_len, const ak_map_options *options,
                               char **out);

#ifdef __cplusplus
}
#endif

#endif /* ASHBYKNIT_H */
