// A real, private PostgreSQL server for tests: a throwaway cluster in a temporary directory that
// listens on a unix socket there and never on TCP, with trust authentication for the user
// ashbyknit.
#pragma once

#include <atomic>
#include <filesystem>
#include <string>

namespace ak_test {

/// A cluster of its own, initialised and started by the constructor and stopped and deleted by the
/// destructor, through scripts/postgres_server.sh (which finds the server's programs and runs them
/// as the postgres user when the process runs as root, as PostgreSQL refuses root). Not
/// thread-safe, except create_database() and url(), which any thread may call while the server
/// runs.
class postgres_server {
 public:
  /// Initialises the cluster with the database "ashbyknit" and starts it. Throws
  /// std::runtime_error, with the script's words, when it cannot.
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
  /// Brings it back on the same directory and socket. Throws std::runtime_error, with the script's
  /// words, when it does not start.
  void start();

 private:
  /// Stops the server if it runs and deletes the directory, ignoring failures.
  void discard() noexcept;

  std::filesystem::path directory_;  ///< holds the cluster (data/), its log and its socket
  std::string socket_directory_;
  std::atomic<int> databases_created_{0};
};

/// Runs `sql` (one or more statements that return no rows) on the database at `url` through a
/// connection of its own, as another process would. Throws std::runtime_error with the server's
/// words when it fails.
void run_sql(const std::string &url, const std::string &sql);

}  // namespace ak_test
