// A bridge on a fresh store for one benchmark run, with an integration, its key, and requests
// authorised with that key as Ashby sends them. The bridge signs events, and the integration
// has an Ashby API key sealed under a master key, so that a delivery engine can run over it and
// reports can be queued for it; neither key costs the calls anything, since they are only used
// for what goes out.
#pragma once

#include <benchmark/benchmark.h>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ashbyknit/bridge.hpp"
#include "ashbyknit/http.hpp"
#include "ashbyknit/result.hpp"
#include "benchmarks.hpp"
#include "request_bodies.hpp"

namespace ashbyknit::bench {

/// The base URL the harness's bridge serves, and the paths of the calls timed against it.
inline constexpr std::string_view harness_base_url = "https://hooks.vendor.example/ashby/";
inline constexpr std::string_view start_path = "/ashby/assessment.start";
inline constexpr std::string_view cancel_path = "/ashby/assessment.cancel";
/// The integration the harness creates, which every call is authorised for.
inline constexpr std::string_view harness_integration_id = "benchmark-integration";

/// True when the bridge accepted a call: status 200 with Ashby's success envelope (a cancel of
/// an unknown assessment is a 200 too, but with "success":false).
bool accepted(const http_response &reply);

/// Owns the bridge and, for a store on file, the directory holding the store's files, which it
/// removes with everything in it on destruction. Neither copyable nor movable: the request it
/// sends points into it.
class bridge_harness {
 public:
  /// Opens a bridge that signs events, on a new store (a file in a new temporary directory, or
  /// memory) with `packages_json` as its catalogue and a master key, then creates
  /// harness_integration_id, issues its key and sets its Ashby API key. Fails as bridge::open and
  /// the store's administration fail, or with error_code::store_error when the directory cannot
  /// be made.
  static result<std::unique_ptr<bridge_harness>> open(const bridge_store &store, const std::string &packages_json);

  ~bridge_harness();
  bridge_harness(const bridge_harness &) = delete;
  bridge_harness &operator=(const bridge_harness &) = delete;

  /// POSTs `body` to `path` with the integration's key. One request object serves every call,
  /// so that a call allocates only what the bridge itself allocates.
  http_response call(std::string_view path, std::string_view body);

  /// As call(), for threads calling at once: each call copies the request for its own use (a few
  /// small allocations). Safe from any number of threads, but not beside call().
  http_response call_concurrently(std::string_view path, std::string_view body) const;

  ashbyknit::bridge &bridge() noexcept { return *bridge_; }

 private:
  bridge_harness() = default;

  std::filesystem::path directory_;  ///< empty for a store in memory
  std::unique_ptr<ashbyknit::bridge> bridge_;
  std::string authorization_;
  http_request request_;
};

/// A bridge on a fresh store in `store` for this run (each run of a benchmark starts from an
/// empty store), or nothing after stopping the benchmark with the reason.
std::unique_ptr<bridge_harness> open_harness(benchmark::State &state, const bridge_store &store,
                                             const bridge_fixtures &fixtures);

/// Starts `count` new assessments through `harness` with the next bodies of `starts`, each of
/// which puts one record.new event in the outbox, and gives their ids in the order started.
/// error_code::internal with the bridge's reply when it refuses a start or its reply names no
/// assessment.
result<std::vector<std::string>> start_assessments(bridge_harness &harness, numbered_starts &starts,
                                                   std::size_t count);

}  // namespace ashbyknit::bench
