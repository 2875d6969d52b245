// Parsing request bodies with simdjson's DOM, within the configured limits.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "ashbyknit/limits.hpp"
#include "ashbyknit/result.hpp"

namespace ashbyknit::detail {

/// A parsed document. It borrows a parser from a per-thread pool and gives it back when
/// destroyed, so parsing allocates only while a thread's parsers grow. The elements it hands out
/// live as long as it does. Move-only; use on one thread.
class json_document {
 public:
  /// Parses `body` (which needs no padding: it is copied into the parser's padded buffer).
  /// Fails with error_code::too_large before reading a body over the size limit,
  /// error_code::too_deep past the nesting limit, and error_code::malformed_json, with a message
  /// that says why, for anything that is not UTF-8 JSON. `what` names the body in messages
  /// ("The body", "The package catalogue").
  static result<json_document> parse(std::string_view body, const json_limits &limits,
                                     std::string_view what = "The body");

  json_document(json_document &&) noexcept = default;
  json_document &operator=(json_document &&) noexcept = default;
  ~json_document();

  simdjson::dom::element root() const noexcept { return root_; }

 private:
  json_document() = default;
  std::unique_ptr<simdjson::dom::parser> parser_;
  simdjson::dom::element root_;
};

/// `json` (which must be valid JSON) without insignificant white space: the sender's bytes,
/// escapes and key order kept.
std::string minify_json(std::string_view json);

/// A parsed value written back as compact JSON (strings re-escaped, key order kept).
std::string minify_json(simdjson::dom::element element);

/// "an object", "an array", "text", "a number", "true or false" or "null", for messages.
std::string_view json_type_phrase(simdjson::dom::element_type type) noexcept;

}  // namespace ashbyknit::detail
