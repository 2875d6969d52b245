/* host.c: the smallest host of a bridge, through the C ABI. It opens a bridge on an in-memory
 * store, gives an integration a secret key, answers one assessment.start call as Ashby would make
 * it, then pulls the event that call produced and acknowledges it.
 * Usage: host START.json    (the signing key comes from the environment variable AK_SIGNING_KEY)
 * Prints the reply to Ashby, then the event with the headers to POST it with. */
#include <ashbyknit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INTEGRATION_ID "acme"
#define PUBLIC_BASE_URL "https://hooks.vendor.example/ashby/"
#define START_PATH "/ashby/assessment.start" /* the base URL's path + the operation */

/* The whole file as a NUL-terminated string that the caller frees, or NULL. */
static char *read_file(const char *path, size_t *size) {
  FILE *file = fopen(path, "rb");
  char *data = NULL;
  long length = -1;
  if (file && fseek(file, 0, SEEK_END) == 0 && (length = ftell(file)) >= 0 && fseek(file, 0, SEEK_SET) == 0 &&
      (data = malloc((size_t)length + 1)) != NULL && fread(data, 1, (size_t)length, file) == (size_t)length) {
    data[length] = '\0';
    *size = (size_t)length;
  } else {
    free(data);
    data = NULL;
  }
  if (file) fclose(file);
  return data;
}

/* "Basic " + base64(key + ":"): HTTP Basic with the key as the user name and an empty password,
 * as Ashby sends it. A NUL-terminated string that the caller frees, or NULL when out of memory. */
static char *basic_authorization(const char *key) {
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  static const char scheme[] = "Basic ";
  const size_t key_len = strlen(key), length = key_len + 1; /* the key and its ':' */
  char *header = malloc(sizeof scheme + 4 * ((length + 2) / 3));
  if (header == NULL) return NULL;
  char *out = header + strlen(scheme);
  memcpy(header, scheme, strlen(scheme));
  for (size_t i = 0; i < length; i += 3) {
    /* Three input bytes (the key, then ':', then zeros past the end) become four characters. */
    unsigned char in[3];
    for (size_t j = 0; j < 3; ++j) {
      const size_t at = i + j;
      in[j] = (unsigned char)(at < key_len ? key[at] : at == key_len ? ':' : '\0');
    }
    const unsigned long group = (unsigned long)in[0] << 16 | (unsigned long)in[1] << 8 | in[2];
    *out++ = alphabet[group >> 18 & 63];
    *out++ = alphabet[group >> 12 & 63];
    *out++ = i + 1 < length ? alphabet[group >> 6 & 63] : '=';
    *out++ = i + 2 < length ? alphabet[group & 63] : '=';
  }
  *out = '\0';
  return header;
}

/* Reports a failed call with the library's message; returns the exit status for it. */
static int failed(const char *what, ak_status status) {
  fprintf(stderr, "host: %s: %s: %s\n", what, ak_status_name(status), ak_last_error_message());
  return 1;
}

/* Answers an assessment.start call carrying `body`, as the host's HTTP server would hand it over,
 * and prints the reply. Returns 0 when the bridge accepted the call (HTTP 200), else 1. */
static int answer_start(ak_bridge *bridge, const char *secret_key, const char *body, size_t body_len) {
  char *authorization = basic_authorization(secret_key);
  if (authorization == NULL) {
    fprintf(stderr, "host: out of memory\n");
    return 1;
  }
  const ak_header headers[] = {
      {"Authorization", strlen("Authorization"), authorization, strlen(authorization)},
      {"Content-Type", strlen("Content-Type"), "application/json", strlen("application/json")},
  };
  ak_http_request request = {0};
  request.struct_size = sizeof request;
  request.method = "POST";
  request.path = START_PATH;
  request.headers = headers;
  request.header_count = sizeof headers / sizeof headers[0];
  request.body = body;
  request.body_len = body_len;
  ak_http_response *response = NULL;
  const ak_status status = ak_bridge_handle(bridge, &request, &response);
  free(authorization);
  if (status != AK_OK) return failed("handling the call", status);

  /* The reply goes back to Ashby as it is: status, headers, body. */
  const int http_status = ak_http_response_status(response);
  size_t reply_len = 0;
  const char *reply = ak_http_response_body(response, &reply_len);
  printf("HTTP %d\n", http_status);
  for (size_t i = 0; i < ak_http_response_header_count(response); ++i) {
    printf("%s: %s\n", ak_http_response_header_name(response, i), ak_http_response_header_value(response, i));
  }
  printf("\n");
  fwrite(reply, 1, reply_len, stdout);
  printf("\n");
  ak_http_response_free(response);
  if (http_status != 200) {
    fprintf(stderr, "host: the bridge refused the call (HTTP %d)\n", http_status);
    return 1;
  }
  return 0;
}

/* Pulls the events waiting in the store's outbox, prints each with the headers to POST it with,
 * and acknowledges it. Returns 0, or 1 when a call failed. */
static int deliver_events(ak_bridge *bridge) {
  ak_event_batch *batch = NULL;
  const ak_status status = ak_bridge_events_pull(bridge, 10, &batch);
  if (status != AK_OK) return failed("pulling events", status);
  int exit_status = 0;
  for (size_t i = 0; i < ak_event_batch_count(batch) && exit_status == 0; ++i) {
    const char *event_id = ak_event_batch_event_id(batch, i);
    size_t event_len = 0;
    const char *event = ak_event_batch_body(batch, i, &event_len);
    printf("\nevent %s\n", event_id);
    for (size_t h = 0; h < ak_event_batch_header_count(batch, i); ++h) {
      printf("%s: %s\n", ak_event_batch_header_name(batch, i, h), ak_event_batch_header_value(batch, i, h));
    }
    printf("\n");
    fwrite(event, 1, event_len, stdout);
    printf("\n");
    /* A real host POSTs these exact bytes with these headers to its webhook here, and
     * acknowledges the event only on a 2xx; an event left unacknowledged is handed out again,
     * with a new X-Knit-Execution-Id, once the visibility timeout (60 s by default) has passed. */
    size_t acknowledged = 0;
    const ak_status acked = ak_bridge_events_ack(bridge, &event_id, 1, &acknowledged);
    if (acked == AK_OK) {
      printf("\nacknowledged %zu\n", acknowledged);
    } else {
      exit_status = failed("acknowledging an event", acked);
    }
  }
  ak_event_batch_free(batch);
  return exit_status;
}

int main(int argc, char **argv) {
  size_t body_len = 0;
  char *body = argc == 2 ? read_file(argv[1], &body_len) : NULL;
  if (body == NULL) {
    fprintf(stderr, "usage: host START.json (the file must be readable)\n");
    return 2;
  }
  /* A real key comes from configuration; the demo key only lets the example run as it is. */
  const char *signing_key = getenv("AK_SIGNING_KEY");
  if (signing_key == NULL) signing_key = "demo-signing-key";

  ak_store_options store = {0};
  store.struct_size = sizeof store;
  store.path = ":memory:"; /* a file path keeps integrations, keys and events across runs */
  ak_bridge_options options = {0};
  options.struct_size = sizeof options;
  options.public_base_url = PUBLIC_BASE_URL;
  options.store = &store;
  options.signing_key = signing_key; /* without one, events cannot be pulled */
  options.signing_key_len = strlen(signing_key);
  ak_bridge *bridge = NULL;
  ak_status status = ak_bridge_new(&options, &bridge);
  if (status != AK_OK) {
    free(body);
    return failed("opening the bridge", status);
  }

  /* An operator does this once per Ashby customer, and hands the key and base URL to Ashby; the
   * store keeps only the key's hash. */
  ak_store *admin = ak_bridge_store(bridge); /* borrowed: it closes with the bridge */
  char *secret_key = NULL, *base_url = NULL, *key_id = NULL;
  int exit_status;
  if ((status = ak_store_integration_create(admin, INTEGRATION_ID)) != AK_OK) {
    exit_status = failed("creating the integration", status);
  } else if ((status = ak_store_secret_issue(admin, INTEGRATION_ID, PUBLIC_BASE_URL, 0, &secret_key, &base_url,
                                             &key_id)) != AK_OK) {
    exit_status = failed("issuing a secret key", status);
  } else {
    exit_status = answer_start(bridge, secret_key, body, body_len);
    if (exit_status == 0) exit_status = deliver_events(bridge);
  }

  ak_string_free(key_id);
  ak_string_free(base_url);
  ak_string_free(secret_key);
  ak_bridge_free(bridge);
  free(body);
  return exit_status;
}
