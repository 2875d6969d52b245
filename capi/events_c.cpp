// ak_bridge_events_pull/ack and ak_event_batch_*: the C face of the bridge's outbox, for hosts
// that deliver events themselves.
#include <string>
#include <vector>

#include "bridge_c.hpp"
#include "c_api_support.hpp"

using namespace ashbyknit;

/// Pulled events, each with its signed headers.
struct ak_event_batch {
  std::vector<pending_delivery> deliveries;
};

namespace {

/// Event `index` of a batch, or nullptr past the end (or for a NULL batch).
const pending_delivery *delivery_at(const ak_event_batch *batch, size_t index) {
  if (batch == nullptr || index >= batch->deliveries.size()) return nullptr;
  return &batch->deliveries[index];
}

/// Header `header` of event `index`, or nullptr past either end.
const http_header *delivery_header(const ak_event_batch *batch, size_t index, size_t header) {
  const pending_delivery *delivery = delivery_at(batch, index);
  if (delivery == nullptr || header >= delivery->headers.size()) return nullptr;
  return &delivery->headers[header];
}

}  // namespace

extern "C" {

ak_status ak_bridge_events_pull(ak_bridge *bridge, size_t max, ak_event_batch **out) {
  AK_REQUIRE_ARGUMENT(bridge);
  AK_REQUIRE_ARGUMENT(out);
  return capi::guarded([&] {
    auto pulled = bridge->instance->pull_events(max);
    if (!pulled.ok()) return capi::fail(pulled.failure());
    *out = new ak_event_batch{std::move(pulled).value()};
    return AK_OK;
  });
}

size_t ak_event_batch_count(const ak_event_batch *batch) { return batch ? batch->deliveries.size() : 0; }

const char *ak_event_batch_event_id(const ak_event_batch *batch, size_t index) {
  const pending_delivery *delivery = delivery_at(batch, index);
  return delivery ? delivery->event.event_id.c_str() : nullptr;
}

const char *ak_event_batch_body(const ak_event_batch *batch, size_t index, size_t *out_len) {
  const pending_delivery *delivery = delivery_at(batch, index);
  if (delivery == nullptr) return nullptr;
  if (out_len != nullptr) *out_len = delivery->event.body.size();
  return delivery->event.body.c_str();
}

size_t ak_event_batch_header_count(const ak_event_batch *batch, size_t index) {
  const pending_delivery *delivery = delivery_at(batch, index);
  return delivery ? delivery->headers.size() : 0;
}

const char *ak_event_batch_header_name(const ak_event_batch *batch, size_t index, size_t header) {
  const http_header *found = delivery_header(batch, index, header);
  return found ? found->name.c_str() : nullptr;
}

const char *ak_event_batch_header_value(const ak_event_batch *batch, size_t index, size_t header) {
  const http_header *found = delivery_header(batch, index, header);
  return found ? found->value.c_str() : nullptr;
}

void ak_event_batch_free(ak_event_batch *batch) { delete batch; }

ak_status ak_bridge_events_ack(ak_bridge *bridge, const char *const *event_ids, size_t count,
                               size_t *out_acknowledged) {
  AK_REQUIRE_ARGUMENT(bridge);
  return capi::guarded([&] {
    std::vector<std::string> ids;
    AK_TRY(capi::read_strings(event_ids, count, "event_ids", "count", ids));
    auto acknowledged = bridge->instance->acknowledge_events(ids);
    if (!acknowledged.ok()) return capi::fail(acknowledged.failure());
    if (out_acknowledged != nullptr) *out_acknowledged = acknowledged.value();
    return AK_OK;
  });
}

}  // extern "C"
