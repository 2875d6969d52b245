#include "progress_line.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace ashbyknit::cli::simulation {
namespace {

constexpr auto repaint_interval = std::chrono::milliseconds(200);

}  // namespace

progress_line::progress_line(const std::atomic<std::size_t> &played, std::size_t total, std::size_t min_total)
    : played_(played), total_(total) {
  if (total >= min_total && isatty(STDERR_FILENO) == 1) painter_ = std::thread([this] { show_until_stopped(); });
}

progress_line::~progress_line() {
  if (!painter_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_requested_.notify_one();
  painter_.join();
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
}

void progress_line::show_until_stopped() {
  const auto started = std::chrono::steady_clock::now();
  std::unique_lock lock(mutex_);
  // The first line shows at once, so that even a quick run shows one.
  do {
    const std::size_t played = played_.load();
    const auto elapsed = std::chrono::steady_clock::now() - started;
    std::fprintf(stderr, "\rsimulate: %zu/%zu rounds (%zu%%)", played, total_, played * 100 / total_);
    if (elapsed >= repaint_interval) {
      std::fprintf(stderr, ", %.0f rounds/s", static_cast<double>(played) / std::chrono::duration<double>(elapsed).count());
    }
    std::fputs("\033[K", stderr);
    std::fflush(stderr);
  } while (!stop_requested_.wait_for(lock, repaint_interval, [this] { return stopping_; }));
}

}  // namespace ashbyknit::cli::simulation
