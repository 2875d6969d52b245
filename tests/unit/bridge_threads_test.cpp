// One bridge called from many threads at once (the header's thread-safety promise).
#include <catch2/catch.hpp>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "bridge_support.hpp"

using namespace ashbyknit;
using test::bridge_fixture;

TEST_CASE("8 threads making thousands of mixed calls leave a consistent store", "[bridge][threads]") {
  bridge_fixture fixture;
  constexpr int threads = 8;
  constexpr int applications_per_thread = 100;
  std::atomic<int> unexpected{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int a = 0; a < applications_per_thread; ++a) {
        // Every thread shares half of its applications with the next one, so starts race.
        const std::string application = "app_" + std::to_string((t * applications_per_thread + a * 2) % (threads * applications_per_thread));
        const http_response started = fixture.call("assessment.start", bridge_fixture::start_body(application));
        if (started.status != 200) {
          ++unexpected;
          continue;
        }
        if (fixture.call("assessment.list", "{}").status != 200) ++unexpected;
        const auto id = bridge_fixture::find_assessment_id(started);
        if (!id) ++unexpected;
        if (id && a % 3 == 0) {
          const http_response cancelled = fixture.call("assessment.cancel", R"({"assessment_id":")" + *id + "\"}");
          if (cancelled.status != 200 || cancelled.body.find("\"success\":true") == std::string::npos) ++unexpected;
        }
      }
    });
  }
  for (auto &worker : workers) worker.join();
  CHECK(unexpected == 0);

  // Every assessment has exactly one record.new, and one record.deleted when cancelled; at most
  // one assessment per application is active.
  const auto assessments = fixture.instance->store().list_assessments().value();
  std::int64_t cancelled = 0;
  std::set<std::string> active_applications;
  for (const auto &assessment : assessments) {
    if (assessment.status == "cancelled") {
      ++cancelled;
    } else {
      CHECK(active_applications.insert(assessment.application_id).second);
    }
  }
  CHECK(fixture.instance->store().count_events().value().pending == static_cast<std::int64_t>(assessments.size()) + cancelled);
  CHECK(assessments.size() >= static_cast<std::size_t>(threads * applications_per_thread / 2));
}
