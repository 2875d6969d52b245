#include "gated_connection.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ashbyknit::cli {
namespace {

/// What ends a request head: the blank line after its last header.
constexpr std::string_view head_end = "\r\n\r\n";

/// The most a late connection's unread bytes are drained before it is closed: enough for what a
/// client may have sent meanwhile, bounded so that a fast sender cannot keep the gate here.
constexpr std::size_t max_drained_bytes = 64 * 1024;

}  // namespace

gated_connection::gated_connection(socket_t socket) noexcept : socket_(socket) {
  const int flags = fcntl(socket_, F_GETFL, 0);
  fcntl(socket_, F_SETFL, flags | O_NONBLOCK);
}

gated_connection::~gated_connection() { ::close(socket_); }

std::size_t gated_connection::take(char *out, std::size_t size) noexcept {
  const std::size_t count = std::min(size, pending());
  std::memcpy(out, received_.data() + taken_, count);
  taken_ += count;
  if (taken_ == received_.size()) {
    received_.clear();
    taken_ = 0;
    scanned_ = 0;
  }
  return count;
}

ssize_t gated_connection::receive(std::size_t block) {
  if (taken_ > 0) {  // only bytes of a pipelined request are left: move them to the front
    received_.erase(0, taken_);
    scanned_ = scanned_ > taken_ ? scanned_ - taken_ : 0;
    taken_ = 0;
  }
  const std::size_t before = received_.size();
  received_.resize(before + block);
  const ssize_t count = ::recv(socket_, received_.data() + before, block, 0);
  const int failure = errno;
  received_.resize(before + (count > 0 ? static_cast<std::size_t>(count) : 0));
  errno = failure;
  return count;
}

bool gated_connection::holds_whole_head() noexcept {
  const std::size_t from = std::max(taken_, scanned_);
  const std::size_t found = std::string_view(received_).find(head_end, from);
  if (found != std::string_view::npos) {
    scanned_ = found;  // found again until a worker takes the head
    return true;
  }
  // The end of a head may begin in the last bytes searched and end in bytes yet to come.
  const std::size_t overlap = head_end.size() - 1;
  scanned_ = std::max(from, received_.size() > overlap ? received_.size() - overlap : 0);
  return false;
}

void gated_connection::release_idle_buffer() noexcept {
  if (pending() == 0) std::string().swap(received_);
}

void gated_connection::refuse_late_head() noexcept {
  static constexpr std::string_view reply =
      "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
  ::send(socket_, reply.data(), reply.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  ::shutdown(socket_, SHUT_WR);
  // Closing a socket with unread bytes resets the connection, and the client may then lose the
  // reply before it reads it.
  char sink[4096];
  for (std::size_t drained = 0; drained < max_drained_bytes;) {
    const ssize_t count = ::recv(socket_, sink, sizeof sink, MSG_DONTWAIT);
    if (count <= 0) break;
    drained += static_cast<std::size_t>(count);
  }
}

}  // namespace ashbyknit::cli
