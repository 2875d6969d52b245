// The query of an admin API request: its parameters read by name, with the first one repeated
// or unknown remembered, for a 400 that names it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ashbyknit::cli {

/// One request's query. Read every parameter a route takes, then ask problem(). Views into the
/// parameters it was made from, which must outlive it.
class admin_query {
 public:
  /// The query of `parameters` (name, value), which it reads in place: they must outlive it.
  explicit admin_query(const std::vector<std::pair<std::string_view, std::string_view>> &parameters);

  /// The value of the parameter `name`, or std::nullopt when the query lacks it.
  std::optional<std::string_view> value(std::string_view name);

  /// The first parameter given twice, else the first that no read named, as a sentence; or
  /// std::nullopt when there is no problem.
  std::optional<std::string> problem() const;

 private:
  const std::vector<std::pair<std::string_view, std::string_view>> &parameters_;
  std::vector<std::string_view> read_;
};

}  // namespace ashbyknit::cli
