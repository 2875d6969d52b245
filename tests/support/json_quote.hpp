// Writing text as a JSON string, for test programs that build JSON by hand.
#pragma once

#include <string>
#include <string_view>

namespace ak_test {

/// Appends `text` to `out` as a JSON string, quotes included: '"' and '\' escaped, control
/// characters as \u00XX, every other byte as it is (UTF-8 passes through).
void append_json_quoted(std::string_view text, std::string &out);

/// `text` as a JSON string, quotes included (see append_json_quoted).
std::string json_quoted(std::string_view text);

}  // namespace ak_test
