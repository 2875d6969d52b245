#include "ashbyknit/result.hpp"

namespace ashbyknit {

const char *error_code_name(error_code code) noexcept {
  switch (code) {
    case error_code::ok: return "ok";
    case error_code::invalid_argument: return "invalid_argument";
    case error_code::malformed_json: return "malformed_json";
    case error_code::invalid_input: return "invalid_input";
    case error_code::too_large: return "too_large";
    case error_code::too_deep: return "too_deep";
    case error_code::unauthenticated: return "unauthenticated";
    case error_code::internal: return "internal";
    case error_code::not_found: return "not_found";
    case error_code::conflict: return "conflict";
    case error_code::store_error: return "store_error";
  }
  return "unknown";
}

}  // namespace ashbyknit
