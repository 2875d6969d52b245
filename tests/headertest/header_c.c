/* ashbyknit.h as a C99 program sees it. Built with every warning an error, so a header that is
 * not clean C breaks the build; each function is also assigned to a pointer of the exact type
 * the ABI promises, so a changed signature breaks it too. Run, it makes a few calls through the
 * shared library and exits non-zero if one answers wrongly. */
#include "ashbyknit.h"

#include <stdio.h>
#include <string.h>

static const char *(*const version_string)(void) = ak_version_string;
static const char *(*const last_error_message)(void) = ak_last_error_message;
static const char *(*const status_name)(ak_status) = ak_status_name;
static void (*const string_free)(char *) = ak_string_free;
static ak_status (*const secret_issue)(const char *, const char *, char **, char **, char **) = ak_secret_issue;
static ak_status (*const secret_hash)(const char *, char **) = ak_secret_hash;
static int (*const secret_matches)(const char *, const char *) = ak_secret_matches;
static ak_status (*const knit_sign)(const void *, size_t, const void *, size_t, char **) = ak_knit_sign;
static int (*const knit_verify)(const void *, size_t, const void *, size_t, const char *) = ak_knit_verify;
static ak_status (*const map_start)(const void *, size_t, const ak_map_options *, char **) = ak_map_start;
static ak_status (*const map_cancel)(const void *, size_t, const ak_map_options *, char **) = ak_map_cancel;

static int failures = 0;

static void expect(int condition, const char *what) {
  if (!condition) {
    fprintf(stderr, "FAILED: %s\n", what);
    ++failures;
  }
}

static int text_is(const char *text, const char *expected) { return text != NULL && strcmp(text, expected) == 0; }

static void check_signatures(void) {
  static const char key[] = "Jefe";
  static const char body[] = "what do ya want for nothing?";
  char *signature = NULL;
  expect(knit_sign(key, strlen(key), body, strlen(body), &signature) == AK_OK, "ak_knit_sign succeeds");
  /* RFC 4231 test case 2 in base64url without padding. */
  expect(text_is(signature, "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM"), "ak_knit_sign gives the known answer");
  expect(signature != NULL && knit_verify(key, strlen(key), body, strlen(body), signature) == 1,
         "ak_knit_verify accepts");
  string_free(signature);
  expect(knit_sign(NULL, 0, body, strlen(body), &signature) == AK_ERR_INVALID_ARGUMENT, "a NULL key is refused");
  expect(last_error_message()[0] != '\0', "a refusal leaves a message");
}

static void check_secrets(void) {
  char *key = NULL;
  char *url = NULL;
  char *stored = NULL;
  char *hash = NULL;
  expect(secret_issue("acme", "https://hooks.example", &key, &url, &stored) == AK_OK, "ak_secret_issue succeeds");
  expect(text_is(url, "https://hooks.example/"), "ak_secret_issue normalises the base URL");
  expect(key != NULL && secret_hash(key, &hash) == AK_OK && text_is(hash, stored),
         "ak_secret_hash gives the stored hash");
  expect(key != NULL && stored != NULL && secret_matches(key, stored) == 1, "ak_secret_matches accepts the key");
  expect(secret_matches(NULL, NULL) == 0, "ak_secret_matches refuses NULL");
  string_free(key);
  string_free(url);
  string_free(stored);
  string_free(hash);
}

static void check_mapping(void) {
  static const char cancel[] = "{\"assessment_id\":\"ats_ass_x9y8z7w6v5u4t3s2r1q0p\"}";
  ak_map_options options = {sizeof(ak_map_options), NULL, 1734567890999, NULL};
  char *event = NULL;
  expect(map_cancel(cancel, strlen(cancel), &options, &event) == AK_OK, "ak_map_cancel succeeds");
  expect(event != NULL && strstr(event, "\"triggeredAt\":1734567890999") != NULL, "ak_map_cancel uses now_ms");
  string_free(event);
  expect(map_start("[]", 2, NULL, &event) == AK_ERR_MALFORMED_JSON, "ak_map_start refuses a list");
}

int main(void) {
  expect(text_is(status_name(AK_ERR_INVALID_INPUT), "invalid_input"), "ak_status_name names a status");
  /* Any int converts to a C enum; the library names the values it does not know. */
  expect(text_is(status_name((ak_status)42), "unknown"), "ak_status_name calls 42 unknown");
  check_signatures();
  check_secrets();
  check_mapping();
  printf("ashbyknit %s from C: %d failure(s)\n", version_string(), failures);
  return failures == 0 ? 0 : 1;
}
