// The adapter that turns a host's ak_transport into a C++ transport, shared by ak_delivery_new
// and the tests that check what a host's send hands back.
#pragma once

#include <memory>

#include "ashbyknit.h"
#include "ashbyknit/transport.hpp"

namespace ashbyknit::capi {

/// Takes charge of the host transport `given` at once (see ak_transport): `out` receives an
/// adapter whose destructor runs the host's destroy, and whose send() passes each request to the
/// host's send, keeping the body and headers it hands back (ak_reply_*) when it returns an HTTP
/// status. Then checks it: a NULL send or a bad struct_size fails with AK_ERR_INVALID_ARGUMENT,
/// after which `out`, released, runs destroy. `given` must not be NULL. May throw std::bad_alloc
/// (destroy has then run): call it inside capi::guarded. The adapter may be used from any thread.
ak_status adopt_transport(const ak_transport *given, std::shared_ptr<transport> &out);

}  // namespace ashbyknit::capi
