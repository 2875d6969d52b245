// Comparing a presented secret (a token, a Basic-auth value) with the expected one.
#pragma once

#include <string_view>

namespace ashbyknit::cli {

/// True when the two are equal. Only their lengths, which are not secret, decide when it returns
/// early; the time spent on the bytes does not depend on where they differ. Thread-safe.
bool equal_in_constant_time(std::string_view a, std::string_view b) noexcept;

}  // namespace ashbyknit::cli
