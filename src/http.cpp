#include "ashbyknit/http.hpp"

#include <algorithm>

namespace ashbyknit {

bool header_name_equals(std::string_view a, std::string_view b) noexcept {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

std::string_view http_response::header(std::string_view name) const noexcept {
  for (const auto &header : headers) {
    if (header_name_equals(header.name, name)) return header.value;
  }
  return {};
}

}  // namespace ashbyknit
