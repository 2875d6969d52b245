#include "ashbyknit/master_key.hpp"

#include <openssl/crypto.h>

#include <array>
#include <utility>

#include "base_encoding.hpp"

namespace ashbyknit {
namespace {

constexpr std::string_view ascii_white_space = " \t\n\v\f\r";

// The value of hex digit `c` (either case), or -1, computed without branches or table look-ups
// on `c`: the digits are a key, and the time taken must not tell them apart. Relies on >> of a
// negative int being arithmetic, as it is on every compiler the library supports.
int hex_digit_value(unsigned char c) noexcept {
  const int x = c;
  const int folded = x | 0x20;  // 'A'..'F' become 'a'..'f'; '0'..'9' already have the bit set
  const int digit_mask = (('0' - 1 - x) & (x - ('9' + 1))) >> 8;              // -1 for '0'..'9', else 0
  const int letter_mask = (('a' - 1 - folded) & (folded - ('f' + 1))) >> 8;  // -1 for a..f/A..F, else 0
  return -1 + ((x - '0' + 1) & digit_mask) + ((folded - 'a' + 11) & letter_mask);
}

}  // namespace

result<std::string> parse_master_key(std::string_view text) {
  const auto first = text.find_first_not_of(ascii_white_space);
  text = first == std::string_view::npos ? std::string_view{} : text.substr(first);
  text = text.substr(0, text.find_last_not_of(ascii_white_space) + 1);

  // The message stays the same whatever was wrong, and never quotes the text: a near miss is
  // most of a key.
  const error malformed{error_code::invalid_argument,
                        "A master key must be 64 hexadecimal digits (32 bytes), optionally surrounded by white space."};
  if (text.size() != master_key_bytes * 2) return malformed;

  std::string key(master_key_bytes, '\0');
  int invalid = 0;
  for (std::size_t i = 0; i < master_key_bytes; ++i) {
    const int high = hex_digit_value(static_cast<unsigned char>(text[2 * i]));
    const int low = hex_digit_value(static_cast<unsigned char>(text[2 * i + 1]));
    invalid |= high | low;  // negative as soon as one digit is not hex
    key[i] = static_cast<char>(((static_cast<unsigned>(high) << 4) | static_cast<unsigned>(low)) & 0xFFu);
  }
  if (invalid < 0) {
    OPENSSL_cleanse(key.data(), key.size());
    return malformed;
  }
  return result<std::string>(std::move(key));
}

result<std::string> generate_master_key(const random_source &random) {
  std::array<unsigned char, master_key_bytes> key{};
  if (!random || !random(key.data(), key.size())) {
    OPENSSL_cleanse(key.data(), key.size());
    return error{error_code::internal, "The random source failed."};
  }
  std::string text = detail::hex_encode(key.data(), key.size());
  OPENSSL_cleanse(key.data(), key.size());
  return result<std::string>(std::move(text));
}

}  // namespace ashbyknit
