// ak_delivery_*: the delivery engine through the C ABI. A scripted host transport stands in for
// the vendor's webhook; the default libcurl transport is pointed at a closed loopback port.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <simdjson.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "capi_support.hpp"
#include "host_transport_support.hpp"
#include "store_bridge_support.hpp"

using namespace capi_test;

namespace {

/// How long a test waits for background workers before it fails: far longer than they need.
constexpr std::chrono::seconds generous_deadline{10};

/// One entry of ak_store_events_list.
struct event_entry {
  std::string event_id;
  std::string state;
  std::int64_t attempts = -1;
  std::int64_t next_attempt_ms = -1;
  std::optional<std::string> last_error;
};

/// One entry of ak_store_event_history.
struct attempt_entry {
  std::string execution_id;
  std::int64_t started_ms = -1;
  std::int64_t duration_ms = -1;
  std::optional<std::int64_t> http_status;
  std::optional<std::string> error;
};

simdjson::dom::element member(simdjson::dom::element object, const char *name) {
  simdjson::dom::element value;
  INFO("member " << name);
  REQUIRE(object[name].get(value) == simdjson::SUCCESS);
  return value;
}

std::string string_member(simdjson::dom::element object, const char *name) {
  std::string_view text;
  REQUIRE(member(object, name).get(text) == simdjson::SUCCESS);
  return std::string(text);
}

std::int64_t int_member(simdjson::dom::element object, const char *name) {
  std::int64_t number = 0;
  REQUIRE(member(object, name).get(number) == simdjson::SUCCESS);
  return number;
}

std::optional<std::string> optional_string_member(simdjson::dom::element object, const char *name) {
  const simdjson::dom::element value = member(object, name);
  if (value.is_null()) return std::nullopt;
  std::string_view text;
  REQUIRE(value.get(text) == simdjson::SUCCESS);
  return std::string(text);
}

std::optional<std::int64_t> optional_int_member(simdjson::dom::element object, const char *name) {
  const simdjson::dom::element value = member(object, name);
  if (value.is_null()) return std::nullopt;
  std::int64_t number = 0;
  REQUIRE(value.get(number) == simdjson::SUCCESS);
  return number;
}

/// The elements of a JSON array, parsed by `parser`.
simdjson::dom::array parsed_array(simdjson::dom::parser &parser, const std::string &json) {
  INFO("JSON " << json);
  simdjson::dom::array array;
  REQUIRE(parser.parse(json).get(array) == simdjson::SUCCESS);
  return array;
}

/// Every event of the store, oldest first.
std::vector<event_entry> events(ak_store *store) {
  char *out = nullptr;
  const std::string listing = take(ak_store_events_list(store, AK_EVENTS_ALL, 0, &out), &out);
  simdjson::dom::parser parser;
  std::vector<event_entry> entries;
  for (const simdjson::dom::element item : parsed_array(parser, listing)) {
    entries.push_back({string_member(item, "eventId"), string_member(item, "state"), int_member(item, "attempts"),
                       int_member(item, "nextAttemptMs"), optional_string_member(item, "lastError")});
  }
  return entries;
}

/// The listing's entry for `event_id`; fails the test when there is none.
event_entry event(ak_store *store, const std::string &event_id) {
  for (event_entry &entry : events(store)) {
    if (entry.event_id == event_id) return entry;
  }
  FAIL("no event " << event_id);
  return {};
}

/// An event's delivery attempts, oldest first.
std::vector<attempt_entry> history(ak_store *store, const std::string &event_id) {
  char *out = nullptr;
  const std::string attempts = take(ak_store_event_history(store, event_id.c_str(), &out), &out);
  simdjson::dom::parser parser;
  std::vector<attempt_entry> entries;
  for (const simdjson::dom::element item : parsed_array(parser, attempts)) {
    entries.push_back({string_member(item, "executionId"), int_member(item, "startedMs"),
                       int_member(item, "durationMs"), optional_int_member(item, "httpStatus"),
                       optional_string_member(item, "error")});
  }
  return entries;
}

/// ak_store_events_count's pending, acknowledged and dead-lettered counts.
struct tally {
  std::int64_t pending = -1;
  std::int64_t delivered = -1;
  std::int64_t dead_lettered = -1;
  bool operator==(const tally &other) const {
    return pending == other.pending && delivered == other.delivered && dead_lettered == other.dead_lettered;
  }
};

std::ostream &operator<<(std::ostream &out, const tally &counted) {
  return out << "{pending " << counted.pending << ", delivered " << counted.delivered << ", dead-lettered "
             << counted.dead_lettered << "}";
}

tally count(ak_store *store) {
  tally counted;
  const ak_status status = ak_store_events_count(store, &counted.pending, &counted.delivered, &counted.dead_lettered);
  INFO(last_error());
  REQUIRE(status == AK_OK);
  return counted;
}

/// The summary of a pass that delivered, retried, dead-lettered and released so many events.
ak_delivery_summary summary_of(std::size_t delivered, std::size_t retrying, std::size_t dead_lettered,
                               std::size_t released) {
  return {delivered, retrying, dead_lettered, released};
}

/// A pointer value ak_delivery_new never produces, to show that `*out` was left untouched.
ak_delivery *untouched_delivery() { return reinterpret_cast<ak_delivery *>(untouched_marker()); }

/// A bridge whose outbox the test fills through ak_bridge_handle, a scripted transport, and an
/// engine over them; declared in this order so that the engine goes first.
struct outbox {
  /// Opens the engine with the default options, adjusted by `adjust(ak_delivery_options &)`.
  template <typename Adjust>
  void open(Adjust adjust) {
    const ak_transport sender = transport.callbacks();
    ak_delivery_options options = delivery_options(&sender);
    adjust(options);
    engine = new_delivery(fixture.bridge.get(), options);
  }
  void open() {
    open([](ak_delivery_options &) {});
  }

  ak_store *store() const { return ak_bridge_store(fixture.bridge.get()); }

  /// Starts an assessment for `application_id`, which puts one record.new event in the outbox, at
  /// the bridge's pinned clock; returns the event's id.
  std::string start(const std::string &application_id) {
    const reply started = fixture.call("assessment.start", start_body(application_id));
    INFO(started.body);
    REQUIRE(started.status == 200);
    const std::vector<event_entry> all = events(store());
    REQUIRE_FALSE(all.empty());
    return all.back().event_id;
  }

  /// The bridge's pinned clock: the time of every event it makes.
  std::int64_t now() const { return fixture.injected.now_ms.load(); }

  bridge_fixture fixture;
  scripted_transport transport;
  owned_delivery engine;
};

/// A bridge like the fixture's but without a signing key, on an in-memory store.
owned_bridge bridge_without_signing_key() {
  ak_bridge_options options{};
  options.struct_size = sizeof options;
  options.public_base_url = base_url;
  ak_bridge *bridge = nullptr;
  const ak_status status = ak_bridge_new(&options, &bridge);
  INFO(last_error());
  REQUIRE(status == AK_OK);
  return owned_bridge(bridge);
}

/// Checks that ak_delivery_new refuses, with AK_ERR_INVALID_ARGUMENT and a message, options that
/// `adjust(ak_transport &, ak_delivery_options &)` spoiled, leaving `*out` untouched and running
/// the transport's destroy exactly once before it returns.
template <typename Adjust>
void check_new_refused(ak_bridge *bridge, Adjust adjust, bool null_out = false) {
  scripted_transport transport;
  ak_transport sender = transport.callbacks();
  ak_delivery_options options = delivery_options(&sender);
  adjust(sender, options);
  ak_delivery *out = untouched_delivery();
  CHECK_FAILS_WITH(ak_delivery_new(bridge, &options, null_out ? nullptr : &out), AK_ERR_INVALID_ARGUMENT);
  CHECK(out == untouched_delivery());
  CHECK(transport.destroyed() == 1);
  CHECK(transport.aborts() == 0);
  CHECK(transport.requests().empty());
}

/// Polls `done()` until it holds or the generous deadline passes; returns its last answer.
template <typename Condition>
bool eventually(Condition done) {
  const auto deadline = std::chrono::steady_clock::now() + generous_deadline;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

/// A loopback port where nothing listens: bound to learn a free one, then closed.
int closed_loopback_port() {
  const int socket_fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(socket_fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = 0;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool bound = ::bind(socket_fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0;
  socklen_t length = sizeof address;
  const bool named = bound && ::getsockname(socket_fd, reinterpret_cast<sockaddr *>(&address), &length) == 0;
  ::close(socket_fd);
  REQUIRE(named);
  return ntohs(address.sin_port);
}

}  // namespace

// In the summary's own (global) namespace, where Catch's comparisons look for it.
static bool operator==(const ak_delivery_summary &a, const ak_delivery_summary &b) {
  return a.delivered == b.delivered && a.retrying == b.retrying && a.dead_lettered == b.dead_lettered &&
         a.released == b.released;
}

namespace Catch {
template <>
struct StringMaker<ak_delivery_summary> {
  static std::string convert(const ak_delivery_summary &summary) {
    return "{delivered " + std::to_string(summary.delivered) + ", retrying " + std::to_string(summary.retrying) +
           ", dead-lettered " + std::to_string(summary.dead_lettered) + ", released " +
           std::to_string(summary.released) + "}";
  }
};
}  // namespace Catch

TEST_CASE("ak_delivery_new takes charge of the transport and ak_delivery_free releases it once", "[capi]") {
  bridge_fixture fixture;
  scripted_transport transport;
  transport.answer(200);
  ak_delivery *delivery = nullptr;
  {
    // The struct itself is only read during the call: the engine keeps its callbacks.
    const ak_transport sender = transport.callbacks();
    const ak_delivery_options options = delivery_options(&sender);
    const ak_status status = ak_delivery_new(fixture.bridge.get(), &options, &delivery);
    INFO(last_error());
    REQUIRE(status == AK_OK);
    REQUIRE(delivery != nullptr);
  }
  CHECK(transport.destroyed() == 0);
  REQUIRE(fixture.call("assessment.start", start_body("app_1")).status == 200);
  CHECK(deliver_due(delivery, fixture.injected.now_ms.load()) == summary_of(1, 0, 0, 0));
  CHECK(transport.requests().size() == 1);
  CHECK(transport.destroyed() == 0);
  ak_delivery_free(delivery);
  CHECK(transport.destroyed() == 1);
  CHECK(transport.aborts() == 0);
}

TEST_CASE("ak_delivery_new runs the transport's destroy once before it returns when it refuses", "[capi]") {
  bridge_fixture fixture;
  ak_bridge *bridge = fixture.bridge.get();
  const auto unchanged = [](ak_transport &, ak_delivery_options &) {};

  SECTION("a NULL bridge") { check_new_refused(nullptr, unchanged); }
  SECTION("a NULL out") { check_new_refused(bridge, unchanged, true); }
  SECTION("a transport from a newer header") {
    check_new_refused(bridge, [](ak_transport &sender, ak_delivery_options &) { sender.struct_size += 8; });
    CHECK_THAT(last_error(), Catch::Contains("transport->struct_size"));
  }
  SECTION("options from a newer header") {
    check_new_refused(bridge, [](ak_transport &, ak_delivery_options &options) { options.struct_size += 8; });
    CHECK_THAT(last_error(), Catch::Contains("options->struct_size"));
  }
  SECTION("a NULL send") {
    check_new_refused(bridge, [](ak_transport &sender, ak_delivery_options &) { sender.send = nullptr; });
    CHECK_THAT(last_error(), Catch::Contains("send"));
  }
  SECTION("a webhook URL that is not an absolute http(s) URL") {
    for (const char *url : {"", "webhook.vendor.example/knit", "ftp://webhook.vendor.example/knit", "https://",
                            "https://:443/knit", "https://user:password@webhook.vendor.example/knit",
                            "https://webhook.vendor.example/knit#part", "https://webhook.vendor.example/a knit"}) {
      INFO("webhook URL \"" << url << "\"");
      check_new_refused(bridge, [url](ak_transport &, ak_delivery_options &options) { options.webhook_url = url; });
      CHECK_THAT(last_error(), Catch::Contains("webhook URL"));
    }
  }
  SECTION("a bridge without a signing key") {
    const owned_bridge unsigned_bridge = bridge_without_signing_key();
    check_new_refused(unsigned_bridge.get(), unchanged);
    CHECK_THAT(last_error(), Catch::Contains("signing key"));
  }
  SECTION("a negative setting") {
    check_new_refused(bridge, [](ak_transport &, ak_delivery_options &options) { options.max_attempts = -1; });
    check_new_refused(bridge, [](ak_transport &, ak_delivery_options &options) { options.lease_ms = -1; });
    check_new_refused(bridge, [](ak_transport &, ak_delivery_options &options) { options.idle_poll_ms = -1; });
    check_new_refused(bridge, [](ak_transport &, ak_delivery_options &options) { options.max_age_ms = -1; });
    check_new_refused(bridge, [](ak_transport &, ak_delivery_options &options) { options.first_retry_delay_ms = -1; });
  }
  SECTION("a longest retry delay under the first") {
    check_new_refused(bridge, [](ak_transport &, ak_delivery_options &options) {
      options.first_retry_delay_ms = 5000;
      options.max_retry_delay_ms = 4999;
    });
  }
  SECTION("an enrichment time-out that is negative or not under half the lease") {
    check_new_refused(bridge, [](ak_transport &, ak_delivery_options &options) { options.enrichment_timeout_ms = -1; });
    CHECK(last_error() == "The enrichment time-out must be positive and under half the lease.");
    check_new_refused(bridge, [](ak_transport &, ak_delivery_options &options) {
      options.lease_ms = 1000;
      options.enrichment_timeout_ms = 500;
    });
    check_new_refused(bridge, [](ak_transport &, ak_delivery_options &options) { options.lease_ms = 10'000; });
    CHECK_THAT(last_error(), Catch::Contains("enrichment time-out"));  // 0 is 5000, not under 5000
  }
}

TEST_CASE("enrichment_timeout_ms 0 is 5000; options from before it leave it unread", "[capi]") {
  bridge_fixture fixture;
  scripted_transport transport;
  const ak_transport sender = transport.callbacks();
  ak_delivery_options options = delivery_options(&sender);
  options.lease_ms = 10'002;  // half of it just over 5000
  new_delivery(fixture.bridge.get(), options).reset();
  options.lease_ms = 1000;
  options.enrichment_timeout_ms = 499;
  new_delivery(fixture.bridge.get(), options).reset();

  // An older header's struct ends before the field: whatever follows it is not read.
  options.lease_ms = 0;
  options.enrichment_timeout_ms = -1;
  options.struct_size = offsetof(ak_delivery_options, enrichment_timeout_ms);
  new_delivery(fixture.bridge.get(), options).reset();
  CHECK(transport.destroyed() == 3);
}

TEST_CASE("ak_delivery_new refuses NULL options and needs no transport", "[capi]") {
  bridge_fixture fixture;
  ak_delivery *out = untouched_delivery();
  CHECK_FAILS_WITH(ak_delivery_new(fixture.bridge.get(), nullptr, &out), AK_ERR_INVALID_ARGUMENT);
  CHECK(out == untouched_delivery());

  SECTION("options from an older header, without the transport field, never run its destroy") {
    scripted_transport transport;
    const ak_transport sender = transport.callbacks();
    ak_delivery_options options = delivery_options(&sender);
    options.struct_size = offsetof(ak_delivery_options, transport);
    owned_delivery delivery = new_delivery(fixture.bridge.get(), options);
    delivery.reset();
    CHECK(transport.destroyed() == 0);
  }
  SECTION("the curl options are ignored when a transport is given") {
    scripted_transport transport;
    const ak_transport sender = transport.callbacks();
    ak_curl_options curl{};
    curl.struct_size = sizeof curl + 8;
    curl.connect_timeout_ms = -1;
    ak_delivery_options options = delivery_options(&sender);
    options.curl = &curl;
    new_delivery(fixture.bridge.get(), options).reset();
    CHECK(transport.destroyed() == 1);
  }
}

TEST_CASE("a transport's 2xx status delivers the event", "[capi]") {
  const int status = GENERATE(200, 204);
  INFO("status " << status);
  outbox box;
  box.open();
  box.transport.answer(status);
  const std::string event_id = box.start("app_1");
  CHECK(deliver_due(box.engine.get(), box.now()) == summary_of(1, 0, 0, 0));
  CHECK(count(box.store()) == tally{0, 1, 0});
  const event_entry delivered = event(box.store(), event_id);
  CHECK(delivered.state == "delivered");
  CHECK_FALSE(delivered.last_error.has_value());
  const std::vector<attempt_entry> attempts = history(box.store(), event_id);
  REQUIRE(attempts.size() == 1);
  CHECK(attempts[0].http_status == status);
  CHECK_FALSE(attempts[0].error.has_value());
  CHECK(attempts[0].started_ms == box.now());
  CHECK(deliver_due(box.engine.get(), box.now() + 3'600'000) == summary_of(0, 0, 0, 0));  // never sent again
  CHECK(box.transport.requests().size() == 1);
}

TEST_CASE("a transport's other HTTP statuses are retried", "[capi]") {
  const int status = GENERATE(500, 410, 302, 404, 100);
  INFO("status " << status);
  outbox box;
  box.open();
  box.transport.answer(status);
  const std::string event_id = box.start("app_1");
  CHECK(deliver_due(box.engine.get(), box.now()) == summary_of(0, 1, 0, 0));
  CHECK(count(box.store()) == tally{1, 0, 0});
  const event_entry retrying = event(box.store(), event_id);
  CHECK(retrying.state == "pending");
  CHECK(retrying.attempts == 1);
  CHECK(retrying.last_error == "HTTP " + std::to_string(status));
  const std::vector<attempt_entry> attempts = history(box.store(), event_id);
  REQUIRE(attempts.size() == 1);
  CHECK(attempts[0].http_status == status);
  CHECK_FALSE(attempts[0].error.has_value());
}

TEST_CASE("AK_SEND_FAILED is retried and its reason kept in the history", "[capi]") {
  outbox box;
  box.open();
  const std::string event_id = box.start("app_1");

  SECTION("with a reason") {
    box.transport.answer(AK_SEND_FAILED, "TLS handshake with webhook.vendor.example failed");
    CHECK(deliver_due(box.engine.get(), box.now()) == summary_of(0, 1, 0, 0));
    const std::vector<attempt_entry> attempts = history(box.store(), event_id);
    REQUIRE(attempts.size() == 1);
    CHECK_FALSE(attempts[0].http_status.has_value());
    CHECK(attempts[0].error == "TLS handshake with webhook.vendor.example failed");
    CHECK(event(box.store(), event_id).last_error == "TLS handshake with webhook.vendor.example failed");
  }
  SECTION("without a reason") {
    box.transport.answer(AK_SEND_FAILED);
    CHECK(deliver_due(box.engine.get(), box.now()) == summary_of(0, 1, 0, 0));
    const std::vector<attempt_entry> attempts = history(box.store(), event_id);
    REQUIRE(attempts.size() == 1);
    CHECK_FALSE(attempts[0].http_status.has_value());
    REQUIRE(attempts[0].error.has_value());
    CHECK_FALSE(attempts[0].error->empty());
  }
  CHECK(count(box.store()) == tally{1, 0, 0});
  CHECK(event(box.store(), event_id).attempts == 1);
}

TEST_CASE("a send that returns neither an HTTP status nor AK_SEND_* has failed, and says so", "[capi]") {
  const int returned = GENERATE(42, 600, -7, 0, 99, 1000);
  INFO("send returned " << returned);
  outbox box;
  box.open();
  box.transport.answer(returned);
  const std::string event_id = box.start("app_1");
  CHECK(deliver_due(box.engine.get(), box.now()) == summary_of(0, 1, 0, 0));
  const std::vector<attempt_entry> attempts = history(box.store(), event_id);
  REQUIRE(attempts.size() == 1);
  CHECK_FALSE(attempts[0].http_status.has_value());
  REQUIRE(attempts[0].error.has_value());
  CHECK_THAT(*attempts[0].error, Catch::Contains(std::to_string(returned)) && Catch::Contains("HTTP status"));
  const event_entry failed = event(box.store(), event_id);
  CHECK(failed.attempts == 1);
  CHECK(failed.last_error == attempts[0].error);
}

TEST_CASE("a send's own reason does not hide a return value that is not an HTTP status", "[capi]") {
  outbox box;
  box.open();
  box.transport.answer(42, "oops");
  const std::string event_id = box.start("app_1");
  CHECK(deliver_due(box.engine.get(), box.now()) == summary_of(0, 1, 0, 0));
  const std::vector<attempt_entry> attempts = history(box.store(), event_id);
  REQUIRE(attempts.size() == 1);
  CHECK(attempts[0].error == "the host transport returned 42, not an HTTP status: oops");
}

TEST_CASE("AK_SEND_ABORTED releases the event without counting an attempt", "[capi]") {
  outbox box;
  box.open([](ak_delivery_options &options) { options.max_attempts = 1; });
  box.transport.answer(AK_SEND_ABORTED);
  const std::string event_id = box.start("app_1");
  CHECK(deliver_due(box.engine.get(), box.now()) == summary_of(0, 0, 0, 1));
  CHECK(count(box.store()) == tally{1, 0, 0});
  const event_entry released = event(box.store(), event_id);
  CHECK(released.state == "pending");
  CHECK(released.attempts == 0);
  CHECK_FALSE(released.last_error.has_value());

  // Given back due at once, and with its one attempt still to come.
  box.transport.answer(200);
  CHECK(deliver_due(box.engine.get(), box.now()) == summary_of(1, 0, 0, 0));
  CHECK(count(box.store()) == tally{0, 1, 0});
}

TEST_CASE("each request is a signed POST of the event's bytes to the webhook URL", "[capi]") {
  outbox box;
  box.open();
  box.start("app_1");

  // The event's stored bytes and headers, as ak_bridge_events_pull hands them out.
  ak_event_batch *batch = nullptr;
  REQUIRE(ak_bridge_events_pull(box.fixture.bridge.get(), 1, &batch) == AK_OK);
  const owned_batch pulled(batch);
  REQUIRE(ak_event_batch_count(batch) == 1);
  size_t body_len = 0;
  const char *body = ak_event_batch_body(batch, 0, &body_len);
  REQUIRE(body != nullptr);
  const std::string event_body(body, body_len);
  const std::string event_id = ak_event_batch_event_id(batch, 0);
  std::string pulled_signature;
  std::string pulled_execution_id;
  for (size_t i = 0; i < ak_event_batch_header_count(batch, 0); ++i) {
    const std::string name = ak_event_batch_header_name(batch, 0, i);
    if (name == "X-Knit-Signature") pulled_signature = ak_event_batch_header_value(batch, 0, i);
    if (name == "X-Knit-Execution-Id") pulled_execution_id = ak_event_batch_header_value(batch, 0, i);
  }

  // Unacknowledged, the pulled event is due again once its visibility timeout (60 s) has passed.
  const std::int64_t first_ms = box.now() + 60'000;
  CHECK(deliver_due(box.engine.get(), first_ms) == summary_of(0, 1, 0, 0));
  box.transport.answer(200);
  const std::int64_t second_ms = first_ms + 3'600'000;
  CHECK(deliver_due(box.engine.get(), second_ms) == summary_of(1, 0, 0, 0));

  const std::vector<scripted_transport::request> sent = box.transport.requests();
  REQUIRE(sent.size() == 2);
  for (const scripted_transport::request &request : sent) {
    CHECK(request.url == webhook_url);
    CHECK(request.timeout_ms == 0);  // the transport's own limits
    CHECK(request.body == event_body);
    CHECK(request.event_id == event_id);
    std::multiset<std::string> names;
    for (const auto &header : request.headers) names.insert(header.first);
    CHECK(names == std::multiset<std::string>{"Content-Type", "X-Knit-Signature", "X-Knit-Integration-Id",
                                              "X-Knit-Execution-Id"});
    CHECK(request.header("Content-Type") == "application/json");
    CHECK(request.header("X-Knit-Integration-Id") == "acme");
    const std::string signature = request.header("X-Knit-Signature");
    CHECK(signature == pulled_signature);
    CHECK(ak_knit_verify(signing_key.data(), signing_key.size(), request.body.data(), request.body.size(),
                         signature.c_str()) == 1);
    CHECK(is_prefix_then(request.execution_id, "exe_", 21, lower_alphanumerics));
    CHECK(request.execution_id != pulled_execution_id);
  }
  CHECK(sent[0].execution_id != sent[1].execution_id);  // new for every attempt

  const std::vector<attempt_entry> attempts = history(box.store(), event_id);
  REQUIRE(attempts.size() == 2);
  CHECK(attempts[0].execution_id == sent[0].execution_id);
  CHECK(attempts[0].started_ms == first_ms);
  CHECK(attempts[1].execution_id == sent[1].execution_id);
  CHECK(attempts[1].started_ms == second_ms);
}

TEST_CASE("standard_webhook_keys add the Standard Webhooks headers, one signature per key", "[capi]") {
  char *secret_out = nullptr;
  REQUIRE(ak_standard_secret_new(&secret_out) == AK_OK);
  const owned_string secret(secret_out);
  char *signing_out = nullptr;
  char *public_out = nullptr;
  REQUIRE(ak_standard_key_pair_new(&signing_out, &public_out) == AK_OK);
  const owned_string signing(signing_out);
  const owned_string public_key(public_out);
  const char *const keys[] = {secret.get(), signing.get()};
  outbox box;
  box.open([&](ak_delivery_options &options) {
    options.standard_webhook_keys = keys;
    options.standard_webhook_key_count = 2;
  });
  const std::string event_id = box.start("app_1");
  box.transport.answer(200);
  const std::int64_t now_ms = box.now() + 1'234;
  CHECK(deliver_due(box.engine.get(), now_ms) == summary_of(1, 0, 0, 0));

  const std::vector<scripted_transport::request> sent = box.transport.requests();
  REQUIRE(sent.size() == 1);
  const scripted_transport::request &request = sent[0];
  CHECK(request.header("webhook-id") == event_id);
  const std::string timestamp = request.header("webhook-timestamp");
  CHECK(timestamp == std::to_string(now_ms / 1000));
  const std::string signature = request.header("webhook-signature");
  CHECK(signature.rfind("v1,", 0) == 0);
  CHECK(signature.find(" v1a,") != std::string::npos);
  for (const char *key : {secret.get(), public_key.get()}) {
    CHECK(ak_standard_verify(&key, 1, event_id.c_str(), timestamp.c_str(), signature.c_str(), request.body.data(),
                             request.body.size(), now_ms / 1000, AK_STANDARD_DEFAULT_TOLERANCE_S) == AK_OK);
  }
}

TEST_CASE("ak_delivery_new refuses Standard Webhooks keys that cannot sign", "[capi]") {
  outbox box;
  const ak_transport sender = box.transport.callbacks();
  for (const char *key : {"whpk_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", (const char *)nullptr}) {
    ak_delivery_options options = delivery_options(&sender);
    options.standard_webhook_keys = &key;
    options.standard_webhook_key_count = 1;
    ak_delivery *engine = nullptr;
    CHECK(ak_delivery_new(box.fixture.bridge.get(), &options, &engine) == AK_ERR_INVALID_ARGUMENT);
    CHECK(engine == nullptr);
    CHECK_FALSE(last_error().empty());
  }
  ak_delivery_options options = delivery_options(&sender);
  options.standard_webhook_key_count = 1;
  ak_delivery *engine = nullptr;
  CHECK(ak_delivery_new(box.fixture.bridge.get(), &options, &engine) == AK_ERR_INVALID_ARGUMENT);
  CHECK(last_error() == "options->standard_webhook_keys is NULL but options->standard_webhook_key_count is not 0.");
}

TEST_CASE("max_attempts dead-letters an event on its last allowed failure; 0 never does", "[capi]") {
  outbox box;
  constexpr std::int64_t pass_interval_ms = 10'000;  // more than any retry delay below
  const auto fail_passes = [&](int passes) {
    std::vector<ak_delivery_summary> summaries;
    for (int pass = 0; pass < passes; ++pass) {
      summaries.push_back(deliver_due(box.engine.get(), box.now() + pass * pass_interval_ms));
    }
    return summaries;
  };
  const auto with_attempts = [](std::int64_t max_attempts) {
    return [max_attempts](ak_delivery_options &options) {
      options.max_attempts = max_attempts;
      options.first_retry_delay_ms = 1000;
      options.max_retry_delay_ms = 1000;
    };
  };

  SECTION("1: the first failure") {
    box.open(with_attempts(1));
    const std::string event_id = box.start("app_1");
    CHECK(deliver_due(box.engine.get(), box.now()) == summary_of(0, 0, 1, 0));
    const event_entry dead = event(box.store(), event_id);
    CHECK(dead.state == "dead_lettered");
    CHECK(dead.attempts == 1);
    CHECK(dead.last_error == "HTTP 500");
    CHECK(count(box.store()) == tally{0, 0, 1});
  }
  SECTION("3: the third failure") {
    box.open(with_attempts(3));
    const std::string event_id = box.start("app_1");
    const std::vector<ak_delivery_summary> summaries = fail_passes(4);
    CHECK(summaries[0] == summary_of(0, 1, 0, 0));
    CHECK(summaries[1] == summary_of(0, 1, 0, 0));
    CHECK(summaries[2] == summary_of(0, 0, 1, 0));
    CHECK(summaries[3] == summary_of(0, 0, 0, 0));
    CHECK(event(box.store(), event_id).attempts == 3);
    CHECK(history(box.store(), event_id).size() == 3);
  }
  SECTION("0: no limit") {
    box.open(with_attempts(0));
    const std::string event_id = box.start("app_1");
    for (const ak_delivery_summary &summary : fail_passes(12)) CHECK(summary == summary_of(0, 1, 0, 0));
    const event_entry retrying = event(box.store(), event_id);
    CHECK(retrying.state == "pending");
    CHECK(retrying.attempts == 12);
  }
}

TEST_CASE("the delivery options' zero fields take their documented defaults", "[capi]") {
  outbox box;

  SECTION("batch_size 0 sends 8 events a pass") {
    box.open();
    box.transport.answer(200);
    for (int i = 0; i < 10; ++i) box.start("app_" + std::to_string(i));
    CHECK(deliver_due(box.engine.get(), box.now()) == summary_of(8, 0, 0, 0));
    CHECK(deliver_due(box.engine.get(), box.now()) == summary_of(2, 0, 0, 0));
  }
  SECTION("a batch_size sends that many a pass") {
    box.open([](ak_delivery_options &options) { options.batch_size = 3; });
    box.transport.answer(200);
    for (int i = 0; i < 4; ++i) box.start("app_" + std::to_string(i));
    CHECK(deliver_due(box.engine.get(), box.now()) == summary_of(3, 0, 0, 0));
    CHECK(deliver_due(box.engine.get(), box.now()) == summary_of(1, 0, 0, 0));
  }
  SECTION("max_retry_delay_ms caps the backoff") {
    box.open([](ak_delivery_options &options) {
      options.first_retry_delay_ms = 100;
      options.max_retry_delay_ms = 150;
    });
    const std::string event_id = box.start("app_1");
    std::int64_t now_ms = box.now();
    for (int pass = 0; pass < 6; ++pass) {
      INFO("pass " << pass);
      CHECK(deliver_due(box.engine.get(), now_ms) == summary_of(0, 1, 0, 0));
      const std::int64_t duration_ms = history(box.store(), event_id).back().duration_ms;
      const std::int64_t next_ms = event(box.store(), event_id).next_attempt_ms;
      CHECK(next_ms <= now_ms + duration_ms + 150);
      now_ms += 10'000;
    }
  }
}

TEST_CASE("first_retry_delay_ms 0 retries within 10 s, a set one within its own", "[capi]") {
  const std::int64_t first_delay_ms = GENERATE(std::int64_t{0}, std::int64_t{50});
  outbox box;
  const std::int64_t expected_ceiling_ms = first_delay_ms == 0 ? 10'000 : first_delay_ms;
  INFO("first_retry_delay_ms " << first_delay_ms);
  box.open([first_delay_ms](ak_delivery_options &options) { options.first_retry_delay_ms = first_delay_ms; });
  const std::string event_id = box.start("app_1");
  CHECK(deliver_due(box.engine.get(), box.now()) == summary_of(0, 1, 0, 0));
  const std::vector<attempt_entry> attempts = history(box.store(), event_id);
  REQUIRE(attempts.size() == 1);
  const std::int64_t finished_ms = box.now() + attempts[0].duration_ms;
  const std::int64_t next_ms = event(box.store(), event_id).next_attempt_ms;
  CHECK(next_ms >= finished_ms);
  CHECK(next_ms <= finished_ms + expected_ceiling_ms);
  CHECK(deliver_due(box.engine.get(), finished_ms + expected_ceiling_ms) == summary_of(0, 1, 0, 0));
}

TEST_CASE("max_age_ms 0 gives up on a failure 4 days after the event, a set one after its own", "[capi]") {
  const std::int64_t max_age_ms = GENERATE(std::int64_t{0}, std::int64_t{5000});
  outbox box;
  const std::int64_t expected_age_ms = max_age_ms == 0 ? 4 * 24 * 3'600'000LL : max_age_ms;
  INFO("max_age_ms " << max_age_ms);
  box.open([max_age_ms](ak_delivery_options &options) {
    options.max_age_ms = max_age_ms;
    options.first_retry_delay_ms = 1000;
    options.max_retry_delay_ms = 1000;
  });
  const std::string event_id = box.start("app_1");
  CHECK(deliver_due(box.engine.get(), box.now() + expected_age_ms - 3000) == summary_of(0, 1, 0, 0));
  CHECK(deliver_due(box.engine.get(), box.now() + expected_age_ms) == summary_of(0, 0, 1, 0));
  CHECK(event(box.store(), event_id).state == "dead_lettered");
}

TEST_CASE("ak_delivery_start, stop and wake refuse what they must and accept the rest", "[capi]") {
  outbox box;
  box.open();
  ak_delivery *delivery = box.engine.get();

  CHECK(ak_delivery_stop(delivery, 0) == AK_OK);  // not running
  CHECK_FAILS_WITH(ak_delivery_stop(delivery, -1), AK_ERR_INVALID_ARGUMENT);
  REQUIRE(ak_delivery_start(delivery) == AK_OK);
  CHECK_FAILS_WITH(ak_delivery_start(delivery), AK_ERR_CONFLICT);
  CHECK_FAILS_WITH(ak_delivery_stop(delivery, -1), AK_ERR_INVALID_ARGUMENT);
  CHECK(ak_delivery_stop(delivery, 1000) == AK_OK);
  CHECK(ak_delivery_stop(delivery, 1000) == AK_OK);
  CHECK(ak_delivery_start(delivery) == AK_OK);  // once stopped, it may start again
  CHECK(ak_delivery_stop(delivery, 0) == AK_OK);
  CHECK(ak_delivery_deliver_due(delivery, box.now(), nullptr) == AK_OK);

  CHECK_FAILS_WITH(ak_delivery_deliver_due(nullptr, box.now(), nullptr), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_delivery_start(nullptr), AK_ERR_INVALID_ARGUMENT);
  CHECK_FAILS_WITH(ak_delivery_stop(nullptr, 0), AK_ERR_INVALID_ARGUMENT);
  ak_delivery_wake(nullptr);
  ak_delivery_free(nullptr);
  ak_delivery_wake(delivery);  // not running: nothing to wake
  CHECK(box.transport.requests().empty());
}

TEST_CASE("background workers deliver the events that ak_bridge_handle makes once woken", "[capi]") {
  outbox box;
  // An idle worker would look again only after a minute: only ak_delivery_wake brings the events
  // out within the test's deadline.
  box.open([](ak_delivery_options &options) { options.idle_poll_ms = 60'000; });
  box.transport.answer(204);
  REQUIRE(ak_delivery_start(box.engine.get()) == AK_OK);
  // Each worker looks once as it starts. Giving them time to find nothing and go idle makes sure
  // that the events below are found because of the wake, not by that first look.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::set<std::string> made;
  for (const char *application : {"app_1", "app_2", "app_3"}) made.insert(box.start(application));
  ak_delivery_wake(box.engine.get());
  const bool delivered = eventually([&] { return count(box.store()).delivered == 3; });
  CHECK(ak_delivery_stop(box.engine.get(), 1000) == AK_OK);
  INFO("counts " << count(box.store()));
  REQUIRE(delivered);
  CHECK(count(box.store()) == tally{0, 3, 0});
  std::set<std::string> sent;
  for (const auto &request : box.transport.requests()) sent.insert(request.event_id);
  CHECK(sent == made);
  CHECK(box.transport.aborts() == 0);

  SECTION("and again after a restart") {
    REQUIRE(ak_delivery_start(box.engine.get()) == AK_OK);
    const std::string later = box.start("app_4");
    ak_delivery_wake(box.engine.get());
    const bool also_delivered = eventually([&] { return count(box.store()).delivered == 4; });
    CHECK(ak_delivery_stop(box.engine.get(), 1000) == AK_OK);
    REQUIRE(also_delivered);
    CHECK(event(box.store(), later).state == "delivered");
  }
}

TEST_CASE("workers 0 runs four workers", "[capi]") {
  outbox box;
  // One event a claim, and every send hangs: each worker holds exactly one event.
  box.open([](ak_delivery_options &options) { options.batch_size = 1; });
  box.transport.hang_until_abort();
  for (int i = 0; i < 5; ++i) box.start("app_" + std::to_string(i));
  REQUIRE(ak_delivery_start(box.engine.get()) == AK_OK);
  ak_delivery_wake(box.engine.get());
  const bool four_in_flight = box.transport.wait_for_requests(4, generous_deadline);
  // A fifth worker would claim the fifth event within its 200 ms idle poll.
  const bool fifth_sent = box.transport.wait_for_requests(5, std::chrono::milliseconds(1000));
  CHECK(ak_delivery_stop(box.engine.get(), 20) == AK_OK);
  CHECK(four_in_flight);
  CHECK_FALSE(fifth_sent);
  CHECK(box.transport.aborts() == 1);
  CHECK(count(box.store()) == tally{5, 0, 0});
  for (const event_entry &entry : events(box.store())) CHECK(entry.attempts == 0);
}

TEST_CASE("ak_delivery_stop aborts a send that outlasts the drain and releases its event", "[capi]") {
  outbox box;
  box.open([](ak_delivery_options &options) { options.workers = 1; });
  box.transport.hang_until_abort();
  REQUIRE(ak_delivery_start(box.engine.get()) == AK_OK);
  const std::string event_id = box.start("app_1");
  ak_delivery_wake(box.engine.get());
  REQUIRE(box.transport.wait_for_requests(1, generous_deadline));
  CHECK(box.transport.aborts() == 0);

  SECTION("by ak_delivery_stop") {
    CHECK(ak_delivery_stop(box.engine.get(), 20) == AK_OK);
    CHECK(box.transport.aborts() == 1);
    CHECK(box.transport.destroyed() == 0);
  }
  SECTION("by ak_delivery_free") {
    box.engine.reset();
    CHECK(box.transport.aborts() == 1);
    CHECK(box.transport.destroyed() == 1);
  }
  const event_entry released = event(box.store(), event_id);
  CHECK(released.state == "pending");
  CHECK(released.attempts == 0);
  CHECK(count(box.store()) == tally{1, 0, 0});
  CHECK(box.transport.requests().size() == 1);
}

TEST_CASE("the default libcurl transport reports a refused connection and the event is retried", "[capi]") {
  bridge_fixture fixture;
  const std::string url = "http://127.0.0.1:" + std::to_string(closed_loopback_port()) + "/knit";
  ak_curl_options curl{};
  curl.struct_size = sizeof curl;
  curl.connect_timeout_ms = 2000;
  curl.total_timeout_ms = 4000;
  curl.forbid_reuse = 1;
  ak_delivery_options options{};
  options.struct_size = sizeof options;
  options.webhook_url = url.c_str();
  options.curl = &curl;
  const owned_delivery delivery = new_delivery(fixture.bridge.get(), options);

  REQUIRE(fixture.call("assessment.start", start_body("app_1")).status == 200);
  ak_store *store = ak_bridge_store(fixture.bridge.get());
  const std::string event_id = events(store).back().event_id;
  CHECK(deliver_due(delivery.get(), fixture.injected.now_ms.load()) == summary_of(0, 1, 0, 0));
  const std::vector<attempt_entry> attempts = history(store, event_id);
  REQUIRE(attempts.size() == 1);
  CHECK_FALSE(attempts[0].http_status.has_value());
  REQUIRE(attempts[0].error.has_value());
  CHECK_THAT(*attempts[0].error, Catch::Contains("connect", Catch::CaseSensitive::No));
  CHECK(event(store, event_id).attempts == 1);
}

TEST_CASE("ak_delivery_new refuses bad libcurl options", "[capi]") {
  bridge_fixture fixture;
  ak_curl_options curl{};
  curl.struct_size = sizeof curl;
  ak_delivery_options options{};
  options.struct_size = sizeof options;
  options.webhook_url = "http://127.0.0.1:9/knit";
  options.curl = &curl;
  ak_delivery *out = untouched_delivery();

  SECTION("from a newer header") {
    curl.struct_size = sizeof curl + 8;
    CHECK_FAILS_WITH(ak_delivery_new(fixture.bridge.get(), &options, &out), AK_ERR_INVALID_ARGUMENT);
    CHECK_THAT(last_error(), Catch::Contains("curl->struct_size"));
  }
  SECTION("a negative timeout") {
    curl.connect_timeout_ms = -1;
    CHECK_FAILS_WITH(ak_delivery_new(fixture.bridge.get(), &options, &out), AK_ERR_INVALID_ARGUMENT);
    curl.connect_timeout_ms = 0;
    curl.total_timeout_ms = -5;
    CHECK_FAILS_WITH(ak_delivery_new(fixture.bridge.get(), &options, &out), AK_ERR_INVALID_ARGUMENT);
  }
  SECTION("a CA file that cannot be read") {
    curl.ca_file = "/nonexistent/ca.pem";
    CHECK_FAILS_WITH(ak_delivery_new(fixture.bridge.get(), &options, &out), AK_ERR_INVALID_ARGUMENT);
  }
  CHECK(out == untouched_delivery());
}

/// One call through ak_bridge_handle with acme's key, asserting nothing (Catch's assertions are
/// for the test's own thread): the status and the assessment the response names, or {0, ""} when
/// the call itself failed.
std::pair<int, std::string> call_from_any_thread(const bridge_fixture &fixture, const std::string &operation,
                                                 const std::string &body) {
  const std::string target = std::string(base_path) + operation;
  const std::string credentials = basic_authorization(fixture.key.secret_key);
  const std::vector<ak_header> headers{header_of("Authorization", credentials),
                                       header_of("Content-Type", "application/json")};
  const ak_http_request request = post_request(target, headers, body);
  ak_http_response *response = nullptr;
  if (ak_bridge_handle(fixture.bridge.get(), &request, &response) != AK_OK) return {0, ""};
  std::pair<int, std::string> answered{ak_http_response_status(response), ak_http_response_assessment_id(response)};
  ak_http_response_free(response);
  return answered;
}

TEST_CASE("threads calling ak_bridge_handle while the workers deliver lose, repeat and reorder nothing",
          "[capi][threads]") {
  outbox box;
  box.open([](ak_delivery_options &options) { options.workers = 4; });
  box.transport.answer(200);
  constexpr int callers = 4;
  constexpr int starts_per_caller = 25;
  constexpr int cancels_per_caller = (starts_per_caller + 1) / 2;  // every even-numbered start
  constexpr std::int64_t made = callers * (starts_per_caller + cancels_per_caller);
  std::vector<std::vector<std::string>> bodies(callers);
  for (int caller = 0; caller < callers; ++caller) {
    for (int i = 0; i < starts_per_caller; ++i) {
      bodies[caller].push_back(start_body("app_" + std::to_string(caller) + "_" + std::to_string(i)));
    }
  }
  REQUIRE(ak_delivery_start(box.engine.get()) == AK_OK);
  std::vector<std::vector<std::pair<int, std::string>>> answers(callers);
  std::vector<std::thread> threads;
  for (int caller = 0; caller < callers; ++caller) {
    threads.emplace_back([&, caller] {
      for (int i = 0; i < starts_per_caller; ++i) {
        const auto started = call_from_any_thread(box.fixture, "assessment.start", bodies[caller][i]);
        answers[caller].push_back(started);
        if (i % 2 == 0) {
          answers[caller].push_back(call_from_any_thread(box.fixture, "assessment.cancel", cancel_body(started.second)));
        }
        ak_delivery_wake(box.engine.get());
      }
    });
  }
  for (std::thread &thread : threads) thread.join();
  for (const auto &answered : answers) {
    for (const auto &[status, assessment] : answered) CHECK((status == 200 && !assessment.empty()));
  }
  const bool delivered = eventually([&] { return count(box.store()).delivered == made; });
  CHECK(ak_delivery_stop(box.engine.get(), 1000) == AK_OK);
  INFO("counts " << count(box.store()) << ", " << box.transport.requests().size() << " sent");
  REQUIRE(delivered);

  // Each event once, and each assessment's record.deleted after its record.new.
  std::set<std::string> sent_events;
  std::set<std::string> created_records;
  for (const auto &request : box.transport.requests()) {
    CHECK(sent_events.insert(request.event_id).second);
    const std::string record = json_string_at(request.body, "/recordId");
    if (json_string_at(request.body, "/eventType") == "record.new") {
      created_records.insert(record);
    } else {
      CHECK(created_records.count(record) == 1);
    }
  }
  CHECK(static_cast<std::int64_t>(sent_events.size()) == made);
  CHECK(created_records.size() == static_cast<std::size_t>(callers * starts_per_caller));
}
