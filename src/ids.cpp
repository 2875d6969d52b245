#include "ashbyknit/ids.hpp"

#include <fmt/format.h>

#include "base_encoding.hpp"

namespace ashbyknit {

namespace {
constexpr std::size_t assessment_id_random_chars = 21;  // 21 * log2(36) = 108.6 bits
constexpr std::size_t event_id_random_chars = 10;
constexpr std::int64_t smallest_13_digit_ms = 1'000'000'000'000;
constexpr std::int64_t largest_13_digit_ms = 9'999'999'999'999;
}  // namespace

result<std::string> mint_assessment_id(const random_source &random) {
  std::string suffix;
  if (auto code = detail::random_text(detail::lower_alphanumerics, assessment_id_random_chars, random).get(suffix);
      code != error_code::ok) {
    return error{code, "The random source failed while minting an assessment id."};
  }
  return std::string(assessment_id_prefix) + suffix;
}

result<std::string> mint_event_id(std::int64_t now_ms, const random_source &random) {
  if (now_ms < smallest_13_digit_ms || now_ms > largest_13_digit_ms) {
    return error{error_code::invalid_argument,
                 fmt::format("The clock reads {} ms, which is not a time of 13 digits in ms since 1970.", now_ms)};
  }
  std::string suffix;
  if (auto code = detail::random_text(detail::lower_alphanumerics, event_id_random_chars, random).get(suffix);
      code != error_code::ok) {
    return error{code, "The random source failed while minting an event id."};
  }
  return fmt::format("evt_{}{}", now_ms, suffix);
}

}  // namespace ashbyknit
