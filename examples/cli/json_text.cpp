#include "json_text.hpp"

namespace ashbyknit::cli {

std::string json_quote(std::string_view text) {
  static constexpr char hex_digits[] = "0123456789abcdef";
  std::string quoted = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += c;
    } else if (byte < 0x20) {
      quoted += "\\u00";
      quoted += hex_digits[byte >> 4];
      quoted += hex_digits[byte & 0xF];
    } else {
      quoted += c;
    }
  }
  quoted += '"';
  return quoted;
}

std::string json_string_object(std::initializer_list<std::pair<std::string_view, std::string_view>> members) {
  std::string object = "{";
  for (const auto &[name, value] : members) {
    if (object.size() > 1) object += ',';
    object += json_quote(name);
    object += ':';
    object += json_quote(value);
  }
  object += '}';
  return object;
}

}  // namespace ashbyknit::cli
