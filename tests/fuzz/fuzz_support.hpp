// What the fuzz targets share: reading the input as text, pinned event sources, and checks
// that abort, so that libFuzzer (and the corpus replayer) report a broken property as a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ashbyknit/mapping.hpp"
#include "ashbyknit/result.hpp"
#include "ashbyknit/sources.hpp"

namespace ashbyknit::fuzz {

/// The fuzzer's bytes as the text the library takes.
inline std::string_view as_text(const std::uint8_t *data, std::size_t size) {
  return {reinterpret_cast<const char *>(data), size};
}

/// A random source that gives the same bytes on every run, so that a crash reproduces.
random_source deterministic_random();

/// Map options with Knit's example time for the clock and deterministic_random(), so that an
/// input maps to the same event every time.
map_options deterministic_map_options();

/// Aborts, naming `property`, when `holds` is false.
void require(bool holds, const char *property);

/// Aborts unless `event` holds an event whose body parses as a JSON object.
void require_valid_event(const result<knit_event> &event);

}  // namespace ashbyknit::fuzz
