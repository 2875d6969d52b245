// bridge: routes Ashby's calls, authenticates them, and answers as protocol §2 decides.
#include "ashbyknit/bridge.hpp"

#include <fmt/format.h>

#include "ashby_replies.hpp"
#include "ashbyknit/knit_signature.hpp"
#include "ashbyknit/secrets.hpp"
#include "base_encoding.hpp"
#include "basic_auth.hpp"
#include "json_document.hpp"
#include "json_writer.hpp"
#include "store_internal.hpp"

namespace ashbyknit {
namespace {

constexpr std::size_t execution_id_random_chars = 21;

enum class operation { list, start, cancel, custom_field_list };

std::optional<operation> operation_named(std::string_view name) {
  if (name == "assessment.list") return operation::list;
  if (name == "assessment.start") return operation::start;
  if (name == "assessment.cancel") return operation::cancel;
  if (name == "assessment.customField.list") return operation::custom_field_list;
  return std::nullopt;
}

/// The value of the request's first header named `name`, if it has one.
std::optional<std::string_view> find_header(const http_request &request, std::string_view name) {
  for (const auto &[header, value] : request.headers) {
    if (header_name_equals(header, name)) return value;
  }
  return std::nullopt;
}

/// application/json or application/<anything>+json, with any parameters.
bool is_json_media_type(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  constexpr std::string_view application = "application/";
  if (type.size() <= application.size() || !header_name_equals(type.substr(0, application.size()), application)) {
    return false;
  }
  const std::string_view subtype = type.substr(application.size());
  return header_name_equals(subtype, "json") ||
         (subtype.size() > 5 && header_name_equals(subtype.substr(subtype.size() - 5), "+json"));
}

/// The path of a normalised base URL: everything from the first '/' after the host.
std::string base_path_of(std::string_view base_url) {
  const auto host_start = base_url.find("://") + 3;
  const auto path_start = base_url.find('/', host_start);
  return std::string(base_url.substr(path_start));
}

/// The reply for a body that failed to parse or validate.
http_response reply_for_bad_body(const error &failure) {
  switch (failure.code) {
    case error_code::invalid_input: return detail::validation_reply(failure.message);
    case error_code::too_large: return detail::error_reply(413, "payload_too_large", failure.message);
    case error_code::malformed_json:
    case error_code::too_deep: return detail::error_reply(400, "invalid_input", failure.message);
    default: return detail::error_reply(500, "internal_error", "The assessment partner failed; please try again.");
  }
}

error no_signing_key() {
  return {error_code::invalid_argument, "The bridge has no signing key, so it cannot sign events for delivery."};
}

http_response internal_failure() {
  return detail::error_reply(500, "internal_error", "The assessment partner could not record the call; please try again.");
}

/// `{"assessment_id":...}`, with an update_request (protocol §2) when `update_request` is not "".
std::string assessment_result(std::string_view assessment_id, std::string_view update_request = {}) {
  detail::json_writer results;
  results.begin_object().key("assessment_id").string(assessment_id);
  if (!update_request.empty()) results.key("update_request").raw(update_request);
  results.end_object();
  return std::move(results).str();
}

}  // namespace

struct bridge::impl {
  bridge_options options;
  std::string base_path;
  std::unique_ptr<ashbyknit::store> store;
  std::optional<package_catalogue> default_packages;

  /// Answers a call, filling in `call`'s operation and integration as soon as they are known.
  http_response route(const http_request &request, handled_call &call);
  http_response list(std::string_view integration_id, std::string_view body);
  http_response custom_field_list(std::string_view integration_id, std::string_view body);
  /// Answer a start or a cancel; an accepted one names its assessment in `assessment_id`.
  http_response start(std::string_view integration_id, std::string_view body, std::string &assessment_id);
  http_response cancel(std::string_view integration_id, std::string_view body, std::string &assessment_id);
  /// Checks a body that carries no data (the list calls): an object, or nothing at all.
  std::optional<http_response> check_empty_call(std::string_view body) const;
};

bridge::bridge(std::unique_ptr<impl> state) noexcept : impl_(std::move(state)) {}
bridge::~bridge() = default;

result<std::unique_ptr<bridge>> bridge::open(bridge_options options) {
  auto base_url = normalise_base_url(options.public_base_url);
  if (!base_url.ok()) return std::move(base_url).failure();
  if (options.limits.max_body_bytes == 0 || options.limits.max_depth == 0) {
    return error{error_code::invalid_argument, "The body size and nesting limits must be positive."};
  }
  if (options.visibility_timeout_ms <= 0) {
    return error{error_code::invalid_argument, "The visibility timeout must be positive."};
  }
  auto state = std::make_unique<impl>();
  if (!options.default_packages_json.empty()) {
    auto packages = package_catalogue::parse(options.default_packages_json);
    if (!packages.ok()) return error{error_code::invalid_argument, packages.message()};
    state->default_packages = std::move(packages).value();
  }
  auto opened = store::open(options.store);
  if (!opened.ok()) return std::move(opened).failure();
  state->store = std::move(opened).value();
  state->options = std::move(options);
  state->options.public_base_url = std::move(base_url).value();
  state->base_path = base_path_of(state->options.public_base_url);
  return std::unique_ptr<bridge>(new bridge(std::move(state)));
}

http_response bridge::handle(const http_request &request) noexcept { return handle_call(request).response; }

handled_call bridge::handle_call(const http_request &request) noexcept {
  handled_call call;
  try {
    call.response = impl_->route(request, call);
  } catch (...) {
    call.response = internal_failure();
  }
  return call;
}

http_response bridge::impl::route(const http_request &request, handled_call &call) {
  if (request.method != "POST") {
    http_response reply = detail::error_reply(405, "method_not_allowed", "Ashby's calls to a partner are POST requests.");
    reply.headers.push_back({"Allow", "POST"});
    return reply;
  }
  const std::string_view path = request.path.substr(0, request.path.find('?'));
  const auto known = path.substr(0, base_path.size()) == base_path ? operation_named(path.substr(base_path.size()))
                                                                   : std::nullopt;
  if (!known) {
    return detail::error_reply(404, "unknown_operation", fmt::format("There is no operation at {}.", path));
  }
  call.operation = path.substr(base_path.size());
  const auto authorization = find_header(request, "Authorization");
  if (!authorization) return detail::error_reply(401, "unauthorized", "The call has no Authorization header.");
  const auto key = detail::basic_auth_key(*authorization);
  if (!key) {
    return detail::error_reply(401, "unauthorized", "The Authorization header must be HTTP Basic with the secret key.");
  }
  auto integration = store->authenticate(*key);
  if (!integration.ok()) {
    if (integration.code() == error_code::unauthenticated) {
      return detail::error_reply(403, "forbidden", "The secret key is not an active key of this partner.");
    }
    return internal_failure();
  }
  call.integration_id = integration.value();
  if (request.body.size() > options.limits.max_body_bytes) {
    return detail::error_reply(413, "payload_too_large",
                               fmt::format("The body is over the limit of {} bytes.", options.limits.max_body_bytes));
  }
  if (const auto content_type = find_header(request, "Content-Type"); content_type && !is_json_media_type(*content_type)) {
    return detail::error_reply(415, "unsupported_media_type", "The body must be JSON (Content-Type: application/json).");
  }
  switch (*known) {
    case operation::list: return list(integration.value(), request.body);
    case operation::custom_field_list: return custom_field_list(integration.value(), request.body);
    case operation::start: return start(integration.value(), request.body, call.assessment_id);
    case operation::cancel: return cancel(integration.value(), request.body, call.assessment_id);
  }
  return internal_failure();
}

std::optional<http_response> bridge::impl::check_empty_call(std::string_view body) const {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return std::nullopt;
  auto document = detail::json_document::parse(body, options.limits);
  if (!document.ok()) return reply_for_bad_body(document.failure());
  if (!document.value().root().is_object()) {
    return detail::error_reply(400, "invalid_input", "The body must be a JSON object.");
  }
  return std::nullopt;
}

http_response bridge::impl::list(std::string_view integration_id, std::string_view body) {
  if (auto refused = check_empty_call(body)) return *refused;
  auto stored = store->packages_for(integration_id);
  if (!stored.ok()) return internal_failure();
  const package_catalogue *packages = stored.value() ? &*stored.value() : default_packages ? &*default_packages : nullptr;
  detail::json_writer results;
  results.begin_array();
  if (packages) {
    for (const auto &package : packages->packages()) {
      results.begin_object().key("assessment_type_id").string(package.id).key("name").string(package.name);
      results.key("description").string_or_null(package.description).end_object();
    }
  }
  results.end_array();
  return detail::success_reply("results", results.view());
}

http_response bridge::impl::custom_field_list(std::string_view integration_id, std::string_view body) {
  if (auto refused = check_empty_call(body)) return *refused;
  auto fields = store->custom_fields_for(integration_id);
  if (!fields.ok()) return internal_failure();
  return detail::success_reply("fields", fields.value());
}

http_response bridge::impl::start(std::string_view integration_id, std::string_view body,
                                  std::string &assessment_id) {
  const std::int64_t received_ms = options.store.clock();
  auto request = detail::parse_start_fields(body, options.limits);
  if (!request.ok()) return reply_for_bad_body(request.failure());
  // The store takes its own lock when the start's batch commits: holding it here would keep
  // concurrent starts from sharing the batch.
  auto outcome = detail::record_start(*store->impl_, integration_id, request.value().fields,
                                      default_packages ? &*default_packages : nullptr, received_ms,
                                      options.initial_update_request);
  if (!outcome.ok()) return internal_failure();
  if (outcome.value().what == detail::start_outcome::kind::conflict) {
    return detail::error_reply(409, "assessment_in_progress",
                               "This candidate is already being assessed for this application and assessment type.");
  }
  assessment_id = std::move(outcome.value().assessment_id);
  return detail::success_reply("results", assessment_result(assessment_id, outcome.value().update_request));
}

http_response bridge::impl::cancel(std::string_view integration_id, std::string_view body,
                                   std::string &assessment_id) {
  const std::int64_t received_ms = options.store.clock();
  auto request = detail::parse_cancel_fields(body, options.limits);
  if (!request.ok()) return reply_for_bad_body(request.failure());
  auto outcome = detail::record_cancel(*store->impl_, integration_id, request.value().fields, received_ms);
  if (!outcome.ok()) return internal_failure();
  if (outcome.value() == detail::cancel_outcome::not_found) {
    return detail::error_reply(200, "assessment_not_found",
                               fmt::format("There is no assessment {} for this organisation.", request.value().fields.assessment_id));
  }
  assessment_id = request.value().fields.assessment_id;
  return detail::success_reply("results", assessment_result(assessment_id));
}

result<std::vector<pending_delivery>> bridge::pull_events(std::size_t max) {
  if (!signs_events()) return no_signing_key();
  auto leased = impl_->store->lease_events(max, impl_->options.visibility_timeout_ms);
  if (!leased.ok()) return std::move(leased).failure();
  std::vector<outbox_event> &events = leased.value();
  std::vector<pending_delivery> deliveries;
  deliveries.reserve(events.size());
  for (const outbox_event &event : events) {
    auto headers = delivery_headers(event);
    if (!headers.ok()) {
      // Nothing was handed out: give the leases back so that the events are not held up.
      std::vector<std::string> event_ids;
      for (const outbox_event &held : events) event_ids.push_back(held.event_id);
      (void)detail::release_events(*impl_->store->impl_, event_ids);
      return std::move(headers).failure();
    }
    deliveries.push_back({event, std::move(headers).value()});
  }
  return deliveries;
}

bool bridge::signs_events() const noexcept { return !impl_->options.signing_key.empty(); }

result<std::vector<http_header>> bridge::delivery_headers(const outbox_event &event) const {
  if (!signs_events()) return no_signing_key();
  auto signature = knit_sign(impl_->options.signing_key, event.body);
  if (!signature.ok()) return std::move(signature).failure();
  auto execution = detail::random_text(detail::lower_alphanumerics, execution_id_random_chars, impl_->options.store.random);
  if (!execution.ok()) return std::move(execution).failure();
  return std::vector<http_header>{{"Content-Type", "application/json"},
                                  {"X-Knit-Signature", std::move(signature).value()},
                                  {"X-Knit-Integration-Id", event.integration_id},
                                  {"X-Knit-Execution-Id", "exe_" + execution.value()}};
}

result<std::size_t> bridge::acknowledge_events(const std::vector<std::string> &event_ids) {
  return impl_->store->acknowledge_events(event_ids);
}

ashbyknit::store &bridge::store() noexcept { return *impl_->store; }

const std::string &bridge::base_url() const noexcept { return impl_->options.public_base_url; }

const std::string &bridge::base_path() const noexcept { return impl_->base_path; }

}  // namespace ashbyknit
