// ak_delivery_* and ak_reply_*: the C face of the delivery engine, with a host's ak_transport or libcurl.
#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ashbyknit/delivery.hpp"
#include "bridge_c.hpp"
#include "c_api_support.hpp"
#include "delivery_c.hpp"

using namespace ashbyknit;

/// An ak_delivery: the engine. Freeing it stops the workers, then releases the transport.
struct ak_delivery {
  std::unique_ptr<delivery_engine> engine;
};

/// An ak_reply: what a host's send hands back beside its status, for the duration of that send.
struct ak_reply {
  std::vector<http_header> headers;
  std::string body;
};

namespace {

constexpr std::size_t error_capacity = 512;

/// A host's ak_transport as a C++ transport; its destructor runs the host's destroy.
class host_transport final : public transport {
 public:
  host_transport(int (*send_function)(const ak_outbound_request *, char *, size_t, void *),
                 void (*abort_function)(void *), void *user_data, void (*destroy)(void *)) noexcept
      : send_(send_function), abort_(abort_function), user_data_(user_data), destroy_(destroy) {}
  ~host_transport() override {
    if (destroy_ != nullptr) destroy_(user_data_);
  }
  host_transport(const host_transport &) = delete;
  host_transport &operator=(const host_transport &) = delete;

  outbound_reply send(const outbound_request &request) noexcept override {
    outbound_reply reply;
    try {
      std::vector<ak_header> headers;
      headers.reserve(request.headers.size());
      for (const http_header &header : request.headers) {
        headers.push_back({header.name.data(), header.name.size(), header.value.data(), header.value.size()});
      }
      const std::string url(request.url);
      ak_reply handed_back;
      const ak_outbound_request outbound{url.c_str(), headers.data(), headers.size(), request.body.data(),
                                         request.body.size(), &handed_back, request.timeout_ms};
      char error[error_capacity] = {};
      const int status = send_(&outbound, error, sizeof error, user_data_);
      error[sizeof error - 1] = '\0';
      if (status >= 100 && status <= 599) {
        reply.result = outbound_reply::outcome::answered;
        reply.status = status;
        reply.headers = std::move(handed_back.headers);
        reply.body = std::move(handed_back.body);
      } else if (status == AK_SEND_ABORTED) {
        reply.result = outbound_reply::outcome::aborted;
        reply.error = error[0] != '\0' ? error : "aborted by the host transport";
      } else {
        reply.result = outbound_reply::outcome::failed;
        const std::string reason = error[0] != '\0' ? error : "the host transport failed";
        reply.error = status == AK_SEND_FAILED ? reason
                                                : "the host transport returned " + std::to_string(status) +
                                                      ", not an HTTP status" + (error[0] != '\0' ? ": " + reason : "");
      }
    } catch (...) {
      reply = outbound_reply{};
      reply.result = outbound_reply::outcome::failed;
      reply.error = "out of memory in the host transport's adapter";
    }
    return reply;
  }

  void abort_sends() noexcept override {
    if (abort_ != nullptr) abort_(user_data_);
  }

 private:
  int (*send_)(const ak_outbound_request *, char *, size_t, void *);
  void (*abort_)(void *);
  void *user_data_;
  void (*destroy_)(void *);
};

}  // namespace

ak_status capi::adopt_transport(const ak_transport *given, std::shared_ptr<transport> &out) {
  // The fields are read before struct_size is judged: destroy must run even for a refused struct.
  void *const user_data = AK_FIELD_PRESENT(given, user_data) ? given->user_data : nullptr;
  void (*const destroy)(void *) = AK_FIELD_PRESENT(given, destroy) ? given->destroy : nullptr;
  auto send_function = AK_FIELD_PRESENT(given, send) ? given->send : nullptr;
  auto abort_function = AK_FIELD_PRESENT(given, abort) ? given->abort : nullptr;
  try {
    out = std::make_shared<host_transport>(send_function, abort_function, user_data, destroy);
  } catch (...) {
    if (destroy != nullptr) destroy(user_data);
    throw;
  }
  AK_TRY(capi::check_struct_size(given->struct_size, sizeof(ak_transport), "transport", "ak_transport"));
  if (send_function == nullptr) return capi::fail(AK_ERR_INVALID_ARGUMENT, "The transport's send must not be NULL.");
  return AK_OK;
}

namespace {

/// Copies an options field into `target` when the caller's struct has it and it is not 0 (or
/// NULL): a zero field keeps the default.
#define AK_TAKE_OPTION(given, field, target) \
  if (AK_FIELD_PRESENT(given, field) && given->field) target = given->field

ak_status read_curl_options(const ak_curl_options *given, curl_transport_options &options) {
  if (given == nullptr) return AK_OK;
  AK_TRY(capi::check_struct_size(given->struct_size, sizeof(ak_curl_options), "curl", "ak_curl_options"));
  AK_TAKE_OPTION(given, connect_timeout_ms, options.connect_timeout_ms);
  AK_TAKE_OPTION(given, total_timeout_ms, options.total_timeout_ms);
  AK_TAKE_OPTION(given, max_connections, options.max_connections);
  AK_TAKE_OPTION(given, ca_file, options.ca_file);
  if (AK_FIELD_PRESENT(given, forbid_reuse) && given->forbid_reuse) options.reuse_connections = false;
  return AK_OK;
}

ak_status read_delivery_options(const ak_delivery_options *given, delivery_options &options) {
  AK_TRY(capi::check_struct_size(given->struct_size, sizeof(ak_delivery_options), "options", "ak_delivery_options"));
  // "" is refused: the C++ engine would read it as NULL, an engine that sends no events.
  if (AK_FIELD_PRESENT(given, webhook_url) && given->webhook_url != nullptr && *given->webhook_url == '\0') {
    return capi::fail(AK_ERR_INVALID_ARGUMENT,
                      "The webhook URL is empty; pass NULL as options->webhook_url to send only reports.");
  }
  AK_TAKE_OPTION(given, webhook_url, options.webhook_url);
  AK_TAKE_OPTION(given, ashby_api_url, options.ashby_api_url);
  AK_TAKE_OPTION(given, workers, options.workers);
  AK_TAKE_OPTION(given, batch_size, options.batch_size);
  AK_TAKE_OPTION(given, lease_ms, options.lease_ms);
  AK_TAKE_OPTION(given, idle_poll_ms, options.idle_poll_ms);
  AK_TAKE_OPTION(given, first_retry_delay_ms, options.retry.first_delay_ms);
  AK_TAKE_OPTION(given, max_retry_delay_ms, options.retry.max_delay_ms);
  AK_TAKE_OPTION(given, max_age_ms, options.retry.max_age_ms);
  AK_TAKE_OPTION(given, max_attempts, options.retry.max_attempts);
  AK_TAKE_OPTION(given, enrichment_timeout_ms, options.enrichment_timeout_ms);
  if (AK_FIELD_PRESENT(given, standard_webhook_key_count)) {
    AK_TRY(capi::read_strings(given->standard_webhook_keys, given->standard_webhook_key_count,
                              "options->standard_webhook_keys", "options->standard_webhook_key_count",
                              options.standard_webhook_keys));
  }
  return AK_OK;
}

#undef AK_TAKE_OPTION

}  // namespace

extern "C" {

ak_status ak_delivery_new(ak_bridge *bridge, const ak_delivery_options *options, ak_delivery **out) {
  return capi::guarded([&] {
    std::shared_ptr<transport> sender;
    const ak_transport *host = options != nullptr && AK_FIELD_PRESENT(options, transport) ? options->transport : nullptr;
    if (host != nullptr) AK_TRY(capi::adopt_transport(host, sender));
    AK_REQUIRE_ARGUMENT(bridge);
    AK_REQUIRE_ARGUMENT(options);
    AK_REQUIRE_ARGUMENT(out);
    delivery_options settings;
    AK_TRY(read_delivery_options(options, settings));
    if (!sender) {
      curl_transport_options curl;
      AK_TRY(read_curl_options(AK_FIELD_PRESENT(options, curl) ? options->curl : nullptr, curl));
      auto made = make_curl_transport(curl);
      if (!made.ok()) return capi::fail(made.failure());
      sender = std::move(made).value();
    }
    auto engine = delivery_engine::create(*bridge->instance, std::move(settings), std::move(sender));
    if (!engine.ok()) return capi::fail(engine.failure());
    *out = new ak_delivery{std::move(engine).value()};
    return AK_OK;
  });
}

void ak_delivery_free(ak_delivery *delivery) { delete delivery; }

ak_status ak_delivery_deliver_due(ak_delivery *delivery, int64_t now_ms, ak_delivery_summary *out) {
  AK_REQUIRE_ARGUMENT(delivery);
  return capi::guarded([&] {
    auto done = delivery->engine->deliver_due(now_ms);
    if (!done.ok()) return capi::fail(done.failure());
    if (out != nullptr) {
      const delivery_summary &summary = done.value();
      *out = {summary.delivered, summary.retrying, summary.dead_lettered, summary.released};
    }
    return AK_OK;
  });
}

ak_status ak_delivery_start(ak_delivery *delivery) {
  AK_REQUIRE_ARGUMENT(delivery);
  return capi::guarded([&] {
    auto started = delivery->engine->start();
    return started.ok() ? AK_OK : capi::fail(started.failure());
  });
}

ak_status ak_delivery_stop(ak_delivery *delivery, int64_t drain_ms) {
  AK_REQUIRE_ARGUMENT(delivery);
  if (drain_ms < 0) return capi::fail(AK_ERR_INVALID_ARGUMENT, "drain_ms must not be negative.");
  return capi::guarded([&] {
    delivery->engine->stop(std::chrono::milliseconds(drain_ms));
    return AK_OK;
  });
}

void ak_delivery_wake(ak_delivery *delivery) {
  if (delivery != nullptr) delivery->engine->wake();
}

ak_status ak_reply_set_body(ak_reply *reply, const void *body, size_t len) {
  AK_REQUIRE_ARGUMENT(reply);
  AK_TRY(capi::check_span(body, len, "body", "len"));
  return capi::guarded([&] {
    reply->body.assign(capi::bytes(body, std::min(len, max_reply_body_bytes)));
    return AK_OK;
  });
}

ak_status ak_reply_add_header(ak_reply *reply, const char *name, const char *value) {
  AK_REQUIRE_ARGUMENT(reply);
  AK_REQUIRE_ARGUMENT(name);
  AK_REQUIRE_ARGUMENT(value);
  if (*name == '\0') return capi::fail(AK_ERR_INVALID_ARGUMENT, "A reply header's name must not be empty.");
  return capi::guarded([&] {
    reply->headers.push_back({name, value});
    return AK_OK;
  });
}

}  // extern "C"
