#include "postgres_server.hpp"

#include <libpq-fe.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <system_error>

namespace ak_test {
namespace {

namespace fs = std::filesystem;

/// A new, empty directory for a cluster; scripts/postgres_server.sh hands it to the server's user.
fs::path make_server_directory() {
  std::string pattern = (fs::temp_directory_path() / "ashbyknit-pg-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(), "postgres_server: cannot create " + pattern);
  }
  return pattern;
}

/// Runs scripts/postgres_server.sh `action` on `directory` and returns what it printed, its
/// errors included; throws std::runtime_error with that output when it fails.
std::string run_script(const char *action, const fs::path &directory) {
  const std::string command = std::string("'") + AK_POSTGRES_SERVER_SCRIPT + "' " + action + " '" +
                              directory.string() + "' 2>&1";
  std::unique_ptr<FILE, int (*)(FILE *)> output(popen(command.c_str(), "r"), pclose);
  if (!output) throw std::system_error(errno, std::generic_category(), "postgres_server: cannot run " + command);
  std::string printed;
  char chunk[4096];
  for (std::size_t read; (read = std::fread(chunk, 1, sizeof chunk, output.get())) > 0;) printed.append(chunk, read);
  const int status = pclose(output.release());
  if (status != 0) throw std::runtime_error("postgres_server: " + command + " failed:\n" + printed);
  return printed;
}

}  // namespace

void run_sql(const std::string &url, const std::string &sql) {
  std::unique_ptr<PGconn, void (*)(PGconn *)> connection(PQconnectdb(url.c_str()), PQfinish);
  if (PQstatus(connection.get()) != CONNECTION_OK) {
    throw std::runtime_error("postgres_server: cannot connect to " + url + ": " + PQerrorMessage(connection.get()));
  }
  std::unique_ptr<PGresult, void (*)(PGresult *)> outcome(PQexec(connection.get(), sql.c_str()), PQclear);
  if (PQresultStatus(outcome.get()) != PGRES_COMMAND_OK) {
    throw std::runtime_error("postgres_server: " + sql + " failed: " + PQerrorMessage(connection.get()));
  }
}

postgres_server::postgres_server() : directory_(make_server_directory()), socket_directory_(directory_.string()) {
  try {
    start();
  } catch (...) {
    discard();
    throw;
  }
}

postgres_server::~postgres_server() { discard(); }

postgres_server &postgres_server::shared() {
  static postgres_server server;
  return server;
}

std::string postgres_server::url(const std::string &database) const {
  return "postgresql:///" + database + "?host=" + socket_directory_ + "&user=ashbyknit";
}

std::string postgres_server::create_database() {
  const std::string name = "test_" + std::to_string(++databases_created_);
  run_sql(url("postgres"), "CREATE DATABASE " + name);
  return url(name);
}

void postgres_server::start() { run_script("start", directory_); }

void postgres_server::stop() { run_script("stop", directory_); }

void postgres_server::discard() noexcept {
  try {
    run_script("stop", directory_);
  } catch (...) {
    // Not running (it never started, or a test left it stopped): nothing to stop.
  }
  std::error_code ignored;
  fs::remove_all(directory_, ignored);
}

}  // namespace ak_test
