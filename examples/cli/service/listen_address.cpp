#include "listen_address.hpp"

#include <cstdint>
#include <optional>

#include "arguments.hpp"

namespace ashbyknit::cli {

result<listen_address> parse_listen_address(std::string_view text, std::string_view source) {
  constexpr std::int64_t max_port = 65535;
  const std::size_t colon = text.rfind(':');
  std::string_view host = text.substr(0, colon == std::string_view::npos ? 0 : colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::optional<std::int64_t> port =
      colon == std::string_view::npos ? std::nullopt : whole_number(text.substr(colon + 1));
  if (host.empty() || !port || *port < 0 || *port > max_port) {
    return error{error_code::invalid_argument, std::string(source) +
                                                   " must be HOST:PORT with a port from 0 to 65535 (0: any free "
                                                   "port), such as 127.0.0.1:8080, not '" +
                                                   std::string(text) + "'"};
  }
  return listen_address{std::string(host), static_cast<int>(*port)};
}

std::string address_text(std::string_view host, int port) {
  const bool ipv6 = host.find(':') != std::string_view::npos;
  return (ipv6 ? "[" + std::string(host) + "]" : std::string(host)) + ":" + std::to_string(port);
}

}  // namespace ashbyknit::cli
