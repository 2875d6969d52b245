// What `ashbyknit receive` does with each event: checks the signature, refuses a share of the
// events as a failing webhook would, dedupes on eventId, and records what it accepted.
#pragma once

#include <httplib.h>

#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "body_file.hpp"
#include "refusals.hpp"

namespace ashbyknit::cli {

/// A webhook for Knit events. Answers from many threads at once.
class webhook_receiver {
 public:
  /// Checks X-Knit-Signature with `signing_key` and, when `standard_keys` holds any (checked
  /// keys: whsec_, whsk_ or whpk_), the Standard Webhooks headers with them; refuses a share
  /// `fail_rate` (0 to 1) of the signed events with a 500; appends each newly accepted body to
  /// `out`.
  webhook_receiver(std::string signing_key, std::vector<std::string> standard_keys, double fail_rate, body_file out);

  /// Answers one delivery, logging it: a line on stdout for each signed event ("duplicate" when its
  /// eventId was accepted before, "refused (500)" for the failed share), a line on stderr for a
  /// request refused otherwise (401 for a missing or bad signature of either scheme, or a
  /// webhook-timestamp more than 5 minutes from the clock; 400 for a body without an
  /// eventId, 500 when `out` cannot be written).
  void answer(const httplib::Request &request, httplib::Response &response);

 private:
  std::string signing_key_;
  std::vector<std::string> standard_keys_;
  std::mutex mutex_;  // guards what follows, and keeps out_ lines whole and in the order of seen_
  body_file out_;
  refusal_share refusals_;
  std::set<std::string> seen_;
};

}  // namespace ashbyknit::cli
