#include "input.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace ashbyknit::cli {
namespace {

struct file_closer {
  void operator()(std::FILE *file) const { std::fclose(file); }
};

error io_error(std::string_view verb, std::string_view name) {
  return {error_code::invalid_argument,
          std::string("cannot ") + std::string(verb) + " " + std::string(name) + ": " + std::strerror(errno)};
}

/// Every byte left in `stream`; `name` is what messages call it.
result<std::string> read_stream(std::FILE *stream, std::string_view name) {
  std::string bytes;
  char buffer[1 << 16];
  std::size_t count = 0;
  while ((count = std::fread(buffer, 1, sizeof buffer, stream)) > 0) bytes.append(buffer, count);
  if (std::ferror(stream)) return io_error("read", name);
  return bytes;
}

/// `key`, unless it is empty; `what` and `source` name it in the message.
result<std::string> non_empty_key(std::string key, std::string_view what, std::string_view source) {
  if (key.empty()) {
    return error{error_code::invalid_argument, "the " + std::string(what) + " in " + std::string(source) + " is empty"};
  }
  return key;
}

}  // namespace

result<std::string> read_file(std::string_view path) {
  const std::string name(path);
  const std::unique_ptr<std::FILE, file_closer> file(std::fopen(name.c_str(), "rb"));
  if (!file) return io_error("open", name);
  return read_stream(file.get(), name);
}

result<std::string> read_input(std::optional<std::string_view> path) {
  if (path && *path != "-") return read_file(*path);
  return read_stream(stdin, "standard input");
}

result<std::string> read_key_file(std::string_view path, std::string_view what) {
  auto bytes = read_file(path);
  if (!bytes.ok()) return bytes;
  std::string key = std::move(bytes).value();
  if (!key.empty() && key.back() == '\n') key.pop_back();
  return non_empty_key(std::move(key), what, path);
}

result<std::string> read_signing_key(std::optional<std::string_view> key_file, std::string_view file_source) {
  constexpr std::string_view what = "signing key";
  if (key_file) return read_key_file(*key_file, what);
  const char *value = std::getenv(signing_key_variable);
  if (value == nullptr) {
    return error{error_code::invalid_argument,
                 "no signing key: pass " + std::string(file_source) + " or set " + signing_key_variable};
  }
  return non_empty_key(value, what, signing_key_variable);
}

result<std::vector<std::string>> read_standard_keys(std::optional<std::string_view> keys_file) {
  const char *variable = std::getenv(standard_keys_file_variable);
  if (!keys_file && variable != nullptr && *variable != '\0') keys_file = variable;
  if (!keys_file) return std::vector<std::string>{};
  auto text = read_file(*keys_file);
  if (!text.ok()) return std::move(text).failure();
  std::vector<std::string> keys;
  constexpr std::string_view white_space = " \t\r\n";
  std::string_view rest = text.value();
  while (true) {
    const std::size_t start = rest.find_first_not_of(white_space);
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    const std::size_t end = std::min(rest.find_first_of(white_space), rest.size());
    keys.emplace_back(rest.substr(0, end));
    rest.remove_prefix(end);
  }
  if (keys.empty()) {
    return error{error_code::invalid_argument, "the Standard Webhooks keys file " + std::string(*keys_file) + " holds no key"};
  }
  return keys;
}

}  // namespace ashbyknit::cli
