#include "update_blobs.hpp"

#include <string>

namespace ashbyknit::detail {

blob status_blob(std::string_view text) {
  return blob{"status", "Status", blob_type::string, std::string(text), {}};
}

blob profile_url_blob(std::string_view url) {
  return blob{"profile_url", "Assessment", blob_type::url, std::string(url), {}};
}

blob cancelled_reason_blob(std::string_view reason) {
  return blob{"cancelled_reason", "Cancelled reason", blob_type::string, std::string(reason), {}};
}

assessment_update started_update(std::string_view assessment_id, std::int64_t timestamp_ms) {
  assessment_update update;
  update.assessment_id = std::string(assessment_id);
  update.timestamp_ms = timestamp_ms;
  update.status = status_blob(started_status_text);
  return update;
}

}  // namespace ashbyknit::detail
