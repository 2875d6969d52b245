#include <catch2/catch.hpp>

#include "ashbyknit/store_json.hpp"

using namespace ashbyknit;

TEST_CASE("An integration renders as one object, and a list as those objects in order", "[store-json]") {
  const integration_info acme{"acme", 1'800'000'000'000, 2, true, false};
  const integration_info globex{"globex", 1'800'000'000'001, 0, false, true};
  CHECK(to_json(acme) ==
        R"({"id":"acme","createdMs":1800000000000,"activeKeys":2,"ashbyKeySet":true,"enrichCandidates":false})");
  CHECK(to_json(globex) ==
        R"({"id":"globex","createdMs":1800000000001,"activeKeys":0,"ashbyKeySet":false,"enrichCandidates":true})");
  CHECK(to_json(std::vector<integration_info>{acme, globex}) == "[" + to_json(acme) + "," + to_json(globex) + "]");
  CHECK(to_json(std::vector<integration_info>{}) == "[]");
}
