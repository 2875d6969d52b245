// The C handle of a store, and the reading of ak_store_options, which ak_bridge_new shares.
#pragma once

#include <memory>

#include "ashbyknit.h"
#include "ashbyknit/store.hpp"

/// An ak_store: a store of its own (ak_store_open), or a view of a bridge's (ak_bridge_store).
struct ak_store {
  std::unique_ptr<ashbyknit::store> owned;  ///< empty for a bridge's view: the bridge owns that store
  ashbyknit::store *instance = nullptr;     ///< never null; owned.get() when owned
};

namespace ashbyknit::capi {

/// Reads the caller's store options (NULL: the defaults) into `out`'s path, busy timeout,
/// durability and master key; the clock and random source are left alone. Fails with
/// AK_ERR_INVALID_ARGUMENT for a bad struct_size, an empty path, a negative busy timeout, an
/// unknown durability or a master key that is not AK_MASTER_KEY_BYTES long.
/// `name` names the struct in messages ("options", "options->store"). May throw std::bad_alloc:
/// call it inside capi::guarded.
ak_status read_store_options(const ak_store_options *options, const char *name, store_options &out);

}  // namespace ashbyknit::capi
