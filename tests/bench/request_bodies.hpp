// Ashby's request bodies for the benchmarks that call the bridge: the fixtures' bodies with
// other ids in them, so that every call is a new one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ashbyknit/result.hpp"
#include "fixtures.hpp"

namespace ashbyknit::bench {

/// A fixture body cut around one of its string values, to be rebuilt with another value there:
/// the requests keep the fixture's shape, so that the mapping benchmarks stay a fair floor.
struct body_template {
  std::string before;  ///< up to the value's opening quote, included
  std::string after;   ///< from the value's closing quote on

  std::string with(std::string_view value) const { return before + std::string(value) + after; }
};

/// What every benchmark calling the bridge needs from the fixtures.
struct bridge_fixtures {
  std::string packages;
  std::string application_id;  ///< the start fixture's, which numbered_starts extends
  body_template start;         ///< cut at the application id
  body_template cancel;        ///< cut at the assessment id
};

/// Parses the start and cancel fixtures and cuts each at its id. Fails as parse_start_request
/// and parse_cancel_request fail, or with error_code::invalid_argument when a fixture does not
/// hold its id as a JSON string.
result<bridge_fixtures> bridge_fixtures_from(const fixture_bodies &fixtures);

/// Start bodies that differ only in the application id: the fixture's followed by a counter of
/// fixed width, rewritten in place, so that every start is a new assessment (not a retry of an
/// earlier one, which would create no event) and no body is built inside a timed loop.
class numbered_starts {
 public:
  explicit numbered_starts(const bridge_fixtures &fixtures)
      : body_(fixtures.start.with(fixtures.application_id + std::string(width, '0'))),
        digits_end_(fixtures.start.before.size() + fixtures.application_id.size() + width) {}

  /// The next body. Valid until the next call.
  std::string_view next() {
    // The counter only grows, so every digit of the previous number is overwritten.
    std::size_t at = digits_end_;
    for (std::uint64_t rest = ++count_; rest != 0; rest /= 10) body_[--at] = static_cast<char>('0' + rest % 10);
    return body_;
  }

 private:
  static constexpr std::size_t width = 20;  ///< the digits of the largest std::uint64_t
  std::string body_;
  std::size_t digits_end_;
  std::uint64_t count_ = 0;
};

}  // namespace ashbyknit::bench
