#include "store_access.hpp"

#include <utility>

namespace ashbyknit::cli {
namespace {

/// `path` as the store's file, or the refusal of ":memory:", which names no file.
result<std::string> file_path(std::string_view path) {
  if (path == ":memory:") {
    return error{error_code::invalid_argument,
                 "--db needs a file: a ':memory:' store would vanish when the command ends"};
  }
  return std::string(path);
}

}  // namespace

result<std::unique_ptr<store>> open_store(std::string_view path, std::string master_key) {
  auto file = file_path(path);
  if (!file.ok()) return std::move(file).failure();
  store_options options;
  options.path = std::move(file).value();
  options.master_key = std::move(master_key);
  return store::open(std::move(options));
}

result<std::unique_ptr<bridge>> open_bridge(std::string_view path, bridge_options options) {
  auto file = file_path(path);
  if (!file.ok()) return std::move(file).failure();
  options.store.path = std::move(file).value();
  return bridge::open(std::move(options));
}

}  // namespace ashbyknit::cli
