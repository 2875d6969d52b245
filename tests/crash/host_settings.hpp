// The crash host's command line: where its store, webhook and keys are.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "ashbyknit/result.hpp"

namespace ashbyknit::crash {

/// What the host was asked to do.
struct host_settings {
  std::string store_path;   ///< --db: the SQLite store, created if missing
  std::string webhook_url;  ///< --webhook-url: where the engine POSTs events
  std::string signing_key;  ///< the content of --signing-key-file, less one trailing newline
  std::string key_file;     ///< --key-file: holds the integration's secret key across restarts
  std::size_t workers = 4;  ///< --workers: delivery threads
};

/// The settings named by the program's arguments, or std::nullopt when they ask for --help. Fails
/// with error_code::invalid_argument and a one-line message on bad usage or an unreadable signing
/// key file.
result<std::optional<host_settings>> read_settings(int argc, char **argv);

/// How to call the host.
extern const char *const usage;

}  // namespace ashbyknit::crash
