// ak_map_*: the C face of ashbyknit/ashby.hpp and ashbyknit/mapping.hpp.
#include <cstddef>
#include <optional>

#include "ashbyknit/ashby.hpp"
#include "ashbyknit/mapping.hpp"
#include "c_api_support.hpp"

using namespace ashbyknit;

namespace {

/// The C options read into map_options; the catalogue they name is parsed into `catalogue`,
/// which must outlive the result. A cancel reads only the clock: the record id and the catalogue
/// mean nothing to it.
ak_status read_options(const ak_map_options *options, bool for_start, std::optional<package_catalogue> &catalogue,
                       map_options &out) {
  if (options == nullptr) return AK_OK;
  AK_TRY(capi::check_struct_size(options->struct_size, sizeof(ak_map_options), "options", "ak_map_options"));
  if (AK_FIELD_PRESENT(options, now_ms) && options->now_ms != 0) {
    const std::int64_t now_ms = options->now_ms;
    out.clock = [now_ms] { return now_ms; };
  }
  if (!for_start) return AK_OK;
  if (AK_FIELD_PRESENT(options, assessment_id) && options->assessment_id != nullptr) {
    if (*options->assessment_id == '\0') {
      return capi::fail(AK_ERR_INVALID_ARGUMENT, "options->assessment_id is empty; pass NULL to mint a new id.");
    }
    out.assessment_id = options->assessment_id;
  }
  if (AK_FIELD_PRESENT(options, packages_json) && options->packages_json != nullptr) {
    auto parsed = package_catalogue::parse(options->packages_json);
    if (!parsed.ok()) return capi::fail(AK_ERR_INVALID_ARGUMENT, parsed.message());
    catalogue.emplace(std::move(parsed).value());
    out.packages = &*catalogue;
  }
  return AK_OK;
}

/// Parses a body with `parse`, maps it with `map`, and hands the event's JSON to the caller.
template <typename Parse, typename Map>
ak_status parse_and_map(const void *body, size_t body_len, const ak_map_options *options, char **out, bool for_start,
                        Parse parse, Map map) {
  AK_REQUIRE_ARGUMENT(out);
  AK_TRY(capi::check_span(body, body_len, "body", "body_len"));
  return capi::guarded([&] {
    std::optional<package_catalogue> catalogue;
    map_options map_with;
    AK_TRY(read_options(options, for_start, catalogue, map_with));
    auto request = parse(capi::bytes(body, body_len), json_limits{});
    if (!request.ok()) return capi::fail(request.failure());
    auto event = map(request.value(), map_with);
    if (!event.ok()) return capi::fail(event.failure());
    return capi::give_string(event.value().json, out);
  });
}

}  // namespace

extern "C" {

ak_status ak_map_start(const void *body, size_t body_len, const ak_map_options *options, char **out) {
  return parse_and_map(body, body_len, options, out, true, parse_start_request, map_start);
}

ak_status ak_map_cancel(const void *body, size_t body_len, const ak_map_options *options, char **out) {
  return parse_and_map(body, body_len, options, out, false, parse_cancel_request, map_cancel);
}

}  // extern "C"
