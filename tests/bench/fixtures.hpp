// The fixture bodies the benchmarks run on, read once before any benchmark starts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ashbyknit/result.hpp"

namespace ashbyknit::bench {

/// The assessment id and the time of Knit's example record.new event, which the start fixture
/// maps to (tests/fixtures/README.md), for benchmarks that pin them.
inline constexpr std::string_view example_assessment_id = "ats_ass_a1b2c3d4e5f6g7h8i9j0k";
inline constexpr std::int64_t example_now_ms = 1734567890123;

/// The contents of tests/fixtures that the benchmarks use.
struct fixture_bodies {
  std::string start;     ///< ashby-assessment-start.json
  std::string cancel;    ///< ashby-assessment-cancel.json
  std::string packages;  ///< packages.json
};

/// The fixtures directory: the value of `--ak_fixtures_dir=DIR` (which is removed from argv, so
/// that Google Benchmark does not see an unknown flag), else the environment variable
/// AK_FIXTURES_DIR, else the directory compiled in.
std::string fixtures_directory(int &argc, char **argv);

/// Reads the fixture files from `directory`. Fails with error_code::invalid_argument naming the
/// file that cannot be read.
result<fixture_bodies> load_fixtures(const std::string &directory);

}  // namespace ashbyknit::bench
