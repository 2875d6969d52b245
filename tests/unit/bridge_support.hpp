// A bridge on a real store (a SQLite file in a fresh temporary directory, or with
// AK_TEST_STORE=postgres a fresh database on a real PostgreSQL server), with a clock the test
// moves, an integration and a key: the starting point of the bridge and store tests.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "ashbyknit/bridge.hpp"
#include "temporary_directory.hpp"

namespace ashbyknit::test {

/// `Basic base64(user:password)`.
std::string basic_authorization(std::string_view user, std::string_view password = "");

/// Where a new store lives: a file in `directory`, or, when the environment's AK_TEST_STORE is
/// "postgres", a fresh database on the tests' PostgreSQL server (postgres_server::shared()).
std::string fresh_store_location(const temporary_directory &directory);

/// A started bridge with integration "acme" and one key for it.
struct bridge_fixture {
  /// A bridge on `store_path` (default: fresh_store_location(directory)); unless told otherwise it
  /// creates integration "acme" and issues it a key.
  explicit bridge_fixture(std::string store_path = "", bool create_integration = true);

  /// POSTs `body` to `<base path><operation>` with the key (or `authorization`, when given).
  http_response call(std::string_view operation, std::string_view body, std::string_view authorization = {});
  /// A start body for `application_id`, with optional other candidate.
  static std::string start_body(std::string_view application_id, std::string_view candidate_id = "cand_1",
                                std::string_view type_id = "pkg_456");
  /// The assessment_id of a successful start or cancel reply; the test fails without one.
  static std::string assessment_id_of(const http_response &reply);
  /// The assessment_id of a reply, if it has one. Makes no assertion, so threads may call it
  /// (Catch2's assertions belong to the test's own thread).
  static std::optional<std::string> find_assessment_id(const http_response &reply);
  /// Reopens the bridge on the same store file, as a restarted process would.
  void reopen();
  /// The outbox's entry `event_id` (an event or an update); the test fails without one.
  event_info outbox_entry(std::string_view event_id);
  /// Stores ashby_api_key as acme's Ashby API key, so its assessments take reports.
  void set_ashby_key();
  /// Issues another key for `integration_id` and returns the secret key.
  std::string issue_key(std::string_view integration_id, std::optional<std::int64_t> expires_in_ms = std::nullopt);

  temporary_directory directory;
  std::string store_path;
  std::shared_ptr<std::atomic<std::int64_t>> now_ms = std::make_shared<std::atomic<std::int64_t>>(1734567890123);
  std::unique_ptr<bridge> instance;
  std::string key;  ///< acme's first key; empty when the fixture created no integration
  std::string master_key = std::string(32, 'm');  ///< the store's master key (raw bytes); "" for none
  bool initial_update_request = false;            ///< the bridge's option, applied by reopen()
  static constexpr std::string_view base_url = "https://hooks.vendor.example/ashby/";
  static constexpr std::string_view signing_key = "vendor-signing-key";
  static constexpr std::string_view ashby_api_key = "ashby-api-key-of-acme";
};

}  // namespace ashbyknit::test
