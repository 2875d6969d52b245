// `ashbyknit master-key generate`: a new master key for the Ashby API keys a store keeps.
#include "ashbyknit/master_key.hpp"
#include "command.hpp"
#include "output.hpp"

namespace ashbyknit::cli {
namespace {

exit_status run_generate(const parsed_arguments & /*arguments*/) {
  const auto key = generate_master_key();
  if (!key.ok()) return fail(key.message());
  print_line(key.value());
  return exit_ok;
}

}  // namespace

std::vector<command> master_key_commands() {
  return {
      {{"master-key", "generate"},
       "",
       "Prints a new master key: 64 hexadecimal digits from the system's secure random source.",
       "Keep it outside the store, in a file only the service can read (give it with --master-key-file F\n"
       "or AK_MASTER_KEY_FILE) or in AK_MASTER_KEY: it encrypts the Ashby API keys the store keeps, so a\n"
       "copy of the store alone reveals none. Without it they cannot be used; set them again under a new key.",
       {{}, 0},
       run_generate},
  };
}

}  // namespace ashbyknit::cli
