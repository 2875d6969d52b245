#include "store_access.hpp"

#include <cstdlib>
#include <utility>

namespace ashbyknit::cli {
namespace {

constexpr const char *store_variable = "AK_DB";

/// `location` as a store to open, or the refusal of ":memory:", which names no file.
result<std::string> lasting_location(std::string_view location) {
  if (location == ":memory:") {
    return error{error_code::invalid_argument,
                 "--db needs a file: a ':memory:' store would vanish when the command ends"};
  }
  return std::string(location);
}

/// The store find_store finds, checked as lasting_location checks it.
result<std::string> required_store(const parsed_arguments &arguments) {
  const auto found = find_store(arguments);
  if (!found) {
    return error{error_code::invalid_argument, std::string(store_option.name) +
                                                   " FILE is required (or set the environment variable " +
                                                   store_variable + ")"};
  }
  return lasting_location(*found);
}

}  // namespace

std::optional<std::string> find_store(const parsed_arguments &arguments) {
  if (const auto given = arguments.option(store_option.name)) return std::string(*given);
  const char *named = std::getenv(store_variable);
  if (named == nullptr || *named == '\0') return std::nullopt;
  return std::string(named);
}

result<std::unique_ptr<store>> open_store(const parsed_arguments &arguments, std::string master_key) {
  auto location = required_store(arguments);
  if (!location.ok()) return std::move(location).failure();
  store_options options;
  options.path = std::move(location).value();
  options.master_key = std::move(master_key);
  return store::open(std::move(options));
}

result<std::unique_ptr<bridge>> open_bridge(std::string_view location, bridge_options options) {
  auto checked = lasting_location(location);
  if (!checked.ok()) return std::move(checked).failure();
  options.store.path = std::move(checked).value();
  return bridge::open(std::move(options));
}

result<std::unique_ptr<bridge>> open_bridge(const parsed_arguments &arguments, bridge_options options) {
  auto location = required_store(arguments);
  if (!location.ok()) return std::move(location).failure();
  return open_bridge(location.value(), std::move(options));
}

}  // namespace ashbyknit::cli
