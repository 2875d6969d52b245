// ak_sources: a C clock and random source turned into the C++ API's std::functions.
#pragma once

#include "ashbyknit.h"
#include "ashbyknit/sources.hpp"

namespace ashbyknit::capi {

/// Replaces `clock` and `random` with the callbacks of `sources` that are set; NULL `sources`, or
/// a NULL callback, leaves the default in place.
///
/// Takes charge of `user_data` before anything can fail, so that destroy runs exactly once
/// whatever happens: both functions share it, and destroy is called when the last copy of either
/// is gone, which is at once when neither callback is set or when the caller's call then fails.
/// Fails with AK_ERR_INVALID_ARGUMENT for a bad struct_size. Call it inside capi::guarded: it
/// allocates (and, when allocation fails, still calls destroy).
ak_status read_sources(const ak_sources *sources, clock_source &clock, random_source &random);

}  // namespace ashbyknit::capi
