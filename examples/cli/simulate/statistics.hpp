// What the calls of a simulation gave: per kind of call, the statuses and the latencies; and the
// replies that were not as expected.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "calls.hpp"

namespace ashbyknit::cli::simulation {

/// The status recorded for a call that got no reply (a refused connection, a timeout).
inline constexpr int no_reply = 0;

/// The calls of one kind.
struct tally {
  std::map<int, std::size_t> statuses;  ///< how many calls got each status (no_reply for none)
  std::vector<std::int64_t> latencies_us;  ///< each call's latency, in microseconds

  std::size_t calls() const { return latencies_us.size(); }
};

/// Everything recorded by one thread, or, once merged, by all of them. Not thread-safe: each
/// thread records into its own and the results are merged at the end.
class statistics {
 public:
  /// How many unexpected replies are kept for the report; the others are only counted.
  static constexpr std::size_t kept_unexpected = 5;

  void record(call_kind kind, int status, std::chrono::steady_clock::duration latency);

  /// Counts an unexpected reply, and keeps its description while fewer than kept_unexpected are.
  void record_unexpected(std::string description);

  /// Adds `other`'s calls and unexpected replies to these.
  void merge(statistics &&other);

  const tally &of(call_kind kind) const { return tallies_[static_cast<std::size_t>(kind)]; }
  std::size_t calls() const;
  std::size_t unexpected() const { return unexpected_; }
  /// The first unexpected replies described, at most kept_unexpected of them.
  const std::vector<std::string> &first_unexpected() const { return first_unexpected_; }

 private:
  std::array<tally, call_kind_count> tallies_;
  std::size_t unexpected_ = 0;
  std::vector<std::string> first_unexpected_;
};

/// The summary table: per kind of call that was made, the calls, their statuses and the latency
/// percentiles; then the totals. `wall` is the time the calls took, `seed` the one the bodies
/// came from.
std::string summary_table(const statistics &recorded, std::chrono::steady_clock::duration wall, std::uint64_t seed);

}  // namespace ashbyknit::cli::simulation
