// A real, private PostgreSQL server for tests: a throwaway cluster in a temporary directory that
// listens on a unix socket there and never on TCP, with trust authentication for the user
// ashbyknit.
#pragma once

#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

namespace ak_test {

/// A cluster of its own, initialised and started by the constructor and stopped and deleted by the
/// destructor. The server-side programs (initdb, pg_ctl) are those of the highest PostgreSQL
/// version under /usr/lib/postgresql, else of `pg_config --bindir`; they run as the postgres user
/// when the process runs as root, as PostgreSQL refuses root. Not thread-safe, except
/// create_database() and url(), which any thread may call while the server runs.
class postgres_server {
 public:
  /// Initialises the cluster with the database "ashbyknit" and starts it. Throws
  /// std::runtime_error, with the server's log tail, when it cannot.
  postgres_server();
  /// Stops the server and deletes its directory, ignoring failures.
  ~postgres_server();
  postgres_server(const postgres_server &) = delete;
  postgres_server &operator=(const postgres_server &) = delete;

  /// The process's server, started on first use and stopped at exit, so that a test program
  /// starts one however many tests use it. Tests that stop() it start() it again before they end.
  /// Throws as the constructor; a later call tries again.
  static postgres_server &shared();

  /// The libpq URL of `database`: postgresql:///<database>?host=<socket directory>&user=ashbyknit.
  std::string url(const std::string &database = "ashbyknit") const;
  /// Creates an empty database with a name of its own ("test_1", "test_2"...) and returns its
  /// URL. Throws std::runtime_error when the server refuses.
  std::string create_database();
  /// The directory of the server's unix socket, for tests that write URLs of their own.
  const std::string &socket_directory() const { return socket_directory_; }

  /// Takes the server down (pg_ctl stop -m fast), closing every connection to it. Throws
  /// std::runtime_error when it cannot.
  void stop();
  /// Brings it back on the same directory and socket. Throws std::runtime_error, with the log's
  /// tail, when it does not start.
  void start();

 private:
  /// Runs a server program (`arguments`, the program first) on the cluster; throws
  /// std::runtime_error saying `doing`, with the output's and the server log's tails, if it fails.
  void run_or_throw(std::vector<std::string> arguments, const std::string &doing) const;
  std::vector<std::string> stop_command() const;
  /// Stops the server if it runs and deletes the directory, ignoring failures.
  void discard() noexcept;

  std::filesystem::path directory_;  ///< holds the cluster (data/), its log and its socket
  std::string socket_directory_;
  std::filesystem::path programs_;  ///< where initdb and pg_ctl are
  std::atomic<int> databases_created_{0};
};

}  // namespace ak_test
