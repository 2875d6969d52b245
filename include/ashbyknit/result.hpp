// Errors as values: every fallible call in the C++ API returns a result<T> or a status.
#pragma once

#include <string>
#include <utility>
#include <variant>

#include "ashbyknit/export.h"

namespace ashbyknit {

/// What went wrong. The values are the C ABI's ak_status codes, so the C shim passes them on
/// unchanged; new codes are only ever appended.
enum class error_code : int {
  ok = 0,
  invalid_argument = -1,  ///< the caller broke an API precondition (empty key, bad URL, ...)
  malformed_json = -2,    ///< a body that is not JSON, not UTF-8, or not an object
  invalid_input = -3,     ///< well-formed JSON that fails validation (a missing field, ...)
  too_large = -4,         ///< a body over the configured size limit
  too_deep = -5,          ///< a body nested deeper than the configured limit
  unauthenticated = -6,   ///< a secret key that is malformed or matches nothing
  internal = -7,          ///< the random source, the crypto library or memory failed
  not_found = -8,         ///< no such integration, key or assessment
  conflict = -9,          ///< it exists already (an integration id in use, ...)
  store_error = -10,      ///< the store cannot be opened (not a store, a newer version) or failed
};

/// A static, stable, snake_case name for a code ("invalid_input"); "unknown" for other values.
/// Thread-safe.
AK_API const char *error_code_name(error_code code) noexcept;

/// An error code with a message fit to show to the person who sent the input. Messages never
/// contain secrets.
struct error {
  error_code code = error_code::internal;
  std::string message;
};

/// A value of type T or an error. Read it with `get()`, the way simdjson results are read:
///
///     issued_secret secret;
///     if (auto code = issue_secret(id, url).get(secret); code != error_code::ok) { ... }
template <typename T>
class [[nodiscard]] result {
 public:
  result(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  result(error failure) : state_(std::move(failure)) {}  // NOLINT(google-explicit-constructor)
  result(error_code code, std::string message) : state_(error{code, std::move(message)}) {}

  /// True when the result holds a value.
  bool ok() const noexcept { return state_.index() == 0; }
  /// The code: error_code::ok when the result holds a value.
  error_code code() const noexcept { return ok() ? error_code::ok : std::get<1>(state_).code; }
  /// The error's message; empty when the result holds a value.
  const std::string &message() const noexcept {
    static const std::string none;
    return ok() ? none : std::get<1>(state_).message;
  }
  /// The error. Precondition: !ok().
  const error &failure() const & { return std::get<1>(state_); }
  error &&failure() && { return std::get<1>(std::move(state_)); }
  /// The value. Precondition: ok().
  const T &value() const & { return std::get<0>(state_); }
  T &value() & { return std::get<0>(state_); }
  T &&value() && { return std::get<0>(std::move(state_)); }

  /// Moves the value into `out` when there is one (leaving `out` untouched otherwise) and
  /// returns the code.
  error_code get(T &out) && {
    if (!ok()) return code();
    out = std::get<0>(std::move(state_));
    return error_code::ok;
  }

 private:
  std::variant<T, error> state_;
};

/// The outcome of a call that returns nothing but may fail.
class [[nodiscard]] status {
 public:
  status() = default;
  status(error failure) : failure_(std::move(failure)) {}  // NOLINT(google-explicit-constructor)
  status(error_code code, std::string message) : failure_{code, std::move(message)} {}

  bool ok() const noexcept { return failure_.code == error_code::ok; }
  error_code code() const noexcept { return failure_.code; }
  const std::string &message() const noexcept { return failure_.message; }
  const error &failure() const & { return failure_; }

 private:
  error failure_{error_code::ok, {}};
};

}  // namespace ashbyknit
