// A console reporter that also keeps each benchmark's time, so that the program can compare
// benchmarks measured in the same run.
#pragma once

#include <benchmark/benchmark.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ashbyknit::bench {

/// Prints what Google Benchmark's console reporter prints, and records the real time per
/// iteration of every run that completed.
class timing_reporter : public benchmark::ConsoleReporter {
 public:
  /// Colours the output only on a terminal, as Google Benchmark's own main does by default.
  timing_reporter();

  void ReportRuns(const std::vector<Run> &runs) override;

  /// The median real time per iteration, in nanoseconds, over the repetitions of the benchmark
  /// registered as `name`; nothing when it did not run (filtered out, or stopped by an error).
  std::optional<double> real_time_ns(const std::string &name) const;

  /// True when any benchmark stopped with an error.
  bool any_errors() const noexcept { return any_errors_; }

 private:
  std::map<std::string, std::vector<double>> real_times_ns_;
  bool any_errors_ = false;
};

}  // namespace ashbyknit::bench
