#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "json_writer.hpp"

using ashbyknit::detail::json_writer;

TEST_CASE("the writer places commas and colons in nested structures", "[json]") {
  json_writer out;
  out.begin_object();
  out.key("a").number(1);
  out.key("b").begin_array().string("x").null().boolean(true).begin_object().end_object().end_array();
  out.key("c").begin_object().key("d").raw("{\"e\":2}").end_object();
  out.key("f").number(-9007199254740993);
  out.end_object();
  CHECK(out.view() == R"({"a":1,"b":["x",null,true,{}],"c":{"d":{"e":2}},"f":-9007199254740993})");
}

TEST_CASE("the writer escapes quotes, backslashes and control characters", "[json]") {
  json_writer out;
  static constexpr char text[] = "q\" b\\ n\n t\t nul\0 us\x1f del\x7f";
  out.string(std::string_view(text, sizeof text - 1));
  CHECK(out.view() == R"("q\" b\\ n\u000a t\u0009 nul\u0000 us\u001f del)" "\x7f\"");
}

TEST_CASE("an escape is found at every position of strings of every length", "[json]") {
  // Strings are scanned a word at a time, their last bytes as the word that ends them: an
  // escape in any place of any length, beside clean bytes, must come out the same.
  for (std::size_t length = 1; length <= 40; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      for (const char special : {'"', '\\', '\n'}) {
        std::string text(length, 'x');
        text[at] = special;
        const std::string escaped = special == '"' ? "\\\"" : special == '\\' ? "\\\\" : "\\u000a";
        json_writer out;
        out.string(text);
        INFO("length " << length << ", escape at " << at);
        REQUIRE(out.view() == "\"" + std::string(at, 'x') + escaped + std::string(length - at - 1, 'x') + "\"");
      }
    }
  }
}

TEST_CASE("the writer passes valid UTF-8 through unchanged", "[json]") {
  const std::string text = "Zoë 陈 أحمد 🦊 \u2028";
  json_writer out;
  out.string(text);
  CHECK(out.view() == "\"" + text + "\"");
}

TEST_CASE("the writer writes an absent optional string as null", "[json]") {
  json_writer out;
  out.begin_array().string_or_null(std::nullopt).string_or_null(std::string("x")).end_array();
  CHECK(out.view() == R"([null,"x"])");
}

TEST_CASE("keys from data are escaped like strings", "[json]") {
  const std::string key_from_data = "a\"b";
  json_writer out;
  out.begin_object().key(key_from_data).number(0).end_object();
  CHECK(out.view() == R"({"a\"b":0})");
}

TEST_CASE("the writer grows past any reserve, escapes included", "[json]") {
  json_writer out;
  out.reserve(8);
  std::string expected = "[";
  out.begin_array();
  for (int i = 0; i < 300; ++i) {
    out.string("\x01\"").number(i).begin_object().key("k").raw("{}").end_object();
    if (i != 0) expected += ',';
    expected += "\"\\u0001\\\"\"," + std::to_string(i) + ",{\"k\":{}}";
  }
  out.end_array();
  CHECK(out.view() == expected + "]");
  CHECK(std::move(out).str() == expected + "]");
}

TEST_CASE("the writer minifies a JSON value in place, escapes and key order kept", "[json]") {
  json_writer out;
  out.begin_array().null().minified(" { \"b\" : [ 1 , \"a \\\" z\" ] ,\n \"a\" : {} } ").end_array();
  CHECK(out.view() == R"([null,{"b":[1,"a \" z"],"a":{}}])");
}

TEST_CASE("the writer writes the extremes of a 64-bit number", "[json]") {
  json_writer out;
  out.begin_array().number(INT64_MIN).number(INT64_MAX).number(0).end_array();
  CHECK(out.view() == "[-9223372036854775808,9223372036854775807,0]");
}
