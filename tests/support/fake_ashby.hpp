// A fake of Ashby's API for tests: an HTTP server on 127.0.0.1 that serves POST
// /assessment.update, /assessment.addCompletedToCandidate and /candidate.info, checks each request
// as Ashby would (protocol §5 and §7), answers as the test scripts it, and records everything it
// got and gave.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "loopback_receiver.hpp"

namespace ak_test {

/// How the fake answers a request that passes its checks. Every answer also carries an
/// x-ashby-request-id header; bodies are JSON and carry the same id as errorInfo.requestId.
struct ashby_answer {
  enum class kind {
    success,        ///< {"success":true,"results":{}}; for candidate.info, the candidate's results
    success_empty,  ///< no body
    error,          ///< {"success":false,"errorInfo":{"code","message","requestId"}}
    rate_limited,   ///< the error envelope, with Retry-After and X-RateLimit-Scope
  };
  kind what = kind::success;
  int http_status = 200;
  std::string code;       ///< errorInfo.code of an error or a rate limit
  std::string message;    ///< errorInfo.message of the same
  int retry_after_s = 0;  ///< Retry-After of a rate limit
  std::string scope;      ///< X-RateLimit-Scope of a rate limit
  int delay_ms = 0;       ///< waited before answering; cut short when the fake is destroyed

  /// 200 {"success":true,"results":{}}.
  static ashby_answer success();
  /// 200 with an empty body.
  static ashby_answer success_empty();
  /// 200 {"success":false,"errorInfo":{"code","message","requestId"}}: Ashby's usual refusal.
  static ashby_answer failure(std::string code, std::string message);
  /// `http_status` (401, 403, 500...) with the error envelope; its code names the status
  /// ("unauthorized", "forbidden", "internal_server_error"...).
  static ashby_answer status(int http_status);
  /// 429 with Retry-After: `retry_after_s` and X-RateLimit-Scope: `scope`, and the error envelope.
  static ashby_answer rate_limited(int retry_after_s, std::string scope);
  /// Waits `ms`, then answers as success() does.
  static ashby_answer slow(int ms);
};

/// One request and the answer it got.
struct ashby_exchange {
  received_request request;  ///< as it arrived: path, headers, body, arrival time
  std::string request_id;    ///< the x-ashby-request-id answered: "req_1" for the first request, then "req_2"...
  int status = 0;            ///< the HTTP status answered
  std::vector<std::pair<std::string, std::string>> reply_headers;  ///< Content-Type excepted
  std::string reply_body;
};

/// A request the fake turned down: for its credentials (401) or as a violation of protocol §5
/// (400).
struct ashby_problem {
  std::string request_id;
  std::string problem;  ///< what was wrong, naming the header or field ("timestamp: not an integer")
};

/// Listens on 127.0.0.1 on a free port from construction to destruction, on background threads.
/// Each POST is checked in this order and answered by the first that applies:
/// - the credentials: `Authorization: Basic base64(<api key>:)`, the scheme in any case; missing
///   or another key is answered 401 and recorded in refusals();
/// - the path (/assessment.update, /assessment.addCompletedToCandidate or /candidate.info), the
///   headers (Content-Type application/json, Accept application/json with version=1, a User-Agent
///   starting "ashbyknit/") and the body (protocol §5, with unknown fields refused, every text of
///   a completed assessment required, and blob identifiers unique across the call; candidate.info
///   takes {"id"} alone): any problem is recorded in violations(), one entry each, and answered
///   404 for another path, 400 otherwise;
/// - the script: the next scripted answer, or the default answer once the script has run out. A
///   success for candidate.info carries the results given to add_candidate for the id asked for,
///   or is Ashby's refusal {"success":false} with code not_found for an id never added.
/// Turned-down requests do not use up the script. Every member may be called from any thread.
/// Throws std::runtime_error when no port can be bound.
class fake_ashby {
 public:
  /// A fake that accepts `api_key` as the customer's Ashby API key; throws std::invalid_argument
  /// when it is empty.
  explicit fake_ashby(std::string api_key);
  /// Stops listening, cutting short the delays of answers in progress.
  ~fake_ashby() = default;
  fake_ashby(const fake_ashby &) = delete;
  fake_ashby &operator=(const fake_ashby &) = delete;

  /// "http://127.0.0.1:PORT/": the base URL that "assessment.update" (and the other method) is
  /// appended to.
  std::string url() const;

  /// Queues `answers` after those already scripted, for the requests that pass the checks.
  void script(std::vector<ashby_answer> answers);
  /// What candidate.info answers for `id`: `results_json`, a JSON object (Ashby's candidate),
  /// replacing any given before.
  void add_candidate(const std::string &id, std::string results_json);
  /// The answer once the script has run out; success() unless changed.
  void set_default_answer(ashby_answer answer);

  /// A copy of every request so far, in arrival order. A request is recorded, its answer decided,
  /// as soon as it has arrived; a slow answer is sent later.
  std::vector<ashby_exchange> requests() const;
  /// Waits until at least `count` requests have been recorded or `timeout` has passed; true in
  /// the first case.
  bool wait_for(std::size_t count, std::chrono::milliseconds timeout) const;
  /// Every protocol §5 problem found so far; a test of a correct client expects none.
  std::vector<ashby_problem> violations() const;
  /// Every request turned down for its credentials.
  std::vector<ashby_problem> refusals() const;

 private:
  reply answer(const received_request &request);

  const std::string expected_credentials_;  ///< base64(<api key>:)

  mutable std::mutex mutex_;
  mutable std::condition_variable answered_;
  std::deque<ashby_answer> script_;
  ashby_answer default_answer_ = ashby_answer::success();
  std::vector<ashby_exchange> exchanges_;
  std::vector<ashby_problem> violations_;
  std::vector<ashby_problem> refusals_;
  std::map<std::string, std::string> candidates_;  ///< candidate.info's results, by candidate id

  /// Declared last: destroyed first, so its threads stop before the state they use goes.
  loopback_receiver server_;
};

}  // namespace ak_test
