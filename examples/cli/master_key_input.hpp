// Where commands get the host's master key, which encrypts the Ashby API keys a store keeps: a
// file, or the environment, never an argument.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "arguments.hpp"
#include "ashbyknit/result.hpp"

namespace ashbyknit::cli {

/// The option that names the master key's file, for the commands that take one.
inline constexpr option_spec master_key_option{"--master-key-file"};

/// The environment variable naming the master key's file when --master-key-file is not given.
inline constexpr const char *master_key_file_variable = "AK_MASTER_KEY_FILE";

/// The environment variable holding the master key itself (64 hexadecimal digits) when neither the
/// option nor master_key_file_variable is given.
inline constexpr const char *master_key_variable = "AK_MASTER_KEY";

/// The master key's 32 raw bytes (for store_options::master_key), read with parse_master_key from
/// the file `key_file` names, else from the file master_key_file_variable names, else from
/// master_key_variable; a variable set empty counts as unset. "" when none of the three is given.
/// Fails with error_code::invalid_argument naming the source (never quoting its content) when the
/// file cannot be read or does not hold a master key.
result<std::string> read_master_key(std::optional<std::string_view> key_file);

/// read_master_key, failing also when none of the three is given, with a message that says a master
/// key is needed and how to give one.
result<std::string> require_master_key(std::optional<std::string_view> key_file);

}  // namespace ashbyknit::cli
