#include "base_encoding.hpp"

#include <algorithm>
#include <array>

namespace ashbyknit::detail {

std::string base64url_encode(const unsigned char *bytes, std::size_t size) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string text;
  text.reserve((size * 4 + 2) / 3);
  std::size_t i = 0;
  for (; i + 3 <= size; i += 3) {
    const unsigned group = unsigned{bytes[i]} << 16 | unsigned{bytes[i + 1]} << 8 | bytes[i + 2];
    text += alphabet[group >> 18 & 63];
    text += alphabet[group >> 12 & 63];
    text += alphabet[group >> 6 & 63];
    text += alphabet[group & 63];
  }
  if (const std::size_t rest = size - i; rest > 0) {
    const unsigned group = unsigned{bytes[i]} << 16 | (rest == 2 ? unsigned{bytes[i + 1]} << 8 : 0u);
    text += alphabet[group >> 18 & 63];
    text += alphabet[group >> 12 & 63];
    if (rest == 2) text += alphabet[group >> 6 & 63];
  }
  return text;
}

std::string hex_encode(const unsigned char *bytes, std::size_t size) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string text;
  text.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    text += digits[bytes[i] >> 4];
    text += digits[bytes[i] & 15];
  }
  return text;
}

result<std::string> random_text(std::string_view alphabet, std::size_t count, const random_source &random) {
  // Bytes at or above the largest multiple of the alphabet's size would favour its first
  // characters; they are drawn again.
  const std::size_t limit = 256 - 256 % alphabet.size();
  std::string text;
  text.reserve(count);
  std::array<unsigned char, 64> pool{};
  while (text.size() < count) {
    const std::size_t wanted = std::min(pool.size(), count - text.size() + 8);
    if (!random || !random(pool.data(), wanted)) {
      return error{error_code::internal, "The random source failed."};
    }
    for (std::size_t i = 0; i < wanted && text.size() < count; ++i) {
      if (pool[i] < limit) text += alphabet[pool[i] % alphabet.size()];
    }
  }
  return text;
}

}  // namespace ashbyknit::detail
