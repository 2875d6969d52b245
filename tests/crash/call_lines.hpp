// The crash host's line protocol: one of Ashby's calls per line of stdin, one reply per line of
// stdout, both compact JSON.
#pragma once

#include <string>
#include <string_view>

#include "ashbyknit/http.hpp"
#include "ashbyknit/result.hpp"

namespace ashbyknit::crash {

/// One call as the driver writes it: {"op":"start","body":"<the JSON Ashby sends>"}.
struct ashby_call {
  std::string operation;  ///< "assessment." + op: "assessment.start", "assessment.cancel", ...
  std::string body;       ///< the request body, byte for byte
};

/// The call on `line`. Fails with error_code::malformed_json when the line is not an object with
/// the strings "op" and "body".
result<ashby_call> parse_call_line(std::string_view line);

/// The line reporting `reply`, without its newline: {"status":200,"body":"<the reply body>"}.
std::string reply_line(const http_response &reply);

}  // namespace ashbyknit::crash
