#include "ashbyknit/catalogue.hpp"

#include <fmt/format.h>

#include <unordered_set>

#include "json_document.hpp"
#include "json_fields.hpp"

namespace ashbyknit {
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

}  // namespace

result<package_catalogue> package_catalogue::parse(std::string_view json, const json_limits &limits) {
  auto document = detail::json_document::parse(json, limits, catalogue_name);
  if (!document.ok()) return std::move(document).failure();
  simdjson::dom::array entries;
  if (document.value().root().get(entries) != simdjson::SUCCESS) {
    return error{error_code::malformed_json, fmt::format("{} must be a JSON list of packages, not {}.", catalogue_name,
                                                         detail::json_type_phrase(document.value().root().type()))};
  }
  std::vector<assessment_package> packages;
  packages.reserve(entries.size());
  std::unordered_set<std::string> ids;
  for (simdjson::dom::element entry : entries) {
    assessment_package package;
    if (auto s = read_package(entry, packages.size(), package); !s.ok()) return s.failure();
    if (!ids.insert(package.id).second) {
      return error{error_code::invalid_input, fmt::format("Package {} of the catalogue (packages[{}].id) repeats the id {}.",
                                                          packages.size() + 1, packages.size(), package.id)};
    }
    packages.push_back(std::move(package));
  }
  return package_catalogue(std::move(packages));
}

const assessment_package *package_catalogue::find(std::string_view id) const noexcept {
  for (const auto &package : packages_) {
    if (package.id == id) return &package;
  }
  return nullptr;
}

}  // namespace ashbyknit
