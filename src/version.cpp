#include "ashbyknit/version.hpp"

namespace ashbyknit {

const char *version_string() noexcept { return AK_VERSION; }

}  // namespace ashbyknit
