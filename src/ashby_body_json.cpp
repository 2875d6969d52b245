#include "ashby_body_json.hpp"

#include <cmath>

#include "assessment_update_checks.hpp"
#include "json_document.hpp"
#include "json_fields.hpp"

namespace ashbyknit::detail {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

constexpr std::array<std::string_view, 5> blob_keys = {"identifier", "label", "type", "value", "description"};

error invalid(std::string message) { return {error_code::invalid_input, std::move(message)}; }

void write_number(json_writer &out, double number) {
  constexpr double exact_integers = 9007199254740992.0;  // 2^53: every integer up to it is a double
  if (!std::isfinite(number)) {
    out.null();  // validation refuses these; the output stays JSON all the same
  } else if (std::trunc(number) == number && std::fabs(number) <= exact_integers) {
    out.number(static_cast<std::int64_t>(number));
  } else {
    out.raw(fmt::format("{}", number));  // the shortest text that reads back as the same double
  }
}

}  // namespace

status read_blob(element value, const std::string &path, blob &out) {
  object fields;
  if (value.get(fields) != simdjson::SUCCESS) {
    return invalid(fmt::format("{} must be an object, not {}.", path, json_type_phrase(value.type())));
  }
  if (auto s = check_keys(fields, blob_keys, path); !s.ok()) return s;
  const std::string identifier_path = path + ".identifier";
  if (auto s = read_required_string(fields, "identifier", {"The identifier", identifier_path}, out.identifier);
      !s.ok()) {
    return s;
  }
  if (auto s = read_required_string(fields, "label", {"The label", path + ".label"}, out.label); !s.ok()) return s;
  std::string type_name;
  if (auto s = read_required_string(fields, "type", {"The type", path + ".type"}, type_name); !s.ok()) return s;
  const std::optional<blob_type> type = parse_blob_type(type_name);
  if (!type) return invalid(fmt::format("{}.type must be one of {}, not \"{}\".", path, blob_type_list, type_name));
  out.type = *type;

  element content;
  if (fields["value"].get(content) != simdjson::SUCCESS || content.is_null()) {
    return invalid(fmt::format("The value ({}.value) is missing.", path));
  }
  double number = 0;
  std::string_view text;
  bool flag = false;
  if (content.get(number) == simdjson::SUCCESS) {
    out.value = number;
  } else if (content.get(text) == simdjson::SUCCESS) {
    out.value = std::string(text);
  } else if (content.get(flag) == simdjson::SUCCESS) {
    out.value = flag;
  } else {
    return blob_value_mismatch(path, out.type);  // an object or a list
  }

  std::optional<std::string> description;
  const std::string description_path = path + ".description";
  if (auto s = read_optional_string(fields, "description", {"The description", description_path}, description);
      !s.ok()) {
    return s;
  }
  out.description = std::move(description).value_or(std::string());
  return {};
}

status read_blob_list(element value, std::string_view path, std::vector<blob> &out) {
  simdjson::dom::array items;
  if (value.get(items) != simdjson::SUCCESS) {
    return invalid(fmt::format("{} must be a list, not {}.", path, json_type_phrase(value.type())));
  }
  out.reserve(items.size());
  for (element item : items) {
    blob entry;
    if (auto s = read_blob(item, fmt::format("{}[{}]", path, out.size()), entry); !s.ok()) return s;
    out.push_back(std::move(entry));
  }
  return {};
}

void write_blob(json_writer &out, const blob &item) {
  out.begin_object();
  out.key("identifier").string(item.identifier);
  out.key("label").string(item.label);
  out.key("type").string(blob_type_name(item.type));
  out.key("value");
  if (const auto *text = std::get_if<std::string>(&item.value)) {
    out.string(*text);
  } else if (const auto *number = std::get_if<double>(&item.value)) {
    write_number(out, *number);
  } else {
    out.boolean(std::get<bool>(item.value));
  }
  if (!item.description.empty()) out.key("description").string(item.description);
  out.end_object();
}

status read_timestamp(object body, std::int64_t &out) {
  element value;
  if (body["timestamp"].get(value) != simdjson::SUCCESS || value.is_null()) return {};
  if (value.get(out) == simdjson::SUCCESS && out > 0) return {};
  // 0 in the C++ value means "not given yet"; in a body it can only be a mistake.
  return invalid(fmt::format("timestamp must be a positive whole number of milliseconds since the epoch, not {}.",
                             value.is_number() ? minify_json(value) : std::string(json_type_phrase(value.type()))));
}

}  // namespace ashbyknit::detail
