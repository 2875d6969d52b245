// What the [capi] store, bridge and events tests share: owners for the library's handles, a
// temporary directory for real store files, injected sources that count what happens to them,
// requests built as a host would build them, and replies read back through the accessors.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ashbyknit.h"
#include "capi_support.hpp"
#include "temporary_directory.hpp"

namespace capi_test {

/// Releases each handle with its own free function, as the header requires.
struct handle_deleter {
  void operator()(ak_store *store) const noexcept { ak_store_free(store); }
  void operator()(ak_bridge *bridge) const noexcept { ak_bridge_free(bridge); }
  void operator()(ak_http_response *response) const noexcept { ak_http_response_free(response); }
  void operator()(ak_event_batch *batch) const noexcept { ak_event_batch_free(batch); }
};
using owned_store = std::unique_ptr<ak_store, handle_deleter>;
using owned_bridge = std::unique_ptr<ak_bridge, handle_deleter>;
using owned_response = std::unique_ptr<ak_http_response, handle_deleter>;
using owned_batch = std::unique_ptr<ak_event_batch, handle_deleter>;

using ashbyknit::test::temporary_directory;

/// A clock the test sets and a random source that counts its calls and can be told to fail,
/// handed to the library as an ak_sources whose destroy counts too. Must outlive every store and
/// bridge given its sources.
class test_sources {
 public:
  /// The sources with the clock and random source wanted; destroy is always set.
  ak_sources sources(bool with_clock = true, bool with_random = true);

  std::atomic<std::int64_t> now_ms{start_now_ms};
  std::atomic<std::int64_t> random_calls{0};
  std::atomic<bool> fail_random{false};
  std::atomic<int> destroyed{0};
  std::atomic<std::uint64_t> state{0x9e3779b97f4a7c15};  ///< of the byte generator, splitmix64
};

/// Store options for a file at `path`, which they point to: it must outlive them.
ak_store_options store_file(const char *path);

/// What the test bridges differ in; every one has base_url, the fixture catalogue and `injected`'s
/// clock and random source.
struct test_bridge_settings {
  const ak_store_options *store = nullptr;  ///< must outlive the call
  std::string_view signing_key;             ///< "" for none
  bool initial_update_request = false;
};

/// Opens a bridge with `settings`, failing the test with the library's message if it refuses.
owned_bridge open_test_bridge(const test_bridge_settings &settings, test_sources &injected);

/// Opens a store, failing the test with the library's message if it refuses.
owned_store open_store(const ak_store_options *options, const ak_sources *sources = nullptr);

/// What ak_store_secret_issue hands out.
struct issued_key {
  std::string secret_key;
  std::string base_url;
  std::string key_id;
};

/// The base URL the bridges of these tests serve, and its path.
inline constexpr const char *base_url = "https://hooks.vendor.example/ashby/";
inline constexpr const char *base_path = "/ashby/";
/// The signing key of the bridges of these tests.
inline constexpr std::string_view signing_key = "vendor-signing-key";

/// Issues a key through ak_store_secret_issue, failing the test if it refuses.
issued_key issue_key(ak_store *store, const char *integration_id, std::int64_t expires_in_ms = 0);

/// Takes the string a call returned through `*out`, failing the test (with the library's
/// message) unless the call's `status` is AK_OK. `out` is read only here, after the call: an
/// argument `out` by value could be read before the call in the same expression ran.
std::string take(ak_status status, char **out);

/// `Basic base64(user ":" password)`, encoded here (RFC 4648) rather than by the library.
std::string basic_authorization(std::string_view user, std::string_view password = "");

/// A reply as read back through the ak_http_response accessors.
struct reply {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string operation;       ///< what the call was: ak_http_response_operation
  std::string integration_id;  ///< ak_http_response_integration_id
  std::string assessment_id;   ///< ak_http_response_assessment_id
  /// The value of the first header named `name` exactly; "" when absent.
  std::string header(std::string_view name) const;
};

/// Reads every part of a response through its accessors.
reply read_reply(const ak_http_response *response);

/// Hands `request` to the bridge and reads the reply, failing the test if the call fails.
reply handle(ak_bridge *bridge, const ak_http_request &request);

/// A POST of `body` to `<base_path><operation>` with the given headers, as an ak_http_request
/// whose views point into `headers` and `body`.
ak_http_request post_request(const std::string &path, const std::vector<ak_header> &headers, std::string_view body);

/// An ak_header viewing two strings, which must outlive it.
ak_header header_of(std::string_view name, std::string_view value);

/// A bridge on a store file in a temporary directory, with a pinned clock and a counting random
/// source, integration "acme" and a key issued for it through ak_store_secret_issue.
struct bridge_fixture {
  bridge_fixture();
  /// Opens the bridge again on the same file, as a restarted host would.
  void reopen();
  /// POSTs `body` to `operation` with acme's key (or `authorization`, when not empty).
  reply call(std::string_view operation, std::string_view body, std::string_view authorization = {}) const;

  temporary_directory directory;
  std::string path = directory.file("store.db");
  test_sources injected;
  owned_bridge bridge;
  issued_key key;
};

/// A start body for application `application_id`, valid under protocol §2.2.
std::string start_body(std::string_view application_id);

/// `{"assessment_id":"<id>"}`.
std::string cancel_body(std::string_view assessment_id);

}  // namespace capi_test
