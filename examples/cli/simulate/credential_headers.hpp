// The Authorization headers a simulation presents (protocol §2.1), made once before the calls.
#pragma once

#include <httplib.h>

#include <array>
#include <string_view>

#include "ashbyknit/result.hpp"
#include "calls.hpp"

namespace ashbyknit::cli::simulation {

/// The request headers for each kind of credentials.
class credential_headers {
 public:
  /// The headers for `secret_key`, the integration's key, and for keys that no integration
  /// holds, issued here and then forgotten. Fails with error_code::internal when the system's
  /// random source does.
  static result<credential_headers> make(std::string_view secret_key);

  /// The headers a call presenting `presented` sends.
  const httplib::Headers &of(credentials presented) const { return headers_[static_cast<std::size_t>(presented)]; }

 private:
  std::array<httplib::Headers, credentials_count> headers_;
};

}  // namespace ashbyknit::cli::simulation
