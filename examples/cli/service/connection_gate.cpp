#include "connection_gate.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdint>
#include <cstring>
#include <exception>
#include <string>

namespace ashbyknit::cli {
namespace {

using steady = std::chrono::steady_clock;

/// Threads answering requests: as many requests are answered at once.
constexpr std::size_t worker_count = 64;

/// How long a connection may wait for a whole request head.
constexpr auto head_deadline = std::chrono::seconds(10);

/// Pending bytes that send a connection to a worker without a whole head: above cpp-httplib's
/// limits of 8192 bytes for the request line and for a header line, so that it refuses them.
constexpr std::size_t head_cap = 16 * 1024;

/// The most connections waiting (or queued for a worker) at once.
constexpr std::size_t max_waiting = 16 * 1024;

/// How much one recv() of the watcher asks for.
constexpr std::size_t receive_block = 4096;

/// What the watcher's epoll reports for a waiting socket: readable or closed, once per arming.
constexpr std::uint32_t waiting_events = EPOLLIN | EPOLLRDHUP | EPOLLET | EPOLLONESHOT;

/// Arms `epoll` for one event of `connection` (ADD for a new socket, MOD for one already known).
bool watch_socket(int epoll, gated_connection &connection, int operation) {
  epoll_event event{};
  event.events = waiting_events;
  event.data.ptr = &connection;
  return epoll_ctl(epoll, operation, connection.socket(), &event) == 0;
}

/// What a waiting connection holds once the watcher has read what it sent.
enum class head_state { whole, partial, gone };

/// Reads what `connection` has sent until it holds a whole head (or head_cap bytes), nothing more
/// has arrived, or its client closed it (or it failed, or memory ran out).
head_state read_head(gated_connection &connection) noexcept {
  try {
    for (;;) {
      if (connection.holds_whole_head() || connection.pending() >= head_cap) return head_state::whole;
      const ssize_t count = connection.receive(receive_block);
      if (count > 0 || (count < 0 && errno == EINTR)) continue;
      return count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) ? head_state::partial : head_state::gone;
    }
  } catch (const std::bad_alloc &) {
    return head_state::gone;
  }
}

}  // namespace

connection_gate::connection_gate(answer_request answer) : answer_(std::move(answer)) {}

connection_gate::~connection_gate() { stop(); }

status connection_gate::open() {
  epoll_ = epoll_create1(EPOLL_CLOEXEC);
  wake_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.ptr = nullptr;  // wake_: the one descriptor watched that is no connection
  if (epoll_ < 0 || wake_ < 0 || epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &event) != 0) {
    return error{error_code::internal, std::string("cannot watch connections: ") + std::strerror(errno)};
  }
  workers_ = std::make_unique<httplib::ThreadPool>(worker_count);
  watcher_ = std::thread([this] { watch(); });
  return {};
}

void connection_gate::admit(socket_t socket) noexcept {
  std::unique_ptr<gated_connection> connection;
  try {
    connection = std::make_unique<gated_connection>(socket);
  } catch (const std::bad_alloc &) {
    ::close(socket);
    return;
  }
  arrive(std::move(connection));
}

void connection_gate::stop() {
  {
    const std::lock_guard<std::mutex> lock(arrivals_mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  if (watcher_.joinable()) {
    const std::uint64_t one = 1;
    if (::write(wake_, &one, sizeof one) < 0) {
      // The counter is full, so the watcher is being woken already.
    }
    watcher_.join();
  }
  if (workers_) workers_->shutdown();  // runs the jobs queued, then joins
  workers_.reset();
  {
    const std::lock_guard<std::mutex> lock(arrivals_mutex_);
    arrivals_.clear();
  }
  if (epoll_ >= 0) ::close(epoll_);
  if (wake_ >= 0) ::close(wake_);
  epoll_ = wake_ = -1;
}

void connection_gate::watch() {
  std::array<epoll_event, 256> events{};
  for (;;) {
    int timeout_ms = -1;
    if (!line_.empty()) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(line_.front()->deadline - steady::now());
      timeout_ms = static_cast<int>(std::clamp<std::chrono::milliseconds::rep>(left.count(), 0, INT_MAX));
    }
    const int count = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), timeout_ms);
    bool woken = false;
    // Each event is of a different socket, so no event of this batch names a connection that an
    // earlier one closed; arrivals come into the line only after the batch.
    for (int i = 0; i < count; ++i) {
      if (events[i].data.ptr == nullptr) {
        woken = true;
      } else {
        read_waiting(*static_cast<gated_connection *>(events[i].data.ptr));
      }
    }
    if (woken && !take_arrivals()) break;
    close_late();
  }
  line_.clear();
}

bool connection_gate::take_arrivals() {
  std::uint64_t counter = 0;
  if (::read(wake_, &counter, sizeof counter) < 0) {
    // Already reset by an earlier wake-up: the arrivals are taken all the same.
  }
  std::vector<std::unique_ptr<gated_connection>> arrived;
  {
    const std::lock_guard<std::mutex> lock(arrivals_mutex_);
    if (stopping_) return false;
    arrived.swap(arrivals_);
  }
  for (auto &connection : arrived) wait_in_line(std::move(connection));
  return true;
}

void connection_gate::wait_in_line(std::unique_ptr<gated_connection> connection) {
  while (!line_.empty() && line_.size() + queued_ >= max_waiting) turn_away(*line_.front());
  if (line_.size() + queued_ >= max_waiting) return;  // all queued for workers: no room at all
  connection->deadline = steady::now() + head_deadline;
  gated_connection &waiting = *connection;
  const int operation = waiting.requests_answered == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
  line_.push_back(std::move(connection));
  waiting.place = std::prev(line_.end());
  if (!watch_socket(epoll_, waiting, operation)) leave_line(waiting);
}

void connection_gate::read_waiting(gated_connection &connection) {
  switch (read_head(connection)) {
    case head_state::whole:
      hand_over(leave_line(connection));
      return;
    case head_state::partial:
      if (watch_socket(epoll_, connection, EPOLL_CTL_MOD)) return;
      break;
    case head_state::gone:
      break;
  }
  leave_line(connection);  // closes it
}

std::unique_ptr<gated_connection> connection_gate::leave_line(gated_connection &connection) {
  std::unique_ptr<gated_connection> owned = std::move(*connection.place);
  line_.erase(connection.place);
  return owned;
}

void connection_gate::close_late() {
  const auto now = steady::now();
  while (!line_.empty() && line_.front()->deadline <= now) turn_away(*line_.front());
}

void connection_gate::turn_away(gated_connection &connection) {
  if (connection.pending() > 0) connection.refuse_late_head();
  leave_line(connection);
}

void connection_gate::hand_over(std::unique_ptr<gated_connection> connection) {
  ++queued_;
  try {
    workers_->enqueue([this, handed = connection.get()] { answer_all(std::unique_ptr<gated_connection>(handed)); });
    connection.release();  // the job owns it now
  } catch (const std::bad_alloc &) {
    --queued_;  // and the connection is closed
  }
}

void connection_gate::answer_all(std::unique_ptr<gated_connection> connection) {
  --queued_;
  try {
    do {
      const bool kept = answer_(*connection);
      ++connection->requests_answered;
      if (!kept) return;
    } while (connection->holds_whole_head());
  } catch (const std::exception &) {
    return;
  }
  connection->release_idle_buffer();
  arrive(std::move(connection));
}

void connection_gate::arrive(std::unique_ptr<gated_connection> connection) noexcept {
  bool first = false;
  {
    const std::lock_guard<std::mutex> lock(arrivals_mutex_);
    if (stopping_) return;  // closes it
    try {
      arrivals_.push_back(std::move(connection));
    } catch (const std::bad_alloc &) {
      return;
    }
    first = arrivals_.size() == 1;
  }
  if (first) {
    const std::uint64_t one = 1;
    if (::write(wake_, &one, sizeof one) < 0) {
      // The counter is full, so the watcher is being woken already.
    }
  }
}

}  // namespace ashbyknit::cli
