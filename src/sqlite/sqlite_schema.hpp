// The store's schema: creation, forward migrations, and the checks that refuse a file that is
// not a store or is from a newer version.
#pragma once

#include <string>

#include "ashbyknit/result.hpp"
#include "ashbyknit/store.hpp"
#include "sqlite/sqlite_connection.hpp"

namespace ashbyknit::detail {

/// The schema version this build writes, kept in PRAGMA user_version.
inline constexpr int store_schema_version = 4;

/// Configures the connection (WAL, synchronous, foreign keys) and brings the schema of `path`
/// to store_schema_version: creates it in an empty file, migrates an older one forward in one
/// transaction. error_code::store_error for a file that is not a store (another application's
/// database, or not SQLite at all) or one from a newer version.
status prepare_store_schema(sqlite_connection &database, const std::string &path, durability sync);

}  // namespace ashbyknit::detail
