/* map_and_sign.c: maps an Ashby assessment.start body to a Knit record.new event and signs it,
 * through the C ABI. Usage: map_and_sign START.json [PACKAGES.json]
 * Prints the event and its X-Knit-Signature; on failure, the library's message. */
#include <ashbyknit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int main(int argc, char **argv) {
  size_t body_len = 0, packages_len = 0;
  char *body = argc > 1 ? read_file(argv[1], &body_len) : NULL;
  char *packages = argc > 2 ? read_file(argv[2], &packages_len) : NULL;
  if (body == NULL || (argc > 2 && packages == NULL)) {
    fprintf(stderr, "usage: map_and_sign START.json [PACKAGES.json] (files must be readable)\n");
    free(packages);
    free(body);
    return 2;
  }
  /* A real key comes from configuration; the demo key only lets the example run as it is. */
  const char *key = getenv("AK_SIGNING_KEY");
  if (key == NULL) key = "demo-signing-key";

  ak_map_options options = {0};
  options.struct_size = sizeof options;
  options.packages_json = packages; /* NULL: no catalogue, the package details stay null */
  char *event = NULL, *signature = NULL;
  ak_status status = ak_map_start(body, body_len, &options, &event);
  if (status == AK_OK) status = ak_knit_sign(key, strlen(key), event, strlen(event), &signature);
  if (status == AK_OK) {
    printf("%s\nX-Knit-Signature: %s\n", event, signature);
  } else {
    fprintf(stderr, "map_and_sign: %s: %s\n", ak_status_name(status), ak_last_error_message());
  }
  ak_string_free(signature);
  ak_string_free(event);
  free(packages);
  free(body);
  return status == AK_OK ? 0 : 1;
}
