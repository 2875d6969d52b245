// Outbound HTTP: how the delivery engine sends a request. The default is libcurl; a host may
// bring its own client by implementing `transport` (or, in C, an ak_transport callback struct).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ashbyknit/export.h"
#include "ashbyknit/http.hpp"
#include "ashbyknit/result.hpp"

namespace ashbyknit {

/// One POST to send. Views: valid for the duration of transport::send only.
struct outbound_request {
  std::string_view url;
  const std::vector<http_header> &headers;
  std::string_view body;
  /// 0: the transport's own limits alone bound the send. Otherwise the send gives up after at
  /// most this many milliseconds in all, connecting included, reporting outcome::failed with an
  /// error that says it timed out; never later than the transport's own limits would.
  std::int64_t timeout_ms = 0;
};

/// The most of a reply's body a transport keeps; the rest is not read or is dropped.
inline constexpr std::size_t max_reply_body_bytes = 64 * 1024;

/// How a send ended.
struct outbound_reply {
  enum class outcome {
    answered,  ///< the server replied with `status` (any status, 2xx or not)
    failed,    ///< no usable reply: refused connection, timeout, TLS or protocol error (see `error`)
    aborted,   ///< given up because transport::abort_sends was called; not the server's fault
  };
  outcome result = outcome::failed;
  int status = 0;     ///< the HTTP status when answered
  std::string error;  ///< one line saying what went wrong when failed or aborted; never a secret
  std::vector<http_header> headers;  ///< the reply's headers when answered (names as sent); may be empty
  std::string body;                  ///< the reply's body when answered, at most max_reply_body_bytes of it; may be empty
};

/// Sends requests. Implementations must allow send() from several threads at once: the delivery
/// engine runs one send per worker thread.
class AK_API transport {
 public:
  virtual ~transport();

  /// Sends one request and waits for its reply. Must not throw; must give up on its own after a
  /// bounded time (a timeout), reporting outcome::failed, and within request.timeout_ms in all
  /// when that is not 0.
  virtual outbound_reply send(const outbound_request &request) noexcept = 0;

  /// Asks every send in progress now to return soon with outcome::aborted; sends that start later
  /// are unaffected. Called from any thread. The default does nothing (sends then run to their
  /// own timeouts).
  virtual void abort_sends() noexcept;
};

/// Settings of the libcurl transport.
struct curl_transport_options {
  std::int64_t connect_timeout_ms = 5'000;  ///< to establish the TCP (and TLS) connection
  std::int64_t total_timeout_ms = 30'000;   ///< for the whole exchange, reply included
  bool reuse_connections = true;            ///< keep connections open between sends (one pool per transport)
  std::size_t max_connections = 8;          ///< easy handles (and so connections) kept for reuse
  std::string ca_file;                      ///< a CA bundle to trust instead of the system's; "" for the system's
};

/// The default transport: libcurl, HTTP and HTTPS only, TLS peer and host verification on,
/// redirects not followed, reply headers kept and bodies kept up to 64 KiB, a User-Agent of
/// ashbyknit/<version>. Connections are reused through a pool of easy handles, one per concurrent
/// send; a request's timeout_ms shortens both timeouts for that send only. Fails with
/// error_code::invalid_argument for a non-positive timeout or an empty pool and
/// error_code::internal when libcurl cannot be initialised.
AK_API result<std::shared_ptr<transport>> make_curl_transport(const curl_transport_options &options = {});

}  // namespace ashbyknit
