#include "body_file.hpp"

#include <cerrno>
#include <cstring>

namespace ashbyknit::cli {

result<body_file> body_file::open(std::optional<std::string_view> path) {
  body_file opened;
  if (!path) return opened;
  opened.name_ = std::string(*path);
  opened.file_.reset(std::fopen(opened.name_.c_str(), "ab"));
  if (!opened.file_) {
    return error{error_code::invalid_argument, "cannot open " + opened.name_ + ": " + std::strerror(errno)};
  }
  return opened;
}

bool body_file::append(std::string_view body) {
  if (!file_) return true;
  std::fwrite(body.data(), 1, body.size(), file_.get());
  std::fputc('\n', file_.get());
  return std::fflush(file_.get()) == 0 && !std::ferror(file_.get());
}

}  // namespace ashbyknit::cli
