#include "capi_support.hpp"

#include <simdjson.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "json_quote.hpp"

namespace capi_test {
namespace {

void append_canonical(simdjson::dom::element element, std::string &out) {
  switch (element.type()) {
    case simdjson::dom::element_type::OBJECT: {
      std::vector<std::pair<std::string_view, simdjson::dom::element>> fields;
      for (auto field : simdjson::dom::object(element)) fields.emplace_back(field.key, field.value);
      std::sort(fields.begin(), fields.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
      out += '{';
      for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out += ',';
        ak_test::append_json_quoted(fields[i].first, out);
        out += ':';
        append_canonical(fields[i].second, out);
      }
      out += '}';
      break;
    }
    case simdjson::dom::element_type::ARRAY: {
      out += '[';
      bool first = true;
      for (auto child : simdjson::dom::array(element)) {
        if (!first) out += ',';
        first = false;
        append_canonical(child, out);
      }
      out += ']';
      break;
    }
    case simdjson::dom::element_type::STRING:
      ak_test::append_json_quoted(std::string_view(element), out);
      break;
    default:  // numbers, booleans and null have one compact spelling each in these documents
      out += simdjson::minify(element);
      break;
  }
}

simdjson::dom::element value_at(simdjson::dom::parser &parser, std::string_view json, const char *pointer) {
  simdjson::dom::element root;
  REQUIRE(parser.parse(json.data(), json.size()).get(root) == simdjson::SUCCESS);
  simdjson::dom::element value;
  INFO("JSON pointer " << pointer);
  REQUIRE(root.at_pointer(pointer).get(value) == simdjson::SUCCESS);
  return value;
}

}  // namespace

std::string read_fixture(std::string_view name) {
  const std::string path = std::string(AK_FIXTURES_DIR) + "/" + std::string(name);
  std::ifstream file(path, std::ios::binary);
  INFO("fixture " << path);
  REQUIRE(file.good());
  std::ostringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

std::string mapped(map_function map, std::string_view body, const ak_map_options *options) {
  char *out = nullptr;
  const ak_status status = map(body.data(), body.size(), options, &out);
  INFO(last_error());
  REQUIRE(status == AK_OK);
  const owned_string event(out);
  return event.get();
}

void check_refused(map_function map, std::string_view body, const ak_map_options *options, ak_status expected) {
  char *out = untouched_marker();
  CHECK_FAILS_WITH(map(body.data(), body.size(), options, &out), expected);
  CHECK(out == untouched_marker());
}

ak_map_options map_options(const char *assessment_id, std::int64_t now_ms, const char *packages_json) {
  ak_map_options options{};
  options.struct_size = sizeof options;
  options.assessment_id = assessment_id;
  options.now_ms = now_ms;
  options.packages_json = packages_json;
  return options;
}

std::string canonical_json(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  INFO("JSON " << json);
  REQUIRE(parser.parse(json.data(), json.size()).get(root) == simdjson::SUCCESS);
  std::string out;
  append_canonical(root, out);
  return out;
}

std::string json_string_at(std::string_view json, const char *pointer) {
  simdjson::dom::parser parser;
  std::string_view text;
  REQUIRE(value_at(parser, json, pointer).get(text) == simdjson::SUCCESS);
  return std::string(text);
}

std::int64_t json_int_at(std::string_view json, const char *pointer) {
  simdjson::dom::parser parser;
  std::int64_t number = 0;
  REQUIRE(value_at(parser, json, pointer).get(number) == simdjson::SUCCESS);
  return number;
}

bool json_bool_at(std::string_view json, const char *pointer) {
  simdjson::dom::parser parser;
  bool flag = false;
  REQUIRE(value_at(parser, json, pointer).get(flag) == simdjson::SUCCESS);
  return flag;
}

std::string replace_once(std::string text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  INFO("replacing " << from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  return text.replace(at, from.size(), to);
}

bool is_prefix_then(std::string_view text, std::string_view prefix, std::size_t count, std::string_view alphabet) {
  if (text.size() != prefix.size() + count || text.substr(0, prefix.size()) != prefix) return false;
  return text.find_first_not_of(alphabet, prefix.size()) == std::string_view::npos;
}

char *untouched_marker() {
  static char marker;
  return &marker;
}

}  // namespace capi_test
