// How Ashby's replies to assessment.update (protocol §5) are judged: delivered, retried (and when),
// or failed for good, with what the history should say.
#pragma once

#include <cstdint>

#include "ashbyknit/transport.hpp"
#include "delivery_policy.hpp"

namespace ashbyknit::detail {

/// Judges Ashby's reply to one update at `now_ms`: a 2xx with "success":true or an empty body is
/// delivered; "success":false is retried when its errorInfo.code is transient and final
/// otherwise; a 2xx body that is not Ashby's envelope is retried; 401 and 403 are final (the
/// key); 429 is retried no sooner than its Retry-After (seconds or an HTTP date), noting
/// X-RateLimit-Scope; 408 and 5xx are retried, other 4xx are final; failed sends are retried and
/// aborted ones released. The reason carries errorInfo's code and message and the request id
/// x-ashby-request-id (or errorInfo.requestId).
reply_judgement judge_ashby_reply(const outbound_reply &reply, std::int64_t now_ms);

}  // namespace ashbyknit::detail
