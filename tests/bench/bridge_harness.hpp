// A bridge on a fresh store for one benchmark run, with an integration, its key, and requests
// authorised with that key as Ashby sends them. The bridge signs events, so that a delivery
// engine can run over it; the signing key costs the calls nothing, since it signs only events
// that go out.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "ashbyknit/bridge.hpp"
#include "ashbyknit/http.hpp"
#include "ashbyknit/result.hpp"
#include "benchmarks.hpp"

namespace ashbyknit::bench {

/// The base URL the harness's bridge serves, and the paths of the calls timed against it.
inline constexpr std::string_view harness_base_url = "https://hooks.vendor.example/ashby/";
inline constexpr std::string_view start_path = "/ashby/assessment.start";
inline constexpr std::string_view cancel_path = "/ashby/assessment.cancel";

/// True when the bridge accepted a call: status 200 with Ashby's success envelope (a cancel of
/// an unknown assessment is a 200 too, but with "success":false).
bool accepted(const http_response &reply);

/// Owns the bridge and, for a store on file, the directory holding the store's files, which it
/// removes with everything in it on destruction. Neither copyable nor movable: the request it
/// sends points into it.
class bridge_harness {
 public:
  /// Opens a bridge that signs events, on a new store (a file in a new temporary directory, or
  /// memory) with `packages_json` as its catalogue, then creates an integration and issues its
  /// key. Fails as bridge::open and the store's administration fail, or with
  /// error_code::store_error when the directory cannot be made.
  static result<std::unique_ptr<bridge_harness>> open(const bridge_store &store, const std::string &packages_json);

  ~bridge_harness();
  bridge_harness(const bridge_harness &) = delete;
  bridge_harness &operator=(const bridge_harness &) = delete;

  /// POSTs `body` to `path` with the integration's key. One request object serves every call,
  /// so that a call allocates only what the bridge itself allocates.
  http_response call(std::string_view path, std::string_view body);

  ashbyknit::bridge &bridge() noexcept { return *bridge_; }

 private:
  bridge_harness() = default;

  std::filesystem::path directory_;  ///< empty for a store in memory
  std::unique_ptr<ashbyknit::bridge> bridge_;
  std::string authorization_;
  http_request request_;
};

}  // namespace ashbyknit::bench
