// The store's records as JSON, the one rendering that the C ABI and the command-line tool print.
#pragma once

#include <string>
#include <vector>

#include "ashbyknit/bridge.hpp"
#include "ashbyknit/export.h"
#include "ashbyknit/store.hpp"

namespace ashbyknit {

/// `[{"id","createdMs","activeKeys"}]`. Thread-safe.
AK_API std::string to_json(const std::vector<integration_info> &integrations);

/// `[{"keyId","integrationId","createdMs","expiresMs","revokedMs"}]`, absent times as null; never
/// a key. Thread-safe.
AK_API std::string to_json(const std::vector<key_info> &keys);

/// `{"secretKey","baseUrl"}`: Knit's shape, what Ashby is given. Thread-safe.
AK_API std::string to_json(const issued_key &key);

/// `[{"id","integrationId","applicationId","assessmentTypeId","status","createdMs","updatedMs"}]`.
/// Thread-safe.
AK_API std::string to_json(const std::vector<assessment_info> &assessments);

/// `{"eventId","eventType","integrationId","assessmentId","handedOut","headers":{name: value},
/// "body": "<the exact body as a JSON string>"}`: one pulled event, as a line of `events pull`.
/// Thread-safe.
AK_API std::string to_json(const pending_delivery &delivery);

}  // namespace ashbyknit
