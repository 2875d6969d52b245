// One accepted connection of the connection gate: its socket and the bytes received from it that
// no request has consumed yet.
#pragma once

#include <httplib.h>

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <list>
#include <memory>
#include <string>

namespace ashbyknit::cli {

/// An accepted, non-blocking socket with a buffer of received bytes. Owns the socket: the
/// destructor closes it. Used by one thread at a time (the gate's watcher while it waits for a
/// request head, then a worker while it answers the request); none of it is thread-safe.
class gated_connection {
 public:
  /// Takes `socket` over and makes it non-blocking.
  explicit gated_connection(socket_t socket) noexcept;

  /// Closes the socket.
  ~gated_connection();
  gated_connection(const gated_connection &) = delete;
  gated_connection &operator=(const gated_connection &) = delete;

  /// The socket, for poll(), send() and the addresses; it stays this object's.
  socket_t socket() const noexcept { return socket_; }

  /// Bytes received and not yet taken.
  std::size_t pending() const noexcept { return received_.size() - taken_; }

  /// Moves up to `size` pending bytes to `out`; returns how many (0 when none are pending).
  std::size_t take(char *out, std::size_t size) noexcept;

  /// One recv() of up to `block` bytes onto the pending ones: returns what recv() returned (0 when
  /// the client closed the connection, -1 with errno set, EAGAIN when nothing has arrived).
  /// Memory running out throws std::bad_alloc.
  ssize_t receive(std::size_t block);

  /// True when the pending bytes hold a whole request head (they end it with a blank line).
  /// Each call searches only what arrived since the last one.
  bool holds_whole_head() noexcept;

  /// Gives the buffer's memory back when nothing is pending, so that an idle connection costs
  /// little while it waits.
  void release_idle_buffer() noexcept;

  /// Tells a client that sent part of a request head and no more in time: a 408 with
  /// "Connection: close", sent without waiting; the connection is then only fit to be destroyed.
  void refuse_late_head() noexcept;

  /// Requests answered on this connection so far; the worker that answers one counts it.
  std::size_t requests_answered = 0;

  /// When it must have sent a whole head, while it waits in the gate.
  std::chrono::steady_clock::time_point deadline;

  /// Its place in the gate's line of waiting connections, while it waits there.
  std::list<std::unique_ptr<gated_connection>>::iterator place;

 private:
  socket_t socket_;
  std::string received_;
  std::size_t taken_ = 0;    ///< bytes of received_ already consumed
  std::size_t scanned_ = 0;  ///< bytes of received_ already searched for the end of a head
};

}  // namespace ashbyknit::cli
