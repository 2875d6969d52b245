#include "json_writer.hpp"

#include <cstdint>
#include <cstring>

#include <fmt/format.h>

namespace ashbyknit::detail {

void json_writer::separate() {
  if (needs_comma_) out_.push_back(',');
  needs_comma_ = false;
}

json_writer &json_writer::begin_object() {
  separate();
  out_.push_back('{');
  return *this;
}

json_writer &json_writer::end_object() {
  out_.push_back('}');
  needs_comma_ = true;
  return *this;
}

json_writer &json_writer::begin_array() {
  separate();
  out_.push_back('[');
  return *this;
}

json_writer &json_writer::end_array() {
  out_.push_back(']');
  needs_comma_ = true;
  return *this;
}

json_writer &json_writer::key(std::string_view name) {
  separate();
  quoted(name);
  out_.push_back(':');
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
  fmt::format_to(std::back_inserter(out_), "{}", value);
  needs_comma_ = true;
  return *this;
}

json_writer &json_writer::boolean(bool value) { return raw(value ? "true" : "false"); }

json_writer &json_writer::null() { return raw("null"); }

json_writer &json_writer::raw(std::string_view json) {
  separate();
  out_.append(json);
  needs_comma_ = true;
  return *this;
}

namespace {

constexpr std::uint64_t every_byte(std::uint8_t value) { return 0x0101010101010101ull * value; }

/// True when one of the 8 bytes of `word` is a control character, '"' or '\\'. Checking a word
/// at a time matters: events are mostly short strings that need no escape at all.
bool needs_escape(std::uint64_t word) {
  const auto has_zero = [](std::uint64_t w) { return (w - every_byte(1)) & ~w & every_byte(0x80); };
  const std::uint64_t below_space = (word - every_byte(0x20)) & ~word & every_byte(0x80);
  return (below_space | has_zero(word ^ every_byte('"')) | has_zero(word ^ every_byte('\\'))) != 0;
}

bool needs_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

}  // namespace

void json_writer::quoted(std::string_view text) {
  out_.push_back('"');
  std::size_t run_start = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.size() - i >= sizeof(std::uint64_t)) {
      std::uint64_t word;
      std::memcpy(&word, text.data() + i, sizeof word);
      if (!needs_escape(word)) {
        i += sizeof word;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(text[i]);
    if (!needs_escape(c)) {
      ++i;
      continue;
    }
    out_.append(text.substr(run_start, i - run_start));
    if (c == '"' || c == '\\') {
      out_.push_back('\\');
      out_.push_back(static_cast<char>(c));
    } else {
      fmt::format_to(std::back_inserter(out_), "\\u{:04x}", c);
    }
    run_start = ++i;
  }
  out_.append(text.substr(run_start));
  out_.push_back('"');
}

}  // namespace ashbyknit::detail
