#include "basic_auth.hpp"

#include "ashbyknit/http.hpp"
#include "base_encoding.hpp"

namespace ashbyknit::detail {

std::optional<std::string> basic_auth_key(std::string_view authorization) {
  constexpr std::string_view scheme = "basic";
  if (authorization.size() <= scheme.size() || !header_name_equals(authorization.substr(0, scheme.size()), scheme) ||
      authorization[scheme.size()] != ' ') {
    return std::nullopt;
  }
  std::string_view encoded = authorization.substr(scheme.size());
  while (!encoded.empty() && (encoded.front() == ' ' || encoded.front() == '\t')) encoded.remove_prefix(1);
  while (!encoded.empty() && (encoded.back() == ' ' || encoded.back() == '\t')) encoded.remove_suffix(1);
  std::string credentials;
  if (encoded.empty() || !base64_decode(encoded, credentials)) return std::nullopt;
  const auto colon = credentials.find(':');
  if (colon == std::string::npos) return std::nullopt;
  std::string key = colon > 0 ? credentials.substr(0, colon) : credentials.substr(colon + 1);
  if (key.empty()) return std::nullopt;
  return key;
}

}  // namespace ashbyknit::detail
