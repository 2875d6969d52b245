// The PostgreSQL backend's connection, against a real server of the test program's own.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <memory>
#include <string>

#include "postgres/postgres_connection.hpp"
#include "postgres_server.hpp"

using namespace ashbyknit;
using ak_test::postgres_server;
using ashbyknit::detail::numbered_placeholders;
using ashbyknit::detail::postgres_connection;
using ashbyknit::detail::sql_query;
using ashbyknit::detail::sql_transaction;

namespace {

void require_ok(const status &done) {
  INFO(done.message());
  REQUIRE(done.ok());
}

/// A connection to a fresh database of the shared server.
std::unique_ptr<postgres_connection> connect_to_fresh_database() {
  auto opened = postgres_connection::open(postgres_server::shared().create_database());
  INFO(opened.message());
  REQUIRE(opened.ok());
  return std::move(opened).value();
}

/// The first column of the first row `sql` returns, read with integer().
std::int64_t integer_of(postgres_connection &connection, const char *sql) {
  auto query = connection.query(sql);
  INFO(query.message());
  REQUIRE(query.ok());
  auto row = query.value().step();
  INFO(row.message());
  REQUIRE(row.ok());
  REQUIRE(row.value());
  return query.value().integer(0);
}

/// Why opening `url` fails, which it must.
std::string open_failure(const std::string &url) {
  auto opened = postgres_connection::open(url);
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.code() == error_code::store_error);
  CHECK(opened.message().find('\n') == std::string::npos);
  return opened.message();
}

}  // namespace

TEST_CASE("numbered parameters are written as PostgreSQL's, except in quotes and comments", "[postgres]") {
  CHECK(numbered_placeholders("SELECT ?1, ?12 FROM t WHERE a = ?2::text") ==
        "SELECT $1, $12 FROM t WHERE a = $2::text");
  CHECK(numbered_placeholders("SELECT '?1', \"?2\", ?3 -- ?4\n, ?5") == "SELECT '?1', \"?2\", $3 -- ?4\n, $5");
  CHECK(numbered_placeholders("SELECT 'it''s ?1', \"a\"\"?2\", ?3") == "SELECT 'it''s ?1', \"a\"\"?2\", $3");
  CHECK(numbered_placeholders("SELECT 1 - ?1, doc ? 'key'") == "SELECT 1 - $1, doc ? 'key'");
  CHECK(numbered_placeholders("SELECT ?1 -- ?2") == "SELECT $1 -- ?2");
  CHECK(numbered_placeholders("SELECT 'unterminated ?1") == "SELECT 'unterminated ?1");
  CHECK(numbered_placeholders("") == "");
}

TEST_CASE("opening a malformed URL fails without showing its password", "[postgres]") {
  const std::string message = open_failure("postgresql://ashbyknit:sekrit@[::1/nodb");
  CHECK(message.find("sekrit") == std::string::npos);
  CHECK(message.find("The store cannot connect") == 0);
}

TEST_CASE("opening a missing database or user names it and libpq's reason, never the password", "[postgres]") {
  const std::string socket = postgres_server::shared().socket_directory();

  const std::string no_database = open_failure("postgresql://ashbyknit:sekrit@/nodb?host=" + socket);
  CHECK(no_database.find("sekrit") == std::string::npos);
  CHECK(no_database.find("database \"nodb\" on " + socket) != std::string::npos);
  CHECK(no_database.find("does not exist") != std::string::npos);

  const std::string no_user = open_failure("postgresql:///ashbyknit?host=" + socket + "&user=nobody&password=sekrit");
  CHECK(no_user.find("sekrit") == std::string::npos);
  CHECK(no_user.find("\"nobody\"") != std::string::npos);
}

TEST_CASE("a connection speaks UTF-8 and runs scripts of several statements", "[postgres]") {
  auto connection = connect_to_fresh_database();
  auto encoding = connection->query("SHOW client_encoding");
  REQUIRE(encoding.ok());
  REQUIRE(encoding.value().step().value());
  CHECK(encoding.value().text(0) == "UTF8");

  require_ok(connection->exec("CREATE TABLE t (n BIGINT); INSERT INTO t VALUES (1); INSERT INTO t VALUES (2);"));
  CHECK(integer_of(*connection, "SELECT count(*) FROM t") == 2);

  const status broken = connection->exec("INSERT INTO t VALUES (3); SELEC 1;");
  CHECK(broken.code() == error_code::store_error);
  CHECK(broken.message() == "The store failed while running a query: syntax error at or near \"SELEC\".");
  CHECK(connection->last_message() == "syntax error at or near \"SELEC\"");
  CHECK(integer_of(*connection, "SELECT count(*) FROM t") == 2);
}

TEST_CASE("the URL's own server options apply, and the store's win where both set one", "[postgres]") {
  const std::string url = postgres_server::shared().create_database() +
                          "&options=-c%20lock_timeout%3D1234%20-c%20application_name%3Dvendor";
  auto opened = postgres_connection::open(url, "-c lock_timeout=5000");
  INFO(opened.message());
  REQUIRE(opened.ok());
  auto &connection = *opened.value();
  const auto setting = [&](const char *sql) {
    auto shown = connection.query(sql);
    REQUIRE(shown.ok());
    REQUIRE(shown.value().step().value());
    return std::string(shown.value().text(0));
  };
  CHECK(setting("SHOW application_name") == "vendor");
  CHECK(setting("SHOW lock_timeout") == "5s");
}

TEST_CASE("a query binds parameters and reads text, integers, NULLs and booleans", "[postgres]") {
  auto connection = connect_to_fresh_database();
  require_ok(connection->exec("CREATE TABLE items (id BIGINT, name TEXT, note TEXT, flag BOOLEAN)"));
  constexpr const char *insert = "INSERT INTO items VALUES (?1, ?2, ?3, ?4)";
  const std::int64_t smallest = std::numeric_limits<std::int64_t>::min();
  for (const std::int64_t id : {std::int64_t{1}, smallest}) {
    auto query = connection->query(insert);
    REQUIRE(query.ok());
    query.value().bind(1, id).bind(2, "h\xC3\xA9llo '?1'").bind_null(3).bind(4, id == 1 ? "true" : "false");
    auto done = query.value().step();
    INFO(done.message());
    REQUIRE(done.ok());
    CHECK_FALSE(done.value());
  }

  auto query =
      connection->query("SELECT id, name, note, flag FROM items WHERE ?1::text IS NULL OR name = ?1 ORDER BY id");
  REQUIRE(query.ok());
  sql_query &rows = query.value();
  rows.bind_null(1);
  REQUIRE(rows.step().value());
  CHECK(rows.integer(0) == smallest);
  CHECK(rows.text(1) == "h\xC3\xA9llo '?1'");
  CHECK(rows.is_null(2));
  CHECK(rows.integer(2) == 0);
  CHECK_FALSE(rows.optional_integer(2).has_value());
  CHECK(rows.integer(3) == 0);
  REQUIRE(rows.step().value());
  CHECK(rows.integer(0) == 1);
  CHECK_FALSE(rows.is_null(1));
  CHECK(rows.integer(3) == 1);
  CHECK_FALSE(rows.step().value());
  CHECK_FALSE(rows.step().value());
}

TEST_CASE("a statement is prepared once and runs again with new parameters after a reset", "[postgres]") {
  auto connection = connect_to_fresh_database();
  constexpr const char *twice = "SELECT ?1::bigint * 2";
  for (const std::int64_t n : {std::int64_t{21}, std::int64_t{-4}}) {
    auto query = connection->query(twice);
    REQUIRE(query.ok());
    query.value().bind(1, n);
    REQUIRE(query.value().step().value());
    CHECK(query.value().integer(0) == 2 * n);
  }
  CHECK(integer_of(*connection, "SELECT count(*) FROM pg_prepared_statements") == 2);
}

TEST_CASE("a query that cannot be prepared fails with the server's words", "[postgres]") {
  auto connection = connect_to_fresh_database();
  auto query = connection->query("SELECT * FROM nowhere");
  CHECK(query.code() == error_code::store_error);
  CHECK(query.message() == "The store failed while running a query: relation \"nowhere\" does not exist.");
  CHECK(integer_of(*connection, "SELECT 7") == 7);
}

TEST_CASE("changes() counts the rows the last INSERT, UPDATE or DELETE changed", "[postgres]") {
  auto connection = connect_to_fresh_database();
  require_ok(connection->exec("CREATE TABLE t (n BIGINT)"));
  CHECK(connection->changes() == 0);
  require_ok(connection->exec("INSERT INTO t VALUES (1), (2), (3)"));
  CHECK(connection->changes() == 3);
  require_ok(connection->run("UPDATE t SET n = n + 10 WHERE n > 1"));
  CHECK(connection->changes() == 2);
  CHECK(integer_of(*connection, "SELECT count(*) FROM t") == 3);
  CHECK(connection->changes() == 2);
  require_ok(connection->run("DELETE FROM t WHERE n < 0"));
  CHECK(connection->changes() == 0);
}

TEST_CASE("a unique violation fails with conflict, other refusals with store_error", "[postgres]") {
  auto connection = connect_to_fresh_database();
  require_ok(connection->exec("CREATE TABLE t (id TEXT PRIMARY KEY, n BIGINT NOT NULL)"));
  require_ok(connection->exec("INSERT INTO t VALUES ('a', 1)"));

  const status duplicate = connection->exec("INSERT INTO t VALUES ('a', 2)");
  CHECK(duplicate.code() == error_code::conflict);
  CHECK(duplicate.message().find("duplicate key value violates unique constraint") != std::string::npos);

  auto query = connection->query("INSERT INTO t VALUES (?1, ?2)");
  REQUIRE(query.ok());
  query.value().bind(1, "a").bind(2, std::int64_t{3});
  CHECK(query.value().step().code() == error_code::conflict);

  CHECK(connection->exec("INSERT INTO t VALUES ('b', NULL)").code() == error_code::store_error);
}

TEST_CASE("a transaction not committed rolls back when its guard goes", "[postgres]") {
  auto connection = connect_to_fresh_database();
  require_ok(connection->exec("CREATE TABLE t (n BIGINT)"));
  {
    sql_transaction transaction(*connection);
    require_ok(transaction.begin());
    CHECK(connection->in_transaction());
    require_ok(connection->exec("INSERT INTO t VALUES (1)"));
  }
  CHECK_FALSE(connection->in_transaction());
  CHECK(integer_of(*connection, "SELECT count(*) FROM t") == 0);
  {
    sql_transaction transaction(*connection);
    require_ok(transaction.begin());
    require_ok(connection->exec("INSERT INTO t VALUES (1)"));
    require_ok(transaction.commit());
  }
  CHECK(integer_of(*connection, "SELECT count(*) FROM t") == 1);
}

TEST_CASE("a transaction in the error state is still open until ROLLBACK", "[postgres]") {
  auto connection = connect_to_fresh_database();
  require_ok(connection->begin_write());
  CHECK(connection->exec("SELECT 1 / 0").code() == error_code::store_error);
  CHECK(connection->in_transaction());
  const status refused = connection->exec("SELECT 1");
  CHECK(refused.code() == error_code::store_error);
  CHECK(refused.message().find("current transaction is aborted") != std::string::npos);
  require_ok(connection->exec("ROLLBACK"));
  CHECK_FALSE(connection->in_transaction());
  CHECK(integer_of(*connection, "SELECT 1") == 1);
}

TEST_CASE("rolling back to a savepoint after an error keeps the transaction usable", "[postgres]") {
  auto connection = connect_to_fresh_database();
  require_ok(connection->exec("CREATE TABLE t (n BIGINT PRIMARY KEY)"));
  sql_transaction transaction(*connection);
  require_ok(transaction.begin());
  require_ok(connection->run("INSERT INTO t VALUES (1)"));
  require_ok(connection->run("SAVEPOINT x"));
  CHECK(connection->run("INSERT INTO t VALUES (1)").code() == error_code::conflict);
  require_ok(connection->run("ROLLBACK TO x"));
  require_ok(connection->run("INSERT INTO t VALUES (2)"));
  require_ok(transaction.commit());
  CHECK(integer_of(*connection, "SELECT count(*) FROM t") == 2);
}

TEST_CASE("a connection recovers by itself once a restarted server is back", "[postgres]") {
  postgres_server &server = postgres_server::shared();
  auto connection = connect_to_fresh_database();
  constexpr const char *answer = "SELECT 42";
  CHECK(integer_of(*connection, answer) == 42);
  require_ok(connection->begin_write());

  server.stop();
  // Only CHECKs until the server is started again, so that later tests find it running.
  {
    auto lost = connection->query(answer);
    CHECK(lost.ok());
    if (lost.ok()) CHECK(lost.value().step().code() == error_code::store_error);
  }
  CHECK_FALSE(connection->in_transaction());
  const status down = connection->exec("SELECT 1");
  CHECK(down.code() == error_code::store_error);
  CHECK(down.message().find("cannot reconnect") != std::string::npos);
  server.start();

  CHECK(integer_of(*connection, answer) == 42);
  CHECK(integer_of(*connection, "SELECT 43") == 43);
  CHECK_FALSE(connection->in_transaction());
}

TEST_CASE("a connection the server closed while idle reconnects before its next statement", "[postgres]") {
  postgres_server &server = postgres_server::shared();
  auto connection = connect_to_fresh_database();
  constexpr const char *answer = "SELECT 42";
  CHECK(integer_of(*connection, answer) == 42);

  server.stop();
  server.start();
  // The first statement after the restart already runs: nothing fails for the restart.
  CHECK(integer_of(*connection, answer) == 42);
  require_ok(connection->exec("SELECT 1"));
}

TEST_CASE("a restart inside a transaction fails its next statement rather than run it outside", "[postgres]") {
  postgres_server &server = postgres_server::shared();
  auto connection = connect_to_fresh_database();
  require_ok(connection->exec("CREATE TABLE t (n BIGINT)"));
  require_ok(connection->begin_write());
  require_ok(connection->run("INSERT INTO t VALUES (1)"));

  server.stop();
  server.start();
  // The transaction is gone with its session: its second write must not commit on a new one.
  CHECK(connection->run("INSERT INTO t VALUES (2)").code() == error_code::store_error);
  CHECK_FALSE(connection->in_transaction());
  CHECK(integer_of(*connection, "SELECT count(*) FROM t") == 0);
}
