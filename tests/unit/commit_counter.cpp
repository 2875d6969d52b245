#include "commit_counter.hpp"

#include <sqlite3.h>

#include <atomic>

namespace ashbyknit::test {
namespace {

// Static: a connection opened while a counter lived keeps the hook after the counter is gone.
std::atomic<std::int64_t> committed{0};

int count_commit(void *) {
  committed.fetch_add(1, std::memory_order_relaxed);
  return 0;  // 0 lets the commit go ahead
}

int install_hook(sqlite3 *database, const char **, const sqlite3_api_routines *) {
  sqlite3_commit_hook(database, count_commit, nullptr);
  return SQLITE_OK;
}

// sqlite3_auto_extension takes the entry point as a plain function pointer.
auto *const entry_point = reinterpret_cast<void (*)()>(install_hook);

}  // namespace

commit_counter::commit_counter() {
  sqlite3_auto_extension(entry_point);
  reset();
}

commit_counter::~commit_counter() { sqlite3_cancel_auto_extension(entry_point); }

std::int64_t commit_counter::commits() const noexcept { return committed.load(std::memory_order_relaxed); }

void commit_counter::reset() noexcept { committed.store(0, std::memory_order_relaxed); }

}  // namespace ashbyknit::test
