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
/// iteration and the items per second (when the benchmark counts items) of every run that
/// completed.
class timing_reporter : public benchmark::ConsoleReporter {
 public:
  /// Colours the output only on a terminal, as Google Benchmark's own main does by default.
  timing_reporter();

  void ReportRuns(const std::vector<Run> &runs) override;

  /// The median real time per iteration, in nanoseconds, over the repetitions of the benchmark
  /// registered as `name`; nothing when it did not run (filtered out, or stopped by an error).
  std::optional<double> real_time_ns(const std::string &name) const;

  /// The median items per second, likewise; nothing also when the benchmark counts no items.
  /// Google Benchmark divides by CPU time unless the benchmark uses real or manual time.
  std::optional<double> items_per_second(const std::string &name) const;

  /// True when any benchmark stopped with an error.
  bool any_errors() const noexcept { return any_errors_; }

 private:
  /// The samples of one benchmark, one per repetition.
  struct samples {
    std::vector<double> real_time_ns;
    std::vector<double> items_per_second;
  };

  std::map<std::string, samples> samples_;
  bool any_errors_ = false;
};

}  // namespace ashbyknit::bench
