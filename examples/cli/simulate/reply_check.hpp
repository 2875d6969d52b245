// Checks a reply from the bridge against the one protocol §2 prescribes: status, Content-Type and the
// shape of the body.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "calls.hpp"

namespace ashbyknit::cli::simulation {

/// A reply as it came back. Views into the HTTP client's response.
struct reply {
  int status = 0;
  std::string_view content_type;  ///< "" when the reply had no Content-Type header
  std::string_view body;
};

/// What checking a reply found.
struct verdict {
  bool replied = true;        ///< false when the call got no reply at all
  std::string problem;        ///< what is wrong with the reply, in a few words; empty when nothing is
  std::string assessment_id;  ///< results.assessment_id of an expected reply of shape assessment_id
  std::vector<std::string> assessment_type_ids;  ///< the listed types of an expected reply of shape assessment_types
};

/// Checks `got` against `expected`. `parser` is reused from call to call (one per thread), so
/// that checking allocates nothing once it has seen the largest reply.
verdict check_reply(const reply &got, const expectation &expected, simdjson::dom::parser &parser);

}  // namespace ashbyknit::cli::simulation
