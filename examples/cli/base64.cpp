#include "base64.hpp"

#include <cstddef>
#include <cstdint>

namespace ashbyknit::cli {

std::string base64_encode(std::string_view bytes) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string encoded;
  encoded.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t start = 0; start < bytes.size(); start += 3) {
    const std::size_t count = bytes.size() - start < 3 ? bytes.size() - start : 3;
    // Three bytes (zeros past the end) make 24 bits, written as four 6-bit digits; a group of
    // `count` bytes needs count + 1 digits, and '=' fills the rest.
    std::uint32_t group = 0;
    for (std::size_t i = 0; i < 3; ++i) {
      group = group << 8 | (i < count ? static_cast<unsigned char>(bytes[start + i]) : 0U);
    }
    for (std::size_t digit = 0; digit < 4; ++digit) {
      encoded += digit <= count ? alphabet[group >> (18 - 6 * digit) & 0x3F] : '=';
    }
  }
  return encoded;
}

}  // namespace ashbyknit::cli
