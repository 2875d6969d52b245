// The store's records as JSON, the one rendering that the C ABI and the command-line tool print.
#pragma once

#include <string>
#include <vector>

#include "ashbyknit/bridge.hpp"
#include "ashbyknit/export.h"
#include "ashbyknit/store.hpp"

namespace ashbyknit {

/// `{"id","createdMs","activeKeys","ashbyKeySet","enrichCandidates"}`: "ashbyKeySet" is whether an
/// Ashby API key is stored, never the key; "enrichCandidates" whether its record.new events are
/// filled from candidate.info. Thread-safe.
AK_API std::string to_json(const integration_info &integration);

/// `[{"id","createdMs","activeKeys","ashbyKeySet","enrichCandidates"}]`: each integration as the overload above
/// writes it. Thread-safe.
AK_API std::string to_json(const std::vector<integration_info> &integrations);

/// `[{"keyId","integrationId","createdMs","expiresMs","revokedMs"}]`, absent times as null; never
/// a key. Thread-safe.
AK_API std::string to_json(const std::vector<key_info> &keys);

/// `{"secretKey","baseUrl"}`: Knit's shape, what Ashby is given. Thread-safe.
AK_API std::string to_json(const issued_key &key);

/// `[{"id","integrationId","applicationId","assessmentTypeId","status","createdMs","updatedMs"}]`.
/// Thread-safe.
AK_API std::string to_json(const std::vector<assessment_info> &assessments);

/// `[{"eventId","integrationId","assessmentId","eventType","state","createdMs","attempts",
/// "nextAttemptMs","finishedMs","lastError"}]`: "state" is "pending", "delivered" or
/// "dead_lettered", "finishedMs" is null while pending, "lastError" (the last failed attempt's
/// status or error) null when there is none; never the body. Thread-safe.
AK_API std::string to_json(const std::vector<event_info> &events);

/// `[{"executionId","startedMs","durationMs","httpStatus","error","requestId"}]`: "httpStatus" is
/// null when the receiver gave none; "error" says why the attempt failed (also beside a status, as
/// Ashby's message for an answered failure), null when it did not; "requestId" is the receiver's
/// id for the request (Ashby's x-ashby-request-id), null when there is none. Thread-safe.
AK_API std::string to_json(const std::vector<delivery_attempt> &attempts);

/// `{"eventId","eventType","integrationId","assessmentId","handedOut","headers":{name: value},
/// "body": "<the exact body as a JSON string>"}`: one pulled event, as a line of `events pull`.
/// Thread-safe.
AK_API std::string to_json(const pending_delivery &delivery);

}  // namespace ashbyknit
