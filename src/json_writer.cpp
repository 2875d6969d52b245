#include "json_writer.hpp"

namespace ashbyknit::detail {

void json_writer::separate() {
  if (needs_comma_) buffer_.push_back(',');
  needs_comma_ = false;
}

json_writer &json_writer::begin_object() {
  separate();
  buffer_.push_back('{');
  return *this;
}

json_writer &json_writer::end_object() {
  buffer_.push_back('}');
  needs_comma_ = true;
  return *this;
}

json_writer &json_writer::begin_array() {
  separate();
  buffer_.push_back('[');
  return *this;
}

json_writer &json_writer::end_array() {
  buffer_.push_back(']');
  needs_comma_ = true;
  return *this;
}

json_writer &json_writer::key(std::string_view name) {
  separate();
  quoted(name);
  buffer_.push_back(':');
  return *this;
}

json_writer &json_writer::string(std::string_view text) {
  separate();
  quoted(text);
  needs_comma_ = true;
  return *this;
}

json_writer &json_writer::string_or_null(const std::optional<std::string> &text) {
  return text ? string(*text) : null();
}

json_writer &json_writer::number(std::int64_t value) {
  separate();
  fmt::format_to(std::back_inserter(buffer_), "{}", value);
  needs_comma_ = true;
  return *this;
}

json_writer &json_writer::boolean(bool value) { return raw(value ? "true" : "false"); }

json_writer &json_writer::null() { return raw("null"); }

json_writer &json_writer::raw(std::string_view json) {
  separate();
  buffer_.append(json);
  needs_comma_ = true;
  return *this;
}

void json_writer::quoted(std::string_view text) {
  buffer_.push_back('"');
  std::size_t run_start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    buffer_.append(text.substr(run_start, i - run_start));
    if (c == '"' || c == '\\') {
      buffer_.push_back('\\');
      buffer_.push_back(static_cast<char>(c));
    } else {
      fmt::format_to(std::back_inserter(buffer_), "\\u{:04x}", c);
    }
    run_start = i + 1;
  }
  buffer_.append(text.substr(run_start));
  buffer_.push_back('"');
}

}  // namespace ashbyknit::detail
