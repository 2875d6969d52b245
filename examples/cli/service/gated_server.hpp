// cpp-httplib's server behind the connection gate, with a deep listen backlog.
#pragma once

#include <httplib.h>

#include <sys/socket.h>

#include "ashbyknit/result.hpp"
#include "connection_gate.hpp"
#include "gated_connection.hpp"

namespace ashbyknit::cli {

/// A cpp-httplib server whose accepted connections go to a connection_gate instead of a thread
/// each: a connection waiting for its request holds no thread, so idle and slow clients cannot
/// keep others from being answered. The accept loop hands each socket over and goes on; the
/// gate's workers run cpp-httplib's request handling, keep-alive limit and timeouts included.
/// Stopping the server (stop()) stops the gate as cpp-httplib's listen loop ends: connections
/// waiting are closed, requests handed to a worker are answered, each with "Connection: close".
/// Configure it, then open_gate(), then listen once; threads as for httplib::Server.
class gated_server : public httplib::Server {
 public:
  /// A server with its gate closed.
  gated_server();

  /// Starts the gate's threads, which inherit the calling thread's signal mask. Fails with
  /// error_code::internal when the system refuses what the gate needs. Call once, before listening.
  status open_gate() { return gate_.open(); }

  /// Listens again on the bound socket with the system's largest backlog; false on failure. The
  /// kernel drops connections beyond the backlog (cpp-httplib's is 5), and their clients only try
  /// again a second later.
  bool deepen_backlog() noexcept { return ::listen(svr_sock_, SOMAXCONN) == 0; }

 private:
  /// Hands `sock`, just accepted, to the gate; returns at once.
  bool process_and_close_socket(socket_t sock) override;

  /// Answers one request of `connection` on a worker thread; true when it stays open.
  bool answer(gated_connection &connection);

  connection_gate gate_;
};

}  // namespace ashbyknit::cli
