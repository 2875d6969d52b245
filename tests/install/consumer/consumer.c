/* Signs and verifies a body through the C ABI; exits non-zero on any failure. */
#include <ashbyknit.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  const char key[] = "consumer-key";
  const char body[] = "{\"eventType\":\"record.new\"}";
  char *signature = NULL;
  if (ak_knit_sign(key, strlen(key), body, strlen(body), &signature) != AK_OK) {
    fprintf(stderr, "sign failed: %s\n", ak_last_error_message());
    return 1;
  }
  const int verified = ak_knit_verify(key, strlen(key), body, strlen(body), signature);
  printf("ashbyknit %s: signature %s %s\n", ak_version_string(), signature, verified ? "verifies" : "FAILS");
  ak_string_free(signature);
  return verified ? 0 : 1;
}
