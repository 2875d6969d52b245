#include "base_encoding.hpp"

#include <algorithm>
#include <array>

namespace ashbyknit::detail {

namespace {

constexpr std::string_view standard_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view url_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string encode(const unsigned char *bytes, std::size_t size, std::string_view alphabet, bool padded) {
  std::string text;
  text.reserve((size + 2) / 3 * 4);
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
    if (padded) text.append(3 - rest, '=');
  }
  return text;
}

}  // namespace

std::string base64url_encode(const unsigned char *bytes, std::size_t size) {
  return encode(bytes, size, url_alphabet, false);
}

std::string base64_encode(const unsigned char *bytes, std::size_t size) {
  return encode(bytes, size, standard_alphabet, true);
}

bool base64_decode(std::string_view text, std::string &out) {
  // Padding is optional; where present it completes the last group of four, with at most two '='.
  if (text.size() % 4 == 0) {
    for (int pad = 0; pad < 2 && !text.empty() && text.back() == '='; ++pad) text.remove_suffix(1);
  }
  if (text.size() % 4 == 1) return false;
  const auto value_of = [](char c) -> int {
    const auto at = c == '=' ? std::string_view::npos : standard_alphabet.find(c);
    return at == std::string_view::npos ? -1 : static_cast<int>(at);
  };
  std::string decoded;
  decoded.reserve(text.size() * 3 / 4);
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : text) {
    const int value = value_of(c);
    if (value < 0) return false;
    buffer = (buffer << 6) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      decoded += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  if (bits > 0 && (buffer & ((1u << bits) - 1)) != 0) return false;
  out = std::move(decoded);
  return true;
}

bool base64url_decode(std::string_view text, std::string &out) {
  std::string standard(text);
  for (char &c : standard) {
    if (c == '-') {
      c = '+';
    } else if (c == '_') {
      c = '/';
    } else if (c == '+' || c == '/' || c == '=') {
      return false;
    }
  }
  return base64_decode(standard, out);
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

bool fill_random_text(std::string_view alphabet, char *out, std::size_t count, const random_source &random) {
  // Bytes at or above the largest multiple of the alphabet's size would favour its first
  // characters; they are drawn again.
  const std::size_t limit = 256 - 256 % alphabet.size();
  // byte % size as byte - size * (byte * reciprocal >> 16): exact for every byte and every size
  // up to 256, and a multiplication where a division would cost tens of cycles a character.
  const std::uint32_t size = static_cast<std::uint32_t>(alphabet.size());
  const std::uint32_t reciprocal = (65536 + size - 1) / size;
  std::size_t filled = 0;
  std::array<unsigned char, 64> pool{};
  while (filled < count) {
    const std::size_t wanted = std::min(pool.size(), count - filled + 8);
    if (!random || !random(pool.data(), wanted)) return false;
    for (std::size_t i = 0; i < wanted && filled < count; ++i) {
      if (pool[i] < limit) out[filled++] = alphabet[pool[i] - size * ((pool[i] * reciprocal) >> 16)];
    }
  }
  return true;
}

result<std::string> random_text(std::string_view alphabet, std::size_t count, const random_source &random) {
  std::string text(count, '\0');
  if (!fill_random_text(alphabet, text.data(), count, random)) {
    return error{error_code::internal, "The random source failed."};
  }
  return text;
}

}  // namespace ashbyknit::detail
