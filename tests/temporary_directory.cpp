#include "temporary_directory.hpp"

#include <random>
#include <system_error>

namespace ashbyknit::test {

temporary_directory::temporary_directory() {
  std::random_device entropy;
  path_ = std::filesystem::temp_directory_path() /
          ("ashbyknit-test-" + std::to_string(entropy()) + "-" + std::to_string(entropy()));
  std::filesystem::create_directories(path_);
}

temporary_directory::~temporary_directory() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace ashbyknit::test
