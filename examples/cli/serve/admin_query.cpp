#include "admin_query.hpp"

#include <algorithm>

namespace ashbyknit::cli {

admin_query::admin_query(const std::vector<std::pair<std::string_view, std::string_view>> &parameters)
    : parameters_(parameters) {}

std::optional<std::string_view> admin_query::value(std::string_view name) {
  read_.push_back(name);
  for (const auto &[parameter, given] : parameters_) {
    if (parameter == name) return given;
  }
  return std::nullopt;
}

std::optional<std::string> admin_query::problem() const {
  for (auto parameter = parameters_.begin(); parameter != parameters_.end(); ++parameter) {
    const std::string name(parameter->first);
    if (std::find(read_.begin(), read_.end(), parameter->first) == read_.end()) {
      return "The query has an unknown parameter \"" + name + "\".";
    }
    const auto same_name = [&](const auto &other) { return other.first == parameter->first; };
    if (std::find_if(parameter + 1, parameters_.end(), same_name) != parameters_.end()) {
      return "The query gives \"" + name + "\" more than once.";
    }
  }
  return std::nullopt;
}

}  // namespace ashbyknit::cli
