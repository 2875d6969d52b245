// A main() for the fuzz targets without libFuzzer, so that any compiler can replay a corpus:
// every argument is a file, or a directory whose files are replayed in name order. Exits 1 when
// an argument cannot be read or names no file; a target that finds a broken property aborts.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);

namespace {

namespace fs = std::filesystem;

/// The files `argument` names: itself, or the regular files under it, sorted; nothing when it
/// names neither or cannot be listed.
std::vector<fs::path> inputs_of(const fs::path &argument) {
  std::error_code error;
  if (fs::is_regular_file(argument, error)) return {argument};
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(argument, error), end; !error && it != end; it.increment(error)) {
    if (it->is_regular_file(error)) files.push_back(it->path());
  }
  if (error) return {};
  std::sort(files.begin(), files.end());
  return files;
}

std::optional<std::string> read_file(const fs::path &path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::string contents{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  if (file.bad()) return std::nullopt;
  return contents;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE_OR_DIRECTORY...\n", argv[0]);
    return 1;
  }
  std::size_t replayed = 0;
  for (int i = 1; i < argc; ++i) {
    const std::vector<fs::path> files = inputs_of(argv[i]);
    if (files.empty()) {
      std::fprintf(stderr, "%s: no input in %s\n", argv[0], argv[i]);
      return 1;
    }
    for (const fs::path &path : files) {
      const std::optional<std::string> input = read_file(path);
      if (!input) {
        std::fprintf(stderr, "%s: cannot read %s\n", argv[0], path.c_str());
        return 1;
      }
      // A string's data() is never null, even when empty, as libFuzzer's inputs are not.
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t *>(input->data()), input->size());
      ++replayed;
    }
  }
  std::printf("replayed %zu inputs\n", replayed);
  return 0;
}
