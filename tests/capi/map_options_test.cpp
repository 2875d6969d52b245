// ak_map_options: NULL for defaults, each field, and struct_size as the struct's version.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "capi_support.hpp"

using namespace capi_test;

namespace {

/// ak_map_options as a header that had only its first two fields declared it.
struct older_map_options {
  size_t struct_size;
  const char *assessment_id;
};
static_assert(offsetof(older_map_options, assessment_id) == offsetof(ak_map_options, assessment_id));

std::int64_t system_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string map_start_with(const ak_map_options *options) {
  return mapped(ak_map_start, read_fixture("ashby-assessment-start.json"), options);
}

void check_options_refused(const ak_map_options &options, const char *named) {
  check_refused(ak_map_start, read_fixture("ashby-assessment-start.json"), &options, AK_ERR_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Catch::Contains(named));
}

/// Checks that `event` was stamped by the system clock, between `before` and now.
void check_system_clock(const std::string &event, std::int64_t before) {
  const std::int64_t triggered_at = json_int_at(event, "/triggeredAt");
  CHECK(triggered_at >= before);
  CHECK(triggered_at <= system_now_ms());
}

}  // namespace

TEST_CASE("NULL options mint the id and read the system clock", "[capi]") {
  const std::int64_t before = system_now_ms();
  const std::string first = map_start_with(nullptr);
  check_system_clock(first, before);
  CHECK(is_prefix_then(json_string_at(first, "/recordId"), "ats_ass_", 21, lower_alphanumerics));
  CHECK(json_string_at(map_start_with(nullptr), "/recordId") != json_string_at(first, "/recordId"));

  check_system_clock(mapped(ak_map_cancel, read_fixture("ashby-assessment-cancel.json"), nullptr), before);
}

TEST_CASE("each option is used", "[capi]") {
  const std::string packages = read_fixture("packages.json");
  const ak_map_options options = map_options(fixture_assessment_id, start_now_ms, packages.c_str());
  const std::string event = map_start_with(&options);
  CHECK(json_string_at(event, "/recordId") == fixture_assessment_id);
  CHECK(json_int_at(event, "/triggeredAt") == start_now_ms);
  CHECK(json_string_at(event, "/eventData/candidateAssessment/assessmentPackage/name") ==
        "Frontend Engineer Assessment");
}

TEST_CASE("an options struct from an older header is read only as far as its struct_size", "[capi]") {
  const std::int64_t before = system_now_ms();
  SECTION("a struct of the older size, on the heap so that reading past it is caught") {
    auto older = std::make_unique<older_map_options>();
    older->struct_size = sizeof(older_map_options);
    older->assessment_id = fixture_assessment_id;
    const std::string event = map_start_with(reinterpret_cast<const ak_map_options *>(older.get()));
    CHECK(json_string_at(event, "/recordId") == fixture_assessment_id);
    CHECK(json_int_at(event, "/triggeredAt") >= before);
  }
  SECTION("the fields past struct_size hold values that would fail if read") {
    ak_map_options options = map_options(fixture_assessment_id, 1, "not a catalogue");
    options.struct_size = offsetof(ak_map_options, now_ms);
    CHECK(json_string_at(map_start_with(&options), "/recordId") == fixture_assessment_id);
    options.struct_size = offsetof(ak_map_options, packages_json);
    options.now_ms = start_now_ms;
    CHECK(json_int_at(map_start_with(&options), "/triggeredAt") == start_now_ms);
  }
}

TEST_CASE("a struct_size larger than this header's, or too small to hold itself, is refused", "[capi]") {
  for (const size_t size : {sizeof(ak_map_options) + 1, sizeof(ak_map_options) + 64, size_t{0}, sizeof(size_t) - 1}) {
    INFO("struct_size " << size);
    ak_map_options options = map_options(nullptr, start_now_ms);
    options.struct_size = size;
    check_options_refused(options, "struct_size");
  }
}

TEST_CASE("a malformed assessment id, clock or catalogue is refused", "[capi]") {
  check_options_refused(map_options("ass_123", start_now_ms), "assessment id");
  check_options_refused(map_options("ats_ass_has space", start_now_ms), "assessment id");
  check_options_refused(map_options(nullptr, 5), "13 digits");
  check_options_refused(map_options(nullptr, -start_now_ms), "13 digits");
  check_options_refused(map_options(nullptr, start_now_ms, "{}"), "catalogue");
  check_options_refused(map_options(nullptr, start_now_ms, R"([{"id": "p1"}])"), "packages[0].name");
}

TEST_CASE("an empty assessment id is refused: only NULL mints one", "[capi]") {
  check_options_refused(map_options("", start_now_ms), "assessment_id is empty");
}

TEST_CASE("ak_map_cancel ignores the start-only options, as the header says", "[capi]") {
  const ak_map_options options = map_options("not an id", cancel_now_ms, "not a catalogue");
  const std::string event = mapped(ak_map_cancel, read_fixture("ashby-assessment-cancel.json"), &options);
  CHECK(json_int_at(event, "/triggeredAt") == cancel_now_ms);
}
