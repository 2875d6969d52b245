// Group commit: writers that arrive together share one transaction, and so one sync of the disk,
// instead of queueing for a sync each.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>

#include "ashbyknit/result.hpp"
#include "sql_connection.hpp"

namespace ashbyknit::detail {

/// Runs units of work against one database in batches, each batch in one transaction.
///
/// The first caller to find no batch in progress leads the next one: it waits up to `wait` for
/// others to join, or until `batch_max` units are queued (with a wait of 0 it takes what is
/// queued already and never sleeps), then, under the connection's mutex, begins a writing
/// transaction (sql_connection::begin_write), runs each unit in its own savepoint and in the
/// order the units arrived, and commits once. Callers that arrive while a batch is under way
/// queue for the next. A unit that fails is rolled back to its savepoint alone and gets its own
/// error; the others still commit. When the batch itself fails (BEGIN, a savepoint, COMMIT, or
/// the database rolling the whole transaction back), the transaction is rolled back and every
/// unit gets that error (error_code::store_error): nothing is half-written. No caller returns
/// before its unit's writes are committed or rolled back.
///
/// Thread-safe: any number of threads may call run() and submit() at once. Units run on the
/// leader's thread, which is one of the callers. Neither call may be made by a thread holding
/// the connection's mutex.
class group_commit {
 public:
  /// A batcher for `database`, whose every use is serialised by `connection_mutex`; both must
  /// outlive it, and no call may be in progress when it is destroyed. `batch_max` is at least 1
  /// (1: every unit alone) and `wait` at least 0; the store validates both.
  group_commit(sql_connection &database, std::mutex &connection_mutex, std::size_t batch_max,
               std::chrono::microseconds wait) noexcept
      : database_(database), connection_mutex_(connection_mutex), batch_max_(batch_max), wait_(wait) {}
  group_commit(const group_commit &) = delete;
  group_commit &operator=(const group_commit &) = delete;

  /// A unit of work: `call(context)` reads and writes through the database, inside the batch's
  /// transaction and with the connection's mutex held, and must not begin or end a transaction
  /// itself. It returns its status: a failure rolls back its writes alone.
  struct unit {
    status (*call)(void *context);
    void *context;
  };

  /// Runs `work` as one unit and returns once its batch is committed or rolled back: its status,
  /// or the batch's failure. An exception that `work` throws is rethrown here, on the caller's
  /// thread, after its writes are rolled back; so is one that ends the batch (out of memory),
  /// for every unit of the batch.
  status submit(unit work);

  /// As submit(), for `work` returning a result<T>: the result once committed, or the batch's
  /// failure in its place. `work` is called at most once, on whichever thread leads the batch.
  template <typename Work>
  auto run(Work &&work) -> std::invoke_result_t<Work &> {
    std::optional<std::invoke_result_t<Work &>> produced;
    auto body = [&]() -> status {
      produced.emplace(work());
      return produced->ok() ? status{} : status{produced->failure()};
    };
    using body_type = decltype(body);
    const status done = submit({[](void *context) { return (*static_cast<body_type *>(context))(); }, &body});
    if (!done.ok()) return done.failure();
    return std::move(*produced);
  }

 private:
  /// A caller waiting in the queue, on its own stack.
  struct waiter {
    explicit waiter(unit queued) noexcept : work(queued) {}
    unit work;
    waiter *next = nullptr;
    std::condition_variable wake;
    bool done = false;           ///< its outcome is final; guarded by mutex_
    status outcome;              ///< written by the leader before `done`
    std::exception_ptr thrown;   ///< likewise; rethrown by the caller
  };

  /// Leads a batch, `first` (the caller's own waiter, at the queue's head) leading it.
  void lead(std::unique_lock<std::mutex> &lock, waiter &first);
  /// Runs a detached batch in one transaction and gives each of its waiters an outcome.
  void commit_batch(waiter *first) noexcept;
  /// Runs one unit in its savepoint; a failure of the batch as a whole, else ok.
  status run_unit(waiter &each);

  sql_connection &database_;
  std::mutex &connection_mutex_;
  const std::size_t batch_max_;
  const std::chrono::microseconds wait_;

  std::mutex mutex_;  ///< guards the queue and the flags below, never held while units run
  waiter *head_ = nullptr;
  waiter *tail_ = nullptr;
  std::size_t queued_ = 0;
  bool leading_ = false;    ///< a batch is being gathered or committed
  bool gathering_ = false;  ///< its leader is waiting for others to join
};

}  // namespace ashbyknit::detail
