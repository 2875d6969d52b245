#include "fuzz_support.hpp"

#include <simdjson.h>

#include <cstdio>
#include <cstdlib>

namespace ashbyknit::fuzz {

random_source deterministic_random() {
  // Counting bytes wrap through the values random_text() rejects (252 and above for a 36-letter
  // alphabet), so every draw still makes progress.
  return [next = std::uint8_t{0}](unsigned char *out, std::size_t size) mutable {
    for (std::size_t i = 0; i < size; ++i) out[i] = next++;
    return true;
  };
}

map_options deterministic_map_options() {
  map_options options;
  options.clock = [] { return std::int64_t{1734567890123}; };
  options.random = deterministic_random();
  return options;
}

void require(bool holds, const char *property) {
  if (holds) return;
  std::fprintf(stderr, "property violated: %s\n", property);
  std::abort();
}

void require_valid_event(const result<knit_event> &event) {
  // The sources are pinned and valid, so mapping a request that parsed has no reason to fail.
  if (!event.ok()) std::fprintf(stderr, "mapping failed: %s\n", event.message().c_str());
  require(event.ok(), "a request that parses maps to an event");
  simdjson::dom::parser parser;
  simdjson::dom::object root;
  require(parser.parse(event.value().json).get(root) == simdjson::SUCCESS, "an event is a JSON object");
}

}  // namespace ashbyknit::fuzz
