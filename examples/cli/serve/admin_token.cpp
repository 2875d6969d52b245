#include "admin_token.hpp"

#include <utility>

#include "constant_time.hpp"
#include "input.hpp"

namespace ashbyknit::cli {
namespace {

/// True for the white space a file may have around the token.
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// `text` without the white space around it.
std::string_view trimmed(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

/// `c` in lower case when it is an ASCII capital letter; `c` otherwise.
char lower_ascii(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// True when `text` starts with `prefix`, ignoring ASCII case.
bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) noexcept {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (lower_ascii(text[i]) != lower_ascii(prefix[i])) return false;
  }
  return true;
}

}  // namespace

result<std::string> read_admin_token(std::string_view path) {
  auto bytes = read_file(path);
  if (!bytes.ok()) return std::move(bytes).failure();
  const std::string_view token = trimmed(bytes.value());
  for (const char c : token) {
    if (c <= ' ' || c > '~') {
      return error{error_code::invalid_argument,
                   "the admin token in " + std::string(path) + " may hold only visible ASCII characters"};
    }
  }
  if (token.size() < min_admin_token_length) {
    return error{error_code::invalid_argument, "the admin token in " + std::string(path) + " must be at least " +
                                                   std::to_string(min_admin_token_length) + " characters long"};
  }
  return std::string(token);
}

admin_access check_admin_access(std::string_view authorization, std::string_view token) noexcept {
  constexpr std::string_view scheme = "Bearer ";
  if (!starts_with_ignoring_case(authorization, scheme)) return admin_access::unauthenticated;
  const std::string_view presented = trimmed(authorization.substr(scheme.size()));
  return equal_in_constant_time(presented, token) ? admin_access::granted : admin_access::forbidden;
}

}  // namespace ashbyknit::cli
