// Where commands get their bytes: input files, standard input, and secrets.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ashbyknit/result.hpp"

namespace ashbyknit::cli {

/// The exact bytes of the file at `path`. Fails with error_code::invalid_argument and a
/// message naming the file and the reason.
result<std::string> read_file(std::string_view path);

/// The exact bytes of the input file named by a command's positional argument, or of standard
/// input when there is none or it is "-". Fails as read_file does.
result<std::string> read_input(std::optional<std::string_view> path);

/// The key held in the file at `path`: its bytes less one trailing newline (editors add one).
/// Keys come from files, never from arguments, which show in process lists and shell histories.
/// `what` names the key in messages ("secret key"). Fails with error_code::invalid_argument when
/// the file cannot be read or the key is empty.
result<std::string> read_key_file(std::string_view path, std::string_view what);

/// The environment variable that holds the signing key when no key file is given.
inline constexpr const char *signing_key_variable = "AK_SIGNING_KEY";

/// The signing key: read_key_file(key_file), or, without a file, the value of
/// signing_key_variable. Fails with error_code::invalid_argument when the file cannot be read,
/// when neither source is there (the message tells to pass `file_source`, the command's way of
/// naming a key file, or set the variable), or when the key is empty.
result<std::string> read_signing_key(std::optional<std::string_view> key_file,
                                     std::string_view file_source = "--key-file FILE");

/// The environment variable that names the Standard Webhooks keys file when no file is given.
inline constexpr const char *standard_keys_file_variable = "AK_STANDARD_KEYS_FILE";

/// The Standard Webhooks keys ("whsec_...", "whsk_...", "whpk_...") in the file that `keys_file`
/// names, else in the one standard_keys_file_variable names, separated by white space (one per
/// line); an empty list when neither is given. Keys are only checked where they are used. Fails
/// with error_code::invalid_argument when the file cannot be read or holds no key.
result<std::vector<std::string>> read_standard_keys(std::optional<std::string_view> keys_file);

}  // namespace ashbyknit::cli
