#include "timing_reporter.hpp"

#include <unistd.h>

#include <algorithm>

namespace ashbyknit::bench {

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
    if (sample && run.iterations > 0) {
      real_times_ns_[run.run_name.function_name].push_back(run.real_accumulated_time * 1e9 /
                                                           static_cast<double>(run.iterations));
    }
  }
}

std::optional<double> timing_reporter::real_time_ns(const std::string &name) const {
  const auto found = real_times_ns_.find(name);
  if (found == real_times_ns_.end()) return std::nullopt;
  std::vector<double> samples = found->second;
  std::sort(samples.begin(), samples.end());
  const std::size_t middle = samples.size() / 2;
  return samples.size() % 2 == 1 ? samples[middle] : (samples[middle - 1] + samples[middle]) / 2;
}

}  // namespace ashbyknit::bench
