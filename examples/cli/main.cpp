// The ashbyknit command-line tool: finds the command named by the first words of the command
// line, checks the rest against what it accepts, and runs it.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "ashbyknit/version.hpp"
#include "command.hpp"
#include "output.hpp"

namespace ashbyknit::cli {
namespace {

/// What help says about every command.
constexpr std::string_view rules =
    "FILE, or '-' or nothing for standard input, is read as raw bytes.\n"
    "--db FILE names the store: a SQLite file, created if missing, or the postgresql:// URL of a\n"
    "PostgreSQL database, which several hosts may share; without --db, the environment variable AK_DB\n"
    "names it (which keeps a URL's password out of the process list). No command uses any other.\n"
    "The signing key is the content of --key-file F (one trailing newline is stripped, since editors\n"
    "add one) or, without --key-file, the environment variable AK_SIGNING_KEY; never an argument.\n"
    "The master key, which encrypts the Ashby API keys a store keeps, is the content of\n"
    "--master-key-file F, else of the file AK_MASTER_KEY_FILE names, else AK_MASTER_KEY: 64 hexadecimal\n"
    "digits ('ashbyknit master-key generate').\n"
    "Exit status: 0 success, 1 a negative answer (a signature that does not verify, a call the bridge\n"
    "refused, a report refused), 2 bad usage or bad input, with one line on stderr that names the problem.\n";

const std::vector<command> &all_commands();

/// The words with `separator` between them.
std::string joined(const std::vector<std::string_view> &words, std::string_view separator) {
  std::string text;
  for (const std::string_view word : words) {
    if (!text.empty()) text += separator;
    text += word;
  }
  return text;
}

/// "ashbyknit map start [--packages FILE] ...": how to call `c`.
std::string usage_line(const command &c) {
  std::string line = "ashbyknit " + joined(c.name, " ");
  if (!c.synopsis.empty()) line += " " + std::string(c.synopsis);
  return line;
}

exit_status run_help(const parsed_arguments & /*arguments*/) {
  std::string text = "usage: ashbyknit COMMAND [ARGUMENTS]\n\nCommands:\n";
  for (const command &c : all_commands()) {
    text += "  " + usage_line(c) + "\n      " + std::string(c.summary) + "\n";
  }
  text += "\n" + std::string(rules) + "Run 'ashbyknit COMMAND --help' for a command's options.";
  print_line(text);
  return exit_ok;
}

exit_status run_version(const parsed_arguments & /*arguments*/) {
  print_line(std::string("ashbyknit ") + version_string());
  return exit_ok;
}

/// Every command, in the order help lists them.
const std::vector<command> &all_commands() {
  static const std::vector<command> commands = [] {
    std::vector<command> all;
    for (const auto &group : {map_commands(), master_key_commands(), integration_commands(), secret_commands(),
                              settings_commands(), assessments_commands(), report_commands(), events_commands(),
                              call_commands(), signature_commands(), serve_commands(), simulate_commands(),
                              receive_commands()}) {
      all.insert(all.end(), group.begin(), group.end());
    }
    all.push_back({{"version"}, "", "Prints the library's version.", "", {}, run_version});
    all.push_back({{"help"}, "", "Prints this text.", "", {}, run_help});
    return all;
  }();
  return commands;
}

/// The command whose name the words start with, or nullptr.
const command *find_command(const std::vector<std::string_view> &words) {
  const auto &commands = all_commands();
  const auto found = std::find_if(commands.begin(), commands.end(), [&](const command &c) {
    return words.size() >= c.name.size() && std::equal(c.name.begin(), c.name.end(), words.begin());
  });
  return found == commands.end() ? nullptr : &*found;
}

/// The error for words that name no command; when the first names a group (`map`), the message
/// lists the group's sub-commands.
exit_status unknown_command(const std::vector<std::string_view> &words) {
  std::vector<std::string_view> subcommands;
  for (const command &c : all_commands()) {
    if (c.name.size() > 1 && c.name.front() == words.front()) subcommands.push_back(c.name[1]);
  }
  if (subcommands.empty()) {
    return fail("unknown command '" + std::string(words.front()) + "'; run 'ashbyknit help' for the list");
  }
  return fail("'" + std::string(words.front()) + "' needs one of: " + joined(subcommands, ", "));
}

exit_status dispatch(std::vector<std::string_view> words) {
  if (words.empty()) return fail("no command given; run 'ashbyknit help' for the list");
  // The conventional spellings of the two commands that describe the tool.
  if (words.front() == "--help" || words.front() == "-h") words.front() = "help";
  if (words.front() == "--version") words.front() = "version";
  const command *c = find_command(words);
  if (c == nullptr) return unknown_command(words);
  const auto arguments = parse_arguments({words.begin() + static_cast<std::ptrdiff_t>(c->name.size()), words.end()},
                                         c->arguments);
  if (!arguments.ok()) return fail(arguments.message());
  if (arguments.value().help()) {
    std::string text = "usage: " + usage_line(*c) + "\n\n" + std::string(c->summary) + "\n";
    if (!c->details.empty()) text += std::string(c->details) + "\n";
    print_line(text + "Run 'ashbyknit help' for the rules on input, keys and exit status.");
    return exit_ok;
  }
  return c->run(arguments.value());
}

}  // namespace
}  // namespace ashbyknit::cli

int main(int argc, char **argv) {
  using namespace ashbyknit::cli;
  exit_status status = exit_failure;
  try {
    status = dispatch({argv + 1, argv + argc});
  } catch (const std::exception &e) {  // std::bad_alloc, in practice
    return fail(e.what());
  }
  // Output that never reached its destination (a full disk, a closed pipe) is a failure too.
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) return fail("cannot write to standard output");
  return status;
}
