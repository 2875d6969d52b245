// What `ashbyknit receive` does with each POST: checks the signature, refuses a share of the
// events as a failing webhook would, dedupes on eventId, and records what it accepted.
#pragma once

#include <httplib.h>

#include <cstdio>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <string_view>

namespace ashbyknit::cli {

/// A webhook for Knit events. Answers from many threads at once.
class webhook_receiver {
 public:
  /// Checks X-Knit-Signature with `signing_key`; refuses a share `fail_rate` (0 to 1) of the
  /// signed events with a 500; appends each newly accepted body as one line to `out` when it is
  /// not null (the caller keeps it open while the receiver answers; `out_name` names it in
  /// messages).
  webhook_receiver(std::string signing_key, double fail_rate, std::FILE *out, std::string out_name);

  /// Answers one delivery, logging it: a line on stdout for each signed event ("duplicate" when its
  /// eventId was accepted before, "refused (500)" for the failed share), a line on stderr for a
  /// request refused otherwise (401 for a missing or bad signature, 400 for a body without an
  /// eventId, 500 when `out` cannot be written).
  void answer(const httplib::Request &request, httplib::Response &response);

 private:
  /// Logs `problem` on stderr for `request`, and answers it with `status`.
  static void refuse(const httplib::Request &request, httplib::Response &response, int status,
                     std::string_view problem);

  /// Appends `body` and a newline to `out_`, flushed; false when that fails.
  bool record(std::string_view body);

  std::string signing_key_;
  std::FILE *out_;
  std::string out_name_;
  std::mutex mutex_;  // guards what follows, and keeps out_ lines whole and in the order of seen_
  std::mt19937_64 random_;
  std::bernoulli_distribution refusal_;
  std::set<std::string> seen_;
};

}  // namespace ashbyknit::cli
