// The bearer token of serve's admin API: read from a file, and checked against each request's
// Authorization header in constant time.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "ashbyknit/result.hpp"

namespace ashbyknit::cli {

/// The shortest token the admin API accepts: 32 characters, as 16 random bytes in hexadecimal are.
inline constexpr std::size_t min_admin_token_length = 32;

/// The token in the file at `path`: its content without surrounding white space. Fails with
/// error_code::invalid_argument naming the file, never quoting its content, when it cannot be read,
/// is shorter than min_admin_token_length, or holds a character other than visible ASCII (which an
/// Authorization header could not carry).
result<std::string> read_admin_token(std::string_view path);

/// How a request's credentials stand against the admin token.
enum class admin_access {
  granted,          ///< `Bearer <the token>`
  unauthenticated,  ///< no Authorization header, or another scheme than Bearer: a 401
  forbidden,        ///< a bearer token that is not the admin token: a 403
};

/// Checks `authorization`, the value of a request's Authorization header ("" when there is none),
/// against `token`. The scheme is matched ignoring case. The comparison takes the same time
/// whatever the presented token's content.
admin_access check_admin_access(std::string_view authorization, std::string_view token) noexcept;

}  // namespace ashbyknit::cli
