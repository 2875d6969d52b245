// A host's own HTTP client behind the transport interface: cpp-httplib's, as a vendor that
// already has an HTTP client would plug it in instead of libcurl.
#pragma once

#include <memory>

#include "ashbyknit/transport.hpp"

namespace ashbyknit::test {

/// A transport that sends each request on a new cpp-httplib connection (http:// only), waiting
/// at most `timeout_ms` to connect and again to read. Thread-safe.
std::shared_ptr<transport> make_httplib_transport(int timeout_ms);

}  // namespace ashbyknit::test
