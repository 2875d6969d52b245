// Where the store commands get their store and bridge: the store named by --db, else by AK_DB,
// and nowhere else.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "arguments.hpp"
#include "ashbyknit/bridge.hpp"
#include "ashbyknit/result.hpp"
#include "ashbyknit/store.hpp"

namespace ashbyknit::cli {

/// The option that names the store; every store command needs it or, without it, AK_DB.
inline constexpr option_spec store_option{"--db"};

/// The store --db names, else the one the environment variable AK_DB names when it is set and not
/// empty (so that a database URL's password can stay out of the process list); std::nullopt when
/// neither names one.
std::optional<std::string> find_store(const parsed_arguments &arguments);

/// Opens the store that find_store finds (a file, created if missing, or a postgresql:// URL), with
/// `master_key` (32 raw bytes, see read_master_key; "" for none) to keep Ashby API keys. Fails with
/// error_code::invalid_argument when neither --db nor AK_DB names a store, or for ":memory:"
/// (SQLite's name for a store that would vanish when the command ends), and otherwise as
/// store::open does, with the library's message (a file that is not a store, one from a newer
/// version, a database that cannot be reached).
result<std::unique_ptr<store>> open_store(const parsed_arguments &arguments, std::string master_key = {});

/// Opens a bridge with `options` over the store at `location` (checked as open_store checks it),
/// which replaces options.store.path; the rest of options.store is kept. Fails as open_store and
/// bridge::open do.
result<std::unique_ptr<bridge>> open_bridge(std::string_view location, bridge_options options);

/// open_bridge over the store that find_store finds; fails as open_store does without one.
result<std::unique_ptr<bridge>> open_bridge(const parsed_arguments &arguments, bridge_options options);

}  // namespace ashbyknit::cli
