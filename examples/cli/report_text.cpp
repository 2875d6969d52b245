#include "report_text.hpp"

#include "json_text.hpp"

namespace ashbyknit::cli {

result<std::vector<blob>> optional_blob_list(std::optional<std::string_view> json, std::string_view field) {
  if (!json) return std::vector<blob>();
  return parse_blob_list(*json, field);
}

std::string update_receipt(const queued_update &update) {
  return R"({"updateId":)" + json_quote(update.update_id) + R"(,"timestamp":)" + std::to_string(update.timestamp_ms) +
         "}";
}

}  // namespace ashbyknit::cli
