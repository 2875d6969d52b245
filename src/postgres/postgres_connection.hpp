// The PostgreSQL backend's connection: sql_connection over one libpq connection.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "ashbyknit/result.hpp"
#include "sql_connection.hpp"

struct pg_conn;
struct pg_result;

namespace ashbyknit::detail {

class postgres_statement;

/// `sql` with SQLite's numbered parameters (?1, ?2...) written as PostgreSQL's ($1, $2...), except
/// inside single-quoted literals, double-quoted identifiers and -- comments. Thread-safe.
std::string numbered_placeholders(std::string_view sql);

/// An open connection to a PostgreSQL database, with its statements prepared on the server under
/// names of its own. Not thread-safe: the owner serialises every use, and sql_query objects it
/// handed out are used on the owner's thread and dropped before it is destroyed.
///
/// A unique constraint that refuses a change fails with error_code::conflict; every other failure
/// is error_code::store_error with the server's words. A connection the server closed while no
/// transaction was open (it restarted, or ended the session) is reconnected before the next
/// statement, which then runs as if nothing happened. One lost otherwise (inside a transaction, or
/// by a failure in the middle of a statement) fails the call that meets it; the next exec(),
/// query() or begin_write() reconnects. Either way the statements are prepared again as they are
/// next run, so the connection recovers by itself once the server is back.
class postgres_connection final : public sql_connection {
 public:
  /// Connects to `url`, a libpq connection URI (postgresql://... or postgres://...), giving up
  /// after 10 seconds unless the URL sets connect_timeout, with UTF-8 as the client encoding and
  /// the server's notices ignored. `server_options`, when not empty, is passed as libpq's
  /// `options` (such as "-c lock_timeout=5000") after any the URL has, so it wins where both set
  /// one setting and the URL's others (options=-c%20search_path%3Dvendor) still apply. Fails with
  /// error_code::store_error, naming the host and database and libpq's reason, never the
  /// password.
  static result<std::unique_ptr<postgres_connection>> open(const std::string &url,
                                                           const std::string &server_options = {});

  /// Closes the connection; the server drops its prepared statements and rolls back an open
  /// transaction.
  ~postgres_connection() override;
  postgres_connection(const postgres_connection &) = delete;
  postgres_connection &operator=(const postgres_connection &) = delete;

  status exec(const char *sql) override;
  result<sql_query> query(const char *sql) override;
  /// BEGIN, at the default READ COMMITTED: PostgreSQL's row locks, not a lock taken up front,
  /// keep writers apart.
  status begin_write() override;
  bool in_transaction() const noexcept override;
  std::int64_t changes() const noexcept override;
  std::string last_message() const override;

 private:
  friend class postgres_statement;

  explicit postgres_connection(pg_conn *connection) noexcept;

  /// Reconnects, when the connection was lost or the server closed it outside a transaction, and
  /// marks every statement to be prepared again. Fails with error_code::store_error, naming the
  /// host and database, when the server cannot be reached.
  status reconnect_if_lost();
  /// Ok for a result that succeeded, counting the rows it changed; else the failure it reports,
  /// remembered for last_message(). `outcome` may be null (libpq ran out of memory).
  status check(pg_result *outcome);

  pg_conn *connection_;
  std::unordered_map<const char *, std::unique_ptr<postgres_statement>> statements_;
  std::int64_t changes_ = 0;
  std::string last_message_;
};

}  // namespace ashbyknit::detail
