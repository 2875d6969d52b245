// `ashbyknit sign` and `ashbyknit verify`: the signature of a body's exact bytes, in either scheme
// (docs/protocol.md §3.3 and §6); `ashbyknit standard-key new`: a Standard Webhooks key.
#include <string>
#include <vector>

#include "ashbyknit/knit_signature.hpp"
#include "ashbyknit/sources.hpp"
#include "ashbyknit/standard_webhooks.hpp"
#include "command.hpp"
#include "input.hpp"
#include "output.hpp"

namespace ashbyknit::cli {
namespace {

/// The options that only the Standard Webhooks scheme takes.
constexpr std::string_view standard_only_options[] = {"--id", "--timestamp", "--tolerance"};

/// True for `--scheme standard`; false for `--scheme knit` or none. Fails for another scheme, or
/// for an option of the other scheme.
result<bool> standard_scheme(const parsed_arguments &arguments) {
  const std::string_view scheme = arguments.option("--scheme").value_or("knit");
  if (scheme != "knit" && scheme != "standard") {
    return error{error_code::invalid_argument, "--scheme must be knit or standard, not '" + std::string(scheme) + "'"};
  }
  if (scheme == "standard") return true;
  for (const std::string_view option : standard_only_options) {
    if (arguments.option(option)) {
      return error{error_code::invalid_argument, std::string(option) + " goes only with --scheme standard"};
    }
  }
  return false;
}

/// What the Knit scheme reads: the signing key and the body.
struct knit_input {
  std::string key;
  std::string body;
};

result<knit_input> read_knit_input(const parsed_arguments &arguments) {
  auto key = read_signing_key(arguments.option("--key-file"));
  if (!key.ok()) return std::move(key).failure();
  auto body = read_input(arguments.positional(0));
  if (!body.ok()) return std::move(body).failure();
  return knit_input{std::move(key).value(), std::move(body).value()};
}

/// What the Standard Webhooks scheme reads: the keys, the webhook-id and the body.
struct standard_input {
  std::vector<std::string> keys;
  std::string id;
  std::string body;
};

result<standard_input> read_standard_input(const parsed_arguments &arguments) {
  auto keys = read_standard_keys(arguments.option("--key-file"));
  if (!keys.ok()) return std::move(keys).failure();
  if (keys.value().empty()) {
    return error{error_code::invalid_argument, std::string("no Standard Webhooks key: pass --key-file FILE or set ") +
                                                   standard_keys_file_variable};
  }
  const auto id = arguments.option("--id");
  if (!id) return error{error_code::invalid_argument, "--id ID (the webhook-id) is required with --scheme standard"};
  auto body = read_input(arguments.positional(0));
  if (!body.ok()) return std::move(body).failure();
  return standard_input{std::move(keys).value(), std::string(*id), std::move(body).value()};
}

/// --timestamp as unix seconds, or now when it is not given.
result<std::int64_t> sign_timestamp(const parsed_arguments &arguments) {
  const auto text = arguments.option("--timestamp");
  if (!text) return system_clock()() / 1000;
  const auto seconds = whole_number(*text);
  if (!seconds || *seconds < 0) {
    return error{error_code::invalid_argument, "--timestamp must be unix seconds, not '" + std::string(*text) + "'"};
  }
  return *seconds;
}

exit_status sign_standard(const parsed_arguments &arguments) {
  const auto input = read_standard_input(arguments);
  if (!input.ok()) return fail(input.message());
  const auto timestamp = sign_timestamp(arguments);
  if (!timestamp.ok()) return fail(timestamp.message());
  const auto signature = standard_webhook_sign(input.value().keys, {input.value().id, timestamp.value(),
                                                                    input.value().body});
  if (!signature.ok()) return fail(signature.message());
  print_line("webhook-id: " + input.value().id);
  print_line("webhook-timestamp: " + std::to_string(timestamp.value()));
  print_line("webhook-signature: " + signature.value());
  return exit_ok;
}

exit_status run_sign(const parsed_arguments &arguments) {
  const auto standard = standard_scheme(arguments);
  if (!standard.ok()) return fail(standard.message());
  if (standard.value()) return sign_standard(arguments);
  const auto input = read_knit_input(arguments);
  if (!input.ok()) return fail(input.message());
  const auto signature = knit_sign(input.value().key, input.value().body);
  if (!signature.ok()) return fail(signature.message());
  print_line(signature.value());
  return exit_ok;
}

exit_status verify_standard(const parsed_arguments &arguments) {
  const auto input = read_standard_input(arguments);
  if (!input.ok()) return fail(input.message());
  const auto timestamp = arguments.option("--timestamp");
  if (!timestamp) return fail("--timestamp T (the webhook-timestamp) is required to verify with --scheme standard");
  const auto tolerance = positive_number_option(arguments, "--tolerance", 365 * 24 * 3600);
  if (!tolerance.ok()) return fail(tolerance.message());
  const auto verified = standard_webhook_verify(
      input.value().keys, {input.value().id, *timestamp, arguments.required("--signature")}, input.value().body,
      system_clock()() / 1000, tolerance.value().value_or(standard_webhook_default_tolerance_s));
  if (verified.code() == error_code::unauthenticated) {
    print_problem("signature does not verify: " + verified.message());
    return exit_negative;
  }
  if (!verified.ok()) return fail(verified.message());
  return exit_ok;
}

exit_status run_verify(const parsed_arguments &arguments) {
  const auto standard = standard_scheme(arguments);
  if (!standard.ok()) return fail(standard.message());
  if (standard.value()) return verify_standard(arguments);
  const auto input = read_knit_input(arguments);
  if (!input.ok()) return fail(input.message());
  if (!knit_verify(input.value().key, input.value().body, arguments.required("--signature"))) {
    print_problem("signature does not verify");
    return exit_negative;
  }
  return exit_ok;
}

exit_status run_new_standard_key(const parsed_arguments &arguments) {
  if (arguments.flag("--ed25519")) {
    const auto pair = standard_webhook_key_pair_new(system_random());
    if (!pair.ok()) return fail(pair.message());
    print_line(pair.value().signing_key);
    print_line(pair.value().public_key);
    return exit_ok;
  }
  const auto secret = standard_webhook_secret_new(system_random());
  if (!secret.ok()) return fail(secret.message());
  print_line(secret.value());
  return exit_ok;
}

constexpr std::string_view scheme_details =
    "  --scheme S           knit (X-Knit-Signature, the default) or standard (Standard Webhooks)\n"
    "  --key-file F         knit: the signing key (default: the environment variable AK_SIGNING_KEY);\n"
    "                       standard: the keys, separated by white space (default: the file that\n"
    "                       AK_STANDARD_KEYS_FILE names): whsec_... (v1), whsk_... (v1a; verify also\n"
    "                       takes its whpk_... public key)\n"
    "  --id ID              standard: the webhook-id, the event's eventId\n";

}  // namespace

std::vector<command> signature_commands() {
  static const std::string sign_details =
      std::string(scheme_details) +
      "  --timestamp T        standard: the webhook-timestamp, unix seconds (default: now)\n"
      "Prints the X-Knit-Signature; with --scheme standard, the three headers, one 'name: value' line each,\n"
      "with one signature per key in webhook-signature.";
  static const std::string verify_details =
      std::string(scheme_details) +
      "  --timestamp T        standard: the webhook-timestamp, unix seconds, required\n"
      "  --tolerance S        standard: how far T may be from now, either way, 1 to 31536000 s (default: 300)\n"
      "  --signature SIG      the X-Knit-Signature or webhook-signature header's value\n"
      "A signature that does not verify exits 1 with the reason; a bad key or argument exits 2.";
  const std::vector<option_spec> shared = {{"--scheme"}, {"--key-file"}, {"--id"}, {"--timestamp"}};
  std::vector<option_spec> verify_options = shared;
  verify_options.push_back({"--tolerance"});
  verify_options.push_back({"--signature", option_kind::required_value});
  return {
      {{"sign"},
       "[--scheme knit|standard] [--key-file F] [--id ID [--timestamp T]] [FILE|-]",
       "Prints the signature of the body's exact bytes: X-Knit-Signature, or the Standard Webhooks headers.",
       sign_details,
       {shared, 1},
       run_sign},
      {{"verify"},
       "[--scheme knit|standard] [--key-file F] [--id ID --timestamp T [--tolerance S]] --signature SIG [FILE|-]",
       "Exits 0 when SIG signs the body's exact bytes, 1 when it does not.",
       verify_details,
       {verify_options, 1},
       run_verify},
      {{"standard-key", "new"},
       "[--ed25519]",
       "Prints a new Standard Webhooks key: a whsec_... secret, or a whsk_... signing key and its whpk_... public key.",
       "  --ed25519            an ed25519 key pair for v1a signatures: the signing key on the first line (keep\n"
       "                       it secret, give it to serve), the public key on the second (for receivers)\n"
       "Without --ed25519, a secret shared with receivers for v1 signatures (32 random bytes).",
       {{{"--ed25519", option_kind::flag}}, 0},
       run_new_standard_key},
  };
}

}  // namespace ashbyknit::cli
