// The vendor's package catalogue: the assessment types offered to Ashby (assessment.list) and
// the details copied into record.new events (docs/protocol.md §3.2, assessmentPackage).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ashbyknit/export.h"
#include "ashbyknit/limits.hpp"
#include "ashbyknit/result.hpp"

namespace ashbyknit {

/// One assessment type, as in fixtures/packages.json.
struct assessment_package {
  std::string id;                          ///< Ashby's assessment_type_id
  std::string name;
  std::optional<std::string> description;
  std::optional<std::string> type;         ///< an open string: SKILLS_TEST, CODING_CHALLENGE, ...
  std::string metadata_json = "null";      ///< metaData as minified JSON text (any JSON value)
};

/// An immutable list of packages with unique ids, parsed once and then reused for every event:
/// each package's assessmentPackage object is rendered when the catalogue is parsed, and ids are
/// found through an index. Copies share the parsed packages, so copying is cheap. Safe to read
/// from many threads.
class AK_API package_catalogue {
 public:
  /// An empty catalogue.
  package_catalogue() = default;

  /// Parses a JSON array of objects with `id` and `name` (non-empty strings), and optional
  /// `description` and `type` (strings or null) and `metaData` (any JSON); other keys are
  /// ignored. Fails with error_code::malformed_json, too_large or too_deep for a bad document,
  /// and error_code::invalid_input with a message naming the entry and field (`packages[2].id`)
  /// for a bad or duplicate entry.
  static result<package_catalogue> parse(std::string_view json, const json_limits &limits = {});

  /// The package with this id, or nullptr. The pointer lives as long as the catalogue or a copy
  /// of it.
  const assessment_package *find(std::string_view id) const noexcept;

  /// The package's assessmentPackage object as record.new events carry it (compact JSON, keys
  /// in alphabetical order), or "" when the catalogue has no such id. The text lives as long as
  /// the catalogue or a copy of it.
  std::string_view event_json(std::string_view id) const noexcept;

  /// Every package, in the order of the document.
  const std::vector<assessment_package> &packages() const noexcept;

 private:
  struct entries;
  explicit package_catalogue(std::shared_ptr<const entries> parsed) noexcept : entries_(std::move(parsed)) {}
  /// The index of the package with this id, or packages().size().
  std::size_t position(std::string_view id) const noexcept;
  std::shared_ptr<const entries> entries_;  ///< null for an empty catalogue
};

}  // namespace ashbyknit
