// The SQLite backend: a file (or a private in-memory database), with a second connection that
// reads keys while the first commits.
#include "sqlite/sqlite_connection.hpp"
#include "sqlite/sqlite_schema.hpp"
#include "sqlite/sqlite_store_sql.hpp"
#include "store_backends.hpp"

namespace ashbyknit::detail {

result<store_database> open_sqlite_store(const store_options &options) {
  auto writer = sqlite_connection::open(options.path, options.busy_timeout_ms);
  if (!writer.ok()) return std::move(writer).failure();
  if (auto prepared = prepare_store_schema(*writer.value(), options.path, options.sync); !prepared.ok()) {
    return prepared.failure();
  }
  store_database opened;
  // With the file in WAL mode the reader goes on while the writer commits and syncs the disk.
  // A private in-memory database has no file for a second connection to see.
  if (writer.value()->has_file()) {
    auto reader = sqlite_connection::open(options.path, options.busy_timeout_ms);
    if (!reader.ok()) return std::move(reader).failure();
    if (auto read_only = reader.value()->exec("PRAGMA query_only=ON"); !read_only.ok()) return read_only.failure();
    opened.reader = std::move(reader).value();
  }
  opened.writer = std::move(writer).value();
  opened.sql = &sqlite_store_sql();
  return opened;
}

}  // namespace ashbyknit::detail
