#include <catch2/catch.hpp>

#include <string>

#include "json_document.hpp"

using ashbyknit::error_code;
using ashbyknit::json_limits;
using ashbyknit::detail::json_document;
using ashbyknit::detail::minify_json;

namespace {

std::string nested_arrays(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

}  // namespace

TEST_CASE("a body at the size limit parses and one byte more is refused unread", "[json]") {
  json_limits limits;
  limits.max_body_bytes = 16;
  const std::string at_limit = R"({"k":"12345678"})";
  REQUIRE(at_limit.size() == 16);
  CHECK(json_document::parse(at_limit, limits).ok());
  auto over = json_document::parse(at_limit + " ", limits);
  CHECK(over.code() == error_code::too_large);
  CHECK(over.message() == "The body is 17 bytes, over the limit of 16 bytes.");
}

TEST_CASE("nesting up to the depth limit parses and one level more is refused", "[json]") {
  json_limits limits;
  limits.max_depth = 8;
  CHECK(json_document::parse(nested_arrays(8), limits).ok());
  auto deeper = json_document::parse(nested_arrays(9), limits);
  CHECK(deeper.code() == error_code::too_deep);
  CHECK(deeper.message() == "The body is nested deeper than 8 levels.");
}

TEST_CASE("the default depth limit is 64", "[json]") {
  CHECK(json_document::parse(nested_arrays(64), {}).ok());
  CHECK(json_document::parse(nested_arrays(65), {}).code() == error_code::too_deep);
}

TEST_CASE("malformed bodies are refused with a reason", "[json]") {
  const auto failure = [](std::string_view body) { return json_document::parse(body, {}); };
  CHECK(failure("").code() == error_code::malformed_json);
  CHECK(failure("").message() == "The body is empty; a JSON document was expected.");
  CHECK(failure(R"({"a":)").code() == error_code::malformed_json);
  CHECK(failure("{\"a\":\"\xff\"}").message() == "The body is not valid UTF-8.");
  CHECK(failure(R"({"a":1} x)").code() == error_code::malformed_json);
  CHECK(failure(std::string_view("{}\0", 3)).code() == error_code::malformed_json);
  CHECK(failure(" {} \n").ok());
}

TEST_CASE("a body needs no padding and its bytes are not read past its end", "[json]") {
  // The view ends in the middle of a larger buffer: only the first document may be read.
  const std::string buffer = R"({"a":1}{"b":2})";
  auto document = json_document::parse(std::string_view(buffer).substr(0, 7), {});
  REQUIRE(document.ok());
  CHECK(document.value().root()["a"].get_int64().value() == 1);
}

TEST_CASE("documents parsed one inside another keep their own parsers", "[json]") {
  auto outer = json_document::parse(R"({"outer":true})", {});
  auto inner = json_document::parse(R"({"inner":true})", {});
  REQUIRE(outer.ok());
  REQUIRE(inner.ok());
  CHECK(outer.value().root()["outer"].get_bool().value());
  CHECK(inner.value().root()["inner"].get_bool().value());
}

TEST_CASE("minifying keeps the sender's key order and escapes", "[json]") {
  CHECK(minify_json("{ \"b\" : 1,\n \"a\" : [ 1 , \"x y\\u00e9\" ] }") == R"({"b":1,"a":[1,"x y\u00e9"]})");
}
