// The baseline: parsing a body with simdjson and nothing else.
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <string>

#include "benchmarks.hpp"

namespace ashbyknit::bench {
namespace {

/// Parses `body` as the library does: one parser reused across calls, and the body passed as
/// (pointer, length) so that simdjson copies it into the parser's padded buffer.
void parse_body(benchmark::State &state, const std::string &body) {
  simdjson::dom::parser parser;
  for (auto _ : state) {
    simdjson::dom::element root;
    if (parser.parse(body.data(), body.size()).get(root) != simdjson::SUCCESS) {
      state.SkipWithError("simdjson rejects the fixture.");
      break;
    }
    // Reading the root keeps the compiler from discarding the parse.
    benchmark::DoNotOptimize(root.type());
  }
}

}  // namespace

void register_parse_benchmarks(const fixture_bodies &fixtures) {
  benchmark::RegisterBenchmark("parse_start", parse_body, fixtures.start);
  benchmark::RegisterBenchmark("parse_cancel", parse_body, fixtures.cancel);
}

}  // namespace ashbyknit::bench
