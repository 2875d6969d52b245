// The stream cpp-httplib reads a request from and writes its reply to, over a connection of the
// connection gate: the bytes the gate received first, then the socket.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <string>

#include "gated_connection.hpp"

namespace ashbyknit::cli {

/// An httplib::Stream over a gated_connection, which it borrows: the connection must outlive it,
/// and only the thread answering the request uses either. Reads take the pending bytes first, then
/// wait up to `read_timeout` for the socket and read ahead in blocks of 4 KiB; writes wait up to
/// `write_timeout` for room to send. A timeout or a socket error is a -1, as cpp-httplib expects.
class gated_stream final : public httplib::Stream {
 public:
  /// A stream over `connection` with the server's read and write timeouts.
  gated_stream(gated_connection &connection, std::chrono::milliseconds read_timeout,
               std::chrono::milliseconds write_timeout) noexcept
      : connection_(connection), read_timeout_(read_timeout), write_timeout_(write_timeout) {}

  /// True when bytes are pending or arrive within the read timeout.
  bool is_readable() const override;
  /// True when the socket can take bytes within the write timeout.
  bool is_writable() const override;
  /// Up to `size` bytes: the number read, 0 when the client closed, -1 on a timeout or an error.
  ssize_t read(char *ptr, size_t size) override;
  /// Sends up to `size` bytes: the number sent (cpp-httplib sends the rest again), -1 on a
  /// timeout or an error. A closed client never raises SIGPIPE.
  ssize_t write(const char *ptr, size_t size) override;
  /// The client's numeric address and port; empty and 0 when the socket has none.
  void get_remote_ip_and_port(std::string &ip, int &port) const override;
  /// This end's numeric address and port; empty and 0 when the socket has none.
  void get_local_ip_and_port(std::string &ip, int &port) const override;
  /// The connection's socket, which stays the connection's.
  socket_t socket() const override { return connection_.socket(); }

 private:
  gated_connection &connection_;
  std::chrono::milliseconds read_timeout_;
  std::chrono::milliseconds write_timeout_;
};

}  // namespace ashbyknit::cli
