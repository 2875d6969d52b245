// Where the simulated calls go: the bridge's public base URL, split for an HTTP client.
#pragma once

#include <string>
#include <string_view>

#include "ashbyknit/result.hpp"

namespace ashbyknit::cli::simulation {

/// The bridge as an HTTP client reaches it.
struct bridge_target {
  std::string base_url;   ///< normalised, ending in '/': "http://127.0.0.1:8080/ashby/"
  std::string origin;     ///< what a client connects to: "http://127.0.0.1:8080"
  std::string base_path;  ///< what a call's path starts with: "/ashby/"
};

/// The target behind `base_url`, the URL Ashby is given: absolute http or https, without query or
/// fragment. Fails with error_code::invalid_argument and a message naming the problem.
result<bridge_target> parse_target(std::string_view base_url);

}  // namespace ashbyknit::cli::simulation
