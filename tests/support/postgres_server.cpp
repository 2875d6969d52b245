#include "postgres_server.hpp"

#include <fcntl.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <vector>

extern char **environ;

namespace ak_test {
namespace {

namespace fs = std::filesystem;

bool running_as_root() { return geteuid() == 0; }

/// The major version a directory under /usr/lib/postgresql is named for ("15", "9.6"), or -1.
int major_version(const fs::path &directory) {
  const std::string name = directory.filename().string();
  int version = -1;
  std::from_chars(name.data(), name.data() + name.size(), version);
  return version;
}

/// What `command` prints on its first line, without the newline; empty when it fails.
std::string first_line_of(const char *command) {
  std::unique_ptr<FILE, int (*)(FILE *)> output(popen(command, "r"), pclose);
  if (!output) return {};
  char line[4096] = {};
  if (std::fgets(line, sizeof line, output.get()) == nullptr) return {};
  std::string text(line);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

/// The bin directory of the newest PostgreSQL server installed.
fs::path server_programs() {
  fs::path newest;
  int newest_version = -1;
  std::error_code ignored;
  for (const auto &entry : fs::directory_iterator("/usr/lib/postgresql", ignored)) {
    const int version = major_version(entry.path());
    if (version > newest_version && fs::exists(entry.path() / "bin" / "initdb", ignored)) {
      newest = entry.path() / "bin";
      newest_version = version;
    }
  }
  if (!newest.empty()) return newest;
  const fs::path configured = first_line_of("pg_config --bindir 2>/dev/null");
  if (!configured.empty() && fs::exists(configured / "initdb", ignored)) return configured;
  throw std::runtime_error("postgres_server: no PostgreSQL server programs (initdb, pg_ctl); install postgresql");
}

/// A new directory that the server's user owns and every user can enter, for its socket.
fs::path make_server_directory() {
  std::string pattern = (fs::temp_directory_path() / "ashbyknit-pg-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(), "postgres_server: cannot create " + pattern);
  }
  chmod(pattern.c_str(), 0755);
  if (running_as_root()) {
    const passwd *server_user = getpwnam("postgres");
    if (server_user == nullptr || chown(pattern.c_str(), server_user->pw_uid, server_user->pw_gid) != 0) {
      fs::remove(pattern);
      throw std::runtime_error("postgres_server: running as root needs the postgres user to own " + pattern);
    }
  }
  return pattern;
}

/// The last few lines' worth of `file`, or nothing when it cannot be read.
std::string tail_of(const fs::path &file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  constexpr std::size_t kept = 2000;
  return all.size() > kept ? all.substr(all.size() - kept) : all;
}

/// Runs `arguments` (the program first) in `directory`, as the postgres user when root, with its
/// output written to `output`. Its exit status, or -1 when it cannot run.
int run_as_server(std::vector<std::string> arguments, const fs::path &directory, const fs::path &output) {
  if (running_as_root()) arguments.insert(arguments.begin(), {"runuser", "-u", "postgres", "--"});
  std::vector<char *> argv;
  for (auto &argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addchdir_np(&actions, directory.c_str());
  pid_t child = 0;
  const int spawned = posix_spawnp(&child, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return -1;
  int child_status = 0;
  while (waitpid(child, &child_status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(child_status) ? WEXITSTATUS(child_status) : -1;
}

/// Runs `sql` on the server at `url`; throws std::runtime_error with the server's words.
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

}  // namespace

postgres_server::postgres_server() : directory_(make_server_directory()), socket_directory_(directory_.string()) {
  try {
    programs_ = server_programs();
    run_or_throw({(programs_ / "initdb").string(), "-A", "trust", "-U", "ashbyknit", "--no-sync", "-E", "UTF8",
                  "--locale=C", "-D", (directory_ / "data").string()},
                 "initialising the cluster");
    start();
    run_sql(url("postgres"), "CREATE DATABASE ashbyknit");
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

void postgres_server::start() {
  const std::string options =
      "-k '" + socket_directory_ + "' -c listen_addresses='' -c fsync=on -c max_connections=200";
  run_or_throw({(programs_ / "pg_ctl").string(), "start", "-w", "-D", (directory_ / "data").string(), "-l",
                (directory_ / "log").string(), "-o", options},
               "starting the server");
}

void postgres_server::stop() { run_or_throw(stop_command(), "stopping the server"); }

std::vector<std::string> postgres_server::stop_command() const {
  return {(programs_ / "pg_ctl").string(), "stop", "-w", "-m", "fast", "-D", (directory_ / "data").string()};
}

void postgres_server::run_or_throw(std::vector<std::string> arguments, const std::string &doing) const {
  const fs::path output = directory_ / "commands.log";
  if (run_as_server(std::move(arguments), directory_, output) == 0) return;
  throw std::runtime_error("postgres_server: " + doing + " in " + directory_.string() + " failed:\n" + tail_of(output) +
                           "\nThe server's log ends:\n" + tail_of(directory_ / "log"));
}

void postgres_server::discard() noexcept {
  std::error_code ignored;
  if (!programs_.empty() && fs::exists(directory_ / "data" / "postmaster.pid", ignored)) {
    run_as_server(stop_command(), directory_, directory_ / "commands.log");
  }
  fs::remove_all(directory_, ignored);
}

}  // namespace ak_test
