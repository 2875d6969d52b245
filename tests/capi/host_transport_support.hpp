// What the [capi] delivery tests share: an ak_transport whose replies the test scripts and which
// keeps every request it was given, and owners and shorthands for delivery engines. Everything
// here goes through ashbyknit.h alone.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ashbyknit.h"

namespace capi_test {

struct delivery_deleter {
  void operator()(ak_delivery *delivery) const noexcept { ak_delivery_free(delivery); }
};
using owned_delivery = std::unique_ptr<ak_delivery, delivery_deleter>;

/// The vendor's webhook in these tests; a scripted transport never connects to it.
inline constexpr const char *webhook_url = "https://webhook.vendor.example/knit";

/// A host transport that answers every send as the test scripted (500 until told otherwise),
/// keeps each request it was given in the order sent, and counts its abort and destroy calls.
/// Its callbacks may run on several worker threads at once; every member may be called from any
/// thread. Must outlive every engine given its callbacks.
class scripted_transport {
 public:
  /// A request as the transport was given it, copied out of the send call.
  struct request {
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string event_id;          ///< the body's eventId, "" when it has none
    std::string execution_id;      ///< the X-Knit-Execution-Id header, "" when absent
    std::int64_t timeout_ms = -1;  ///< the request's timeout_ms as the send saw it
    /// The value of the first header named `name` exactly; "" when absent.
    std::string header(std::string_view name) const;
  };

  /// The ak_transport of this object: send, abort and a counting destroy, user_data `this`.
  ak_transport callbacks();

  /// Every later send returns `status` (an HTTP status, AK_SEND_*, or anything else) and, when
  /// `error` is not empty, writes it as the reason.
  void answer(int status, std::string error = {});

  /// Every later send waits until abort is called while it waits, then returns AK_SEND_ABORTED.
  /// A send that waits `limit` in vain returns AK_SEND_FAILED ("abort was never called"), so
  /// that a missing abort fails the test instead of hanging it.
  void hang_until_abort(std::chrono::milliseconds limit = std::chrono::seconds(10));

  /// The requests sent so far, oldest first.
  std::vector<request> requests() const;

  /// Waits up to `limit` until at least `count` requests were sent; false when they were not.
  bool wait_for_requests(std::size_t count, std::chrono::milliseconds limit) const;

  int aborts() const;
  int destroyed() const;

 private:
  static int send(const ak_outbound_request *request, char *error, size_t error_size, void *user_data);
  static void abort(void *user_data);
  static void destroy(void *user_data);

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  int status_ = 500;
  std::string error_;
  bool hang_ = false;
  std::chrono::milliseconds hang_limit_{0};
  int aborts_ = 0;
  int destroyed_ = 0;
  std::vector<request> requests_;
};

/// Options of the current size that send to webhook_url through `transport` (which must outlive
/// the ak_delivery_new call); every other field 0, so every setting takes its default.
ak_delivery_options delivery_options(const ak_transport *transport);

/// Creates an engine over `bridge`, failing the test with the library's message if it refuses.
owned_delivery new_delivery(ak_bridge *bridge, const ak_delivery_options &options);

/// One ak_delivery_deliver_due pass at `now_ms`, failing the test if the call fails.
ak_delivery_summary deliver_due(ak_delivery *delivery, std::int64_t now_ms);

}  // namespace capi_test
