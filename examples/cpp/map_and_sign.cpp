// map_and_sign.cpp: maps an Ashby assessment.start body to a Knit record.new event and signs it,
// through the C++ API. Usage: map_and_sign START.json [PACKAGES.json]
// Prints the event and its X-Knit-Signature; on failure, the library's message.
#include <ashbyknit/ashbyknit.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>

namespace {

/// The bytes of a file, or std::nullopt when it cannot be opened.
std::optional<std::string> read_file(const char *path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

int fail(const ashbyknit::error &failure) {
  std::cerr << "map_and_sign: " << ashbyknit::error_code_name(failure.code) << ": " << failure.message << '\n';
  return 1;
}

}  // namespace

int main(int argc, char **argv) {
  const auto body = argc > 1 ? read_file(argv[1]) : std::nullopt;
  const auto packages_json = argc > 2 ? read_file(argv[2]) : std::nullopt;
  if (!body || (argc > 2 && !packages_json)) {
    std::cerr << "usage: map_and_sign START.json [PACKAGES.json] (files must be readable)\n";
    return 2;
  }
  // A real key comes from configuration; the demo key only lets the example run as it is.
  const char *key_variable = std::getenv("AK_SIGNING_KEY");
  const std::string key = key_variable ? key_variable : "demo-signing-key";

  ashbyknit::map_options options;  // the system clock and a new assessment id
  std::optional<ashbyknit::package_catalogue> catalogue;
  if (packages_json) {
    auto parsed = ashbyknit::package_catalogue::parse(*packages_json);
    if (!parsed.ok()) return fail(parsed.failure());
    catalogue = std::move(parsed).value();
    options.packages = &*catalogue;
  }
  auto request = ashbyknit::parse_start_request(*body);
  if (!request.ok()) return fail(request.failure());
  auto event = ashbyknit::map_start(request.value(), options);
  if (!event.ok()) return fail(event.failure());
  auto signature = ashbyknit::knit_sign(key, event.value().json);
  if (!signature.ok()) return fail(signature.failure());
  std::cout << event.value().json << "\nX-Knit-Signature: " << signature.value() << '\n';
  return 0;
}
