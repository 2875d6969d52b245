#include "ashbyknit/assessment_update.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <array>
#include <cmath>
#include <unordered_map>
#include <utility>

#include "assessment_update_checks.hpp"
#include "http_url.hpp"

namespace ashbyknit {
namespace {

constexpr std::array<std::pair<blob_type, std::string_view>, 5> type_names = {{
    {blob_type::numeric_score, "numeric_score"},
    {blob_type::numeric_duration_minutes, "numeric_duration_minutes"},
    {blob_type::url, "url"},
    {blob_type::string, "string"},
    {blob_type::boolean_success, "boolean_success"},
}};

error invalid(std::string message) { return {error_code::invalid_input, std::move(message)}; }

status check_value(const blob &item, std::string_view path) {
  switch (item.type) {
    case blob_type::numeric_score:
    case blob_type::numeric_duration_minutes: {
      const double *number = std::get_if<double>(&item.value);
      if (number == nullptr) return detail::blob_value_mismatch(path, item.type);
      if (!std::isfinite(*number)) return invalid(fmt::format("{}.value must be a finite number.", path));
      return {};
    }
    case blob_type::url:
    case blob_type::string: {
      const std::string *text = std::get_if<std::string>(&item.value);
      if (text == nullptr) return detail::blob_value_mismatch(path, item.type);
      const std::string value_path = fmt::format("{}.value", path);
      if (auto s = detail::check_text(*text, "The value", value_path); !s.ok()) return s;
      if (item.type == blob_type::string) return {};
      // A report link may well carry a signed query; the URL check speaks of configuration
      // (invalid_argument), while here the URL is input.
      auto url = detail::check_http_url(*text, fmt::format("URL in {}", value_path), true);
      if (!url.ok()) return invalid(url.message());
      return {};
    }
    case blob_type::boolean_success:
      if (!std::holds_alternative<bool>(item.value)) return detail::blob_value_mismatch(path, item.type);
      return {};
  }
  return {};
}

}  // namespace

std::string_view blob_type_name(blob_type type) noexcept {
  for (const auto &[known, name] : type_names) {
    if (known == type) return name;
  }
  return {};
}

std::optional<blob_type> parse_blob_type(std::string_view name) noexcept {
  for (const auto &[type, known] : type_names) {
    if (known == name) return type;
  }
  return std::nullopt;
}

namespace detail {

status check_text(std::string_view text, std::string_view description, std::string_view path) {
  if (text.empty()) return invalid(fmt::format("{} ({}) is empty.", description, path));
  if (!simdjson::validate_utf8(text)) return invalid(fmt::format("{} ({}) is not valid UTF-8.", description, path));
  return {};
}

const std::string_view blob_type_list = "numeric_score, numeric_duration_minutes, url, string, boolean_success";

error blob_value_mismatch(std::string_view path, blob_type type) {
  const std::string_view expected = type == blob_type::numeric_score || type == blob_type::numeric_duration_minutes
                                        ? "a number"
                                    : type == blob_type::boolean_success ? "true or false"
                                                                         : "text";
  return invalid(fmt::format("{}.value must be {} for type {}.", path, expected, blob_type_name(type)));
}

status check_blob(const blob &item, std::string_view path) {
  if (auto s = detail::check_text(item.identifier, "The identifier", fmt::format("{}.identifier", path)); !s.ok()) return s;
  if (auto s = detail::check_text(item.label, "The label", fmt::format("{}.label", path)); !s.ok()) return s;
  // A value cast from an integer (through the C ABI) may name no type at all.
  if (blob_type_name(item.type).empty()) {
    return invalid(fmt::format("{}.type must be one of {}, not {}.", path, blob_type_list, static_cast<int>(item.type)));
  }
  if (auto s = check_value(item, path); !s.ok()) return s;
  if (!simdjson::validate_utf8(item.description)) {
    return invalid(fmt::format("The description ({}.description) is not valid UTF-8.", path));
  }
  return {};
}

status check_unique_identifiers(const std::vector<identifier_use> &uses) {
  std::unordered_map<std::string_view, const std::string *> first_use;
  first_use.reserve(uses.size());
  for (const auto &use : uses) {
    if (auto [earlier, fresh] = first_use.emplace(use.identifier, &use.path); !fresh) {
      return invalid(fmt::format("The identifier \"{}\" is used twice ({} and {}).", use.identifier, *earlier->second, use.path));
    }
  }
  return {};
}

}  // namespace detail

status validate_assessment_update(const assessment_update &update) {
  if (auto s = detail::check_text(update.assessment_id, "The assessment ID", "assessment_id"); !s.ok()) return s;
  if (update.timestamp_ms < 0) {
    return invalid(fmt::format("timestamp must be a positive number of milliseconds since the epoch (or 0 to have it "
                               "assigned), not {}.", update.timestamp_ms));
  }
  if (update.result && update.cancelled_reason) {
    return invalid("assessment_result and cancelled_reason cannot both be set: an assessment is either complete or cancelled.");
  }
  if (!update.status && !update.cancelled_reason) return invalid("assessment_status is required unless cancelled_reason is set.");
  if (update.result && !update.profile_url) return invalid("assessment_profile_url is required when assessment_result is set.");

  std::vector<detail::identifier_use> uses;
  uses.reserve(4 + update.metadata.size());
  // `uses` views the identifiers in place, so the blobs are passed by reference, never copied.
  const auto check = [&uses](const blob &item, std::string path) -> status {
    if (auto s = detail::check_blob(item, path); !s.ok()) return s;
    uses.push_back({item.identifier, path + ".identifier"});
    return {};
  };
  if (update.status) {
    if (auto s = check(*update.status, "assessment_status"); !s.ok()) return s;
  }
  if (update.profile_url) {
    if (auto s = check(*update.profile_url, "assessment_profile_url"); !s.ok()) return s;
    if (update.profile_url->type != blob_type::url) {
      return invalid(fmt::format("assessment_profile_url.type must be url, not {}.", blob_type_name(update.profile_url->type)));
    }
  }
  if (update.result) {
    if (auto s = check(*update.result, "assessment_result"); !s.ok()) return s;
  }
  if (update.cancelled_reason) {
    if (auto s = check(*update.cancelled_reason, "cancelled_reason"); !s.ok()) return s;
  }
  for (std::size_t i = 0; i < update.metadata.size(); ++i) {
    if (auto s = check(update.metadata[i], fmt::format("metadata[{}]", i)); !s.ok()) return s;
  }
  return detail::check_unique_identifiers(uses);
}

}  // namespace ashbyknit
