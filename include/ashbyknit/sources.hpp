// The clock and the random source: injected so that tests can pin them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

#include "ashbyknit/export.h"

namespace ashbyknit {

/// Fills `out` with `size` bytes from a cryptographically secure source and returns true, or
/// returns false when the source fails. Called from any thread that calls the API it is given to.
using random_source = std::function<bool(unsigned char *out, std::size_t size)>;

/// Returns the current time in milliseconds since the Unix epoch. Called from any thread that
/// calls the API it is given to.
using clock_source = std::function<std::int64_t()>;

/// The operating system's CSPRNG through OpenSSL's RAND_bytes. Thread-safe.
AK_API const random_source &system_random();

/// The system's real-time clock. Thread-safe.
AK_API const clock_source &system_clock();

}  // namespace ashbyknit
