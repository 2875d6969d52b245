#include "group_commit.hpp"

namespace ashbyknit::detail {

status group_commit::submit(unit work) {
  waiter mine(work);
  std::unique_lock lock(mutex_);
  (tail_ != nullptr ? tail_->next : head_) = &mine;
  tail_ = &mine;
  ++queued_;
  if (gathering_ && queued_ >= batch_max_) head_->wake.notify_one();
  mine.wake.wait(lock, [&] { return mine.done || (!leading_ && head_ == &mine); });
  if (!mine.done) lead(lock, mine);
  if (mine.thrown) std::rethrow_exception(mine.thrown);
  return std::move(mine.outcome);
}

void group_commit::lead(std::unique_lock<std::mutex> &lock, waiter &first) {
  leading_ = true;
  if (wait_.count() > 0 && queued_ < batch_max_) {
    gathering_ = true;
    const auto deadline = std::chrono::steady_clock::now() + wait_;
    first.wake.wait_until(lock, deadline, [&] { return queued_ >= batch_max_; });
    gathering_ = false;
  }
  // Detach the oldest batch_max_ waiters: the batch is the leader's alone from here on, while
  // newcomers queue behind it for the next one.
  waiter *last = &first;
  std::size_t taken = 1;
  for (; taken < batch_max_ && last->next != nullptr; ++taken) last = last->next;
  head_ = last->next;
  if (head_ == nullptr) tail_ = nullptr;
  last->next = nullptr;
  queued_ -= taken;

  lock.unlock();
  commit_batch(&first);
  lock.lock();

  for (waiter *each = &first; each != nullptr;) {
    waiter *next = each->next;  // read first: once done, a follower may return and free it
    each->done = true;
    each->wake.notify_one();
    each = next;
  }
  leading_ = false;
  if (head_ != nullptr) head_->wake.notify_one();
}

void group_commit::commit_batch(waiter *first) noexcept {
  std::lock_guard connection(connection_mutex_);
  try {
    sql_transaction transaction(database_);
    status batch = transaction.begin();
    for (waiter *each = first; batch.ok() && each != nullptr; each = each->next) batch = run_unit(*each);
    if (batch.ok()) batch = transaction.commit();
    if (batch.ok()) return;
    for (waiter *each = first; each != nullptr; each = each->next) each->outcome = batch;
  } catch (...) {
    // Out of memory while running the batch itself: the transaction has rolled back, and every
    // caller gets the exception, as each would have from a transaction of its own.
    for (waiter *each = first; each != nullptr; each = each->next) each->thrown = std::current_exception();
  }
}

status group_commit::run_unit(waiter &each) {
  if (auto saved = database_.savepoint(); !saved.ok()) return saved;
  try {
    each.outcome = each.work.call(each.work.context);
  } catch (...) {
    each.thrown = std::current_exception();
  }
  if (each.outcome.ok() && !each.thrown) return database_.release_savepoint();
  // Some failures (a full disk, an I/O error, a lost connection) make the database roll back the
  // whole transaction: the units before this one are lost with it, so the batch fails.
  if (!database_.in_transaction()) {
    return each.thrown ? status{error_code::store_error, "The store failed and rolled back its transaction."}
                       : each.outcome;
  }
  return database_.rollback_to_savepoint();
}

}  // namespace ashbyknit::detail
