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

namespace {

/// A compact JSON object of `members`, each value written as `write_value` renders it.
template <typename Value, typename WriteValue>
std::string json_object(std::initializer_list<std::pair<std::string_view, Value>> members, WriteValue write_value) {
  std::string object = "{";
  for (const auto &[name, value] : members) {
    if (object.size() > 1) object += ',';
    object += json_quote(name);
    object += ':';
    object += write_value(value);
  }
  object += '}';
  return object;
}

}  // namespace

std::string json_string_object(std::initializer_list<std::pair<std::string_view, std::string_view>> members) {
  return json_object(members, json_quote);
}

std::string json_integer_object(std::initializer_list<std::pair<std::string_view, std::int64_t>> members) {
  return json_object(members, [](std::int64_t value) { return std::to_string(value); });
}

}  // namespace ashbyknit::cli
