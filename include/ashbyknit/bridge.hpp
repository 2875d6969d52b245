// The bridge: the front door for Ashby's calls. It authenticates each call, finds the
// integration, applies docs/protocol.md section 2 against the store, and returns the exact HTTP
// reply Ashby expects. Events go to the store's outbox in the same transaction, for delivery.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ashbyknit/export.h"
#include "ashbyknit/http.hpp"
#include "ashbyknit/limits.hpp"
#include "ashbyknit/result.hpp"
#include "ashbyknit/store.hpp"

namespace ashbyknit {

/// What a bridge needs. Only public_base_url is required.
struct bridge_options {
  std::string public_base_url;        ///< e.g. https://hooks.vendor.example/ashby/; its path routes calls
  store_options store;                ///< the store file, durability, clock and random source
  json_limits limits;                 ///< body size (default 1 MiB) and nesting limits
  std::string default_packages_json;  ///< the catalogue when the store holds none; "" for none
  std::string signing_key;            ///< signs pulled events (X-Knit-Signature); required to pull
  std::int64_t visibility_timeout_ms = 60'000;  ///< a pulled, unacknowledged event is handed out again after this
  /// When true, a new assessment's start reply carries an update_request (docs/protocol.md §2) with
  /// status "Started", so Ashby shows it started without a second call; the assessment is then
  /// started.
  bool initial_update_request = false;
};

/// An event ready for the host to POST to the vendor's webhook: body and headers as protocol §3.3
/// wants them (Content-Type, X-Knit-Signature, X-Knit-Integration-Id, X-Knit-Execution-Id).
struct pending_delivery {
  outbox_event event;
  std::vector<http_header> headers;
};

/// One call as bridge::handle_call answered it: the reply, and what a log line needs to say about
/// the call without reading its body or its key.
struct handled_call {
  http_response response;
  std::string operation;       ///< "assessment.start"; "" when the path names no operation
  std::string integration_id;  ///< the integration the key belongs to; "" when not authenticated
  std::string assessment_id;   ///< an accepted start's or cancel's assessment; "" otherwise
};

/// A bridge over one store. Every member may be called from many threads at once.
class AK_API bridge {
 public:
  /// Opens the store and checks the options. Fails with error_code::invalid_argument (a bad base
  /// URL, catalogue or limit) or as store::open fails.
  static result<std::unique_ptr<bridge>> open(bridge_options options);

  ~bridge();
  bridge(const bridge &) = delete;
  bridge &operator=(const bridge &) = delete;

  /// Answers one of Ashby's calls: `POST <base path>assessment.list|start|cancel|customField.list`.
  /// Never fails: every problem is an HTTP status with Ashby's error envelope (protocol §2.4), and
  /// a store failure is a 500 after which the store is unchanged.
  http_response handle(const http_request &request) noexcept;

  /// As handle(), also saying which operation and integration the call was for (for logs).
  handled_call handle_call(const http_request &request) noexcept;

  /// Leases up to `max` undelivered events (see store::lease_events) and signs each for delivery;
  /// each call gives each event a new X-Knit-Execution-Id. error_code::invalid_argument when the
  /// bridge has no signing key.
  result<std::vector<pending_delivery>> pull_events(std::size_t max);

  /// True when the bridge has a signing key, so its events can be pulled or delivered.
  bool signs_events() const noexcept;

  /// The headers for one delivery attempt of `event` (protocol §3.3): signed with the bridge's key,
  /// with a new X-Knit-Execution-Id. error_code::invalid_argument when the bridge has no signing
  /// key; error_code::internal when the random source fails.
  result<std::vector<http_header>> delivery_headers(const outbox_event &event) const;

  /// Marks events delivered by eventId; see store::acknowledge_events.
  result<std::size_t> acknowledge_events(const std::vector<std::string> &event_ids);

  /// The store, for administration. Lives as long as the bridge.
  ashbyknit::store &store() noexcept;

  /// The normalised public base URL.
  const std::string &base_url() const noexcept;

  /// The base URL's path, under which handle() answers: "/ashby/" for https://x.example/ashby/.
  const std::string &base_path() const noexcept;

 private:
  struct impl;
  explicit bridge(std::unique_ptr<impl> state) noexcept;
  std::unique_ptr<impl> impl_;
};

}  // namespace ashbyknit
