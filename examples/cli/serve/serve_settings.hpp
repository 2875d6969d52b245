// The settings of `ashbyknit serve`: each from its flag or, without the flag, from its
// environment variable, so that a service manager can configure it without a command line.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "arguments.hpp"
#include "ashbyknit/delivery.hpp"
#include "ashbyknit/result.hpp"
#include "ashbyknit/store.hpp"
#include "service/listen_address.hpp"

namespace ashbyknit::cli {

/// Where the admin API is served when serve is given no --admin-prefix.
inline constexpr std::string_view default_admin_prefix = "/admin/";

/// Everything serve needs before it starts.
struct serve_settings {
  std::string db;                     ///< the store file
  listen_address listen;
  std::string base_url;               ///< the bridge's public base URL, as given to Ashby
  std::string webhook_url;            ///< where the events go
  std::string signing_key;            ///< signs the events; read from a file or the environment only
  std::vector<std::string> standard_webhook_keys;  ///< also sign the events (Standard Webhooks); read from a file
  std::string default_packages_json;  ///< the catalogue when the store holds none; "" for none
  std::size_t workers = 4;            ///< delivery threads
  std::chrono::seconds drain{10};     ///< how long deliveries in flight may finish on a stop
  /// how long a claimed event is held before another engine on the store may send it
  std::chrono::seconds lease{delivery_options{}.lease_ms / 1000};
  retry_policy retry;                 ///< the waits between attempts; the rest as the library has it
  /// how long a record.new of an integration that enriches candidates waits for candidate.info
  std::int64_t enrichment_timeout_ms = delivery_options{}.enrichment_timeout_ms;
  std::string ashby_api_url = delivery_options{}.ashby_api_url;  ///< where reports go: Ashby's API base
  std::string master_key;             ///< 32 raw bytes that decrypt the stored Ashby API keys; "" for none
  bool initial_update = false;        ///< start replies carry an update_request with status "Started"
  std::size_t commit_batch_max = store_options{}.commit_batch_max;  ///< the most starts and cancels in one commit
  std::int64_t commit_wait_us = store_options{}.commit_wait_us;     ///< how long a batch waits for more
  std::string admin_token;            ///< the admin API's bearer token; "" when there is no admin API
  std::string admin_prefix{default_admin_prefix};  ///< the admin API's path prefix, starting and ending with '/'
};

/// The options serve accepts. Every one but the flag --initial-update is a plain value option, even
/// those serve cannot run without, since a missing flag may be made up for by its environment
/// variable.
argument_spec serve_arguments();

/// Reads the settings from `arguments`, falling back on the environment for each, and reads the
/// signing key, Standard Webhooks keys, packages, master key and admin token files. Fails with error_code::invalid_argument
/// and a message naming the flag and its variable for a setting that is missing or bad, or a file
/// that cannot be read. Nothing here opens the store or checks the URLs: opening the bridge and the
/// engine does; nor whether the admin prefix and the base URL's path overlap (check_admin_prefix).
result<serve_settings> read_serve_settings(const parsed_arguments &arguments);

}  // namespace ashbyknit::cli
