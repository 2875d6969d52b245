#include <catch2/catch.hpp>

#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "ashbyknit/master_key.hpp"
#include "base_encoding.hpp"
#include "test_support.hpp"

using namespace ashbyknit;

namespace {

constexpr std::string_view lower_key = "00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210";
constexpr std::string_view upper_key = "00112233445566778899AABBCCDDEEFF0123456789ABCDEFFEDCBA9876543210";

std::string to_hex(std::string_view bytes) {
  return detail::hex_encode(reinterpret_cast<const unsigned char *>(bytes.data()), bytes.size());
}

// Refused as invalid_argument, with a message that quotes neither the text nor a piece of it.
void check_refused(const std::string &text) {
  INFO("text '" << text << "'");
  const auto parsed = parse_master_key(text);
  REQUIRE(parsed.code() == error_code::invalid_argument);
  CHECK_FALSE(parsed.message().empty());
  if (!text.empty()) CHECK(parsed.message().find(text) == std::string::npos);
  // Eight hex digits in a row would already be a piece of the key.
  for (std::size_t i = 0; i + 8 <= text.size(); ++i) CHECK(parsed.message().find(text.substr(i, 8)) == std::string::npos);
}

}  // namespace

TEST_CASE("parse_master_key reads 64 hex digits of either case into 32 bytes", "[master_key]") {
  for (const std::string_view text : {lower_key, upper_key}) {
    const auto parsed = parse_master_key(text);
    REQUIRE(parsed.ok());
    CHECK(parsed.value().size() == master_key_bytes);
    CHECK(to_hex(parsed.value()) == lower_key);
  }
  std::string mixed(lower_key);
  for (std::size_t i = 0; i < mixed.size(); i += 3) mixed[i] = static_cast<char>(std::toupper(mixed[i]));
  CHECK(to_hex(parse_master_key(mixed).value()) == lower_key);
}

TEST_CASE("parse_master_key ignores surrounding white space", "[master_key]") {
  const std::string key(upper_key);
  for (const std::string &text : {key + "\n", key + "\r\n", "  " + key + " ", "\t" + key + "\n\n", "\n" + key,
                                 " \v\f" + key + "\r"}) {
    const auto parsed = parse_master_key(text);
    REQUIRE(parsed.ok());
    CHECK(to_hex(parsed.value()) == lower_key);
  }
}

TEST_CASE("parse_master_key refuses anything but 64 hex digits, without echoing it", "[master_key]") {
  const std::string key(lower_key);
  check_refused("");
  check_refused("   \n");
  check_refused(key.substr(0, 63));
  check_refused(key + "0");
  check_refused(key + key);
  check_refused(key.substr(0, 63) + "g");
  check_refused("0x" + key.substr(2));
  check_refused(key.substr(0, 32) + " " + key.substr(32, 31));
  check_refused(key.substr(0, 32) + " " + key.substr(32));
  check_refused(key.substr(0, 32) + "\n" + key.substr(32));
  check_refused(key + "\n#");
  check_refused("\"" + key + "\"");
  check_refused(std::string(key).replace(10, 1, std::string(1, '\0')));
  check_refused(detail::base64_encode(reinterpret_cast<const unsigned char *>(key.data()), 32));
}

TEST_CASE("parse_master_key takes exactly the sixteen hex digits in either case", "[master_key]") {
  const std::string key(lower_key);
  for (int byte = 0; byte < 256; ++byte) {
    const char c = static_cast<char>(byte);
    std::string text = key;
    text[5] = c;  // the low digit of byte 2
    const auto parsed = parse_master_key(text);
    INFO("character " << byte);
    if (std::isxdigit(byte)) {
      REQUIRE(parsed.ok());
      const int digit = std::isdigit(byte) ? byte - '0' : std::tolower(byte) - 'a' + 10;
      CHECK(static_cast<unsigned char>(parsed.value()[2]) == (0x20 | digit));
    } else {
      CHECK(parsed.code() == error_code::invalid_argument);
    }
  }
}

TEST_CASE("generate_master_key gives 64 lowercase hex digits that parse back", "[master_key]") {
  std::set<std::string> keys;
  for (int i = 0; i < 16; ++i) {
    const auto generated = generate_master_key();
    REQUIRE(generated.ok());
    const std::string &text = generated.value();
    CHECK(text.size() == 2 * master_key_bytes);
    CHECK(text.find_first_not_of("0123456789abcdef") == std::string::npos);
    const auto parsed = parse_master_key(text + "\n");
    REQUIRE(parsed.ok());
    CHECK(to_hex(parsed.value()) == text);
    keys.insert(text);
  }
  CHECK(keys.size() == 16);
}

TEST_CASE("generate_master_key takes its bytes from the random source", "[master_key]") {
  CHECK(generate_master_key(test::counting_random(0)).value() ==
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  CHECK(generate_master_key(test::failing_random()).code() == error_code::internal);
  CHECK(generate_master_key(random_source{}).code() == error_code::internal);
}
