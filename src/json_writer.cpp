#include "json_writer.hpp"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>

namespace ashbyknit::detail {
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

void json_writer::grow(std::size_t size) {
  buffer_.resize(std::max(2 * buffer_.size(), length_ + size));
}

json_writer &json_writer::key(std::string_view name) {
  char *out = room(quoted_size_bound(name) + 2);
  if (needs_comma_) *out++ = ',';
  out = quoted(out, name);
  *out++ = ':';
  advance_to(out);
  needs_comma_ = false;
  return *this;
}

json_writer &json_writer::string(std::string_view text) {
  char *out = room(quoted_size_bound(text) + 1);
  if (needs_comma_) *out++ = ',';
  advance_to(quoted(out, text));
  needs_comma_ = true;
  return *this;
}

json_writer &json_writer::number(std::int64_t value) {
  constexpr std::size_t longest = 20;  // "-9223372036854775808"
  char *out = room(longest + 1);
  if (needs_comma_) *out++ = ',';
  advance_to(std::to_chars(out, out + longest, value).ptr);
  needs_comma_ = true;
  return *this;
}

json_writer &json_writer::raw(std::string_view json) {
  char *out = room(json.size() + 1);
  if (needs_comma_) *out++ = ',';
  std::memcpy(out, json.data(), json.size());
  advance_to(out + json.size());
  needs_comma_ = true;
  return *this;
}

json_writer &json_writer::minified(std::string_view json) {
  char *out = room(json.size() + 1);
  if (needs_comma_) *out++ = ',';
  std::size_t written = 0;
  // The text was parsed already, so minify cannot fail; keep it as it is if it ever did.
  if (simdjson::minify(json.data(), json.size(), out, written) != simdjson::SUCCESS) {
    std::memcpy(out, json.data(), json.size());
    written = json.size();
  }
  advance_to(out + written);
  needs_comma_ = true;
  return *this;
}

char *json_writer::quoted(char *out, std::string_view text) noexcept {
  *out++ = '"';
  const char *in = text.data();
  const char *const end = in + text.size();
  while (in < end) {
    // A word at a time, as most strings need no escape at all. Words are loaded whole, never
    // from fewer bytes, which would stall on reading back a word stored in parts. The last
    // bytes of a string of 8 or more are checked as the word that ends the string: its first
    // bytes, clean, were copied as they are just before `out`, so storing it over them writes
    // the same bytes again.
    std::uint64_t word;
    const std::size_t left = static_cast<std::size_t>(end - in);
    if (left >= sizeof word) {
      std::memcpy(&word, in, sizeof word);
      if (!needs_escape(word)) {
        std::memcpy(out, &word, sizeof word);
        out += sizeof word;
        in += sizeof word;
        continue;
      }
    } else if (text.size() >= sizeof word) {
      std::memcpy(&word, end - sizeof word, sizeof word);
      if (!needs_escape(word)) {
        std::memcpy(out + left - sizeof word, &word, sizeof word);
        out += left;
        break;
      }
    }
    const auto c = static_cast<unsigned char>(*in++);
    if (!needs_escape(c)) {
      *out++ = static_cast<char>(c);
    } else if (c == '"' || c == '\\') {
      *out++ = '\\';
      *out++ = static_cast<char>(c);
    } else {
      constexpr char hex[] = "0123456789abcdef";
      const char escape[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf]};
      std::memcpy(out, escape, sizeof escape);
      out += sizeof escape;
    }
  }
  *out++ = '"';
  return out;
}

}  // namespace ashbyknit::detail
