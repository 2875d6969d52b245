// Reading a few strings out of a JSON body: the ids that log lines show.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ashbyknit::cli {

/// The strings at `pointers` (RFC 6901 JSON pointers such as "/results/assessment_id") in the
/// JSON document `json`, in the order of `pointers`. An entry is std::nullopt when its pointer
/// names nothing or something other than a string; every entry is when `json` is not JSON.
std::vector<std::optional<std::string>> json_strings_at(std::string_view json,
                                                        std::initializer_list<std::string_view> pointers);

}  // namespace ashbyknit::cli
