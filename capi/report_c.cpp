// ak_report_*: the C face of ashbyknit/reporter.hpp. Blobs arrive as JSON text and are parsed here,
// named as the body sent to Ashby names them, so that an error points at the caller's field.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ashbyknit/assessment_update.hpp"
#include "ashbyknit/reporter.hpp"
#include "c_api_support.hpp"
#include "store_c.hpp"

using namespace ashbyknit;

namespace {

/// The metadata of a report: the caller's JSON array of blobs, or none for NULL.
ak_status read_metadata(const char *metadata_json, std::vector<blob> &out) {
  if (metadata_json == nullptr) return AK_OK;
  auto parsed = parse_blob_list(metadata_json, "metadata");
  if (!parsed.ok()) return capi::fail(parsed.failure());
  out = std::move(parsed).value();
  return AK_OK;
}

/// Hands a queued report's id and timestamp to whichever outputs the caller gave, or fails with
/// the report's error.
ak_status give_update(result<queued_update> queued, char **out_update_id, int64_t *out_timestamp_ms) {
  if (!queued.ok()) return capi::fail(queued.failure());
  if (out_update_id != nullptr) AK_TRY(capi::give_string(queued.value().update_id, out_update_id));
  if (out_timestamp_ms != nullptr) *out_timestamp_ms = queued.value().timestamp_ms;
  return AK_OK;
}

/// A reporter over the caller's store: it holds only a reference, so one per call costs nothing.
assessment_reporter reporter_of(ak_store *store) { return assessment_reporter(*store->instance); }

}  // namespace

extern "C" {

ak_status ak_report_started(ak_store *store, const char *integration_id, const char *assessment_id,
                            const char *profile_url, char **out_update_id, int64_t *out_timestamp_ms) {
  AK_REQUIRE_ARGUMENT(store);
  AK_REQUIRE_ARGUMENT(integration_id);
  AK_REQUIRE_ARGUMENT(assessment_id);
  // "" is refused: the C++ API would read it as NULL, not as a URL.
  if (profile_url != nullptr && *profile_url == '\0') {
    return capi::fail(AK_ERR_INVALID_ARGUMENT, "profile_url is empty; pass NULL for none.");
  }
  return capi::guarded([&] {
    return give_update(
        reporter_of(store).started(integration_id, assessment_id, profile_url != nullptr ? profile_url : ""),
        out_update_id, out_timestamp_ms);
  });
}

ak_status ak_report_progress(ak_store *store, const char *integration_id, const char *assessment_id,
                             const char *status_text, const char *metadata_json, char **out_update_id,
                             int64_t *out_timestamp_ms) {
  AK_REQUIRE_ARGUMENT(store);
  AK_REQUIRE_ARGUMENT(integration_id);
  AK_REQUIRE_ARGUMENT(assessment_id);
  AK_REQUIRE_ARGUMENT(status_text);
  return capi::guarded([&] {
    std::vector<blob> metadata;
    AK_TRY(read_metadata(metadata_json, metadata));
    return give_update(reporter_of(store).progress(integration_id, assessment_id, status_text, std::move(metadata)),
                       out_update_id, out_timestamp_ms);
  });
}

ak_status ak_report_completed(ak_store *store, const char *integration_id, const char *assessment_id,
                              const char *result_json, const char *profile_url, const char *metadata_json,
                              char **out_update_id, int64_t *out_timestamp_ms) {
  AK_REQUIRE_ARGUMENT(store);
  AK_REQUIRE_ARGUMENT(integration_id);
  AK_REQUIRE_ARGUMENT(assessment_id);
  AK_REQUIRE_ARGUMENT(result_json);
  AK_REQUIRE_ARGUMENT(profile_url);
  return capi::guarded([&] {
    auto parsed = parse_blob(result_json, "assessment_result");
    if (!parsed.ok()) return capi::fail(parsed.failure());
    std::vector<blob> metadata;
    AK_TRY(read_metadata(metadata_json, metadata));
    return give_update(reporter_of(store).completed(integration_id, assessment_id, std::move(parsed).value(),
                                                    profile_url, std::move(metadata)),
                       out_update_id, out_timestamp_ms);
  });
}

ak_status ak_report_cancelled(ak_store *store, const char *integration_id, const char *assessment_id,
                              const char *reason, char **out_update_id, int64_t *out_timestamp_ms) {
  AK_REQUIRE_ARGUMENT(store);
  AK_REQUIRE_ARGUMENT(integration_id);
  AK_REQUIRE_ARGUMENT(assessment_id);
  AK_REQUIRE_ARGUMENT(reason);
  return capi::guarded([&] {
    return give_update(reporter_of(store).cancelled(integration_id, assessment_id, reason), out_update_id,
                       out_timestamp_ms);
  });
}

ak_status ak_report_update(ak_store *store, const char *integration_id, const void *body, size_t body_len,
                           char **out_update_id, int64_t *out_timestamp_ms) {
  AK_REQUIRE_ARGUMENT(store);
  AK_REQUIRE_ARGUMENT(integration_id);
  AK_TRY(capi::check_span(body, body_len, "body", "body_len"));
  return capi::guarded([&] {
    return give_update(reporter_of(store).submit_json(integration_id, capi::bytes(body, body_len)), out_update_id,
                       out_timestamp_ms);
  });
}

ak_status ak_report_add_completed(ak_store *store, const char *integration_id, const void *body, size_t body_len,
                                  char **out_update_id, int64_t *out_timestamp_ms) {
  AK_REQUIRE_ARGUMENT(store);
  AK_REQUIRE_ARGUMENT(integration_id);
  AK_TRY(capi::check_span(body, body_len, "body", "body_len"));
  return capi::guarded([&] {
    return give_update(reporter_of(store).add_completed_json(integration_id, capi::bytes(body, body_len)),
                       out_update_id, out_timestamp_ms);
  });
}

}  // extern "C"
