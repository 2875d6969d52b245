#include "ashbyknit/ids.hpp"

#include <fmt/format.h>

#include <charconv>

#include "base_encoding.hpp"

namespace ashbyknit {

namespace {
constexpr std::size_t assessment_id_random_chars = 21;  // 21 * log2(36) = 108.6 bits
constexpr std::size_t event_id_random_chars = 10;
constexpr std::size_t time_digits = 13;
constexpr std::int64_t smallest_13_digit_ms = 1'000'000'000'000;
constexpr std::int64_t largest_13_digit_ms = 9'999'999'999'999;
constexpr std::string_view event_id_prefix = "evt_";
}  // namespace

// Both ids are written in place into one string: they are minted for every event.

result<std::string> mint_assessment_id(const random_source &random) {
  std::string id(assessment_id_prefix.size() + assessment_id_random_chars, '\0');
  assessment_id_prefix.copy(id.data(), assessment_id_prefix.size());
  if (!detail::fill_random_text(detail::lower_alphanumerics, id.data() + assessment_id_prefix.size(),
                                assessment_id_random_chars, random)) {
    return error{error_code::internal, "The random source failed while minting an assessment id."};
  }
  return id;
}

result<std::string> mint_event_id(std::int64_t now_ms, const random_source &random) {
  if (now_ms < smallest_13_digit_ms || now_ms > largest_13_digit_ms) {
    return error{error_code::invalid_argument,
                 fmt::format("The clock reads {} ms, which is not a time of 13 digits in ms since 1970.", now_ms)};
  }
  std::string id(event_id_prefix.size() + time_digits + event_id_random_chars, '\0');
  char *time = id.data() + event_id_prefix.size();
  event_id_prefix.copy(id.data(), event_id_prefix.size());
  std::to_chars(time, time + time_digits, now_ms);
  if (!detail::fill_random_text(detail::lower_alphanumerics, time + time_digits, event_id_random_chars, random)) {
    return error{error_code::internal, "The random source failed while minting an event id."};
  }
  return id;
}

}  // namespace ashbyknit
