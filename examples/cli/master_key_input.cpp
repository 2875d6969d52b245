#include "master_key_input.hpp"

#include <cstdlib>
#include <utility>

#include "ashbyknit/master_key.hpp"
#include "input.hpp"

namespace ashbyknit::cli {
namespace {

/// The master key as text, and what messages call its source.
struct key_text {
  std::string text;
  std::string source;
};

/// The value of environment variable `name`, or nullptr when it is unset or empty.
const char *variable_value(const char *name) {
  const char *value = std::getenv(name);
  return value == nullptr || *value == '\0' ? nullptr : value;
}

/// The text of the first source given, or std::nullopt when there is none.
result<std::optional<key_text>> find_key_text(std::optional<std::string_view> key_file) {
  std::optional<std::string> path;
  if (key_file) {
    path = std::string(*key_file);
  } else if (const char *named = variable_value(master_key_file_variable)) {
    path = named;
  } else if (const char *hex = variable_value(master_key_variable)) {
    return std::optional(key_text{hex, master_key_variable});
  } else {
    return std::optional<key_text>();
  }
  auto bytes = read_file(*path);
  if (!bytes.ok()) return std::move(bytes).failure();
  return std::optional(key_text{std::move(bytes).value(), *path});
}

}  // namespace

result<std::string> read_master_key(std::optional<std::string_view> key_file) {
  auto found = find_key_text(key_file);
  if (!found.ok()) return std::move(found).failure();
  if (!found.value()) return std::string();
  auto key = parse_master_key(found.value()->text);
  if (!key.ok()) {
    return error{error_code::invalid_argument,
                 "the master key in " + found.value()->source + " is unusable: " + key.message()};
  }
  return key;
}

result<std::string> require_master_key(std::optional<std::string_view> key_file) {
  auto key = read_master_key(key_file);
  if (key.ok() && key.value().empty()) {
    return error{error_code::invalid_argument, std::string("a master key is needed to keep Ashby API keys: pass ") +
                                                   std::string(master_key_option.name) + " F or set " +
                                                   master_key_file_variable + " or " + master_key_variable +
                                                   " ('ashbyknit master-key generate' makes one)"};
  }
  return key;
}

}  // namespace ashbyknit::cli
