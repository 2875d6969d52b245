#include <catch2/catch.hpp>

#include <regex>
#include <set>

#include "ashbyknit/ids.hpp"
#include "test_support.hpp"

using namespace ashbyknit;

TEST_CASE("assessment ids are ats_ass_ and 21 characters of [a-z0-9]", "[ids]") {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = mint_assessment_id().value();
    REQUIRE(std::regex_match(id, std::regex("ats_ass_[a-z0-9]{21}")));
    ids.insert(id);
  }
  CHECK(ids.size() == 1000);
}

TEST_CASE("event ids are evt_, 13 digits of ms and a random suffix", "[ids]") {
  const std::string first = mint_event_id(1734567890123).value();
  const std::string second = mint_event_id(1734567890123).value();
  CHECK(std::regex_match(first, std::regex("evt_1734567890123[a-z0-9]{10}")));
  CHECK(first != second);
}

TEST_CASE("a failing random source or a clock out of range fails minting", "[ids]") {
  CHECK(mint_assessment_id(test::failing_random()).code() == error_code::internal);
  CHECK(mint_event_id(1734567890123, test::failing_random()).code() == error_code::internal);
  CHECK(mint_event_id(999999999999).code() == error_code::invalid_argument);
  CHECK(mint_event_id(10000000000000).code() == error_code::invalid_argument);
  CHECK(mint_event_id(-1).code() == error_code::invalid_argument);
}
