// One connection to the bridge, as one of Ashby's workers holds it: it makes calls, times them,
// checks their replies and records both.
#pragma once

#include <httplib.h>
#include <simdjson.h>

#include <array>
#include <string>
#include <string_view>

#include "calls.hpp"
#include "credential_headers.hpp"
#include "reply_check.hpp"
#include "statistics.hpp"
#include "target.hpp"

namespace ashbyknit::cli::simulation {

/// A keep-alive HTTP client with its own parser and statistics. Used by one thread at a time;
/// `target` and `headers` must outlive it.
class connection {
 public:
  connection(const bridge_target &target, const credential_headers &headers);

  /// POSTs `body` to the operation with the credentials, checks the reply against `expected`
  /// and records the call (and the reply, when it is not as expected). Returns what checking
  /// found; a call without a reply has replied false and a problem.
  verdict call(call_kind kind, operation called, credentials presented, std::string_view body,
               const expectation &expected);

  /// call() with a prepared call's parts.
  verdict call(const prepared_call &prepared) {
    return call(prepared.kind, prepared.called, prepared.presented, prepared.body, prepared.expected);
  }

  /// What the calls made so far gave.
  statistics &recorded() { return recorded_; }

 private:
  httplib::Client client_;
  const credential_headers &headers_;
  std::array<std::string, operation_count> paths_;  ///< per operation, in the order of its enumerators
  simdjson::dom::parser parser_;
  statistics recorded_;
};

}  // namespace ashbyknit::cli::simulation
