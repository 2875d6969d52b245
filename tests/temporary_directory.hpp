// A fresh directory for a test's files, removed with everything in it when the object dies.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace ashbyknit::test {

class temporary_directory {
 public:
  temporary_directory();
  ~temporary_directory();
  temporary_directory(const temporary_directory &) = delete;
  temporary_directory &operator=(const temporary_directory &) = delete;

  const std::filesystem::path &path() const { return path_; }
  /// A path inside the directory.
  std::string file(std::string_view name) const { return (path_ / std::string(name)).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace ashbyknit::test
