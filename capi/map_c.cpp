// ak_map_* and ak_catalogue_*: the C face of ashbyknit/mapping.hpp and ashbyknit/catalogue.hpp.
#include <cstddef>
#include <optional>

#include "ashbyknit/catalogue.hpp"
#include "ashbyknit/mapping.hpp"
#include "c_api_support.hpp"

using namespace ashbyknit;

/// An ak_catalogue: a parsed catalogue, never changed after ak_catalogue_new.
struct ak_catalogue {
  package_catalogue packages;
};

namespace {

/// The C options read into map_options; a catalogue given as JSON is parsed into `parsed`, which
/// must outlive the result. A cancel reads only the clock: the record id and the catalogue mean
/// nothing to it.
ak_status read_options(const ak_map_options *options, bool for_start, std::optional<package_catalogue> &parsed,
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
  const char *packages_json = AK_FIELD_PRESENT(options, packages_json) ? options->packages_json : nullptr;
  const ak_catalogue *catalogue = AK_FIELD_PRESENT(options, catalogue) ? options->catalogue : nullptr;
  if (packages_json != nullptr && catalogue != nullptr) {
    return capi::fail(AK_ERR_INVALID_ARGUMENT,
                      "options->packages_json and options->catalogue are both set; give the catalogue one way.");
  }
  if (catalogue != nullptr) out.packages = &catalogue->packages;
  if (packages_json != nullptr) {
    auto catalogue_parsed = package_catalogue::parse(packages_json);
    if (!catalogue_parsed.ok()) return capi::fail(AK_ERR_INVALID_ARGUMENT, catalogue_parsed.message());
    parsed.emplace(std::move(catalogue_parsed).value());
    out.packages = &*parsed;
  }
  return AK_OK;
}

/// Maps a body with `map` (which parses it too) and hands the event's JSON to the caller.
template <typename Map>
ak_status map_body(const void *body, size_t body_len, const ak_map_options *options, char **out, bool for_start,
                   Map map) {
  AK_REQUIRE_ARGUMENT(out);
  AK_TRY(capi::check_span(body, body_len, "body", "body_len"));
  return capi::guarded([&] {
    std::optional<package_catalogue> parsed;
    map_options map_with;
    AK_TRY(read_options(options, for_start, parsed, map_with));
    auto event = map(capi::bytes(body, body_len), map_with, json_limits{});
    if (!event.ok()) return capi::fail(event.failure());
    return capi::give_string(event.value().json, out);
  });
}

}  // namespace

extern "C" {

ak_status ak_catalogue_new(const char *packages_json, ak_catalogue **out) {
  AK_REQUIRE_ARGUMENT(packages_json);
  AK_REQUIRE_ARGUMENT(out);
  return capi::guarded([&] {
    auto parsed = package_catalogue::parse(packages_json);
    if (!parsed.ok()) return capi::fail(parsed.failure());
    *out = new ak_catalogue{std::move(parsed).value()};
    return AK_OK;
  });
}

void ak_catalogue_free(ak_catalogue *catalogue) { delete catalogue; }

ak_status ak_map_start(const void *body, size_t body_len, const ak_map_options *options, char **out) {
  return map_body(body, body_len, options, out, true, map_start_body);
}

ak_status ak_map_cancel(const void *body, size_t body_len, const ak_map_options *options, char **out) {
  return map_body(body, body_len, options, out, false, map_cancel_body);
}

}  // extern "C"
