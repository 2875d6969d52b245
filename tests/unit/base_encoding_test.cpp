#include <catch2/catch.hpp>

#include <map>

#include "base_encoding.hpp"
#include "test_support.hpp"

using namespace ashbyknit;

namespace {

std::string base64url(std::string_view bytes) {
  return detail::base64url_encode(reinterpret_cast<const unsigned char *>(bytes.data()), bytes.size());
}

}  // namespace

TEST_CASE("base64url follows RFC 4648's vectors, unpadded", "[encoding]") {
  CHECK(base64url("") == "");
  CHECK(base64url("f") == "Zg");
  CHECK(base64url("fo") == "Zm8");
  CHECK(base64url("foo") == "Zm9v");
  CHECK(base64url("foob") == "Zm9vYg");
  CHECK(base64url("fooba") == "Zm9vYmE");
  CHECK(base64url("foobar") == "Zm9vYmFy");
  CHECK(base64url("\xfb\xff\xbf") == "-_-_");
}

TEST_CASE("base64url decodes only the canonical unpadded form", "[encoding]") {
  std::string out;
  for (std::string_view bytes : {"", "f", "fo", "foo", "foobar", "\xfb\xff\xbf"}) {
    CHECK(detail::base64url_decode(base64url(bytes), out));
    CHECK(out == bytes);
  }
  for (std::string_view text : {"Zg==", "+/+/", "Zh", "Z", "Zm9v!"}) {  // padded, standard alphabet, trailing bits
    INFO(text);
    CHECK_FALSE(detail::base64url_decode(text, out));
  }
}

TEST_CASE("hex is lower case, two digits a byte", "[encoding]") {
  const unsigned char bytes[] = {0x00, 0x0f, 0xa0, 0xff};
  CHECK(detail::hex_encode(bytes, sizeof bytes) == "000fa0ff");
}

TEST_CASE("random text draws each character of the alphabet equally often", "[encoding]") {
  // Bytes 0..251 map onto the 36 characters 7 times each.
  const std::string text = detail::random_text(detail::lower_alphanumerics, 252, test::counting_random()).value();
  std::map<char, int> counts;
  for (char c : text) ++counts[c];
  CHECK(counts.size() == 36);
  for (const auto &[character, count] : counts) CHECK(count == 7);
}

TEST_CASE("random text draws again for bytes that would bias it", "[encoding]") {
  // 252..255 are past the last whole multiple of 36 and must be skipped; 0 then gives 'a'.
  CHECK(detail::random_text(detail::lower_alphanumerics, 1, test::counting_random(252)).value() == "a");
  // For 62 characters, bytes from 248 on are skipped.
  CHECK(detail::random_text(detail::alphanumerics, 1, test::counting_random(248)).value() == "0");
  CHECK(detail::random_text(detail::alphanumerics, 1, test::counting_random(247)).value() == "z");
}

TEST_CASE("random text picks character byte % size for every byte and alphabet size", "[encoding]") {
  std::string alphabet;
  for (int size = 1; size <= 256; ++size) {
    alphabet.push_back(static_cast<char>(size - 1));  // character i is byte i
    const int limit = 256 - 256 % size;
    // From 0 on, counting_random gives every byte in turn; none is rejected below the limit.
    const std::string text = detail::random_text(alphabet, static_cast<std::size_t>(limit), test::counting_random()).value();
    for (int byte = 0; byte < limit; ++byte) {
      INFO("size " << size << ", byte " << byte);
      REQUIRE(static_cast<unsigned char>(text[static_cast<std::size_t>(byte)]) == byte % size);
    }
  }
}

TEST_CASE("random text fails when the source does", "[encoding]") {
  CHECK(detail::random_text(detail::alphanumerics, 8, test::failing_random()).code() == error_code::internal);
}
