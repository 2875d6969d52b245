// The library's version.
#pragma once

#include "ashbyknit/export.h"

namespace ashbyknit {

/// The version as "MAJOR.MINOR.PATCH"; a static string. Thread-safe.
AK_API const char *version_string() noexcept;

}  // namespace ashbyknit
