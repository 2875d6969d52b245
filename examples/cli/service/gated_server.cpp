#include "gated_server.hpp"

#include <chrono>
#include <functional>

#include "gated_stream.hpp"

namespace ashbyknit::cli {
namespace {

/// The task queue of cpp-httplib's listen loop: runs each task, the hand-over of a socket just
/// accepted, on the loop's own thread, and stops the gate when the loop ends.
class gate_queue final : public httplib::TaskQueue {
 public:
  /// A queue that stops `gate` on shutdown(); the gate outlives it.
  explicit gate_queue(connection_gate &gate) noexcept : gate_(gate) {}

  /// Runs `fn` at once: the gate returns without waiting.
  void enqueue(std::function<void()> fn) override { fn(); }

  /// Stops the gate (connection_gate::stop()).
  void shutdown() override { gate_.stop(); }

 private:
  connection_gate &gate_;
};

/// `seconds` and `microseconds` (how cpp-httplib keeps a timeout) in milliseconds.
std::chrono::milliseconds timeout(time_t seconds, time_t microseconds) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::seconds(seconds) +
                                                               std::chrono::microseconds(microseconds));
}

}  // namespace

gated_server::gated_server() : gate_([this](gated_connection &connection) { return answer(connection); }) {
  new_task_queue = [this] { return new gate_queue(gate_); };
}

bool gated_server::process_and_close_socket(socket_t sock) {
  gate_.admit(sock);
  return true;
}

bool gated_server::answer(gated_connection &connection) {
  gated_stream stream(connection, timeout(read_timeout_sec_, read_timeout_usec_),
                      timeout(write_timeout_sec_, write_timeout_usec_));
  // As cpp-httplib's own loop does: the last request a connection may make, and every request
  // once the server stops, is answered with "Connection: close".
  const bool last = connection.requests_answered + 1 >= keep_alive_max_count_ || svr_sock_ == INVALID_SOCKET;
  bool asked_to_close = false;
  const bool answered = process_request(stream, last, asked_to_close, nullptr);
  return answered && !asked_to_close && !last;
}

}  // namespace ashbyknit::cli
