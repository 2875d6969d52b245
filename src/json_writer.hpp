// A small compact-JSON writer: appends to a std::string, formats with fmt.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ashbyknit::detail {

/// Writes one compact JSON document. The caller keeps the structure well-formed (a key before
/// each value inside an object); commas are placed by the writer. Strings must be valid UTF-8,
/// as everything simdjson hands out is: it is copied through unchanged, while quotes,
/// backslashes and control characters are escaped (control characters as \u00XX).
class json_writer {
 public:
  /// Makes room for `size` bytes up front, for documents of a known order of size.
  void reserve(std::size_t size) { out_.reserve(size); }

  json_writer &begin_object();
  json_writer &end_object();
  json_writer &begin_array();
  json_writer &end_array();
  json_writer &key(std::string_view name);
  /// A key written as a string literal in the library's own code: trusted to need no escaping,
  /// so it is copied without being scanned. Events have dozens of these.
  template <std::size_t size>
  json_writer &key(const char (&name)[size]) {
    separate();
    out_.push_back('"');
    out_.append(name, size - 1);
    out_.append("\":", 2);
    return *this;
  }
  json_writer &string(std::string_view text);
  /// The string, or null when there is none.
  json_writer &string_or_null(const std::optional<std::string> &text);
  json_writer &number(std::int64_t value);
  json_writer &boolean(bool value);
  json_writer &null();
  /// A value that is already valid compact JSON text, copied as is.
  json_writer &raw(std::string_view json);

  /// The document written so far.
  const std::string &str() const & noexcept { return out_; }
  /// The document, moved out of the writer.
  std::string str() && noexcept { return std::move(out_); }

 private:
  void separate();
  void quoted(std::string_view text);

  std::string out_;
  bool needs_comma_ = false;
};

}  // namespace ashbyknit::detail
