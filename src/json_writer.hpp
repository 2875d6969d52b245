// A small compact-JSON writer. It writes through a cursor into a buffer that it sizes up front
// and doubles when needed, with the common steps inline: events are built from dozens of short
// pieces, and a call into std::string::append for each would cost more than the bytes.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace ashbyknit::detail {

/// Writes one compact JSON document. The caller keeps the structure well-formed (a key before
/// each value inside an object); commas are placed by the writer. Strings must be valid UTF-8,
/// as everything simdjson hands out is: it is copied through unchanged, while quotes,
/// backslashes and control characters are escaped (control characters as \u00XX). Use on one
/// thread.
class json_writer {
 public:
  /// Makes room for `size` bytes up front, for documents of a known order of size.
  void reserve(std::size_t size) {
    if (buffer_.size() < size) buffer_.resize(size);
  }

  json_writer &begin_object() { return opening('{'); }
  json_writer &end_object() { return closing('}'); }
  json_writer &begin_array() { return opening('['); }
  json_writer &end_array() { return closing(']'); }
  json_writer &key(std::string_view name);
  /// A key written as a string literal in the library's own code: trusted to need no escaping,
  /// so it is copied without being scanned. Events have dozens of these.
  template <std::size_t size>
  json_writer &key(const char (&name)[size]) {
    char *out = room(size + 3);
    if (needs_comma_) *out++ = ',';
    *out++ = '"';
    std::memcpy(out, name, size - 1);
    out += size - 1;
    *out++ = '"';
    *out++ = ':';
    advance_to(out);
    needs_comma_ = false;
    return *this;
  }
  json_writer &string(std::string_view text);
  /// The string, or null when there is none.
  json_writer &string_or_null(std::optional<std::string_view> text) { return text ? string(*text) : null(); }
  json_writer &number(std::int64_t value);
  json_writer &boolean(bool value) { return raw(value ? "true" : "false"); }
  json_writer &null() { return raw("null"); }
  /// A value that is already valid compact JSON text, copied as is.
  json_writer &raw(std::string_view json);
  /// Compact JSON text that the library's own code spells out whole, keys, values and commas
  /// included (`,"callbackUrl":null,"candidate":`), copied as is: no comma is placed before
  /// it, and after it one is when it ends a value (in anything but ':', '{', '[' or ',').
  /// Fixed parts of a document cost one copy this way.
  template <std::size_t size>
  json_writer &fragment(const char (&text)[size]) {
    static_assert(size > 1, "a fragment has text");
    std::memcpy(room(size - 1), text, size - 1);
    length_ += size - 1;
    const char last = text[size - 2];
    needs_comma_ = last != ':' && last != '{' && last != '[' && last != ',';
    return *this;
  }
  /// A value that is valid JSON text, written without its insignificant white space (the
  /// sender's bytes, escapes and key order kept).
  json_writer &minified(std::string_view json);

  /// The document written so far, valid until the next write.
  std::string_view view() const noexcept { return {buffer_.data(), length_}; }
  /// The document, moved out of the writer.
  std::string str() && {
    buffer_.resize(length_);
    return std::move(buffer_);
  }

 private:
  /// A cursor with at least `size` writable bytes after it.
  char *room(std::size_t size) {
    if (buffer_.size() - length_ < size) grow(size);
    return buffer_.data() + length_;
  }
  void advance_to(const char *end) noexcept { length_ = static_cast<std::size_t>(end - buffer_.data()); }
  void grow(std::size_t size);
  json_writer &opening(char bracket) {
    char *out = room(2);
    if (needs_comma_) *out++ = ',';
    *out++ = bracket;
    advance_to(out);
    needs_comma_ = false;
    return *this;
  }
  json_writer &closing(char bracket) {
    *room(1) = bracket;
    ++length_;
    needs_comma_ = true;
    return *this;
  }
  /// Writes `text` quoted and escaped at `out`, which has room for quoted_size_bound(text).
  static char *quoted(char *out, std::string_view text) noexcept;
  /// The most bytes a string takes quoted: every byte a \u00XX escape, and the quotes.
  static constexpr std::size_t quoted_size_bound(std::string_view text) noexcept { return 6 * text.size() + 2; }

  std::string buffer_;  ///< the document in its first length_ bytes; the rest is room
  std::size_t length_ = 0;
  bool needs_comma_ = false;
};

}  // namespace ashbyknit::detail
