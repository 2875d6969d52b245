#include "gated_stream.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>

namespace ashbyknit::cli {
namespace {

/// How much a read asks the socket for at least: cpp-httplib reads a head a byte at a time, and a
/// recv() per byte would cost a system call per byte.
constexpr std::size_t read_ahead = 4096;

/// True when `socket` has one of `events` within `timeout`; false on a timeout or an error.
bool wait_for(socket_t socket, short events, std::chrono::milliseconds timeout) {
  pollfd watched{socket, events, 0};
  for (;;) {
    const int ready = ::poll(&watched, 1, static_cast<int>(timeout.count()));
    if (ready >= 0) return ready > 0;
    if (errno != EINTR) return false;
  }
}

/// The numeric address and port of `address`; empty and 0 for a family other than IP.
void numeric_address(const sockaddr_storage &address, std::string &ip, int &port) {
  char text[INET6_ADDRSTRLEN] = "";
  ip.clear();
  port = 0;
  if (address.ss_family == AF_INET) {
    const auto &ipv4 = reinterpret_cast<const sockaddr_in &>(address);
    if (inet_ntop(AF_INET, &ipv4.sin_addr, text, sizeof text) != nullptr) ip = text;
    port = ntohs(ipv4.sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto &ipv6 = reinterpret_cast<const sockaddr_in6 &>(address);
    if (inet_ntop(AF_INET6, &ipv6.sin6_addr, text, sizeof text) != nullptr) ip = text;
    port = ntohs(ipv6.sin6_port);
  }
}

}  // namespace

bool gated_stream::is_readable() const {
  return connection_.pending() > 0 || wait_for(connection_.socket(), POLLIN, read_timeout_);
}

bool gated_stream::is_writable() const { return wait_for(connection_.socket(), POLLOUT, write_timeout_); }

ssize_t gated_stream::read(char *ptr, size_t size) {
  for (;;) {
    if (connection_.pending() > 0) return static_cast<ssize_t>(connection_.take(ptr, size));
    // A large read (a body) goes straight to the caller; a small one reads ahead.
    const bool direct = size >= read_ahead;
    const ssize_t count = direct ? ::recv(connection_.socket(), ptr, size, 0) : connection_.receive(read_ahead);
    if (count == 0 || (count > 0 && direct)) return count;
    if (count > 0 || errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
    if (!wait_for(connection_.socket(), POLLIN, read_timeout_)) return -1;
  }
}

ssize_t gated_stream::write(const char *ptr, size_t size) {
  for (;;) {
    const ssize_t count = ::send(connection_.socket(), ptr, size, MSG_NOSIGNAL);
    if (count >= 0) return count;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
    if (!wait_for(connection_.socket(), POLLOUT, write_timeout_)) return -1;
  }
}

void gated_stream::get_remote_ip_and_port(std::string &ip, int &port) const {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getpeername(connection_.socket(), reinterpret_cast<sockaddr *>(&address), &length) != 0) address = {};
  numeric_address(address, ip, port);
}

void gated_stream::get_local_ip_and_port(std::string &ip, int &port) const {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getsockname(connection_.socket(), reinterpret_cast<sockaddr *>(&address), &length) != 0) address = {};
  numeric_address(address, ip, port);
}

}  // namespace ashbyknit::cli
