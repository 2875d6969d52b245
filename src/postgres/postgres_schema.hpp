// The PostgreSQL backend's schema: creation and forward migrations, versioned in a table of
// its own, run by whichever host comes first while the others wait.
#pragma once

#include "ashbyknit/result.hpp"
#include "sql_connection.hpp"

namespace ashbyknit::detail {

/// The schema version this build writes, kept in ashbyknit_schema.version.
inline constexpr int postgres_schema_version = 2;

/// Brings the database's schema to postgres_schema_version: creates it in a database without
/// it, migrates an older one forward, each in one transaction under an advisory lock, so that
/// hosts starting together migrate once. error_code::store_error for a schema from a newer
/// version, or when the database refuses (tables of the same names that are not a store's).
status prepare_postgres_schema(sql_connection &database);

}  // namespace ashbyknit::detail
