// Candidate enrichment (docs/protocol.md §7): Ashby's candidate.info, fetched for a record.new
// event before its first attempt, fills the event's candidate.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ashbyknit/transport.hpp"
#include "delivery_policy.hpp"
#include "store_internal.hpp"

namespace ashbyknit::detail {

/// Fetches candidate.info with the integration's Ashby API key and fills a record.new event with
/// it. Holds references to the store's state and the transport, which must outlive it. const and
/// thread-safe: the delivery engine's workers share one.
class candidate_enricher {
 public:
  /// Calls go to `<ashby_api_url>candidate.info`; each waits at most `timeout_ms` for its reply.
  candidate_enricher(store::impl &state, transport &sender, std::string_view ashby_api_url, std::int64_t timeout_ms);

  /// What one fetch came to.
  struct outcome {
    std::optional<std::string> body;  ///< the enriched event; none: the event goes as it is
    /// Ashby's rate limit, when it answered 429: whose calls to hold back, and for how long at
    /// least (0: it did not say).
    reply_judgement::limit_scope limited = reply_judgement::limit_scope::none;
    std::int64_t retry_after_ms = 0;
  };

  /// The event's body with its candidate filled, or none on any failure: a body without a
  /// candidate id, no usable Ashby key, no reply within the time, a reply other than Ashby's
  /// success envelope for that candidate. Writes nothing.
  outcome fetch(const outbox_event &event) const;

 private:
  store::impl &state_;
  transport &sender_;
  const std::string url_;
  const std::int64_t timeout_ms_;
};

}  // namespace ashbyknit::detail
