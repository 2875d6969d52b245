// The PostgreSQL backend: a database that several hosts share, each with a connection that
// writes and one that reads keys.
#include <fmt/format.h>

#include "postgres/postgres_connection.hpp"
#include "postgres/postgres_schema.hpp"
#include "postgres/postgres_store_sql.hpp"
#include "store_backends.hpp"

namespace ashbyknit::detail {
namespace {

/// The session settings of every connection of a store: how commits reach the disk and how long
/// a statement waits for another host's lock. With `normal`, a commit returns before the server
/// syncs it, as SQLite's NORMAL does: atomic, but lost if the server's machine goes down.
std::string session_settings(const store_options &options) {
  return fmt::format("-c synchronous_commit={} -c lock_timeout={}", options.sync == durability::full ? "on" : "off",
                     options.busy_timeout_ms);
}

}  // namespace

bool is_postgres_location(std::string_view location) noexcept {
  return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

result<store_database> open_postgres_store(const store_options &options) {
  const std::string settings = session_settings(options);
  auto writer = postgres_connection::open(options.path, settings);
  if (!writer.ok()) return std::move(writer).failure();
  if (auto prepared = prepare_postgres_schema(*writer.value()); !prepared.ok()) return prepared.failure();
  auto reader = postgres_connection::open(options.path, settings);
  if (!reader.ok()) return std::move(reader).failure();
  store_database opened;
  opened.writer = std::move(writer).value();
  opened.reader = std::move(reader).value();
  opened.sql = &postgres_store_sql();
  return opened;
}

}  // namespace ashbyknit::detail
