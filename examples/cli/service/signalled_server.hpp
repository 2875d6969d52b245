// The HTTP server of a long-running command: bound before it starts, run until SIGINT or
// SIGTERM, then stopped cleanly; a second signal ends the process at once. Its connections wait
// for their requests in a connection gate, so that idle or slow clients hold no thread.
#pragma once

#include <httplib.h>

#include <atomic>
#include <string>
#include <string_view>
#include <thread>

#include "ashbyknit/result.hpp"
#include "gated_server.hpp"
#include "listen_address.hpp"

namespace ashbyknit::cli {

/// A cpp-httplib server that stops on SIGINT or SIGTERM. The signals are taken by a thread of its
/// own with sigwait(), never by a handler, so stopping may do anything a thread may do.
///
/// Requests are answered by 64 threads at once, up to 1000 on one keep-alive connection.
/// Connections waiting for a request hold no thread: up to 16 384 wait at once (the oldest is
/// closed to make room), as far as the limit of open files allows, which run() raises to its hard
/// limit. Each has 10 s to send a whole request head, first and between requests; one that sent
/// only part of it then gets a 408 (gated_server, connection_gate).
///
/// Construct it before the command starts any thread: the constructor blocks both signals in the
/// calling thread, and threads inherit that, so that only its watcher receives them. They stay
/// blocked after it is destroyed, so that a signal arriving as the command ends cannot kill it.
class signalled_server {
 public:
  /// `name` starts the server's log lines ("serve"); `at_once_note` ends the line logged when a
  /// second signal ends the process ("undelivered events stay in the outbox").
  signalled_server(std::string name, std::string at_once_note);

  /// Stops watching for signals.
  ~signalled_server();
  signalled_server(const signalled_server &) = delete;
  signalled_server &operator=(const signalled_server &) = delete;

  /// The server, for adding routes before run().
  httplib::Server &http() noexcept { return http_; }

  /// Binds to `address`, then logs "<name> listening on HOST:PORT<detail>" with the port bound (the
  /// one chosen for port 0). Unlike cpp-httplib's default, the socket does not share its port, so
  /// a port in use by any process is refused. Fails with error_code::invalid_argument and a
  /// message naming the address.
  status bind(const listen_address &address, std::string_view detail);

  /// Serves on the calling thread until the first SIGINT or SIGTERM (one that arrived earlier
  /// counts), then stops accepting, closes the connections waiting for a request, lets the
  /// requests in flight finish, and returns. From that signal until this object is destroyed,
  /// another one logs that the process stops at once and ends it with status 0. Fails with
  /// error_code::internal when the connection gate cannot start or the server stops listening by
  /// itself. Call once, after bind().
  status run();

  /// True once a signal asked the server to stop.
  bool stopping() const noexcept { return stopping_; }

 private:
  /// The watcher thread: waits for the signals and acts on them.
  void watch();

  std::string name_;
  std::string at_once_note_;
  gated_server http_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> listening_ended_{false};
  std::atomic<bool> closing_{false};
  std::thread watcher_;
};

}  // namespace ashbyknit::cli
