// What `ashbyknit receive --ashby-key-file` does with each call to Ashby's API that the bridge
// makes (protocol §5: assessment.update and assessment.addCompletedToCandidate): answers it as
// Ashby's API would, checking the credentials, the headers and the body, refusing a share of the
// calls as a failing API would, and recording what it accepted.
#pragma once

#include <httplib.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

#include "body_file.hpp"
#include "refusals.hpp"

namespace ashbyknit::cli {

/// One of Ashby's methods that the receiver plays: how its body is checked, and how its lines
/// show it (defined beside the answers).
struct ashby_method;

/// Ashby's `POST /assessment.update` and `POST /assessment.addCompletedToCandidate`. Answers from
/// many threads at once.
class ashby_api_receiver {
 public:
  /// Accepts the calls that authenticate with Basic `api_key` (the user name; the password
  /// empty); refuses a share `fail_rate` (0 to 1) of the valid ones with a 500; appends each
  /// accepted body to `out`. `api_key` is not empty.
  ashby_api_receiver(const std::string &api_key, double fail_rate, body_file out);

  /// Answers one update, every answer with an x-ashby-request-id header and Ashby's JSON. Missing
  /// or other credentials are a 401 with a line on stderr. Otherwise a line on stdout: "update",
  /// the assessment id, its status value (or "cancelled"), "result" when it carries one, and
  /// "ts=<timestamp>", then "refused (500)" for the failed share; an update that breaks protocol §5
  /// (the Content-Type, Accept and User-Agent headers, or a body that parse_assessment_update
  /// refuses or that has no timestamp) is answered 200 with success false and shown as "update
  /// <id or -> violation: <what is wrong>". A 500 and a line on stderr when `out` cannot be written.
  void answer_update(const httplib::Request &request, httplib::Response &response);

  /// Answers one assessment.addCompletedToCandidate as answer_update answers an update, its line
  /// "completed", the assessment.assessmentId, "result=" and the result's value, and
  /// "ts=<timestamp>"; its body is checked with parse_completed_assessment and must have a
  /// timestamp, a violation shown as "completed <assessmentId or -> violation: <what is wrong>".
  void answer_completed(const httplib::Request &request, httplib::Response &response);

 private:
  /// Answers one call of `method`, as answer_update describes.
  void answer(const ashby_method &method, const httplib::Request &request, httplib::Response &response);

  std::string authorization_;  // the Authorization header Ashby expects: it holds the key
  std::atomic<std::uint64_t> requests_{0};  // how many came: each answer's x-ashby-request-id counts them
  std::mutex mutex_;  // guards what follows, and keeps out_ lines whole
  body_file out_;
  refusal_share refusals_;
};

}  // namespace ashbyknit::cli
