// Signing and verifying an event as delivery does: HMAC-SHA256 over the exact event bytes.
#include <benchmark/benchmark.h>

#include <string>
#include <string_view>
#include <utility>

#include "ashbyknit/ashby.hpp"
#include "ashbyknit/catalogue.hpp"
#include "ashbyknit/knit_signature.hpp"
#include "ashbyknit/mapping.hpp"
#include "benchmarks.hpp"
#include "fixtures.hpp"

namespace ashbyknit::bench {
namespace {

constexpr std::string_view signing_key = "benchmark-signing-key-of-32-byte";

/// The record.new event of the start fixture, with Knit's example id and time pinned so that
/// every run signs the same bytes.
result<std::string> record_new_bytes(const fixture_bodies &fixtures) {
  auto catalogue = package_catalogue::parse(fixtures.packages);
  if (!catalogue.ok()) return std::move(catalogue).failure();
  auto request = parse_start_request(fixtures.start);
  if (!request.ok()) return std::move(request).failure();
  map_options options;
  options.packages = &catalogue.value();
  options.assessment_id = example_assessment_id;
  options.clock = [] { return example_now_ms; };
  auto event = map_start(request.value(), options);
  if (!event.ok()) return std::move(event).failure();
  return std::move(event).value().json;
}

void sign(benchmark::State &state, const std::string &body) {
  for (auto _ : state) {
    std::string signature;
    if (knit_sign(signing_key, body).get(signature) != error_code::ok) {
      state.SkipWithError("knit_sign fails.");
      break;
    }
    benchmark::DoNotOptimize(signature.data());
  }
}

void verify(benchmark::State &state, const std::string &body, const std::string &signature) {
  for (auto _ : state) {
    if (!knit_verify(signing_key, body, signature)) {
      state.SkipWithError("knit_verify rejects a signature knit_sign made.");
      break;
    }
  }
}

}  // namespace

status register_signature_benchmarks(const fixture_bodies &fixtures) {
  auto body = record_new_bytes(fixtures);
  if (!body.ok()) return std::move(body).failure();
  auto signature = knit_sign(signing_key, body.value());
  if (!signature.ok()) return std::move(signature).failure();
  benchmark::RegisterBenchmark("knit_sign", sign, body.value());
  benchmark::RegisterBenchmark("knit_verify", verify, body.value(), signature.value());
  return {};
}

}  // namespace ashbyknit::bench
