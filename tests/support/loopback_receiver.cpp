#include "loopback_receiver.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <httplib.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <tuple>

namespace ak_test {
namespace {

constexpr const char *loopback = "127.0.0.1";
/// Enough server threads that every connection a test or benchmark keeps open has its own:
/// a keep-alive connection holds a thread while it stays open.
constexpr std::size_t server_threads = 32;
/// How long an idle keep-alive connection stays open; bounds how long destruction waits for it.
constexpr time_t keep_alive_seconds = 1;

bool ascii_iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

/// The server writes replies with plain send(): a client that hangs up before reading them all
/// (as the transport does past 64 KiB) would otherwise kill the process with SIGPIPE.
void ignore_sigpipe() {
  static const bool ignored = [] {
    std::signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)ignored;
}

/// A TCP socket bound to 127.0.0.1 on a port the system picks, and that port. Throws
/// std::runtime_error when it cannot be made.
std::pair<int, int> bind_loopback_socket() {
  const int socket_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (socket_fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = 0;
  ::inet_pton(AF_INET, loopback, &address.sin_addr);
  socklen_t size = sizeof address;
  const bool bound = ::bind(socket_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0 &&
                     ::getsockname(socket_fd, reinterpret_cast<sockaddr *>(&address), &size) == 0;
  if (!bound) {
    const int saved_errno = errno;
    ::close(socket_fd);
    throw std::runtime_error(std::string("bind 127.0.0.1:0: ") + std::strerror(saved_errno));
  }
  return {socket_fd, ntohs(address.sin_port)};
}

/// The Content-Length of a request's header block, 0 when it has none.
std::size_t content_length(std::string_view head) {
  for (std::size_t start = 0; start < head.size();) {
    const std::size_t end = std::min(head.find("\r\n", start), head.size());
    const std::string_view line = head.substr(start, end - start);
    const std::size_t colon = line.find(':');
    if (colon != std::string_view::npos && ascii_iequals(line.substr(0, colon), "Content-Length")) {
      return std::strtoull(std::string(line.substr(colon + 1)).c_str(), nullptr, 10);
    }
    start = end + 2;
  }
  return 0;
}

/// Writes all of `bytes` to `socket_fd`, or as much as the peer takes before it hangs up.
void write_all(int socket_fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::send(socket_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (written <= 0) return;
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
}

}  // namespace

/// cpp-httplib's server with a deeper listen backlog: it listens with a backlog of 5, and the
/// kernel drops the connections beyond it, which their clients only try again a second later.
class loopback_receiver::server : public httplib::Server {
 public:
  bool deepen_backlog() { return ::listen(svr_sock_, SOMAXCONN) == 0; }
};

std::optional<std::string> received_request::header(std::string_view name) const {
  for (const auto &[key, value] : headers) {
    if (ascii_iequals(key, name)) return value;
  }
  return std::nullopt;
}

std::size_t received_request::header_count(std::string_view name) const {
  return static_cast<std::size_t>(
      std::count_if(headers.begin(), headers.end(), [name](const auto &header) { return ascii_iequals(header.first, name); }));
}

loopback_receiver::loopback_receiver() : server_(std::make_unique<server>()) {
  ignore_sigpipe();
  server_->new_task_queue = [] { return new httplib::ThreadPool(server_threads); };
  server_->set_keep_alive_max_count(std::numeric_limits<std::size_t>::max());
  server_->set_keep_alive_timeout(keep_alive_seconds);
  // The headers and the body of a reply go out in two writes; without this the body waits for the
  // client's delayed ACK (about 40 ms on Linux).
  server_->set_tcp_nodelay(true);
  server_->Post(".*", [this](const httplib::Request &in, httplib::Response &out) {
    received_request request;
    request.path = in.path;
    request.headers.assign(in.headers.begin(), in.headers.end());
    request.body = in.body;
    request.remote_port = in.remote_port;
    request.arrived = std::chrono::steady_clock::now();
    const reply answered = answer(std::move(request));
    out.status = answered.status;
    for (const auto &[name, value] : answered.headers) out.set_header(name, value);
    if (answered.body.empty()) return;
    if (!answered.endless) {
      out.set_content(answered.body, answered.content_type);
      return;
    }
    out.set_chunked_content_provider(answered.content_type,
                                     [this, chunk = answered.body](std::size_t, httplib::DataSink &sink) {
                                       return !stopping() && sink.write(chunk.data(), chunk.size());
                                     });
  });
  port_ = server_->bind_to_any_port(loopback);
  if (port_ <= 0) throw std::runtime_error("The loopback receiver cannot bind a port on 127.0.0.1.");
  if (!server_->deepen_backlog()) throw std::runtime_error(std::string("listen: ") + std::strerror(errno));
  // The socket listens already: connections made before the thread accepts them wait in the backlog.
  listener_ = std::thread([this] {
    server_->listen_after_bind();
    listener_finished_ = true;
  });
  // Server::stop does nothing until the accept loop runs, so the destructor must not come earlier.
  while (!server_->is_running() && !listener_finished_) std::this_thread::yield();
}

loopback_receiver::~loopback_receiver() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  server_->stop();
  listener_.join();
}

std::string loopback_receiver::url(std::string_view path) const {
  return "http://" + std::string(loopback) + ":" + std::to_string(port_) + std::string(path);
}

void loopback_receiver::set_handler(reply_handler handler) {
  const std::lock_guard<std::mutex> lock(mutex_);
  handler_ = std::move(handler);
}

bool loopback_receiver::wait_for(std::size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return requests_.size() >= count; });
}

std::vector<received_request> loopback_receiver::requests() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

std::size_t loopback_receiver::request_count() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return requests_.size();
}

reply loopback_receiver::answer(received_request request) {
  reply_handler handler;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    request.order = requests_.size();
    requests_.push_back(request);
    handler = handler_;
  }
  changed_.notify_all();
  reply answered = handler ? handler(request) : reply{};
  if (answered.delay_ms > 0) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_for(lock, std::chrono::milliseconds(answered.delay_ms), [this] { return stopping_; });
  }
  return answered;
}

bool loopback_receiver::stopping() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return stopping_;
}

raw_responder::raw_responder(std::string response) : response_(std::move(response)) {
  std::tie(listener_, port_) = bind_loopback_socket();
  if (::listen(listener_, SOMAXCONN) != 0) {
    const int saved_errno = errno;
    ::close(listener_);
    throw std::runtime_error(std::string("listen: ") + std::strerror(saved_errno));
  }
  thread_ = std::thread([this] { serve(); });
}

raw_responder::~raw_responder() {
  stopping_ = true;
  thread_.join();
  ::close(listener_);
}

std::string raw_responder::url(std::string_view path) const {
  return "http://" + std::string(loopback) + ":" + std::to_string(port_) + std::string(path);
}

void raw_responder::serve() {
  while (!stopping_) {
    // A short wait, so that destruction never waits long for the thread.
    pollfd waiting{listener_, POLLIN, 0};
    if (::poll(&waiting, 1, 50) <= 0) continue;
    const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    // A client that stops sending mid-request must not hold the thread for ever.
    const timeval limit{5, 0};
    ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    if (read_request(client)) {
      ++requests_;
      write_all(client, response_);
    }
    ::shutdown(client, SHUT_WR);
    ::close(client);
  }
}

bool raw_responder::read_request(int client) {
  std::string received;
  std::size_t request_size = 0;  // known once the header block is complete
  char buffer[4096];
  while (request_size == 0 || received.size() < request_size) {
    const ssize_t got = ::recv(client, buffer, sizeof buffer, 0);
    if (got <= 0) return false;
    received.append(buffer, static_cast<std::size_t>(got));
    const std::size_t head_end = received.find("\r\n\r\n");
    if (request_size == 0 && head_end != std::string::npos) {
      request_size = head_end + 4 + content_length(std::string_view(received).substr(0, head_end));
    }
  }
  return true;
}

int refusing_port() {
  const auto [socket_fd, port] = bind_loopback_socket();
  ::close(socket_fd);
  return port;
}

}  // namespace ak_test
