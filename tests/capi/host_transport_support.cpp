#include "host_transport_support.hpp"

#include <simdjson.h>

#include <catch2/catch.hpp>
#include <cstdio>

#include "capi_support.hpp"

namespace capi_test {
namespace {

scripted_transport &transport_of(void *user_data) { return *static_cast<scripted_transport *>(user_data); }

/// The eventId of an event's body, or "" when it has none. Never fails the test from here: an
/// assertion's exception must not cross the library back to its caller.
std::string event_id_of(const ak_outbound_request &request) {
  simdjson::dom::parser parser;
  std::string_view event_id;
  const auto parsed = parser.parse(static_cast<const char *>(request.body), request.body_len);
  return parsed["eventId"].get(event_id) == simdjson::SUCCESS ? std::string(event_id) : std::string();
}

scripted_transport::request copy_of(const ak_outbound_request &given) {
  scripted_transport::request copied;
  copied.url = given.url != nullptr ? given.url : "";
  for (size_t i = 0; i < given.header_count; ++i) {
    const ak_header &header = given.headers[i];
    copied.headers.emplace_back(std::string(header.name, header.name_len), std::string(header.value, header.value_len));
  }
  if (given.body != nullptr) copied.body.assign(static_cast<const char *>(given.body), given.body_len);
  copied.event_id = event_id_of(given);
  copied.execution_id = copied.header("X-Knit-Execution-Id");
  copied.timeout_ms = given.timeout_ms;
  return copied;
}

}  // namespace

std::string scripted_transport::request::header(std::string_view name) const {
  for (const auto &[header_name, value] : headers) {
    if (header_name == name) return value;
  }
  return {};
}

ak_transport scripted_transport::callbacks() {
  ak_transport transport{};
  transport.struct_size = sizeof transport;
  transport.send = send;
  transport.abort = abort;
  transport.user_data = this;
  transport.destroy = destroy;
  return transport;
}

void scripted_transport::answer(int status, std::string error) {
  std::lock_guard lock(mutex_);
  status_ = status;
  error_ = std::move(error);
}

void scripted_transport::hang_until_abort(std::chrono::milliseconds limit) {
  std::lock_guard lock(mutex_);
  hang_ = true;
  hang_limit_ = limit;
}

std::vector<scripted_transport::request> scripted_transport::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

bool scripted_transport::wait_for_requests(std::size_t count, std::chrono::milliseconds limit) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, limit, [&] { return requests_.size() >= count; });
}

int scripted_transport::aborts() const {
  std::lock_guard lock(mutex_);
  return aborts_;
}

int scripted_transport::destroyed() const {
  std::lock_guard lock(mutex_);
  return destroyed_;
}

int scripted_transport::send(const ak_outbound_request *request, char *error, size_t error_size, void *user_data) {
  scripted_transport &transport = transport_of(user_data);
  try {
    auto copied = copy_of(*request);
    std::unique_lock lock(transport.mutex_);
    transport.requests_.push_back(std::move(copied));
    transport.changed_.notify_all();
    if (transport.hang_) {
      // Only an abort that comes while this send waits ends it.
      const int aborts_before = transport.aborts_;
      if (transport.changed_.wait_for(lock, transport.hang_limit_, [&] { return transport.aborts_ > aborts_before; })) {
        return AK_SEND_ABORTED;
      }
      std::snprintf(error, error_size, "%s", "abort was never called");
      return AK_SEND_FAILED;
    }
    if (!transport.error_.empty()) std::snprintf(error, error_size, "%s", transport.error_.c_str());
    return transport.status_;
  } catch (...) {
    std::snprintf(error, error_size, "%s", "the scripted transport ran out of memory");
    return AK_SEND_FAILED;
  }
}

void scripted_transport::abort(void *user_data) {
  scripted_transport &transport = transport_of(user_data);
  {
    std::lock_guard lock(transport.mutex_);
    ++transport.aborts_;
  }
  transport.changed_.notify_all();
}

void scripted_transport::destroy(void *user_data) {
  scripted_transport &transport = transport_of(user_data);
  {
    std::lock_guard lock(transport.mutex_);
    ++transport.destroyed_;
  }
  transport.changed_.notify_all();
}

ak_delivery_options delivery_options(const ak_transport *transport) {
  ak_delivery_options options{};
  options.struct_size = sizeof options;
  options.webhook_url = webhook_url;
  options.transport = transport;
  return options;
}

owned_delivery new_delivery(ak_bridge *bridge, const ak_delivery_options &options) {
  ak_delivery *delivery = nullptr;
  const ak_status status = ak_delivery_new(bridge, &options, &delivery);
  INFO(last_error());
  REQUIRE(status == AK_OK);
  REQUIRE(delivery != nullptr);
  return owned_delivery(delivery);
}

ak_delivery_summary deliver_due(ak_delivery *delivery, std::int64_t now_ms) {
  ak_delivery_summary summary{};
  const ak_status status = ak_delivery_deliver_due(delivery, now_ms, &summary);
  INFO(last_error());
  REQUIRE(status == AK_OK);
  return summary;
}

}  // namespace capi_test
