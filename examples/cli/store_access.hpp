// Where the store commands get their store and bridge: the file named by --db, and nowhere else.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "arguments.hpp"
#include "ashbyknit/bridge.hpp"
#include "ashbyknit/result.hpp"
#include "ashbyknit/store.hpp"

namespace ashbyknit::cli {

/// The option that names the store file; every store command requires it.
inline constexpr option_spec store_option{"--db", option_kind::required_value};

/// Opens the store in the file at `path`, creating it if missing, with `master_key` (32 raw bytes,
/// see read_master_key; "" for none) to keep Ashby API keys. Fails with
/// error_code::invalid_argument for ":memory:" (SQLite's name for a store that would vanish when
/// the command ends), and otherwise as store::open does, with the library's message (a file that
/// is not a store, or one from a newer version).
result<std::unique_ptr<store>> open_store(std::string_view path, std::string master_key = {});

/// Opens a bridge with `options` over the store at `path` (checked as open_store checks it), which
/// replaces options.store.path; the rest of options.store is kept. Fails as open_store and
/// bridge::open do.
result<std::unique_ptr<bridge>> open_bridge(std::string_view path, bridge_options options);

}  // namespace ashbyknit::cli
