// Just enough JSON output for the results the library does not render itself.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace ashbyknit::cli {

/// `text` as a JSON string literal: '"' and '\' escaped, control characters as \u00XX, every
/// other byte passed through (the caller passes UTF-8).
std::string json_quote(std::string_view text);

/// A compact JSON object whose members, in the order given, have string values.
std::string json_string_object(std::initializer_list<std::pair<std::string_view, std::string_view>> members);

/// A compact JSON object whose members, in the order given, have integer values.
std::string json_integer_object(std::initializer_list<std::pair<std::string_view, std::int64_t>> members);

}  // namespace ashbyknit::cli
