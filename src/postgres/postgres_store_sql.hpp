// The PostgreSQL backend's catalogue of the store's statements.
#pragma once

#include "store_sql.hpp"

namespace ashbyknit::detail {

/// Every statement, for PostgreSQL; built once, never changes.
const store_sql &postgres_store_sql();

}  // namespace ashbyknit::detail
