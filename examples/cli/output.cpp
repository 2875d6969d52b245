#include "output.hpp"

#include <cstdio>
#include <string>

namespace ashbyknit::cli {

void print_line(std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fputc('\n', stdout);
}

void print_problem(std::string_view message) {
  std::string line = "ashbyknit: ";
  for (const char c : message) line += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);
}

exit_status fail(std::string_view message) {
  print_problem(message);
  return exit_failure;
}

exit_status finish(const status &outcome) { return outcome.ok() ? exit_ok : fail(outcome.message()); }

}  // namespace ashbyknit::cli
