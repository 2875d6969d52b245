#include "integration_key.hpp"

#include <filesystem>
#include <fstream>
#include <utility>

#include "input.hpp"

namespace ashbyknit::crash {
namespace {

constexpr std::string_view integration_id = "crash-test";

/// Creates the integration; one left by an earlier run is fine.
status ensure_integration(store &administration) {
  status created = administration.create_integration(integration_id);
  if (created.code() == error_code::conflict) return {};
  return created;
}

/// Writes `key` and a newline to `path`, replacing it at once.
status write_whole(const std::string &path, const std::string &key) {
  const std::string partial = path + ".partial";
  {
    std::ofstream file(partial, std::ios::binary | std::ios::trunc);
    file << key << '\n';
    file.close();
    if (!file) return error{error_code::invalid_argument, "cannot write " + partial};
  }
  std::error_code failure;
  std::filesystem::rename(partial, path, failure);
  if (failure) return error{error_code::invalid_argument, "cannot rename " + partial + ": " + failure.message()};
  return {};
}

}  // namespace

result<std::string> integration_key(store &administration, const std::string &key_file, std::string_view base_url) {
  std::error_code failure;
  if (std::filesystem::exists(key_file, failure)) return cli::read_key_file(key_file, "secret key");
  if (failure) return error{error_code::invalid_argument, "cannot look for " + key_file + ": " + failure.message()};

  if (status created = ensure_integration(administration); !created.ok()) return created.failure();
  auto issued = administration.issue_key(integration_id, base_url);
  if (!issued.ok()) return std::move(issued).failure();
  std::string key = std::move(issued).value().secret_key;
  if (status written = write_whole(key_file, key); !written.ok()) return written.failure();
  return key;
}

}  // namespace ashbyknit::crash
