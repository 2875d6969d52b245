// What `ashbyknit report` and serve's admin API share: the optional metadata of a report, read
// from its JSON, and the receipt of a report queued for Ashby.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ashbyknit/assessment_update.hpp"
#include "ashbyknit/reporter.hpp"

namespace ashbyknit::cli {

/// The blobs of `json`, a JSON array of blobs that messages call `field` ("metadata[1].value: ..."),
/// or none when `json` is std::nullopt. Fails as parse_blob_list does.
result<std::vector<blob>> optional_blob_list(std::optional<std::string_view> json, std::string_view field);

/// `{"updateId":"upd_...","timestamp":<ms>}`: what a queued report is known by.
std::string update_receipt(const queued_update &update);

}  // namespace ashbyknit::cli
