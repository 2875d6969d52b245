#include "ashbyknit/catalogue.hpp"

#include <fmt/format.h>

#include <unordered_map>

#include "json_document.hpp"
#include "json_fields.hpp"
#include "json_writer.hpp"

namespace ashbyknit {

/// The parsed packages, shared by every copy of a catalogue and never changed once built.
struct package_catalogue::entries {
  std::vector<assessment_package> packages;
  std::vector<std::string> event_json;  ///< assessmentPackage of each package, by position
  std::unordered_map<std::string_view, std::size_t> positions;  ///< views of the packages' ids
};

namespace {

constexpr std::string_view catalogue_name = "The package catalogue";

/// Reads entry `index` of the catalogue array.
status read_package(simdjson::dom::element entry, std::size_t index, assessment_package &package) {
  simdjson::dom::object fields;
  if (entry.get(fields) != simdjson::SUCCESS) {
    return {error_code::invalid_input, fmt::format("Package {} of the catalogue (packages[{}]) must be an object, not {}.",
                                                   index + 1, index, detail::json_type_phrase(entry.type()))};
  }
  if (auto s = detail::read_required_string(fields, "id", detail::entry_field("package", "packages", index, "id").name(), package.id); !s.ok()) return s;
  if (auto s = detail::read_required_string(fields, "name", detail::entry_field("package", "packages", index, "name").name(), package.name); !s.ok()) return s;
  if (auto s = detail::read_optional_string(fields, "description", detail::entry_field("package", "packages", index, "description").name(), package.description); !s.ok()) return s;
  if (auto s = detail::read_optional_string(fields, "type", detail::entry_field("package", "packages", index, "type").name(), package.type); !s.ok()) return s;
  simdjson::dom::element metadata;
  package.metadata_json = fields["metaData"].get(metadata) == simdjson::SUCCESS ? detail::minify_json(metadata) : "null";
  return {};
}

/// assessmentPackage for a package of the catalogue (protocol §3.2), keys in alphabetical order.
std::string render_event_json(const assessment_package &package) {
  detail::json_writer out;
  out.begin_object();
  out.key("description").string_or_null(package.description);
  out.key("id").string(package.id);
  out.key("metaData").raw(package.metadata_json);
  out.key("name").string(package.name);
  out.key("type").string_or_null(package.type);
  out.end_object();
  return std::move(out).str();
}

}  // namespace

result<package_catalogue> package_catalogue::parse(std::string_view json, const json_limits &limits) {
  auto document = detail::json_document::parse(json, limits, catalogue_name);
  if (!document.ok()) return std::move(document).failure();
  simdjson::dom::array list;
  if (document.value().root().get(list) != simdjson::SUCCESS) {
    return error{error_code::malformed_json, fmt::format("{} must be a JSON list of packages, not {}.", catalogue_name,
                                                         detail::json_type_phrase(document.value().root().type()))};
  }
  auto parsed = std::make_shared<entries>();
  // Reserved up front, the packages never move, so the index may view their ids.
  parsed->packages.reserve(list.size());
  parsed->event_json.reserve(list.size());
  for (simdjson::dom::element entry : list) {
    const std::size_t index = parsed->packages.size();
    assessment_package &package = parsed->packages.emplace_back();
    if (auto s = read_package(entry, index, package); !s.ok()) return s.failure();
    if (!parsed->positions.emplace(package.id, index).second) {
      return error{error_code::invalid_input, fmt::format("Package {} of the catalogue (packages[{}].id) repeats the id {}.",
                                                          index + 1, index, package.id)};
    }
    parsed->event_json.push_back(render_event_json(package));
  }
  return package_catalogue(std::move(parsed));
}

std::size_t package_catalogue::position(std::string_view id) const noexcept {
  if (!entries_) return 0;
  const auto found = entries_->positions.find(id);
  return found == entries_->positions.end() ? entries_->packages.size() : found->second;
}

const assessment_package *package_catalogue::find(std::string_view id) const noexcept {
  const std::size_t at = position(id);
  return at < packages().size() ? &entries_->packages[at] : nullptr;
}

std::string_view package_catalogue::event_json(std::string_view id) const noexcept {
  const std::size_t at = position(id);
  return at < packages().size() ? std::string_view(entries_->event_json[at]) : std::string_view();
}

const std::vector<assessment_package> &package_catalogue::packages() const noexcept {
  static const std::vector<assessment_package> none;
  return entries_ ? entries_->packages : none;
}

}  // namespace ashbyknit
