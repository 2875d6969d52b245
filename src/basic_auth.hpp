// Reading the secret key out of Ashby's Authorization header (protocol §2.1).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ashbyknit::detail {

/// The key in an `Authorization: Basic base64(user:password)` header value: the user name, or
/// the password when the user name is empty. The scheme name is matched case-insensitively.
/// nullopt for any other scheme, bad base64, no ':' or two empty halves.
std::optional<std::string> basic_auth_key(std::string_view authorization);

}  // namespace ashbyknit::detail
