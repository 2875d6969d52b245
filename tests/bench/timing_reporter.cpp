#include "timing_reporter.hpp"

#include <unistd.h>

#include <algorithm>

namespace ashbyknit::bench {
namespace {

std::optional<double> median(std::vector<double> samples) {
  if (samples.empty()) return std::nullopt;
  std::sort(samples.begin(), samples.end());
  const std::size_t middle = samples.size() / 2;
  return samples.size() % 2 == 1 ? samples[middle] : (samples[middle - 1] + samples[middle]) / 2;
}

}  // namespace

timing_reporter::timing_reporter()
    : ConsoleReporter(isatty(STDOUT_FILENO) ? OO_Color : OO_None) {}

void timing_reporter::ReportRuns(const std::vector<Run> &runs) {
  ConsoleReporter::ReportRuns(runs);
  for (const Run &run : runs) {
    if (run.error_occurred) {
      any_errors_ = true;
      continue;
    }
    // Repetitions arrive one by one, and with --benchmark_report_aggregates_only only their
    // aggregates arrive: keeping the median aggregate too leaves the median of the samples
    // unchanged in the first case and supplies it in the second.
    const bool sample = run.run_type == Run::RT_Iteration || run.aggregate_name == "median";
    if (!sample || run.iterations <= 0) continue;
    samples &kept = samples_[run.run_name.function_name];
    kept.real_time_ns.push_back(run.real_accumulated_time * 1e9 / static_cast<double>(run.iterations));
    if (const auto items = run.counters.find("items_per_second"); items != run.counters.end()) {
      kept.items_per_second.push_back(items->second.value);
    }
  }
}

std::optional<double> timing_reporter::real_time_ns(const std::string &name) const {
  const auto found = samples_.find(name);
  return found == samples_.end() ? std::nullopt : median(found->second.real_time_ns);
}

std::optional<double> timing_reporter::items_per_second(const std::string &name) const {
  const auto found = samples_.find(name);
  return found == samples_.end() ? std::nullopt : median(found->second.items_per_second);
}

}  // namespace ashbyknit::bench
