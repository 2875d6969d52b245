#include "json_document.hpp"

#include <fmt/format.h>

#include <vector>

namespace ashbyknit::detail {
namespace {

// Parsers are costly to build and cheap to reuse; each thread keeps the ones it has freed.
std::vector<std::unique_ptr<simdjson::dom::parser>> &spare_parsers() {
  thread_local std::vector<std::unique_ptr<simdjson::dom::parser>> spares;
  return spares;
}

std::unique_ptr<simdjson::dom::parser> take_parser() {
  auto &spares = spare_parsers();
  if (spares.empty()) return std::make_unique<simdjson::dom::parser>();
  auto parser = std::move(spares.back());
  spares.pop_back();
  return parser;
}

error parse_failure(simdjson::error_code code, const json_limits &limits, std::string_view what) {
  switch (code) {
    case simdjson::DEPTH_ERROR:
      return {error_code::too_deep, fmt::format("{} is nested deeper than {} levels.", what, limits.max_depth)};
    case simdjson::UTF8_ERROR:
      return {error_code::malformed_json, fmt::format("{} is not valid UTF-8.", what)};
    case simdjson::EMPTY:
      return {error_code::malformed_json, fmt::format("{} is empty; a JSON document was expected.", what)};
    case simdjson::NUMBER_ERROR:
    case simdjson::NUMBER_OUT_OF_RANGE:
      return {error_code::malformed_json,
              fmt::format("{} has a number that is malformed or beyond the range of a 64-bit integer or a double.", what)};
    case simdjson::MEMALLOC:
      return {error_code::internal, "Out of memory while parsing JSON."};
    default:
      return {error_code::malformed_json,
              fmt::format("{} is not valid JSON ({}).", what, simdjson::error_message(code))};
  }
}

}  // namespace

result<json_document> json_document::parse(std::string_view body, const json_limits &limits, std::string_view what) {
  if (body.size() > limits.max_body_bytes) {
    return error{error_code::too_large,
                 fmt::format("{} is {} bytes, over the limit of {} bytes.", what, body.size(), limits.max_body_bytes)};
  }
  // simdjson copies the body into its padded buffer, and must not be given a null pointer.
  if (body.empty()) return parse_failure(simdjson::EMPTY, limits, what);
  json_document document;
  document.parser_ = take_parser();
  if (document.parser_->max_depth() != limits.max_depth || document.parser_->capacity() < body.size()) {
    if (auto code = document.parser_->allocate(std::max(body.size(), document.parser_->capacity()), limits.max_depth);
        code != simdjson::SUCCESS) {
      return parse_failure(code, limits, what);
    }
  }
  if (auto code = document.parser_->parse(body.data(), body.size()).get(document.root_); code != simdjson::SUCCESS) {
    return parse_failure(code, limits, what);
  }
  return document;
}

json_document::~json_document() {
  if (parser_) spare_parsers().push_back(std::move(parser_));
}

std::string minify_json(std::string_view json) {
  std::string minified(json.size(), '\0');
  std::size_t length = 0;
  // The input was parsed already, so minify cannot fail; keep the input if it ever did.
  if (simdjson::minify(json.data(), json.size(), minified.data(), length) != simdjson::SUCCESS) {
    return std::string(json);
  }
  minified.resize(length);
  return minified;
}

std::string minify_json(simdjson::dom::element element) { return simdjson::minify(element); }

std::string_view json_type_phrase(simdjson::dom::element_type type) noexcept {
  using simdjson::dom::element_type;
  switch (type) {
    case element_type::OBJECT: return "an object";
    case element_type::ARRAY: return "a list";
    case element_type::STRING: return "text";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE: return "a number";
    case element_type::BOOL: return "true or false";
    case element_type::NULL_VALUE: return "null";
  }
  return "an unknown value";
}

}  // namespace ashbyknit::detail
