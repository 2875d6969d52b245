// The vendor's package catalogue: the assessment types offered to Ashby (assessment.list) and
// the details copied into record.new events (SPEC 3.2, assessmentPackage).
#pragma once

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

/// An immutable list of packages with unique ids. Copyable; safe to read from many threads.
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

  /// The package with this id, or nullptr. The pointer lives as long as the catalogue.
  const assessment_package *find(std::string_view id) const noexcept;

  /// Every package, in the order of the document.
  const std::vector<assessment_package> &packages() const noexcept { return packages_; }

 private:
  explicit package_catalogue(std::vector<assessment_package> packages) : packages_(std::move(packages)) {}
  std::vector<assessment_package> packages_;
};

}  // namespace ashbyknit
