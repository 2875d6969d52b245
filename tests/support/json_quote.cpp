#include "json_quote.hpp"

#include <cstdio>

namespace ak_test {

void append_json_quoted(std::string_view text, std::string &out) {
  out += '"';
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  out += '"';
}

std::string json_quoted(std::string_view text) {
  std::string quoted;
  append_json_quoted(text, quoted);
  return quoted;
}

}  // namespace ak_test
