#include <catch2/catch.hpp>

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
  CHECK(out.str() == R"({"a":1,"b":["x",null,true,{}],"c":{"d":{"e":2}},"f":-9007199254740993})");
}

TEST_CASE("the writer escapes quotes, backslashes and control characters", "[json]") {
  json_writer out;
  static constexpr char text[] = "q\" b\\ n\n t\t nul\0 us\x1f del\x7f";
  out.string(std::string_view(text, sizeof text - 1));
  CHECK(out.str() == R"("q\" b\\ n\u000a t\u0009 nul\u0000 us\u001f del)" "\x7f\"");
}

TEST_CASE("the writer passes valid UTF-8 through unchanged", "[json]") {
  const std::string text = "Zoë 陈 أحمد 🦊 \u2028";
  json_writer out;
  out.string(text);
  CHECK(out.str() == "\"" + text + "\"");
}

TEST_CASE("the writer writes an absent optional string as null", "[json]") {
  json_writer out;
  out.begin_array().string_or_null(std::nullopt).string_or_null(std::string("x")).end_array();
  CHECK(out.str() == R"([null,"x"])");
}

TEST_CASE("keys from data are escaped like strings", "[json]") {
  const std::string key_from_data = "a\"b";
  json_writer out;
  out.begin_object().key(key_from_data).number(0).end_object();
  CHECK(out.str() == R"({"a\"b":0})");
}
