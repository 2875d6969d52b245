// Authenticating an Ashby call: a presented secret key checked against its stored hash.
#include <benchmark/benchmark.h>

#include <string>
#include <utility>

#include "ashbyknit/secrets.hpp"
#include "benchmarks.hpp"

namespace ashbyknit::bench {
namespace {

void match(benchmark::State &state, const std::string &secret_key, const std::string &key_hash) {
  for (auto _ : state) {
    if (!secret_matches(secret_key, key_hash)) {
      state.SkipWithError("An issued key does not match its own hash.");
      break;
    }
  }
}

}  // namespace

status register_secret_benchmarks() {
  auto issued = issue_secret("benchmark-integration", "https://hooks.example.com/ashby/");
  if (!issued.ok()) return std::move(issued).failure();
  benchmark::RegisterBenchmark("secret_matches", match, issued.value().secret_key, issued.value().key_hash);
  return {};
}

}  // namespace ashbyknit::bench
