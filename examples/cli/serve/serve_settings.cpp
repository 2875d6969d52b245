#include "serve_settings.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <utility>

#include "admin_token.hpp"
#include "input.hpp"
#include "master_key_input.hpp"

namespace ashbyknit::cli {
namespace {

/// A setting: its flag, the environment variable read when the flag is not given, and how the flag
/// is written.
struct setting {
  std::string_view flag;
  const char *variable;
  option_kind kind = option_kind::value;
};

constexpr setting db{"--db", "AK_DB"};
constexpr setting listen{"--listen", "AK_LISTEN"};
constexpr setting base_url{"--base-url", "AK_BASE_URL"};
constexpr setting webhook_url{"--webhook-url", "AK_WEBHOOK_URL"};
constexpr setting signing_key_file{"--signing-key-file", "AK_SIGNING_KEY_FILE"};
constexpr setting standard_keys_file{"--standard-keys-file", standard_keys_file_variable};
constexpr setting packages{"--packages", "AK_PACKAGES"};
constexpr setting workers{"--workers", "AK_WORKERS"};
constexpr setting drain_seconds{"--drain-seconds", "AK_DRAIN_SECONDS"};
constexpr setting first_retry_ms{"--first-retry-ms", "AK_FIRST_RETRY_MS"};
constexpr setting max_retry_ms{"--max-retry-ms", "AK_MAX_RETRY_MS"};
constexpr setting ashby_api_url{"--ashby-api-url", "AK_ASHBY_API_URL"};
// read_master_key reads the file this names, else its variable, else AK_MASTER_KEY.
constexpr setting master_key_file{master_key_option.name, master_key_file_variable};
constexpr setting initial_update{"--initial-update", "AK_INITIAL_UPDATE", option_kind::flag};
constexpr setting admin_token_file{"--admin-token-file", "AK_ADMIN_TOKEN_FILE"};
constexpr setting admin_prefix{"--admin-prefix", "AK_ADMIN_PREFIX"};
constexpr setting commit_batch{"--commit-batch", "AK_COMMIT_BATCH"};
constexpr setting commit_wait_us{"--commit-wait-us", "AK_COMMIT_WAIT_US"};
constexpr setting lease_seconds{"--lease-seconds", "AK_LEASE_SECONDS"};
constexpr setting enrichment_timeout_ms{"--enrichment-timeout-ms", "AK_ENRICHMENT_TIMEOUT_MS"};

constexpr setting all_settings[] = {
    db, listen, base_url, webhook_url, signing_key_file, standard_keys_file, packages, workers, drain_seconds, first_retry_ms, max_retry_ms,
    ashby_api_url, master_key_file, initial_update, admin_token_file, admin_prefix, commit_batch, commit_wait_us,
    lease_seconds, enrichment_timeout_ms};

constexpr std::int64_t max_workers = 64;
constexpr std::int64_t max_commit_batch = 10'000;
constexpr std::int64_t max_drain_seconds = 3600;
// A send may take half the lease (the engine's deadline); a second is the least worth allowing it.
constexpr std::int64_t min_lease_seconds = 2;
constexpr std::int64_t max_lease_seconds = 3600;
constexpr std::int64_t max_retry_delay_ms = 24 * 3'600'000;

/// A setting's value and where it came from: the flag, or the variable.
struct found_value {
  std::string text;
  std::string source;
};

/// The flag's value, else the variable's when set and not empty, else std::nullopt.
std::optional<found_value> find(const parsed_arguments &arguments, const setting &wanted) {
  if (const auto given = arguments.option(wanted.flag)) return found_value{std::string(*given), std::string(wanted.flag)};
  const char *value = std::getenv(wanted.variable);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return found_value{value, wanted.variable};
}

/// find(), failing when the setting is in neither place; `placeholder` shows what it holds.
result<found_value> require(const parsed_arguments &arguments, const setting &wanted, std::string_view placeholder) {
  auto found = find(arguments, wanted);
  if (!found) {
    return error{error_code::invalid_argument, std::string(wanted.flag) + " " + std::string(placeholder) +
                                                   " is required (or set the environment variable " +
                                                   wanted.variable + ")"};
  }
  return std::move(*found);
}

/// The setting as a whole number from `min` to `max`, or `fallback` when it is not there.
result<std::int64_t> number(const parsed_arguments &arguments, const setting &wanted, std::int64_t min,
                            std::int64_t max, std::int64_t fallback) {
  const auto found = find(arguments, wanted);
  if (!found) return fallback;
  const auto value = whole_number(found->text);
  if (!value || *value < min || *value > max) {
    return error{error_code::invalid_argument, found->source + " must be a whole number from " + std::to_string(min) +
                                                   " to " + std::to_string(max) + ", not '" + found->text + "'"};
  }
  return *value;
}

/// The signing key: from the key file the flag or its variable names, else from AK_SIGNING_KEY.
result<std::string> signing_key(const parsed_arguments &arguments) {
  const auto file = find(arguments, signing_key_file);
  const std::string file_source = std::string(signing_key_file.flag) + " FILE (or " + signing_key_file.variable + ")";
  return read_signing_key(file ? std::optional<std::string_view>(file->text) : std::nullopt, file_source);
}

/// Whether the flag `wanted` is on: given, or its variable set to 1 (0 or empty: off).
result<bool> switched_on(const parsed_arguments &arguments, const setting &wanted) {
  if (arguments.flag(wanted.flag)) return true;
  const auto found = find(arguments, wanted);
  if (!found || found->text == "0") return false;
  if (found->text == "1") return true;
  return error{error_code::invalid_argument,
               std::string(wanted.variable) + " must be 1 or 0, not '" + found->text + "'"};
}

/// The admin API's token and prefix: none without a token file, and then no prefix either.
status read_admin_settings(const parsed_arguments &arguments, serve_settings &settings) {
  const auto token_file = find(arguments, admin_token_file);
  const auto prefix = find(arguments, admin_prefix);
  if (!token_file) {
    if (!prefix) return {};
    return error{error_code::invalid_argument,
                 prefix->source + " needs " + std::string(admin_token_file.flag) + " F (or " +
                     admin_token_file.variable + "): the admin API is served only with a token"};
  }
  auto token = read_admin_token(token_file->text);
  if (!token.ok()) return std::move(token).failure();
  settings.admin_token = std::move(token).value();
  if (!prefix) return {};
  if (prefix->text.empty() || prefix->text.front() != '/' || prefix->text.back() != '/') {
    return error{error_code::invalid_argument,
                 prefix->source + " must be a path that starts and ends with '/', such as " +
                     std::string(default_admin_prefix) + ", not '" + prefix->text + "'"};
  }
  settings.admin_prefix = prefix->text;
  return {};
}

/// How the store groups the commits of concurrent starts and cancels.
status read_commit_settings(const parsed_arguments &arguments, serve_settings &settings) {
  const auto batch = number(arguments, commit_batch, 1, max_commit_batch, static_cast<std::int64_t>(settings.commit_batch_max));
  if (!batch.ok()) return batch.failure();
  settings.commit_batch_max = static_cast<std::size_t>(batch.value());
  const auto wait = number(arguments, commit_wait_us, 0, max_commit_wait_us, settings.commit_wait_us);
  if (!wait.ok()) return wait.failure();
  settings.commit_wait_us = wait.value();
  return {};
}

/// What serve needs to send the vendor's reports to Ashby, and to start assessments "Started".
status read_report_settings(const parsed_arguments &arguments, serve_settings &settings) {
  if (auto api = find(arguments, ashby_api_url)) settings.ashby_api_url = std::move(api->text);
  auto master_key = read_master_key(arguments.option(master_key_file.flag));
  if (!master_key.ok()) return std::move(master_key).failure();
  settings.master_key = std::move(master_key).value();
  const auto initial = switched_on(arguments, initial_update);
  if (!initial.ok()) return initial.failure();
  settings.initial_update = initial.value();
  return read_admin_settings(arguments, settings);
}

}  // namespace

argument_spec serve_arguments() {
  argument_spec spec;
  for (const setting &each : all_settings) spec.options.push_back({each.flag, each.kind});
  return spec;
}

result<serve_settings> read_serve_settings(const parsed_arguments &arguments) {
  serve_settings settings;
  auto store_file = require(arguments, db, "FILE");
  if (!store_file.ok()) return std::move(store_file).failure();
  settings.db = std::move(store_file).value().text;

  auto address = require(arguments, listen, "HOST:PORT");
  if (!address.ok()) return std::move(address).failure();
  auto parsed_address = parse_listen_address(address.value().text, address.value().source);
  if (!parsed_address.ok()) return std::move(parsed_address).failure();
  settings.listen = std::move(parsed_address).value();

  auto base = require(arguments, base_url, "URL");
  if (!base.ok()) return std::move(base).failure();
  settings.base_url = std::move(base).value().text;

  auto webhook = require(arguments, webhook_url, "URL");
  if (!webhook.ok()) return std::move(webhook).failure();
  settings.webhook_url = std::move(webhook).value().text;

  auto key = signing_key(arguments);
  if (!key.ok()) return std::move(key).failure();
  settings.signing_key = std::move(key).value();
  auto standard_keys = read_standard_keys(arguments.option(standard_keys_file.flag));
  if (!standard_keys.ok()) return std::move(standard_keys).failure();
  settings.standard_webhook_keys = std::move(standard_keys).value();

  if (const auto catalogue = find(arguments, packages)) {
    auto json = read_file(catalogue->text);
    if (!json.ok()) return std::move(json).failure();
    settings.default_packages_json = std::move(json).value();
  }

  const auto worker_count = number(arguments, workers, 1, max_workers, static_cast<std::int64_t>(settings.workers));
  if (!worker_count.ok()) return worker_count.failure();
  settings.workers = static_cast<std::size_t>(worker_count.value());

  const auto drain = number(arguments, drain_seconds, 0, max_drain_seconds, settings.drain.count());
  if (!drain.ok()) return drain.failure();
  settings.drain = std::chrono::seconds(drain.value());
  const auto lease = number(arguments, lease_seconds, min_lease_seconds, max_lease_seconds, settings.lease.count());
  if (!lease.ok()) return lease.failure();
  settings.lease = std::chrono::seconds(lease.value());
  // The engine takes a time-out under half the lease only: a short lease shortens the default.
  const std::int64_t longest_enrichment_ms = lease.value() * 1000 / 2 - 1;
  const auto enrichment = number(arguments, enrichment_timeout_ms, 1, longest_enrichment_ms,
                                 std::min(settings.enrichment_timeout_ms, longest_enrichment_ms));
  if (!enrichment.ok()) return enrichment.failure();
  settings.enrichment_timeout_ms = enrichment.value();

  const auto first_retry = number(arguments, first_retry_ms, 1, max_retry_delay_ms, settings.retry.first_delay_ms);
  if (!first_retry.ok()) return first_retry.failure();
  settings.retry.first_delay_ms = first_retry.value();
  const auto longest_retry =
      number(arguments, max_retry_ms, 1, max_retry_delay_ms, std::max(settings.retry.max_delay_ms, first_retry.value()));
  if (!longest_retry.ok()) return longest_retry.failure();
  if (longest_retry.value() < first_retry.value()) {
    return error{error_code::invalid_argument, "--max-retry-ms (AK_MAX_RETRY_MS) must be at least --first-retry-ms"};
  }
  settings.retry.max_delay_ms = longest_retry.value();
  if (const auto commits = read_commit_settings(arguments, settings); !commits.ok()) return commits.failure();

  if (const auto reports = read_report_settings(arguments, settings); !reports.ok()) return reports.failure();
  return settings;
}

}  // namespace ashbyknit::cli
