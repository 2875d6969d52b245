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

/// Aborts unless the one-pass mapper's outcome is the two-step mapper's: the same event, byte
/// for byte, or the same error code and message.
void require_same_outcome(const result<knit_event> &two_steps, const result<knit_event> &one_pass);

/// Maps `body` in one pass (`map_body`) and in two steps (`parse`, then `map` when it parses),
/// with deterministic_map_options(): aborts unless both agree, and unless a body that parses
/// maps to a valid event.
template <typename Request>
void require_mappers_agree(std::string_view body, result<Request> (*parse)(std::string_view, const json_limits &),
                           result<knit_event> (*map)(const Request &, const map_options &),
                           result<knit_event> (*map_body)(std::string_view, const map_options &, const json_limits &)) {
  const result<knit_event> one_pass = map_body(body, deterministic_map_options(), json_limits{});
  auto request = parse(body, json_limits{});
  if (!request.ok()) {
    require_same_outcome(request.failure(), one_pass);
    return;
  }
  const result<knit_event> two_steps = map(request.value(), deterministic_map_options());
  require_valid_event(two_steps);
  require_same_outcome(two_steps, one_pass);
}

}  // namespace ashbyknit::fuzz
