// The one integration the crash host serves, and its secret key, which must survive restarts:
// Ashby keeps sending the key it was given, however often the partner's process dies.
#pragma once

#include <string>
#include <string_view>

#include "ashbyknit/result.hpp"
#include "ashbyknit/store.hpp"

namespace ashbyknit::crash {

/// The secret key held in `key_file`. When the file does not exist yet, creates the integration
/// (unless the store has it already), issues it a key for `base_url` and writes the key to the
/// file through a rename, so that a kill at any moment leaves either no file or the whole key;
/// a kill before the rename costs only an unused key. Fails as the store or the file fails.
result<std::string> integration_key(store &administration, const std::string &key_file, std::string_view base_url);

}  // namespace ashbyknit::crash
