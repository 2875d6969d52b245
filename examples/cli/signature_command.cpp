// `ashbyknit sign` and `ashbyknit verify`: the X-Knit-Signature of a body's exact bytes.
#include <string>

#include "ashbyknit/knit_signature.hpp"
#include "command.hpp"
#include "input.hpp"
#include "output.hpp"

namespace ashbyknit::cli {
namespace {

/// What both commands read: the signing key and the body.
struct signing_input {
  std::string key;
  std::string body;
};

result<signing_input> read_signing_input(const parsed_arguments &arguments) {
  auto key = read_signing_key(arguments.option("--key-file"));
  if (!key.ok()) return std::move(key).failure();
  auto body = read_input(arguments.positional(0));
  if (!body.ok()) return std::move(body).failure();
  return signing_input{std::move(key).value(), std::move(body).value()};
}

exit_status run_sign(const parsed_arguments &arguments) {
  const auto input = read_signing_input(arguments);
  if (!input.ok()) return fail(input.message());
  const auto signature = knit_sign(input.value().key, input.value().body);
  if (!signature.ok()) return fail(signature.message());
  print_line(signature.value());
  return exit_ok;
}

exit_status run_verify(const parsed_arguments &arguments) {
  const auto input = read_signing_input(arguments);
  if (!input.ok()) return fail(input.message());
  if (!knit_verify(input.value().key, input.value().body, arguments.required("--signature"))) {
    print_problem("signature does not verify");
    return exit_negative;
  }
  return exit_ok;
}

}  // namespace

std::vector<command> signature_commands() {
  return {
      {{"sign"},
       "[--key-file F] [FILE|-]",
       "Prints the X-Knit-Signature of the body's exact bytes.",
       "  --key-file F         the signing key (default: the environment variable AK_SIGNING_KEY)",
       {{{"--key-file"}}, 1},
       run_sign},
      {{"verify"},
       "[--key-file F] --signature SIG [FILE|-]",
       "Exits 0 when SIG is the X-Knit-Signature of the body's exact bytes, 1 when it is not.",
       "  --key-file F         the signing key (default: the environment variable AK_SIGNING_KEY)\n"
       "  --signature SIG      the X-Knit-Signature header's value",
       {{{"--key-file"}, {"--signature", option_kind::required_value}}, 1},
       run_verify},
  };
}

}  // namespace ashbyknit::cli
