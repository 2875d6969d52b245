#include "signalled_server.hpp"

#include <pthread.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include "service_log.hpp"

namespace ashbyknit::cli {
namespace {

/// SIGINT and SIGTERM: the signals that stop a server.
sigset_t stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

/// Requests on one keep-alive connection before it is closed and opened again.
constexpr std::size_t max_keep_alive_requests = 1000;

const char *signal_name(int signal) { return signal == SIGINT ? "SIGINT" : "SIGTERM"; }

/// Replaces cpp-httplib's default socket options, which include SO_REUSEPORT and so would let a
/// second server bind a port already in use. SO_REUSEADDR alone still allows a restart while old
/// connections linger in TIME_WAIT.
void exclusive_port(socket_t socket) {
  const int yes = 1;
  setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
}

/// Raises the soft limit of open files to the hard one, so that thousands of connections can be
/// open at once; says so in a log line when it cannot.
void raise_open_file_limit(const std::string &name) {
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
    if (files.rlim_cur == files.rlim_max) return;
    const rlim_t soft = files.rlim_cur;
    files.rlim_cur = files.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &files) == 0) return;
    log_line(stderr, name + " keeps its limit of " + std::to_string(soft) + " open files: " + std::strerror(errno));
    return;
  }
  log_line(stderr, name + " keeps its limit of open files: " + std::strerror(errno));
}

}  // namespace

signalled_server::signalled_server(std::string name, std::string at_once_note)
    : name_(std::move(name)), at_once_note_(std::move(at_once_note)) {
  const sigset_t signals = stop_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  http_.set_socket_options(exclusive_port);
  // A reply goes out as two writes (headers, body): without this the body waits for the client's
  // delayed acknowledgement, some 40 ms a call.
  http_.set_tcp_nodelay(true);
  http_.set_keep_alive_max_count(max_keep_alive_requests);
}

signalled_server::~signalled_server() {
  if (!watcher_.joinable()) return;
  closing_ = true;
  pthread_kill(watcher_.native_handle(), SIGTERM);  // wakes the watcher, which sees closing_
  watcher_.join();
}

status signalled_server::bind(const listen_address &address, std::string_view detail) {
  errno = 0;  // cpp-httplib reports no reason; errno holds one when bind() or listen() failed
  const int port = address.port == 0                             ? http_.bind_to_any_port(address.host)
                   : http_.bind_to_port(address.host, address.port) ? address.port
                                                                  : -1;
  if (port <= 0 || !http_.deepen_backlog()) {
    const std::string reason = errno != 0 ? std::strerror(errno) : "no such host or address on this machine";
    return error{error_code::invalid_argument,
                 "cannot listen on " + address_text(address.host, address.port) + ": " + reason};
  }
  log_line(stderr, name_ + " listening on " + address_text(address.host, port) + std::string(detail));
  return {};
}

status signalled_server::run() {
  raise_open_file_limit(name_);
  if (const status opened = http_.open_gate(); !opened.ok()) {
    return error{error_code::internal, name_ + " cannot start: " + opened.message()};
  }
  watcher_ = std::thread([this] { watch(); });
  http_.listen_after_bind();
  listening_ended_ = true;
  if (!stopping_) return error{error_code::internal, name_ + " stopped listening: the server failed"};
  return {};
}

void signalled_server::watch() {
  const sigset_t signals = stop_signals();
  for (;;) {
    int received = 0;
    if (sigwait(&signals, &received) != 0 || closing_) return;
    if (stopping_.exchange(true)) {
      log_line(stderr, name_ + " stopping at once on a second " + signal_name(received) + "; " + at_once_note_);
      std::_Exit(0);
    }
    log_line(stderr, name_ + " stopping on " + signal_name(received) +
                         ": no new connections; requests in flight finish");
    // Server::stop() does nothing until the listening loop has begun, which run() starts at
    // about the time this thread does.
    while (!http_.is_running() && !listening_ended_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    http_.stop();
  }
}

}  // namespace ashbyknit::cli
