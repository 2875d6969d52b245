#include "credential_headers.hpp"

#include <string>

#include "ashbyknit/secrets.hpp"
#include "base64.hpp"

namespace ashbyknit::cli::simulation {
namespace {

/// Ashby's credentials: the key as the Basic user name, with an empty password (protocol §2.1).
httplib::Headers basic(std::string_view key) {
  return {{"Authorization", "Basic " + base64_encode(std::string(key) + ":")}};
}

/// A key issued for no integration: well-formed, so only the lookup can refuse it.
result<std::string> unissued_key() {
  auto issued = issue_secret("simulated", "http://localhost/");
  if (!issued.ok()) return std::move(issued).failure();
  return std::move(issued).value().secret_key;
}

}  // namespace

result<credential_headers> credential_headers::make(std::string_view secret_key) {
  auto unissued = unissued_key();
  if (!unissued.ok()) return std::move(unissued).failure();
  auto garbled = unissued_key();
  if (!garbled.ok()) return std::move(garbled).failure();
  // Another last character breaks the checksum and keeps the alphabet.
  std::string &mistyped = garbled.value();
  mistyped.back() = mistyped.back() == 'A' ? 'B' : 'A';

  credential_headers made;
  made.headers_[static_cast<std::size_t>(credentials::issued_key)] = basic(secret_key);
  made.headers_[static_cast<std::size_t>(credentials::bearer_key)] = {{"Authorization", "Bearer " + std::string(secret_key)}};
  made.headers_[static_cast<std::size_t>(credentials::unissued_key)] = basic(unissued.value());
  made.headers_[static_cast<std::size_t>(credentials::garbled_key)] = basic(mistyped);
  return made;
}

}  // namespace ashbyknit::cli::simulation
