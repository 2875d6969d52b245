#include "store_access.hpp"

#include <utility>

namespace ashbyknit::cli {
namespace {

/// The options of the store at `path`, or the refusal of a path that names no file.
result<store_options> file_store_options(std::string_view path) {
  if (path == ":memory:") {
    return error{error_code::invalid_argument,
                 "--db needs a file: a ':memory:' store would vanish when the command ends"};
  }
  store_options options;
  options.path = std::string(path);
  return options;
}

}  // namespace

result<std::unique_ptr<store>> open_store(std::string_view path) {
  auto options = file_store_options(path);
  if (!options.ok()) return std::move(options).failure();
  return store::open(std::move(options).value());
}

result<std::unique_ptr<bridge>> open_bridge(std::string_view path, std::string public_base_url,
                                            std::string signing_key, std::string default_packages_json) {
  auto options = file_store_options(path);
  if (!options.ok()) return std::move(options).failure();
  bridge_options bridge_settings;
  bridge_settings.public_base_url = std::move(public_base_url);
  bridge_settings.store = std::move(options).value();
  bridge_settings.signing_key = std::move(signing_key);
  bridge_settings.default_packages_json = std::move(default_packages_json);
  return bridge::open(std::move(bridge_settings));
}

}  // namespace ashbyknit::cli
