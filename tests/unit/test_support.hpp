// Helpers shared by the unit tests: fixtures, pinned sources, and JSON comparison.
#pragma once

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "ashbyknit/sources.hpp"

namespace ashbyknit::test {

/// The bytes of the file at `path`; "" when it cannot be read.
inline std::string read_file(const std::string &path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

/// The bytes of tests/fixtures/<name>.
inline std::string read_fixture(std::string_view name) {
  return read_file(std::string(AK_FIXTURES_DIR) + "/" + std::string(name));
}

/// A clock that always reads `now_ms`.
inline clock_source pinned_clock(std::int64_t now_ms) {
  return [now_ms] { return now_ms; };
}

/// A deterministic "random" source: the bytes seed, seed + 1, ... so tests can predict output.
inline random_source counting_random(unsigned char seed = 0) {
  return [next = seed](unsigned char *out, std::size_t size) mutable {
    for (std::size_t i = 0; i < size; ++i) out[i] = next++;
    return true;
  };
}

/// A source that always fails, as a broken CSPRNG would.
inline random_source failing_random() {
  return [](unsigned char *, std::size_t) { return false; };
}

/// `json` re-serialised by simdjson with object keys sorted, so that two documents compare
/// equal when they hold the same values whatever their key order and spacing.
std::string canonical_json(std::string_view json);

}  // namespace ashbyknit::test
