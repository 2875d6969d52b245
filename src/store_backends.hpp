// The store's backends: each opens its database, brings its schema up to date and says which
// SQL the store runs on it. The store picks one by its location (store_options::path).
#pragma once

#include <memory>
#include <string_view>

#include "ashbyknit/result.hpp"
#include "ashbyknit/store.hpp"
#include "sql_connection.hpp"
#include "store_sql.hpp"

namespace ashbyknit::detail {

/// A store's database as its backend opened it, schema current.
struct store_database {
  std::unique_ptr<sql_connection> writer;  ///< every write, and every read but the key lookup
  /// A second connection for the lookup of the key that every Ashby call presents, so that it
  /// goes on while `writer` commits; null when the backend has none (a private in-memory file).
  std::unique_ptr<sql_connection> reader;
  const store_sql *sql = nullptr;  ///< the backend's catalogue, static
};

/// True when `location` names a PostgreSQL database (a postgresql:// or postgres:// URL)
/// rather than a SQLite file.
bool is_postgres_location(std::string_view location) noexcept;

/// Opens the SQLite file (or ":memory:") at options.path. Fails with error_code::store_error
/// for a file that cannot be opened, is not a store, or is from a newer version.
result<store_database> open_sqlite_store(const store_options &options);

/// Connects to the PostgreSQL database at options.path. Fails with error_code::store_error
/// when it cannot be reached or refuses the credentials (the message never shows a password),
/// or holds a schema from a newer version.
result<store_database> open_postgres_store(const store_options &options);

}  // namespace ashbyknit::detail
