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
static ak_status (*const catalogue_new)(const char *, ak_catalogue **) = ak_catalogue_new;
static void (*const catalogue_free)(ak_catalogue *) = ak_catalogue_free;
static ak_status (*const store_open)(const ak_store_options *, const ak_sources *, ak_store **) = ak_store_open;
static void (*const store_free)(ak_store *) = ak_store_free;
static ak_status (*const store_integration_create)(ak_store *, const char *) = ak_store_integration_create;
static ak_status (*const store_integration_list)(ak_store *, char **) = ak_store_integration_list;
static ak_status (*const store_secret_issue)(ak_store *, const char *, const char *, int64_t, char **, char **,
                                             char **) = ak_store_secret_issue;
static ak_status (*const store_secret_list)(ak_store *, const char *, char **) = ak_store_secret_list;
static ak_status (*const store_secret_revoke)(ak_store *, const char *, const char *) = ak_store_secret_revoke;
static ak_status (*const store_packages_set)(ak_store *, const char *, const char *) = ak_store_packages_set;
static ak_status (*const store_fields_set)(ak_store *, const char *, const char *) = ak_store_fields_set;
static ak_status (*const store_assessments_list)(ak_store *, const char *, char **) = ak_store_assessments_list;
static ak_status (*const store_events_count)(ak_store *, int64_t *, int64_t *, int64_t *) = ak_store_events_count;
static ak_status (*const bridge_new)(const ak_bridge_options *, ak_bridge **) = ak_bridge_new;
static void (*const bridge_free)(ak_bridge *) = ak_bridge_free;
static ak_store *(*const bridge_store)(ak_bridge *) = ak_bridge_store;
static ak_status (*const bridge_handle)(ak_bridge *, const ak_http_request *, ak_http_response **) = ak_bridge_handle;
static int (*const http_response_status)(const ak_http_response *) = ak_http_response_status;
static size_t (*const http_response_header_count)(const ak_http_response *) = ak_http_response_header_count;
static const char *(*const http_response_header_name)(const ak_http_response *, size_t) = ak_http_response_header_name;
static const char *(*const http_response_header_value)(const ak_http_response *, size_t) =
    ak_http_response_header_value;
static const char *(*const http_response_body)(const ak_http_response *, size_t *) = ak_http_response_body;
static const char *(*const http_response_operation)(const ak_http_response *) = ak_http_response_operation;
static const char *(*const http_response_integration_id)(const ak_http_response *) = ak_http_response_integration_id;
static const char *(*const http_response_assessment_id)(const ak_http_response *) = ak_http_response_assessment_id;
static void (*const http_response_free)(ak_http_response *) = ak_http_response_free;
static ak_status (*const bridge_events_pull)(ak_bridge *, size_t, ak_event_batch **) = ak_bridge_events_pull;
static size_t (*const event_batch_count)(const ak_event_batch *) = ak_event_batch_count;
static const char *(*const event_batch_event_id)(const ak_event_batch *, size_t) = ak_event_batch_event_id;
static const char *(*const event_batch_body)(const ak_event_batch *, size_t, size_t *) = ak_event_batch_body;
static size_t (*const event_batch_header_count)(const ak_event_batch *, size_t) = ak_event_batch_header_count;
static const char *(*const event_batch_header_name)(const ak_event_batch *, size_t, size_t) =
    ak_event_batch_header_name;
static const char *(*const event_batch_header_value)(const ak_event_batch *, size_t, size_t) =
    ak_event_batch_header_value;
static void (*const event_batch_free)(ak_event_batch *) = ak_event_batch_free;
static ak_status (*const bridge_events_ack)(ak_bridge *, const char *const *, size_t, size_t *) = ak_bridge_events_ack;
static ak_status (*const store_events_list)(ak_store *, int, size_t, char **) = ak_store_events_list;
static ak_status (*const store_event_history)(ak_store *, const char *, char **) = ak_store_event_history;
static ak_status (*const store_events_replay)(ak_store *, const char *, size_t *) = ak_store_events_replay;
static ak_status (*const delivery_new)(ak_bridge *, const ak_delivery_options *, ak_delivery **) = ak_delivery_new;
static void (*const delivery_free)(ak_delivery *) = ak_delivery_free;
static ak_status (*const delivery_deliver_due)(ak_delivery *, int64_t, ak_delivery_summary *) = ak_delivery_deliver_due;
static ak_status (*const delivery_start)(ak_delivery *) = ak_delivery_start;
static ak_status (*const delivery_stop)(ak_delivery *, int64_t) = ak_delivery_stop;
static void (*const delivery_wake)(ak_delivery *) = ak_delivery_wake;
static ak_status (*const reply_set_body)(ak_reply *, const void *, size_t) = ak_reply_set_body;
static ak_status (*const reply_add_header)(ak_reply *, const char *, const char *) = ak_reply_add_header;
static ak_status (*const master_key_parse)(const char *, unsigned char *) = ak_master_key_parse;
static ak_status (*const master_key_generate)(char **) = ak_master_key_generate;
static ak_status (*const store_ashby_key_set)(ak_store *, const char *, const char *) = ak_store_ashby_key_set;
static ak_status (*const store_candidate_enrichment_set)(ak_store *, const char *, int) =
    ak_store_candidate_enrichment_set;
static ak_status (*const report_started)(ak_store *, const char *, const char *, const char *, char **, int64_t *) =
    ak_report_started;
static ak_status (*const report_progress)(ak_store *, const char *, const char *, const char *, const char *, char **,
                                          int64_t *) = ak_report_progress;
static ak_status (*const report_completed)(ak_store *, const char *, const char *, const char *, const char *,
                                           const char *, char **, int64_t *) = ak_report_completed;
static ak_status (*const report_cancelled)(ak_store *, const char *, const char *, const char *, char **, int64_t *) =
    ak_report_cancelled;
static ak_status (*const report_update)(ak_store *, const char *, const void *, size_t, char **, int64_t *) =
    ak_report_update;
static ak_status (*const report_add_completed)(ak_store *, const char *, const void *, size_t, char **, int64_t *) =
    ak_report_add_completed;

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
  static const char start[] = "{\"assessment_type_id\":\"p\",\"candidate\":{\"ashby_id\":\"c\"},"
                              "\"application\":{\"ashby_id\":\"a\"},\"job\":{\"ashby_id\":\"j\"}}";
  ak_catalogue *catalogue = NULL;
  expect(catalogue_new("[{\"id\":\"p\",\"name\":\"Pairing\"}]", &catalogue) == AK_OK, "ak_catalogue_new succeeds");
  ak_map_options options = {sizeof(ak_map_options), NULL, 1734567890999, NULL, catalogue};
  char *event = NULL;
  expect(map_cancel(cancel, strlen(cancel), &options, &event) == AK_OK, "ak_map_cancel succeeds");
  expect(event != NULL && strstr(event, "\"triggeredAt\":1734567890999") != NULL, "ak_map_cancel uses now_ms");
  string_free(event);
  event = NULL;
  expect(map_start(start, strlen(start), &options, &event) == AK_OK, "ak_map_start succeeds with a catalogue");
  expect(event != NULL && strstr(event, "\"name\":\"Pairing\"") != NULL, "ak_map_start uses the catalogue");
  string_free(event);
  catalogue_free(catalogue);
  expect(map_start("[]", 2, NULL, &event) == AK_ERR_MALFORMED_JSON, "ak_map_start refuses a list");
}

/* A store administered as a C host would, through every store function. */
static void check_store(void) {
  ak_store *store = NULL;
  char *key = NULL;
  char *url = NULL;
  char *key_id = NULL;
  char *json = NULL;
  int64_t pending = -1;
  expect(store_open(NULL, NULL, &store) == AK_OK, "ak_store_open succeeds");
  expect(store_integration_create(store, "acme") == AK_OK, "ak_store_integration_create succeeds");
  expect(store_integration_create(store, "acme") == AK_ERR_CONFLICT, "a second create is a conflict");
  expect(store_integration_list(store, &json) == AK_OK && strstr(json, "\"id\":\"acme\"") != NULL,
         "ak_store_integration_list lists it");
  string_free(json);
  expect(store_secret_issue(store, "acme", "https://hooks.example/", 0, &key, &url, &key_id) == AK_OK,
         "ak_store_secret_issue succeeds");
  expect(store_secret_list(store, "acme", &json) == AK_OK && key_id != NULL && strstr(json, key_id) != NULL,
         "ak_store_secret_list lists the key");
  string_free(json);
  expect(store_secret_revoke(store, "acme", key_id) == AK_OK, "ak_store_secret_revoke succeeds");
  expect(store_packages_set(store, NULL, "[{\"id\":\"p\",\"name\":\"P\"}]") == AK_OK, "ak_store_packages_set succeeds");
  expect(store_fields_set(store, "nobody", "[]") == AK_ERR_NOT_FOUND, "ak_store_fields_set needs the integration");
  expect(store_assessments_list(store, NULL, &json) == AK_OK && strcmp(json, "[]") == 0, "no assessments yet");
  string_free(json);
  expect(store_events_count(store, &pending, NULL, NULL) == AK_OK && pending == 0, "no events yet");
  string_free(key);
  string_free(url);
  string_free(key_id);
  store_free(store);
}

/* A bridge in memory, called as a C host's server would call it. */
static int answer_ok(const ak_outbound_request *request, char *error, size_t error_size, void *user_data) {
  (void)request;
  (void)error;
  (void)error_size;
  (void)user_data;
  return 200;
}

/* The delivery engine and the outbox's administration over a bridge with no events. */
static void check_delivery(ak_bridge *bridge) {
  ak_transport transport;
  ak_delivery_options options;
  ak_delivery *delivery = NULL;
  ak_delivery_summary summary;
  char *listed = NULL;
  char *history = NULL;
  size_t replayed = 1;
  memset(&transport, 0, sizeof transport);
  transport.struct_size = sizeof transport;
  transport.send = answer_ok;
  memset(&options, 0, sizeof options);
  options.struct_size = sizeof options;
  options.webhook_url = "https://vendor.example/knit";
  options.transport = &transport;
  options.enrichment_timeout_ms = 1000;
  expect(delivery_new(bridge, &options, &delivery) == AK_OK, "ak_delivery_new succeeds");
  expect(delivery_deliver_due(delivery, 1734567890123, &summary) == AK_OK && summary.delivered == 0,
         "nothing to deliver");
  expect(delivery_start(delivery) == AK_OK, "ak_delivery_start succeeds");
  delivery_wake(delivery);
  expect(delivery_stop(delivery, 1000) == AK_OK, "ak_delivery_stop succeeds");
  delivery_free(delivery);

  expect(store_events_list(bridge_store(bridge), AK_EVENTS_DEAD_LETTERED, 0, &listed) == AK_OK &&
             text_is(listed, "[]"),
         "no dead letters");
  string_free(listed);
  expect(store_event_history(bridge_store(bridge), "evt_unknown", &history) == AK_ERR_NOT_FOUND && history == NULL,
         "an unknown event has no history");
  expect(store_events_replay(bridge_store(bridge), NULL, &replayed) == AK_OK && replayed == 0, "nothing to replay");
}

/* Reports back to Ashby: a master key, an Ashby key, and reports refused for an unknown assessment. */
static void check_reports(void) {
  unsigned char master_key[AK_MASTER_KEY_BYTES];
  ak_store_options options;
  ak_store *store = NULL;
  char *text = NULL;
  char *update_id = NULL;
  int64_t timestamp_ms = 0;
  static const char body[] = "{\"assessment_id\":\"ats_ass_unknown\",\"cancelled_reason\":"
                             "{\"identifier\":\"r\",\"label\":\"Reason\",\"type\":\"string\",\"value\":\"x\"}}";
  expect(master_key_generate(&text) == AK_OK && text != NULL && strlen(text) == 64, "ak_master_key_generate succeeds");
  expect(text != NULL && master_key_parse(text, master_key) == AK_OK, "ak_master_key_parse reads it back");
  string_free(text);
  memset(&options, 0, sizeof options);
  options.struct_size = sizeof options;
  options.master_key = master_key;
  options.master_key_len = sizeof master_key;
  expect(store_open(&options, NULL, &store) == AK_OK, "ak_store_open takes a master key");
  expect(store_integration_create(store, "acme") == AK_OK, "an integration to report for");
  expect(store_ashby_key_set(store, "acme", "ashby-key") == AK_OK, "ak_store_ashby_key_set succeeds");
  expect(store_candidate_enrichment_set(store, "acme", 1) == AK_OK, "ak_store_candidate_enrichment_set succeeds");
  expect(report_started(store, "acme", "ats_ass_unknown", NULL, &update_id, &timestamp_ms) == AK_ERR_NOT_FOUND,
         "ak_report_started refuses an unknown assessment");
  expect(report_progress(store, "acme", "ats_ass_unknown", "Invited", NULL, NULL, NULL) == AK_ERR_NOT_FOUND,
         "ak_report_progress refuses an unknown assessment");
  expect(report_completed(store, "acme", "ats_ass_unknown", "{}", "https://v.example/r", NULL, NULL, NULL) ==
             AK_ERR_INVALID_INPUT,
         "ak_report_completed checks its result");
  expect(report_cancelled(store, "acme", "ats_ass_unknown", "Withdrawn", NULL, NULL) == AK_ERR_NOT_FOUND,
         "ak_report_cancelled refuses an unknown assessment");
  expect(report_update(store, "acme", body, strlen(body), NULL, NULL) == AK_ERR_NOT_FOUND,
         "ak_report_update refuses an unknown assessment");
  expect(report_add_completed(store, "acme", "{}", 2, NULL, NULL) == AK_ERR_INVALID_INPUT,
         "ak_report_add_completed checks its body");
  expect(update_id == NULL, "a refused report returns no id");
  expect(reply_set_body(NULL, "x", 1) == AK_ERR_INVALID_ARGUMENT, "ak_reply_set_body needs a reply");
  expect(reply_add_header(NULL, "a", "b") == AK_ERR_INVALID_ARGUMENT, "ak_reply_add_header needs a reply");
  store_free(store);
}

static void check_bridge(void) {
  static const char body[] = "{}";
  static const char signing_key[] = "signing-key";
  ak_bridge_options options;
  ak_bridge *bridge = NULL;
  ak_http_request request;
  ak_http_response *response = NULL;
  ak_event_batch *batch = NULL;
  size_t length = 0;
  size_t acknowledged = 1;
  memset(&options, 0, sizeof options);
  options.struct_size = sizeof options;
  options.public_base_url = "https://hooks.example/ashby/";
  options.signing_key = signing_key;
  options.signing_key_len = strlen(signing_key);
  expect(bridge_new(&options, &bridge) == AK_OK, "ak_bridge_new succeeds");
  expect(bridge_store(bridge) != NULL, "ak_bridge_store gives the store");

  memset(&request, 0, sizeof request);
  request.struct_size = sizeof request;
  request.method = "POST";
  request.path = "/ashby/assessment.list";
  request.body = body;
  request.body_len = strlen(body);
  expect(bridge_handle(bridge, &request, &response) == AK_OK, "ak_bridge_handle succeeds");
  expect(http_response_status(response) == 401, "a call without credentials is 401");
  expect(http_response_header_count(response) == 1 && text_is(http_response_header_name(response, 0), "Content-Type") &&
             text_is(http_response_header_value(response, 0), "application/json"),
         "the reply is JSON");
  expect(strstr(http_response_body(response, &length), "unauthorized") != NULL && length > 0, "the reply says why");
  expect(text_is(http_response_operation(response), "assessment.list"), "the reply names the operation");
  expect(*http_response_integration_id(response) == '\0' && *http_response_assessment_id(response) == '\0',
         "an unauthenticated call names no integration and no assessment");
  http_response_free(response);

  expect(bridge_events_pull(bridge, 10, &batch) == AK_OK && event_batch_count(batch) == 0, "no events to pull");
  expect(event_batch_event_id(batch, 0) == NULL && event_batch_body(batch, 0, NULL) == NULL &&
             event_batch_header_count(batch, 0) == 0 && event_batch_header_name(batch, 0, 0) == NULL &&
             event_batch_header_value(batch, 0, 0) == NULL,
         "an empty batch has nothing at index 0");
  event_batch_free(batch);
  expect(bridge_events_ack(bridge, NULL, 0, &acknowledged) == AK_OK && acknowledged == 0, "acknowledging nothing");
  check_delivery(bridge);
  bridge_free(bridge);
}

int main(void) {
  expect(text_is(status_name(AK_ERR_INVALID_INPUT), "invalid_input"), "ak_status_name names a status");
  /* Any int converts to a C enum; the library names the values it does not know. */
  expect(text_is(status_name((ak_status)42), "unknown"), "ak_status_name calls 42 unknown");
  check_signatures();
  check_secrets();
  check_mapping();
  check_store();
  check_reports();
  check_bridge();
  printf("ashbyknit %s from C: %d failure(s)\n", version_string(), failures);
  return failures == 0 ? 0 : 1;
}
