// store: opening, integrations, keys, catalogues and custom fields.
#include <fmt/format.h>

#include <limits>

#include "ashbyknit/master_key.hpp"
#include "ashbyknit/secrets.hpp"
#include "base_encoding.hpp"
#include "custom_fields.hpp"
#include "json_document.hpp"
#include "store_internal.hpp"
#include "store_backends.hpp"

namespace ashbyknit {
namespace {

constexpr std::size_t key_id_random_chars = 16;

result<bool> integration_exists(store::impl &state, std::string_view integration_id) {
  auto query = state.database->query(state.sql->integration_exists);
  if (!query.ok()) return std::move(query).failure();
  return query.value().bind(1, integration_id).step();
}

/// Writes a per-integration setting, or the bridge-wide one when `integration_id` is empty, with
/// `sql`: an upsert taking the integration id, the (validated) JSON and the time.
status write_setting(store::impl &state, const char *sql, std::string_view integration_id, std::string_view json) {
  std::lock_guard lock(state.mutex);
  if (!integration_id.empty()) {
    if (auto found = detail::require_integration(state, integration_id); !found.ok()) return found;
  }
  auto query = state.database->query(sql);
  if (!query.ok()) return std::move(query).failure();
  return detail::run_statement(std::move(query.value().bind(1, integration_id).bind(2, json).bind(3, state.now_ms())));
}

}  // namespace

namespace detail {

status require_integration(store::impl &state, std::string_view integration_id) {
  auto exists = integration_exists(state, integration_id);
  if (!exists.ok()) return std::move(exists).failure();
  if (!exists.value()) return {error_code::not_found, fmt::format("There is no integration {}.", integration_id)};
  return {};
}

}  // namespace detail

store::store(std::unique_ptr<impl> state) noexcept : impl_(std::move(state)) {}
store::~store() = default;

result<std::unique_ptr<store>> store::open(store_options options) {
  if (!options.clock || !options.random) {
    return error{error_code::invalid_argument, "The store needs a clock and a random source."};
  }
  if (!options.master_key.empty() && options.master_key.size() != master_key_bytes) {
    return error{error_code::invalid_argument,
                 fmt::format("A master key is {} bytes (see parse_master_key).", master_key_bytes)};
  }
  if (options.commit_batch_max == 0) {
    return error{error_code::invalid_argument, "commit_batch_max must be at least 1 (1: every call commits alone)."};
  }
  if (options.commit_wait_us < 0 || options.commit_wait_us > max_commit_wait_us) {
    return error{error_code::invalid_argument,
                 fmt::format("commit_wait_us must be from 0 to {} microseconds, not {}.", max_commit_wait_us,
                             options.commit_wait_us)};
  }
  auto opened = detail::is_postgres_location(options.path) ? detail::open_postgres_store(options)
                                                           : detail::open_sqlite_store(options);
  if (!opened.ok()) return std::move(opened).failure();
  auto state = std::make_unique<impl>();
  state->database = std::move(opened.value().writer);
  state->reader = std::move(opened.value().reader);
  state->sql = opened.value().sql;
  state->commits = std::make_unique<detail::group_commit>(*state->database, state->mutex, options.commit_batch_max,
                                                          std::chrono::microseconds(options.commit_wait_us));
  state->options = std::move(options);
  return std::unique_ptr<store>(new store(std::move(state)));
}

status store::create_integration(std::string_view integration_id) {
  if (auto checked = check_integration_id(integration_id); !checked.ok()) return checked;
  std::lock_guard lock(impl_->mutex);
  auto exists = integration_exists(*impl_, integration_id);
  if (!exists.ok()) return std::move(exists).failure();
  if (exists.value()) return {error_code::conflict, fmt::format("The integration {} exists already.", integration_id)};
  auto query = impl_->database->query(impl_->sql->insert_integration);
  if (!query.ok()) return std::move(query).failure();
  return detail::run_statement(std::move(query.value().bind(1, integration_id).bind(2, impl_->now_ms())));
}

result<std::vector<integration_info>> store::list_integrations() {
  std::lock_guard lock(impl_->mutex);
  auto query = impl_->database->query(impl_->sql->list_integrations);
  if (!query.ok()) return std::move(query).failure();
  query.value().bind(1, impl_->now_ms());
  return detail::collect_rows(query.value(), [](const detail::sql_query &q) {
    return integration_info{std::string(q.text(0)), q.integer(1), static_cast<std::size_t>(q.integer(2)),
                            q.integer(3) != 0, q.integer(4) != 0};
  });
}

result<issued_key> store::issue_key(std::string_view integration_id, std::string_view public_base_url,
                                    std::optional<std::int64_t> expires_in_ms) {
  if (expires_in_ms && *expires_in_ms <= 0) {
    return error{error_code::invalid_argument, "A key's lifetime must be positive."};
  }
  std::lock_guard lock(impl_->mutex);
  const std::int64_t now = impl_->now_ms();
  if (expires_in_ms && *expires_in_ms > std::numeric_limits<std::int64_t>::max() - now) {
    return error{error_code::invalid_argument, "A key's lifetime must end before the year 292277026596."};
  }
  if (auto found = detail::require_integration(*impl_, integration_id); !found.ok()) return found.failure();
  auto secret = issue_secret(integration_id, public_base_url, impl_->options.random);
  if (!secret.ok()) return std::move(secret).failure();
  auto key_id = detail::random_text(detail::lower_alphanumerics, key_id_random_chars, impl_->options.random);
  if (!key_id.ok()) return std::move(key_id).failure();

  issued_key issued{"key_" + key_id.value(), std::move(secret.value().secret_key), std::move(secret.value().base_url),
                    expires_in_ms ? std::optional(now + *expires_in_ms) : std::nullopt};
  auto query = impl_->database->query(impl_->sql->insert_key);
  if (!query.ok()) return std::move(query).failure();
  query.value().bind(1, issued.key_id).bind(2, integration_id).bind(3, secret.value().key_hash).bind(4, now);
  if (auto inserted = detail::run_statement(std::move(query.value().bind(5, issued.expires_ms))); !inserted.ok()) return inserted.failure();
  return issued;
}

result<std::vector<key_info>> store::list_keys(std::string_view integration_id) {
  std::lock_guard lock(impl_->mutex);
  if (auto found = detail::require_integration(*impl_, integration_id); !found.ok()) return found.failure();
  auto query = impl_->database->query(impl_->sql->list_keys);
  if (!query.ok()) return std::move(query).failure();
  query.value().bind(1, integration_id);
  return detail::collect_rows(query.value(), [&](const detail::sql_query &q) {
    return key_info{std::string(q.text(0)), std::string(integration_id), q.integer(1), q.optional_integer(2),
                    q.optional_integer(3)};
  });
}

status store::revoke_key(std::string_view integration_id, std::string_view key_id) {
  std::lock_guard lock(impl_->mutex);
  if (auto found = detail::require_integration(*impl_, integration_id); !found.ok()) return found;
  auto query = impl_->database->query(impl_->sql->revoke_key);
  if (!query.ok()) return std::move(query).failure();
  if (auto updated = detail::run_statement(std::move(query.value().bind(1, integration_id).bind(2, key_id).bind(3, impl_->now_ms())));
      !updated.ok()) {
    return updated;
  }
  if (impl_->database->changes() == 0) {
    return {error_code::not_found, fmt::format("The integration {} has no key {}.", integration_id, key_id)};
  }
  return {};
}

result<std::string> store::authenticate(std::string_view presented_key) {
  if (impl_->reader) {
    std::lock_guard lock(impl_->reader_mutex);
    return detail::find_key_owner(*impl_->reader, *impl_->sql, presented_key, impl_->now_ms());
  }
  std::lock_guard lock(impl_->mutex);
  return detail::find_key_owner(*impl_->database, *impl_->sql, presented_key, impl_->now_ms());
}

status store::set_packages(std::string_view integration_id, std::string_view packages_json) {
  auto catalogue = package_catalogue::parse(packages_json);
  if (!catalogue.ok()) return std::move(catalogue).failure();
  return write_setting(*impl_,
                       impl_->sql->upsert_packages,
                       integration_id, detail::minify_json(packages_json));
}

result<std::optional<package_catalogue>> store::packages_for(std::string_view integration_id) {
  std::lock_guard lock(impl_->mutex);
  return detail::load_packages(*impl_, integration_id);
}

status store::set_custom_fields(std::string_view integration_id, std::string_view fields_json) {
  auto fields = detail::validate_custom_fields(fields_json);
  if (!fields.ok()) return std::move(fields).failure();
  return write_setting(*impl_,
                       impl_->sql->upsert_custom_fields,
                       integration_id, fields.value());
}

result<std::string> store::custom_fields_for(std::string_view integration_id) {
  std::lock_guard lock(impl_->mutex);
  return detail::load_custom_fields(*impl_, integration_id);
}

}  // namespace ashbyknit
