// Where `serve` and `receive` listen: HOST:PORT, as given on the command line.
#pragma once

#include <string>
#include <string_view>

#include "ashbyknit/result.hpp"

namespace ashbyknit::cli {

/// A host name or address and a TCP port; port 0 asks for any free port.
struct listen_address {
  std::string host;
  int port = 0;
};

/// Parses HOST:PORT: "127.0.0.1:8080", "localhost:0", "[::1]:8080" (an IPv6 address in
/// brackets). `source` names where the text came from ("--listen") in the message of the
/// error_code::invalid_argument it fails with.
result<listen_address> parse_listen_address(std::string_view text, std::string_view source);

/// "HOST:PORT", with an IPv6 address in brackets: how log lines show where a server listens.
std::string address_text(std::string_view host, int port);

}  // namespace ashbyknit::cli
