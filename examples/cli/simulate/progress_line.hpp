// A progress display for long simulations: one line on stderr, rewritten in place.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>

namespace ashbyknit::cli::simulation {

/// While it exists, shows "played/total rounds" on stderr a few times a second, when stderr is a
/// terminal and `total` is at least `min_total`; otherwise it shows nothing. Its destructor
/// erases the line, so that what follows starts on a clean one.
class progress_line {
 public:
  /// `played` must outlive the display.
  progress_line(const std::atomic<std::size_t> &played, std::size_t total, std::size_t min_total);
  ~progress_line();

  progress_line(const progress_line &) = delete;
  progress_line &operator=(const progress_line &) = delete;

 private:
  void show_until_stopped();

  const std::atomic<std::size_t> &played_;
  std::size_t total_;
  std::mutex mutex_;
  std::condition_variable stop_requested_;
  bool stopping_ = false;
  std::thread painter_;
};

}  // namespace ashbyknit::cli::simulation
