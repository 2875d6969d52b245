// Where `ashbyknit receive` keeps what it accepted: a file that each accepted body is appended to,
// one per line (--out for events, --updates-out for Ashby's updates).
#pragma once

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "ashbyknit/result.hpp"

namespace ashbyknit::cli {

/// A file open for appending bodies, or none, when its option was not given. Not thread-safe: a
/// receiver serialises its appends.
class body_file {
 public:
  /// The file at `path` opened for appending (created if missing), or none when `path` is
  /// std::nullopt. Fails with error_code::invalid_argument naming the file when it cannot be opened.
  static result<body_file> open(std::optional<std::string_view> path);

  /// Appends `body` and a newline, flushed, so that a reader sees each line whole as soon as it is
  /// accepted. True when that worked or there is no file; false (with errno set) otherwise.
  bool append(std::string_view body);

  /// The file's path, for messages; "" when there is none.
  const std::string &name() const noexcept { return name_; }

 private:
  /// Closes the file when the receiver ends.
  struct closer {
    void operator()(std::FILE *file) const { std::fclose(file); }
  };

  std::unique_ptr<std::FILE, closer> file_;
  std::string name_;
};

}  // namespace ashbyknit::cli
