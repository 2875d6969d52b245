// ak_bridge_new/free/store/handle and ak_http_response_*: the C face of ashbyknit/bridge.hpp's
// front door.
#include "bridge_c.hpp"

#include <string>
#include <utility>

#include "c_api_support.hpp"
#include "sources_c.hpp"

using namespace ashbyknit;

/// A reply, as the bridge built it.
struct ak_http_response {
  handled_call call;
};

namespace {

/// The caller's options read into `out`. Fails with AK_ERR_INVALID_ARGUMENT for a bad
/// struct_size, a missing base URL, a bad store option or a signing key that is empty or NULL
/// with a length; the C++ bridge checks the rest.
ak_status read_bridge_options(const ak_bridge_options *options, bridge_options &out) {
  AK_TRY(capi::check_struct_size(options->struct_size, sizeof(ak_bridge_options), "options", "ak_bridge_options"));
  if (!AK_FIELD_PRESENT(options, public_base_url) || options->public_base_url == nullptr) {
    return capi::fail(AK_ERR_INVALID_ARGUMENT, "options->public_base_url must not be NULL.");
  }
  out.public_base_url = options->public_base_url;
  if (AK_FIELD_PRESENT(options, store)) {
    AK_TRY(capi::read_store_options(options->store, "options->store", out.store));
  }
  if (AK_FIELD_PRESENT(options, max_body_bytes) && options->max_body_bytes != 0) {
    out.limits.max_body_bytes = options->max_body_bytes;
  }
  if (AK_FIELD_PRESENT(options, max_depth) && options->max_depth != 0) out.limits.max_depth = options->max_depth;
  if (AK_FIELD_PRESENT(options, default_packages_json) && options->default_packages_json != nullptr) {
    out.default_packages_json = options->default_packages_json;
  }
  if (AK_FIELD_PRESENT(options, signing_key_len)) {
    AK_TRY(capi::check_span(options->signing_key, options->signing_key_len, "options->signing_key",
                            "options->signing_key_len"));
    if (options->signing_key != nullptr && options->signing_key_len == 0) {
      return capi::fail(AK_ERR_INVALID_ARGUMENT, "options->signing_key is empty; pass NULL for a bridge without one.");
    }
    out.signing_key = std::string(capi::bytes(options->signing_key, options->signing_key_len));
  }
  if (AK_FIELD_PRESENT(options, visibility_timeout_ms) && options->visibility_timeout_ms != 0) {
    out.visibility_timeout_ms = options->visibility_timeout_ms;
  }
  if (AK_FIELD_PRESENT(options, initial_update_request)) {
    out.initial_update_request = options->initial_update_request != 0;
  }
  return AK_OK;
}

/// The caller's request as views into its memory, which lives for the call.
ak_status read_request(const ak_http_request *request, http_request &out) {
  AK_TRY(capi::check_struct_size(request->struct_size, sizeof(ak_http_request), "request", "ak_http_request"));
  if (!AK_FIELD_PRESENT(request, method) || request->method == nullptr) {
    return capi::fail(AK_ERR_INVALID_ARGUMENT, "request->method must not be NULL.");
  }
  if (!AK_FIELD_PRESENT(request, path) || request->path == nullptr) {
    return capi::fail(AK_ERR_INVALID_ARGUMENT, "request->path must not be NULL.");
  }
  out.method = request->method;
  out.path = request->path;
  if (AK_FIELD_PRESENT(request, header_count)) {
    AK_TRY(capi::check_span(request->headers, request->header_count, "request->headers", "request->header_count"));
    out.headers.reserve(request->header_count);
    for (std::size_t i = 0; i < request->header_count; ++i) {
      const ak_header &header = request->headers[i];
      AK_TRY(capi::check_span(header.name, header.name_len, "request->headers[].name", "name_len"));
      AK_TRY(capi::check_span(header.value, header.value_len, "request->headers[].value", "value_len"));
      out.headers.emplace_back(capi::bytes(header.name, header.name_len), capi::bytes(header.value, header.value_len));
    }
  }
  if (AK_FIELD_PRESENT(request, body_len)) {
    AK_TRY(capi::check_span(request->body, request->body_len, "request->body", "request->body_len"));
    out.body = capi::bytes(request->body, request->body_len);
  }
  return AK_OK;
}

/// Header `index` of a response, or nullptr past the end (or for a NULL response).
const http_header *response_header(const ak_http_response *response, size_t index) {
  if (response == nullptr || index >= response->call.response.headers.size()) return nullptr;
  return &response->call.response.headers[index];
}

}  // namespace

extern "C" {

ak_status ak_bridge_new(const ak_bridge_options *options, ak_bridge **out) {
  AK_REQUIRE_ARGUMENT(options);
  return capi::guarded([&] {
    bridge_options opening;
    // First, so that the sources' destroy runs whatever else is wrong with the call.
    if (AK_FIELD_PRESENT(options, sources)) {
      AK_TRY(capi::read_sources(options->sources, opening.store.clock, opening.store.random));
    }
    AK_REQUIRE_ARGUMENT(out);
    AK_TRY(read_bridge_options(options, opening));
    auto opened = bridge::open(std::move(opening));
    if (!opened.ok()) return capi::fail(opened.failure());
    auto handle = std::make_unique<ak_bridge>();
    handle->instance = std::move(opened).value();
    handle->store_view.instance = &handle->instance->store();
    *out = handle.release();
    return AK_OK;
  });
}

void ak_bridge_free(ak_bridge *bridge) { delete bridge; }

ak_store *ak_bridge_store(ak_bridge *bridge) { return bridge == nullptr ? nullptr : &bridge->store_view; }

ak_status ak_bridge_handle(ak_bridge *bridge, const ak_http_request *request, ak_http_response **out) {
  AK_REQUIRE_ARGUMENT(bridge);
  AK_REQUIRE_ARGUMENT(request);
  AK_REQUIRE_ARGUMENT(out);
  return capi::guarded([&] {
    http_request viewed;
    AK_TRY(read_request(request, viewed));
    *out = new ak_http_response{bridge->instance->handle_call(viewed)};
    return AK_OK;
  });
}

int ak_http_response_status(const ak_http_response *response) { return response ? response->call.response.status : 0; }

size_t ak_http_response_header_count(const ak_http_response *response) {
  return response ? response->call.response.headers.size() : 0;
}

const char *ak_http_response_header_name(const ak_http_response *response, size_t index) {
  const http_header *header = response_header(response, index);
  return header ? header->name.c_str() : nullptr;
}

const char *ak_http_response_header_value(const ak_http_response *response, size_t index) {
  const http_header *header = response_header(response, index);
  return header ? header->value.c_str() : nullptr;
}

const char *ak_http_response_body(const ak_http_response *response, size_t *out_len) {
  if (response == nullptr) return nullptr;
  if (out_len != nullptr) *out_len = response->call.response.body.size();
  return response->call.response.body.c_str();
}

const char *ak_http_response_operation(const ak_http_response *response) {
  return response ? response->call.operation.c_str() : nullptr;
}

const char *ak_http_response_integration_id(const ak_http_response *response) {
  return response ? response->call.integration_id.c_str() : nullptr;
}

const char *ak_http_response_assessment_id(const ak_http_response *response) {
  return response ? response->call.assessment_id.c_str() : nullptr;
}

void ak_http_response_free(ak_http_response *response) { delete response; }

}  // extern "C"
