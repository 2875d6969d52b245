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

void require_same_outcome(const result<knit_event> &two_steps, const result<knit_event> &one_pass) {
  require(two_steps.ok() == one_pass.ok(), "both mappers accept the same bodies");
  if (!two_steps.ok()) {
    require(two_steps.code() == one_pass.code() && two_steps.message() == one_pass.message(),
            "both mappers refuse a body with the same error");
    return;
  }
  const knit_event &expected = two_steps.value();
  const knit_event &actual = one_pass.value();
  require(expected.json == actual.json && expected.event_id == actual.event_id &&
              expected.event_type == actual.event_type && expected.record_id == actual.record_id &&
              expected.triggered_at_ms == actual.triggered_at_ms,
          "both mappers give the same event");
}

}  // namespace ashbyknit::fuzz
