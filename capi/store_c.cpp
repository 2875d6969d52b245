// ak_store_*: the C face of ashbyknit/store.hpp; lists come out as store_json.hpp renders them.
#include "store_c.hpp"

#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "ashbyknit/master_key.hpp"
#include "ashbyknit/store_json.hpp"
#include "c_api_support.hpp"
#include "sources_c.hpp"

using namespace ashbyknit;

namespace {

/// The integration an administrative call is about, where NULL means what `null_means` says
/// ("the bridge-wide setting"). "" is refused: the C++ API would read it as NULL, not as an id.
ak_status read_scope(const char *integration_id, const char *null_means, std::optional<std::string_view> &out) {
  if (integration_id == nullptr) return AK_OK;
  if (*integration_id == '\0') {
    return capi::fail(AK_ERR_INVALID_ARGUMENT,
                      std::string("integration_id is empty; pass NULL for ") + null_means + ".");
  }
  out = integration_id;
  return AK_OK;
}

/// Hands a C++ call's list to the caller as JSON, or fails with the call's error.
template <typename List>
ak_status give_json(result<List> listed, char **out) {
  if (!listed.ok()) return capi::fail(listed.failure());
  return capi::give_string(to_json(listed.value()), out);
}

/// Turns a C++ status into the caller's ak_status.
ak_status give_status(const status &done) { return done.ok() ? AK_OK : capi::fail(done.failure()); }

/// The state an ak_store_events_list call asks for; std::nullopt for AK_EVENTS_ALL.
ak_status read_state(int value, std::optional<event_state> &out) {
  switch (value) {
    case AK_EVENTS_ALL: out.reset(); return AK_OK;
    case AK_EVENTS_PENDING: out = event_state::pending; return AK_OK;
    case AK_EVENTS_DELIVERED: out = event_state::delivered; return AK_OK;
    case AK_EVENTS_DEAD_LETTERED: out = event_state::dead_lettered; return AK_OK;
    default:
      return capi::fail(AK_ERR_INVALID_ARGUMENT,
                        "state must be AK_EVENTS_ALL, AK_EVENTS_PENDING, AK_EVENTS_DELIVERED or "
                        "AK_EVENTS_DEAD_LETTERED, not " + std::to_string(value) + ".");
  }
}

/// ak_store_packages_set and ak_store_fields_set: `set` is the store member that writes the JSON.
template <typename Set>
ak_status set_scoped_json(ak_store *store, const char *integration_id, const char *json, Set set) {
  AK_REQUIRE_ARGUMENT(store);
  AK_REQUIRE_ARGUMENT(json);
  return capi::guarded([&] {
    std::optional<std::string_view> scope;
    AK_TRY(read_scope(integration_id, "the bridge-wide setting", scope));
    return give_status((store->instance->*set)(scope.value_or(std::string_view()), json));
  });
}

}  // namespace

namespace ashbyknit::capi {

ak_status read_store_options(const ak_store_options *options, const char *name, store_options &out) {
  if (options == nullptr) return AK_OK;
  AK_TRY(check_struct_size(options->struct_size, sizeof(ak_store_options), name, "ak_store_options"));
  const std::string prefix = std::string(name) + "->";
  if (AK_FIELD_PRESENT(options, path) && options->path != nullptr) {
    if (*options->path == '\0') {
      return fail(AK_ERR_INVALID_ARGUMENT, prefix + "path is empty; pass NULL for an in-memory store.");
    }
    out.path = options->path;
  }
  if (AK_FIELD_PRESENT(options, busy_timeout_ms) && options->busy_timeout_ms != 0) {
    if (options->busy_timeout_ms < 0) {
      return fail(AK_ERR_INVALID_ARGUMENT, prefix + "busy_timeout_ms must not be negative.");
    }
    out.busy_timeout_ms = options->busy_timeout_ms;
  }
  if (AK_FIELD_PRESENT(options, durability)) {
    switch (options->durability) {
      case AK_DURABILITY_FULL: out.sync = durability::full; break;
      case AK_DURABILITY_NORMAL: out.sync = durability::normal; break;
      default:
        return fail(AK_ERR_INVALID_ARGUMENT, prefix + "durability must be AK_DURABILITY_FULL or AK_DURABILITY_NORMAL.");
    }
  }
  if (AK_FIELD_PRESENT(options, master_key_len)) {
    AK_TRY(check_span(options->master_key, options->master_key_len, (prefix + "master_key").c_str(),
                      (prefix + "master_key_len").c_str()));
    if (options->master_key != nullptr && options->master_key_len != master_key_bytes) {
      return fail(AK_ERR_INVALID_ARGUMENT, prefix + "master_key_len must be AK_MASTER_KEY_BYTES (32), not " +
                                               std::to_string(options->master_key_len) + ".");
    }
    out.master_key = std::string(bytes(options->master_key, options->master_key_len));
  }
  if (AK_FIELD_PRESENT(options, commit_batch_max) && options->commit_batch_max != 0) {
    out.commit_batch_max = options->commit_batch_max;
  }
  if (AK_FIELD_PRESENT(options, commit_wait_us)) {
    // store::open refuses a wait out of range, naming the field.
    out.commit_wait_us = options->commit_wait_us;
  }
  return AK_OK;
}

}  // namespace ashbyknit::capi

extern "C" {

ak_status ak_master_key_parse(const char *text, unsigned char out[AK_MASTER_KEY_BYTES]) {
  AK_REQUIRE_ARGUMENT(text);
  AK_REQUIRE_ARGUMENT(out);
  return capi::guarded([&] {
    auto parsed = parse_master_key(text);
    if (!parsed.ok()) return capi::fail(parsed.failure());
    std::memcpy(out, parsed.value().data(), master_key_bytes);
    return AK_OK;
  });
}

ak_status ak_master_key_generate(char **out) {
  AK_REQUIRE_ARGUMENT(out);
  return capi::guarded([&] {
    auto generated = generate_master_key();
    if (!generated.ok()) return capi::fail(generated.failure());
    return capi::give_string(generated.value(), out);
  });
}

ak_status ak_store_open(const ak_store_options *options, const ak_sources *sources, ak_store **out) {
  return capi::guarded([&] {
    store_options opening;
    // First, so that the sources' destroy runs whatever else is wrong with the call.
    AK_TRY(capi::read_sources(sources, opening.clock, opening.random));
    AK_REQUIRE_ARGUMENT(out);
    AK_TRY(capi::read_store_options(options, "options", opening));
    auto opened = store::open(std::move(opening));
    if (!opened.ok()) return capi::fail(opened.failure());
    auto handle = std::make_unique<ak_store>();
    handle->owned = std::move(opened).value();
    handle->instance = handle->owned.get();
    *out = handle.release();
    return AK_OK;
  });
}

void ak_store_free(ak_store *store) {
  // A bridge's view is the bridge's to close: freeing it by mistake must not free the bridge.
  if (store != nullptr && store->owned != nullptr) delete store;
}

ak_status ak_store_integration_create(ak_store *store, const char *integration_id) {
  AK_REQUIRE_ARGUMENT(store);
  AK_REQUIRE_ARGUMENT(integration_id);
  return capi::guarded([&] { return give_status(store->instance->create_integration(integration_id)); });
}

ak_status ak_store_integration_list(ak_store *store, char **out) {
  AK_REQUIRE_ARGUMENT(store);
  AK_REQUIRE_ARGUMENT(out);
  return capi::guarded([&] { return give_json(store->instance->list_integrations(), out); });
}

ak_status ak_store_secret_issue(ak_store *store, const char *integration_id, const char *public_base_url,
                                int64_t expires_in_ms, char **out_secret_key, char **out_base_url, char **out_key_id) {
  AK_REQUIRE_ARGUMENT(store);
  AK_REQUIRE_ARGUMENT(integration_id);
  AK_REQUIRE_ARGUMENT(public_base_url);
  AK_REQUIRE_ARGUMENT(out_secret_key);
  AK_REQUIRE_ARGUMENT(out_base_url);
  AK_REQUIRE_ARGUMENT(out_key_id);
  if (expires_in_ms < 0) {
    return capi::fail(AK_ERR_INVALID_ARGUMENT, "expires_in_ms must not be negative; 0 means never.");
  }
  return capi::guarded([&] {
    const auto lifetime = expires_in_ms == 0 ? std::nullopt : std::optional<std::int64_t>(expires_in_ms);
    auto issued = store->instance->issue_key(integration_id, public_base_url, lifetime);
    if (!issued.ok()) return capi::fail(issued.failure());
    const issued_key &key = issued.value();
    return capi::give_strings(
        {{key.secret_key, out_secret_key}, {key.base_url, out_base_url}, {key.key_id, out_key_id}});
  });
}

ak_status ak_store_secret_list(ak_store *store, const char *integration_id, char **out) {
  AK_REQUIRE_ARGUMENT(store);
  AK_REQUIRE_ARGUMENT(integration_id);
  AK_REQUIRE_ARGUMENT(out);
  return capi::guarded([&] { return give_json(store->instance->list_keys(integration_id), out); });
}

ak_status ak_store_secret_revoke(ak_store *store, const char *integration_id, const char *key_id) {
  AK_REQUIRE_ARGUMENT(store);
  AK_REQUIRE_ARGUMENT(integration_id);
  AK_REQUIRE_ARGUMENT(key_id);
  return capi::guarded([&] { return give_status(store->instance->revoke_key(integration_id, key_id)); });
}

ak_status ak_store_ashby_key_set(ak_store *store, const char *integration_id, const char *ashby_api_key) {
  AK_REQUIRE_ARGUMENT(store);
  AK_REQUIRE_ARGUMENT(integration_id);
  AK_REQUIRE_ARGUMENT(ashby_api_key);
  return capi::guarded([&] { return give_status(store->instance->set_ashby_key(integration_id, ashby_api_key)); });
}

ak_status ak_store_candidate_enrichment_set(ak_store *store, const char *integration_id, int enabled) {
  AK_REQUIRE_ARGUMENT(store);
  AK_REQUIRE_ARGUMENT(integration_id);
  return capi::guarded([&] {
    return give_status(store->instance->set_candidate_enrichment(integration_id, enabled != 0));
  });
}

ak_status ak_store_packages_set(ak_store *store, const char *integration_id, const char *packages_json) {
  return set_scoped_json(store, integration_id, packages_json, &ashbyknit::store::set_packages);
}

ak_status ak_store_fields_set(ak_store *store, const char *integration_id, const char *fields_json) {
  return set_scoped_json(store, integration_id, fields_json, &ashbyknit::store::set_custom_fields);
}

ak_status ak_store_assessments_list(ak_store *store, const char *integration_id, char **out) {
  AK_REQUIRE_ARGUMENT(store);
  AK_REQUIRE_ARGUMENT(out);
  return capi::guarded([&] {
    std::optional<std::string_view> scope;
    AK_TRY(read_scope(integration_id, "every integration", scope));
    return give_json(store->instance->list_assessments(scope), out);
  });
}

ak_status ak_store_events_count(ak_store *store, int64_t *out_pending, int64_t *out_acknowledged,
                                int64_t *out_dead_lettered) {
  AK_REQUIRE_ARGUMENT(store);
  return capi::guarded([&] {
    auto counts = store->instance->count_events();
    if (!counts.ok()) return capi::fail(counts.failure());
    if (out_pending != nullptr) *out_pending = counts.value().pending;
    if (out_acknowledged != nullptr) *out_acknowledged = counts.value().acknowledged;
    if (out_dead_lettered != nullptr) *out_dead_lettered = counts.value().dead_lettered;
    return AK_OK;
  });
}

ak_status ak_store_events_list(ak_store *store, int state, size_t limit, char **out) {
  AK_REQUIRE_ARGUMENT(store);
  AK_REQUIRE_ARGUMENT(out);
  return capi::guarded([&] {
    std::optional<event_state> wanted;
    AK_TRY(read_state(state, wanted));
    return give_json(store->instance->list_events(wanted, limit), out);
  });
}

ak_status ak_store_event_history(ak_store *store, const char *event_id, char **out) {
  AK_REQUIRE_ARGUMENT(store);
  AK_REQUIRE_ARGUMENT(event_id);
  AK_REQUIRE_ARGUMENT(out);
  return capi::guarded([&] { return give_json(store->instance->event_history(event_id), out); });
}

ak_status ak_store_events_replay(ak_store *store, const char *event_id, size_t *out_replayed) {
  AK_REQUIRE_ARGUMENT(store);
  return capi::guarded([&] {
    auto replayed = store->instance->replay_dead_letters(event_id != nullptr ? std::optional<std::string_view>(event_id)
                                                                             : std::nullopt);
    if (!replayed.ok()) return capi::fail(replayed.failure());
    if (out_replayed != nullptr) *out_replayed = replayed.value();
    return AK_OK;
  });
}

}  // extern "C"
