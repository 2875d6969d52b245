// The SQLite backend's catalogue of the store's statements.
#pragma once

#include "store_sql.hpp"

namespace ashbyknit::detail {

/// Every statement, for SQLite; built once, never changes.
const store_sql &sqlite_store_sql();

}  // namespace ashbyknit::detail
