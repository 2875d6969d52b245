// The base64 encoder of `ashbyknit call`: the Authorization header depends on it, and the key it
// encodes always has the same length, so the other padding cases are only tested here.
#include <catch2/catch.hpp>

#include <string>

#include "base64.hpp"

using ashbyknit::cli::base64_encode;

TEST_CASE("base64 gives RFC 4648's test vectors", "[cli]") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foo") == "Zm9v");
  CHECK(base64_encode("foob") == "Zm9vYg==");
  CHECK(base64_encode("fooba") == "Zm9vYmE=");
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
}

TEST_CASE("base64 uses the standard alphabet's last two digits and encodes every byte value", "[cli]") {
  CHECK(base64_encode("\xfb\xff") == "+/8=");
  CHECK(base64_encode(std::string("\x00\x00\x00", 3)) == "AAAA");
  std::string all_bytes;
  for (int byte = 0; byte < 256; ++byte) all_bytes += static_cast<char>(byte);
  // From Python: base64.b64encode(bytes(range(256))).
  CHECK(base64_encode(all_bytes) ==
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9Q"
        "UVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2en6Ch"
        "oqOkpaanqKmqq6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd3t/g4eLj5OXm5+jp6uvs7e7v8PHy"
        "8/T19vf4+fr7/P3+/w==");
}
