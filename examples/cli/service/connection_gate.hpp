// The front of the HTTP server's connections: one thread waits for the request heads of every open
// connection, and a fixed pool of workers answers the requests whose head has come whole.
#pragma once

#include <httplib.h>

#include <atomic>
#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "ashbyknit/result.hpp"
#include "gated_connection.hpp"

namespace ashbyknit::cli {

/// Answers one request of `connection`, whose pending bytes hold at least a whole head (or more
/// bytes than a head may have); true when the connection stays open for another request. Called
/// on a worker thread, several at once for different connections; exceptions close the connection.
using answer_request = std::function<bool(gated_connection &connection)>;

/// A connection front that holds no thread for a connection waiting for its request: its watcher
/// thread reads every waiting connection through epoll into the connection's buffer, and hands the
/// connection to one of 64 workers once the buffer holds a whole request head or more than 16 KiB
/// (cpp-httplib then refuses a line over its limits itself). A worker answers through
/// `answer_request`, then gives a connection kept open back to the watcher, or answers it again
/// at once when the next head has come already.
///
/// A connection waits at most 10 s for a whole head, first and between requests alike: then one
/// that sent part of a head gets a 408 and is closed, and an idle one is closed without a word.
/// At most 16 384 connections wait (those queued for a worker count): when one more comes, the
/// one that has waited longest goes the same way. A connection its client closes is closed.
class connection_gate {
 public:
  /// A gate whose workers answer requests with `answer`. Starts no thread: open() does.
  explicit connection_gate(answer_request answer);

  /// Stops the gate (stop()).
  ~connection_gate();
  connection_gate(const connection_gate &) = delete;
  connection_gate &operator=(const connection_gate &) = delete;

  /// Starts the watcher and the workers, which inherit the calling thread's signal mask. Fails
  /// with error_code::internal when the system refuses an epoll instance or an eventfd. Call once.
  status open();

  /// Takes an accepted socket over: it waits in the gate for its first request head. Returns at
  /// once; thread-safe. Once the gate stops (or when memory runs out), the socket is closed.
  void admit(socket_t socket) noexcept;

  /// Closes the waiting connections and lets the workers finish the requests they were handed,
  /// then joins every thread; connections the workers keep open are closed. Call it from a thread
  /// other than the gate's own; calls after the first do nothing.
  void stop();

 private:
  /// The watcher: waits for bytes, new and returned connections and deadlines, until stopped.
  void watch();
  /// Moves the connections admitted or given back into the line; false once the gate stops.
  bool take_arrivals();
  /// Puts `connection` at the back of the line with a new deadline and watches its socket.
  void wait_in_line(std::unique_ptr<gated_connection> connection);
  /// Reads what `connection` has sent, then hands it over, watches it again or closes it.
  void read_waiting(gated_connection &connection);
  /// Takes `connection` out of the line, leaving its socket unwatched.
  std::unique_ptr<gated_connection> leave_line(gated_connection &connection);
  /// Closes the connections that have waited past their deadline, as of now.
  void close_late();
  /// Closes `connection`, which waited too long, with a 408 when it sent part of a head.
  void turn_away(gated_connection &connection);
  /// Queues `connection`, out of the line, for a worker.
  void hand_over(std::unique_ptr<gated_connection> connection);
  /// A worker's job: answers the requests of `connection`, then gives it back or closes it.
  void answer_all(std::unique_ptr<gated_connection> connection);
  /// Queues `connection` for the watcher; closes it once the gate stops. Thread-safe.
  void arrive(std::unique_ptr<gated_connection> connection) noexcept;

  answer_request answer_;
  /// Watches the waiting sockets (edge-triggered, one event per arming) and wake_.
  int epoll_ = -1;
  /// An eventfd that wakes the watcher for arrivals or for stopping.
  int wake_ = -1;
  std::mutex arrivals_mutex_;
  /// Connections admitted or given back, not yet in the line; guarded by arrivals_mutex_.
  std::vector<std::unique_ptr<gated_connection>> arrivals_;
  /// Set once by stop(); guarded by arrivals_mutex_.
  bool stopping_ = false;
  /// The waiting connections, oldest first; only the watcher touches it.
  std::list<std::unique_ptr<gated_connection>> line_;
  /// Connections handed over to the workers and not yet taken by one.
  std::atomic<std::size_t> queued_{0};
  std::unique_ptr<httplib::ThreadPool> workers_;
  std::thread watcher_;
};

}  // namespace ashbyknit::cli
