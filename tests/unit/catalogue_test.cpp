#include <catch2/catch.hpp>

#include "ashbyknit/catalogue.hpp"
#include "test_support.hpp"

using namespace ashbyknit;

TEST_CASE("the fixture catalogue parses", "[catalogue]") {
  const package_catalogue catalogue = package_catalogue::parse(test::read_fixture("packages.json")).value();
  REQUIRE(catalogue.packages().size() == 1);
  const assessment_package *package = catalogue.find("pkg_456");
  REQUIRE(package != nullptr);
  CHECK(package->name == "Frontend Engineer Assessment");
  CHECK(package->description == "Technical Skills Assessment");
  CHECK(package->type == "SKILLS_TEST");
  CHECK(package->metadata_json == "null");
  CHECK(catalogue.find("pkg_457") == nullptr);
}

TEST_CASE("optional package fields may be missing and metaData is any JSON", "[catalogue]") {
  const package_catalogue catalogue =
      package_catalogue::parse(R"([{"id":"a","name":"A"},{"id":"b","name":"B","metaData":{"minutes": 90, "tags":["x"]}}])")
          .value();
  CHECK_FALSE(catalogue.find("a")->description);
  CHECK_FALSE(catalogue.find("a")->type);
  CHECK(catalogue.find("a")->metadata_json == "null");
  CHECK(catalogue.find("b")->metadata_json == R"({"minutes":90,"tags":["x"]})");
  CHECK(package_catalogue::parse("[]").value().packages().empty());
}

TEST_CASE("bad catalogues are refused naming the entry and field", "[catalogue]") {
  const auto refusal = [](std::string_view json) { return package_catalogue::parse(json).message(); };
  CHECK(refusal("{}") == "The package catalogue must be a JSON list of packages, not an object.");
  CHECK(refusal("[1]") == "Package 1 of the catalogue (packages[0]) must be an object, not a number.");
  CHECK(refusal(R"([{"id":"a","name":"A"},{"name":"B"}])") == "The id of package 2 (packages[1].id) is missing.");
  CHECK(refusal(R"([{"id":"a"}])") == "The name of package 1 (packages[0].name) is missing.");
  CHECK(refusal(R"([{"id":"a","name":"A","type":5}])") == "The type of package 1 (packages[0].type) must be text, not a number.");
  CHECK(refusal(R"([{"id":"a","name":"A"},{"id":"a","name":"B"}])") ==
        "Package 2 of the catalogue (packages[1].id) repeats the id a.");
  CHECK(package_catalogue::parse("[").code() == error_code::malformed_json);
  CHECK(package_catalogue::parse(R"([{"id":"a"}])").code() == error_code::invalid_input);
}
