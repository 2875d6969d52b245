#include "json_strings.hpp"

#include <simdjson.h>

namespace ashbyknit::cli {

std::vector<std::optional<std::string>> json_strings_at(std::string_view json,
                                                        std::initializer_list<std::string_view> pointers) {
  std::vector<std::optional<std::string>> strings(pointers.size());
  simdjson::dom::parser parser;
  simdjson::dom::element document;
  if (parser.parse(json.data(), json.size()).get(document) != simdjson::SUCCESS) return strings;
  auto entry = strings.begin();
  for (const std::string_view pointer : pointers) {
    std::string_view value;
    if (document.at_pointer(pointer).get_string().get(value) == simdjson::SUCCESS) *entry = std::string(value);
    ++entry;
  }
  return strings;
}

}  // namespace ashbyknit::cli
