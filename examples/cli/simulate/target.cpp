#include "target.hpp"

#include "arguments.hpp"
#include "ashbyknit/secrets.hpp"

namespace ashbyknit::cli::simulation {
namespace {

constexpr std::int64_t max_port = 65535;

/// True when the authority ("host", "host:port", "[v6]:port") has no port or a port a client
/// can connect to; the library's check of the URL leaves the port to whoever connects.
bool has_usable_port(std::string_view authority) {
  const std::size_t host_end = authority.front() == '[' ? authority.find(']') : 0;
  const std::size_t colon = authority.find(':', host_end == std::string_view::npos ? 0 : host_end);
  if (colon == std::string_view::npos) return true;
  const auto port = whole_number(authority.substr(colon + 1));
  return port && *port >= 1 && *port <= max_port;
}

}  // namespace

result<bridge_target> parse_target(std::string_view base_url) {
  auto normalised = normalise_base_url(base_url);
  if (!normalised.ok()) return std::move(normalised).failure();
  bridge_target target;
  target.base_url = std::move(normalised).value();
  const std::size_t authority_start = target.base_url.find("://") + 3;
  const std::size_t path_start = target.base_url.find('/', authority_start);
  if (!has_usable_port(std::string_view(target.base_url).substr(authority_start, path_start - authority_start))) {
    return error{error_code::invalid_argument, "The base URL " + target.base_url + " has no usable port."};
  }
  target.origin = target.base_url.substr(0, path_start);
  target.base_path = target.base_url.substr(path_start);
  return target;
}

}  // namespace ashbyknit::cli::simulation
