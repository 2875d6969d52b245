#include "ashby_call_request.hpp"

#include <string>

#include "ashbyknit/version.hpp"
#include "base_encoding.hpp"

namespace ashbyknit::detail {

std::string ashby_call_url(std::string_view api_base, std::string_view method) {
  std::string url(api_base);
  if (url.empty() || url.back() != '/') url += '/';
  return url.append(method);
}

std::vector<http_header> ashby_call_headers(std::string_view api_key) {
  const std::string credentials = std::string(api_key) + ":";
  const auto *bytes = reinterpret_cast<const unsigned char *>(credentials.data());
  return {{"Content-Type", "application/json"},
          {"Accept", "application/json; version=1"},
          {"Authorization", "Basic " + base64_encode(bytes, credentials.size())},
          {"User-Agent", std::string("ashbyknit/") + version_string()}};
}

}  // namespace ashbyknit::detail
