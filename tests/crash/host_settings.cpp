#include "host_settings.hpp"

#include <string_view>
#include <utility>
#include <vector>

#include "arguments.hpp"
#include "input.hpp"

namespace ashbyknit::crash {

const char *const usage =
    "usage: ak_crash_host --db FILE --webhook-url URL --signing-key-file FILE --key-file FILE [--workers N]\n"
    "Reads one call a line on stdin ({\"op\":\"start\"|\"cancel\",\"body\":\"<JSON>\"}) and writes one reply a\n"
    "line on stdout ({\"status\":N,\"body\":\"<JSON>\"}). At the end of stdin it delivers every pending\n"
    "event, writes {\"pending\":0,\"delivered\":N,\"dead_lettered\":N} and exits.\n";

result<std::optional<host_settings>> read_settings(int argc, char **argv) {
  const std::vector<std::string_view> words(argv + 1, argv + argc);
  const cli::argument_spec spec{{{"--db", cli::option_kind::required_value},
                                 {"--webhook-url", cli::option_kind::required_value},
                                 {"--signing-key-file", cli::option_kind::required_value},
                                 {"--key-file", cli::option_kind::required_value},
                                 {"--workers", cli::option_kind::value}},
                                0};
  auto parsed = cli::parse_arguments(words, spec);
  if (!parsed.ok()) return std::move(parsed).failure();
  const cli::parsed_arguments &arguments = parsed.value();
  if (arguments.help()) return std::optional<host_settings>{};

  host_settings settings;
  settings.store_path = arguments.required("--db");
  settings.webhook_url = arguments.required("--webhook-url");
  settings.key_file = arguments.required("--key-file");
  auto signing_key = cli::read_key_file(arguments.required("--signing-key-file"), "signing key");
  if (!signing_key.ok()) return std::move(signing_key).failure();
  settings.signing_key = std::move(signing_key).value();
  auto workers = cli::positive_number_option(arguments, "--workers", 64);
  if (!workers.ok()) return std::move(workers).failure();
  if (workers.value()) settings.workers = static_cast<std::size_t>(*workers.value());
  return std::optional<host_settings>(std::move(settings));
}

}  // namespace ashbyknit::crash
