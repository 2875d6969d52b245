#include "http_url.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ashbyknit::detail {
namespace {

bool starts_with_ignoring_case(std::string_view text, std::string_view lower_prefix) {
  return text.size() >= lower_prefix.size() &&
         std::equal(lower_prefix.begin(), lower_prefix.end(), text.begin(),
                    [](char a, char b) { return a == (b >= 'A' && b <= 'Z' ? b - 'A' + 'a' : b); });
}

error bad_url(std::string_view what, std::string_view must) {
  return {error_code::invalid_argument, fmt::format("The {} {}.", what, must)};
}

}  // namespace

result<std::size_t> check_http_url(std::string_view url, std::string_view what, bool query_allowed) {
  const std::size_t scheme = starts_with_ignoring_case(url, "https://") ? 8 : starts_with_ignoring_case(url, "http://") ? 7 : 0;
  if (scheme == 0) return bad_url(what, "must start with https:// or http://");
  const std::string_view rest = url.substr(scheme);
  if (std::any_of(rest.begin(), rest.end(), [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; })) {
    return bad_url(what, "must not contain spaces or control characters");
  }
  if (rest.find('#') != std::string_view::npos) return bad_url(what, "must not have a fragment");
  if (!query_allowed && rest.find('?') != std::string_view::npos) return bad_url(what, "must not have a query");
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
  if (authority.find('@') != std::string_view::npos) return bad_url(what, "must not carry a user name or password");
  if (authority.empty() || authority.front() == ':') return bad_url(what, "has no host name");
  return scheme;
}

}  // namespace ashbyknit::detail
