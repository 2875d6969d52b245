// store: the integrations' Ashby API keys, sealed (AES-256-GCM) under the host's master key.
#include <fmt/format.h>

#include "sealed_box.hpp"
#include "store_internal.hpp"

namespace ashbyknit {
namespace {

constexpr std::size_t max_ashby_key_bytes = 1024;

/// Binds a sealed key to its integration, so a key copied onto another integration's row does not open.
std::string seal_context(std::string_view integration_id) { return fmt::format("ashby-api-key:{}", integration_id); }

status no_master_key() {
  return {error_code::invalid_argument,
          "The store has no master key, so it cannot keep or use an Ashby API key: give the host's master key "
          "(see parse_master_key) to the store."};
}

/// An Ashby API key travels as a Basic-auth user name: printable, no ':' and no white space.
status check_ashby_key(std::string_view key) {
  if (key.empty()) return {error_code::invalid_argument, "The Ashby API key is empty."};
  if (key.size() > max_ashby_key_bytes) {
    return {error_code::invalid_argument, fmt::format("The Ashby API key is over {} bytes.", max_ashby_key_bytes)};
  }
  for (const char c : key) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f || c == ':') {
      return {error_code::invalid_argument,
              "The Ashby API key holds a ':', white space or a control character; it cannot be sent as a Basic-auth "
              "user name."};
    }
  }
  return {};
}

}  // namespace

namespace detail {

result<std::string> load_ashby_key(store::impl &state, std::string_view integration_id) {
  if (state.options.master_key.empty()) return no_master_key().failure();
  std::string sealed;
  {
    std::lock_guard lock(state.mutex);
    auto query = state.database->query(state.sql->load_ashby_key);
    if (!query.ok()) return std::move(query).failure();
    auto row = query.value().bind(1, integration_id).step();
    if (!row.ok()) return std::move(row).failure();
    if (!row.value()) {
      return error{error_code::not_found, fmt::format("The integration {} has no Ashby API key.", integration_id)};
    }
    sealed = std::string(query.value().text(0));
  }
  auto key = open_sealed(state.options.master_key, seal_context(integration_id), sealed);
  if (key.code() == error_code::store_error) return error{error_code::invalid_argument, key.message()};
  return key;
}

}  // namespace detail

status store::set_ashby_key(std::string_view integration_id, std::string_view ashby_api_key) {
  if (impl_->options.master_key.empty()) return no_master_key();
  if (auto checked = check_ashby_key(ashby_api_key); !checked.ok()) return checked;
  auto sealed = detail::seal(impl_->options.master_key, seal_context(integration_id), ashby_api_key, impl_->options.random);
  if (!sealed.ok()) return sealed.failure();

  std::lock_guard lock(impl_->mutex);
  if (auto found = detail::require_integration(*impl_, integration_id); !found.ok()) return found;
  auto upsert = impl_->database->query(impl_->sql->upsert_ashby_key);
  if (!upsert.ok()) return std::move(upsert).failure();
  return detail::run_statement(
      std::move(upsert.value().bind(1, integration_id).bind(2, sealed.value()).bind(3, impl_->now_ms())));
}

}  // namespace ashbyknit
