// ak_catalogue_new/free and ak_map_options.catalogue: a catalogue parsed once, mapped with many
// times, from any thread.
#include <catch2/catch.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "capi_support.hpp"

using namespace capi_test;

namespace {

constexpr const char *package_name_pointer = "/eventData/candidateAssessment/assessmentPackage/name";

/// Frees a catalogue when it goes out of scope.
struct catalogue_deleter {
  void operator()(ak_catalogue *catalogue) const { ak_catalogue_free(catalogue); }
};
using catalogue_handle = std::unique_ptr<ak_catalogue, catalogue_deleter>;

catalogue_handle fixture_catalogue() {
  ak_catalogue *catalogue = nullptr;
  REQUIRE(ak_catalogue_new(read_fixture("packages.json").c_str(), &catalogue) == AK_OK);
  REQUIRE(catalogue != nullptr);
  return catalogue_handle(catalogue);
}

std::string map_fixture_start(const ak_map_options &options) {
  return mapped(ak_map_start, read_fixture("ashby-assessment-start.json"), &options);
}

/// Checks that ak_catalogue_new refuses `json` with `expected`, naming `named`, and leaves its
/// output alone.
void check_new_refused(const char *json, ak_status expected, const char *named) {
  ak_catalogue *out = reinterpret_cast<ak_catalogue *>(untouched_marker());
  CHECK_FAILS_WITH(ak_catalogue_new(json, &out), expected);
  CHECK_THAT(last_error(), Catch::Contains(named));
  CHECK(out == reinterpret_cast<ak_catalogue *>(untouched_marker()));
}

}  // namespace

TEST_CASE("a catalogue handle maps a start to the same bytes as its JSON", "[capi]") {
  const catalogue_handle catalogue = fixture_catalogue();
  const std::string packages = read_fixture("packages.json");
  const std::string from_json = map_fixture_start(map_options(fixture_assessment_id, start_now_ms, packages.c_str()));
  ak_map_options with_handle = map_options(fixture_assessment_id, start_now_ms);
  with_handle.catalogue = catalogue.get();
  const std::string from_handle = map_fixture_start(with_handle);

  CHECK(json_string_at(from_handle, package_name_pointer) == "Frontend Engineer Assessment");
  // The eventId's suffix is random; every other byte is the same.
  CHECK(replace_once(from_handle, json_string_at(from_handle, "/eventId"), json_string_at(from_json, "/eventId")) ==
        from_json);
}

TEST_CASE("one catalogue serves many threads at once", "[capi]") {
  const catalogue_handle catalogue = fixture_catalogue();
  constexpr int threads = 4;
  constexpr int maps_per_thread = 50;
  // The workers touch no assertion (Catch's are for one thread); the main thread checks after.
  const std::string body = read_fixture("ashby-assessment-start.json");
  ak_map_options options = map_options(nullptr, start_now_ms);
  options.catalogue = catalogue.get();
  std::vector<int> named(threads, 0);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < maps_per_thread; ++i) {
        char *event = nullptr;
        if (ak_map_start(body.data(), body.size(), &options, &event) != AK_OK) continue;
        named[t] += std::string(event).find("\"name\":\"Frontend Engineer Assessment\"") != std::string::npos;
        ak_string_free(event);
      }
    });
  }
  for (auto &worker : workers) worker.join();
  for (int t = 0; t < threads; ++t) CHECK(named[t] == maps_per_thread);
}

TEST_CASE("ak_catalogue_new refuses NULL and bad catalogues, naming the problem", "[capi]") {
  check_new_refused(nullptr, AK_ERR_INVALID_ARGUMENT, "packages_json");
  check_new_refused("{}", AK_ERR_MALFORMED_JSON, "list of packages");
  check_new_refused("[1,", AK_ERR_MALFORMED_JSON, "JSON");
  check_new_refused(R"([{"id": "p1"}])", AK_ERR_INVALID_INPUT, "packages[0].name");
  check_new_refused(R"([{"id": "p1", "name": "A"}, {"id": "p1", "name": "B"}])", AK_ERR_INVALID_INPUT, "repeats");
  CHECK_FAILS_WITH(ak_catalogue_new("[]", nullptr), AK_ERR_INVALID_ARGUMENT);
}

TEST_CASE("an empty catalogue maps every package to null details", "[capi]") {
  ak_catalogue *catalogue = nullptr;
  REQUIRE(ak_catalogue_new("[]", &catalogue) == AK_OK);
  const catalogue_handle owned(catalogue);
  ak_map_options options = map_options(nullptr, start_now_ms);
  options.catalogue = catalogue;
  CHECK(map_fixture_start(options).find("\"name\":null") != std::string::npos);
}

TEST_CASE("a catalogue given both ways is refused", "[capi]") {
  const catalogue_handle catalogue = fixture_catalogue();
  const std::string packages = read_fixture("packages.json");
  ak_map_options options = map_options(nullptr, start_now_ms, packages.c_str());
  options.catalogue = catalogue.get();
  check_refused(ak_map_start, read_fixture("ashby-assessment-start.json"), &options, AK_ERR_INVALID_ARGUMENT);
  CHECK_THAT(last_error(), Catch::Contains("both set"));
}

TEST_CASE("a struct_size that ends before catalogue leaves the handle unread", "[capi]") {
  const catalogue_handle catalogue = fixture_catalogue();
  const std::string packages = read_fixture("packages.json");
  // Read, the handle would be refused alongside packages_json.
  ak_map_options options = map_options(nullptr, start_now_ms, packages.c_str());
  options.catalogue = catalogue.get();
  options.struct_size = offsetof(ak_map_options, catalogue);
  CHECK(json_string_at(map_fixture_start(options), package_name_pointer) == "Frontend Engineer Assessment");
}

TEST_CASE("ak_catalogue_free takes NULL", "[capi]") { ak_catalogue_free(nullptr); }
