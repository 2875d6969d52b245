// Counts commits as SQLite itself sees them, so that tests can tell how many transactions a
// run of calls took without any hook in the library.
#pragma once

#include <cstdint>

namespace ashbyknit::test {

/// While it lives, every SQLite connection the process opens counts its write transactions'
/// commits (SQLite's commit hook, installed through an automatic extension). One at a time:
/// the count is the process's. Construct it before opening the store whose commits it counts.
/// commits() may be read from any thread.
class commit_counter {
 public:
  commit_counter();
  ~commit_counter();
  commit_counter(const commit_counter &) = delete;
  commit_counter &operator=(const commit_counter &) = delete;

  /// Commits since construction, or since the last reset().
  std::int64_t commits() const noexcept;
  /// Counts from zero again, say once a test's set-up is done.
  void reset() noexcept;
};

}  // namespace ashbyknit::test
