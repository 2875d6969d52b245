#include "statistics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

namespace ashbyknit::cli::simulation {
namespace {

/// The nearest-rank `percent` percentile of sorted latencies, in milliseconds.
double percentile_ms(const std::vector<std::int64_t> &sorted_us, int percent) {
  const std::size_t rank = (sorted_us.size() * static_cast<std::size_t>(percent) + 99) / 100;
  return static_cast<double>(sorted_us[std::max<std::size_t>(rank, 1) - 1]) / 1000.0;
}

/// "200:498,500:2": each status with its count; a call without a reply shows as "none".
std::string statuses_text(const std::map<int, std::size_t> &statuses) {
  std::string text;
  for (const auto &[status, count] : statuses) {
    if (!text.empty()) text += ',';
    text += status == no_reply ? std::string("none") : std::to_string(status);
    text += ':' + std::to_string(count);
  }
  return text;
}

}  // namespace

void statistics::record(call_kind kind, int status, std::chrono::steady_clock::duration latency) {
  tally &calls = tallies_[static_cast<std::size_t>(kind)];
  ++calls.statuses[status];
  calls.latencies_us.push_back(std::chrono::duration_cast<std::chrono::microseconds>(latency).count());
}

void statistics::record_unexpected(std::string description) {
  ++unexpected_;
  if (first_unexpected_.size() < kept_unexpected) first_unexpected_.push_back(std::move(description));
}

void statistics::merge(statistics &&other) {
  for (std::size_t kind = 0; kind < call_kind_count; ++kind) {
    tally &mine = tallies_[kind];
    tally &theirs = other.tallies_[kind];
    for (const auto &[status, count] : theirs.statuses) mine.statuses[status] += count;
    mine.latencies_us.insert(mine.latencies_us.end(), theirs.latencies_us.begin(), theirs.latencies_us.end());
  }
  unexpected_ += other.unexpected_;
  const std::size_t room = kept_unexpected - std::min(kept_unexpected, first_unexpected_.size());
  const auto taken = static_cast<std::ptrdiff_t>(std::min(room, other.first_unexpected_.size()));
  std::move(other.first_unexpected_.begin(), other.first_unexpected_.begin() + taken,
            std::back_inserter(first_unexpected_));
}

std::size_t statistics::calls() const {
  std::size_t total = 0;
  for (const tally &calls : tallies_) total += calls.calls();
  return total;
}

std::string summary_table(const statistics &recorded, std::chrono::steady_clock::duration wall, std::uint64_t seed) {
  std::string table = fmt::format("{:<18} {:>8} {:>9} {:>9} {:>9} {:>9}  {}\n", "operation", "calls", "p50_ms",
                                  "p90_ms", "p99_ms", "max_ms", "statuses");
  for (std::size_t kind = 0; kind < call_kind_count; ++kind) {
    const tally &calls = recorded.of(static_cast<call_kind>(kind));
    if (calls.calls() == 0) continue;
    std::vector<std::int64_t> sorted = calls.latencies_us;
    std::sort(sorted.begin(), sorted.end());
    table += fmt::format("{:<18} {:>8} {:>9.2f} {:>9.2f} {:>9.2f} {:>9.2f}  {}\n",
                         call_kind_name(static_cast<call_kind>(kind)), calls.calls(), percentile_ms(sorted, 50),
                         percentile_ms(sorted, 90), percentile_ms(sorted, 99), percentile_ms(sorted, 100),
                         statuses_text(calls.statuses));
  }
  const double seconds = std::chrono::duration<double>(wall).count();
  const double rate = seconds > 0 ? static_cast<double>(recorded.calls()) / seconds : 0.0;
  table += fmt::format("total {} calls in {:.3f} s: {:.1f} calls/s; {} unexpected; seed {}", recorded.calls(), seconds,
                       rate, recorded.unexpected(), seed);
  return table;
}

}  // namespace ashbyknit::cli::simulation
