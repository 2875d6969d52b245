// How `ashbyknit receive` refuses requests: a chosen share of them at random, as a failing server
// would, and the rest for a reason it logs.
#pragma once

#include <httplib.h>

#include <random>
#include <string_view>

namespace ashbyknit::cli {

/// Draws which requests to refuse so that a share of them, on average, are. Not thread-safe: a
/// receiver serialises its draws.
class refusal_share {
 public:
  /// Refuses a share `rate` (0 to 1) of the draws, seeded from the system's random device.
  explicit refusal_share(double rate);

  /// True when this request is one to refuse.
  bool draw() { return refusal_(random_); }

 private:
  std::mt19937_64 random_;
  std::bernoulli_distribution refusal_;
};

/// Logs "<method> <path> <status> <problem>" on stderr and sets the response's status. The caller
/// keeps secrets and bodies out of `problem`.
void refuse_request(const httplib::Request &request, httplib::Response &response, int status,
                    std::string_view problem);

}  // namespace ashbyknit::cli
