// A webhook receiver for tests and benchmarks: an HTTP server on 127.0.0.1 that records every
// POST it gets and answers as the test tells it to; and a responder that answers raw bytes.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace ak_test {

/// One POST as the receiver got it.
struct received_request {
  std::size_t order = 0;  ///< 0 for the first request the receiver got, then 1, 2, ...
  std::string path;       ///< the request target's path, without a query
  /// Names as sent. cpp-httplib drops headers with an empty value, so those are missing.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int remote_port = 0;  ///< the client's side of the TCP connection: equal ports, one connection
  std::chrono::steady_clock::time_point arrived;  ///< when the whole request had been read

  /// The value of the first header named `name` (ignoring ASCII case), or nothing.
  std::optional<std::string> header(std::string_view name) const;
  /// How many headers are named `name` (ignoring ASCII case).
  std::size_t header_count(std::string_view name) const;
};

/// How the receiver answers one request.
struct reply {
  int status = 200;
  int delay_ms = 0;  ///< waited before answering; cut short when the receiver is destroyed
  std::vector<std::pair<std::string, std::string>> headers;  ///< Content-Type excepted: see content_type
  std::string body;
  /// Sends `body` again and again, chunked, until the client hangs up or the receiver is
  /// destroyed: a reply that never ends. Ignored when `body` is empty.
  bool endless = false;
  std::string content_type = "application/octet-stream";  ///< sent when `body` is not empty
};

/// Decides the reply to a request. Called on the server's threads, several at once.
using reply_handler = std::function<reply(const received_request &)>;

/// Listens on 127.0.0.1 on a free port from construction to destruction, on background
/// threads, accepting POST on every path. Every member may be called from any thread.
/// Throws std::runtime_error when no port can be bound.
class loopback_receiver {
  class server;  ///< cpp-httplib's, kept out of this header

 public:
  loopback_receiver();
  /// Stops listening, cuts short the delays of replies in progress and joins the server's
  /// threads (an idle keep-alive connection may hold it for up to a second).
  ~loopback_receiver();
  loopback_receiver(const loopback_receiver &) = delete;
  loopback_receiver &operator=(const loopback_receiver &) = delete;

  /// The port it listens on, on 127.0.0.1.
  int port() const noexcept { return port_; }
  /// "http://127.0.0.1:PORT" followed by `path`, which should start with '/'.
  std::string url(std::string_view path = "/") const;

  /// Replaces how requests are answered from the next request on; the default answers 200 at once.
  void set_handler(reply_handler handler);

  /// Waits until at least `count` requests have arrived or `timeout` has passed; true in the first case.
  bool wait_for(std::size_t count, std::chrono::milliseconds timeout) const;

  /// A copy of every request so far, in arrival order.
  std::vector<received_request> requests() const;
  /// How many requests have arrived.
  std::size_t request_count() const;

 private:
  /// Records the request and gives what the handler decides; waits out the delay.
  reply answer(received_request request);
  bool stopping() const;

  std::unique_ptr<server> server_;
  int port_ = 0;
  std::thread listener_;
  std::atomic<bool> listener_finished_{false};

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;  ///< a request arrived, or the receiver is stopping
  std::vector<received_request> requests_;
  reply_handler handler_;
  bool stopping_ = false;
};

/// Answers every request on 127.0.0.1 with the same bytes, written as they are, then closes the
/// connection: for replies cpp-httplib cannot write, such as interim responses, padded or folded
/// header lines, or a body cut short. Serves one connection at a time, on a background thread,
/// from construction to destruction; every member may be called from any thread. Throws
/// std::runtime_error when no port can be bound.
class raw_responder {
 public:
  explicit raw_responder(std::string response);
  /// Stops listening and joins the thread: within 50 ms when idle, within 5 s of a client that
  /// stalls mid-request.
  ~raw_responder();
  raw_responder(const raw_responder &) = delete;
  raw_responder &operator=(const raw_responder &) = delete;

  /// "http://127.0.0.1:PORT" followed by `path`, which should start with '/'.
  std::string url(std::string_view path = "/") const;
  /// How many requests were read to their end (and answered).
  std::size_t request_count() const noexcept { return requests_; }

 private:
  void serve();
  /// Reads one request, headers and Content-Length body, from `client`; false when it broke off.
  static bool read_request(int client);

  const std::string response_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> requests_{0};
  std::thread thread_;
};

/// A port on 127.0.0.1 on which nothing listens, so that connecting to it is refused: bound
/// once to let the system pick it, then closed. Throws std::runtime_error when no socket can be
/// bound.
int refusing_port();

}  // namespace ak_test
