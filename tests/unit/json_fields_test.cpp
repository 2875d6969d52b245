// Fields found in one pass over an object (find_fields), and read from what was found.
#include <catch2/catch.hpp>

#include <string>

#include "json_document.hpp"
#include "json_fields.hpp"

using namespace ashbyknit;
using detail::find_fields;
using detail::json_document;

namespace {

/// The root object of `document`; the test fails when it is not an object.
simdjson::dom::object root_of(const json_document &document) {
  simdjson::dom::object root;
  REQUIRE(document.root().get(root) == simdjson::SUCCESS);
  return root;
}

/// The found value's text; the test fails when it is absent or not text.
std::string text_of(const detail::found_value &value) {
  REQUIRE(value);
  std::string_view text;
  REQUIRE(value->get(text) == simdjson::SUCCESS);
  return std::string(text);
}

}  // namespace

TEST_CASE("find_fields finds each key wherever it stands, and leaves absent keys empty", "[json]") {
  const auto document = json_document::parse(R"({"c":"3","x":0,"a":"1"})", json_limits{}).value();
  const auto [a, b, c] = find_fields<3>(root_of(document), {"a", "b", "c"});
  CHECK(text_of(a) == "1");
  CHECK_FALSE(b);
  CHECK(text_of(c) == "3");
}

TEST_CASE("find_fields takes the first of repeated keys, as object[key] does", "[json]") {
  const auto document = json_document::parse(R"({"a":"first","b":"only","a":"second"})", json_limits{}).value();
  const simdjson::dom::object root = root_of(document);
  const auto [a, b] = find_fields<2>(root, {"a", "b"});
  CHECK(text_of(a) == "first");
  CHECK(text_of(b) == "only");
  std::string_view indexed;
  REQUIRE(root["a"].get(indexed) == simdjson::SUCCESS);
  CHECK(indexed == "first");
}

TEST_CASE("keys that share a prefix or a length are told apart", "[json]") {
  const auto document = json_document::parse(R"({"ab":"2","a":"1","ba":"3"})", json_limits{}).value();
  const auto [a, ab, ba] = find_fields<3>(root_of(document), {"a", "ab", "ba"});
  CHECK(text_of(a) == "1");
  CHECK(text_of(ab) == "2");
  CHECK(text_of(ba) == "3");
}

TEST_CASE("a found value is read as a missing, mistyped or present field", "[json]") {
  const auto document = json_document::parse(R"({"n":null,"k":7,"s":"text","e":""})", json_limits{}).value();
  const auto [absent, null_value, number, text, empty] = find_fields<5>(root_of(document), {"z", "n", "k", "s", "e"});
  const detail::field_name name{"The thing", "thing"};
  std::string_view out;
  CHECK(detail::read_required_string(absent, name, out).message() == "The thing (thing) is missing.");
  CHECK(detail::read_required_string(null_value, name, out).message() == "The thing (thing) is missing.");
  CHECK(detail::read_required_string(number, name, out).message() == "The thing (thing) must be text, not a number.");
  CHECK(detail::read_required_string(empty, name, out).message() == "The thing (thing) is empty.");
  REQUIRE(detail::read_required_string(text, name, out).ok());
  CHECK(out == "text");
  std::optional<std::string_view> optional = "stale";
  CHECK(detail::read_optional_string(null_value, name, optional).ok());
  CHECK_FALSE(optional);
  CHECK(detail::read_optional_string(number, name, optional).code() == error_code::invalid_input);
  simdjson::dom::object object;
  CHECK(detail::read_required_object(text, name, object).message() == "The thing (thing) must be an object, not text.");
}
