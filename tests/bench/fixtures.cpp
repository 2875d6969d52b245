#include "fixtures.hpp"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string_view>
#include <utility>

namespace ashbyknit::bench {
namespace {

constexpr std::string_view directory_flag = "--ak_fixtures_dir=";

result<std::string> read_file(const std::string &path) {
  std::ifstream file(path, std::ios::binary);
  std::string contents{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  if (!file.is_open() || file.bad()) return error{error_code::invalid_argument, "Cannot read the fixture " + path + "."};
  return contents;
}

}  // namespace

std::string fixtures_directory(int &argc, char **argv) {
  std::string directory;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string_view argument = argv[i];
    if (argument.substr(0, directory_flag.size()) == directory_flag) {
      directory = argument.substr(directory_flag.size());
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  if (!directory.empty()) return directory;
  if (const char *from_environment = std::getenv("AK_FIXTURES_DIR"); from_environment && *from_environment) {
    return from_environment;
  }
  return AK_FIXTURES_DIR;
}

result<fixture_bodies> load_fixtures(const std::string &directory) {
  fixture_bodies bodies;
  for (auto [name, body] : {std::pair{"ashby-assessment-start.json", &bodies.start},
                            std::pair{"ashby-assessment-cancel.json", &bodies.cancel},
                            std::pair{"packages.json", &bodies.packages}}) {
    auto contents = read_file(directory + "/" + name);
    if (!contents.ok()) return std::move(contents).failure();
    *body = std::move(contents).value();
  }
  return bodies;
}

}  // namespace ashbyknit::bench
