#include "arguments.hpp"

#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <string>

namespace ashbyknit::cli {
namespace {

constexpr option_spec help_option{"--help", option_kind::flag};

/// The declaration of option `name`, or nullptr when the command does not accept it.
const option_spec *find_option(const argument_spec &spec, std::string_view name) {
  if (name == help_option.name) return &help_option;
  const auto found = std::find_if(spec.options.begin(), spec.options.end(),
                                  [&](const option_spec &option) { return option.name == name; });
  return found == spec.options.end() ? nullptr : &*found;
}

/// A usage error whose message is `parts` joined.
error usage_error(std::initializer_list<std::string_view> parts) {
  error failure{error_code::invalid_argument, {}};
  for (const std::string_view part : parts) failure.message += part;
  return failure;
}

bool is_option_word(std::string_view word) { return word.size() > 1 && word.front() == '-'; }

}  // namespace

std::optional<std::string_view> parsed_arguments::option(std::string_view name) const {
  for (const auto &[key, value] : values_) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::string_view parsed_arguments::required(std::string_view name) const { return option(name).value(); }

bool parsed_arguments::flag(std::string_view name) const {
  return std::find(flags_.begin(), flags_.end(), name) != flags_.end();
}

bool parsed_arguments::help() const { return flag(help_option.name); }

std::optional<std::string_view> parsed_arguments::positional(std::size_t index) const {
  if (index >= positionals_.size()) return std::nullopt;
  return positionals_[index];
}

bool parsed_arguments::given(std::string_view name) const { return flag(name) || option(name).has_value(); }

result<parsed_arguments> parse_arguments(const std::vector<std::string_view> &words, const argument_spec &spec) {
  parsed_arguments parsed;
  bool options_ended = false;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string_view word = words[i];
    if (!options_ended && word == "--") {
      options_ended = true;
      continue;
    }
    if (options_ended || !is_option_word(word)) {
      if (parsed.positionals_.size() == spec.max_positionals) return usage_error({"unexpected argument '", word, "'"});
      parsed.positionals_.push_back(word);
      continue;
    }
    const std::size_t equals = word.find('=');
    const std::string_view name = word.substr(0, equals);
    const option_spec *option = find_option(spec, name);
    if (option == nullptr) return usage_error({"unknown option ", name});
    if (parsed.given(name)) return usage_error({name, " is given more than once"});
    if (option->kind == option_kind::flag) {
      if (equals != std::string_view::npos) return usage_error({name, " takes no value"});
      parsed.flags_.push_back(name);
    } else {
      const bool joined = equals != std::string_view::npos;
      if (!joined && i + 1 == words.size()) return usage_error({name, " needs a value"});
      const std::string_view value = joined ? word.substr(equals + 1) : words[++i];
      if (value.empty()) return usage_error({name, " needs a value, not an empty one"});
      parsed.values_.emplace_back(name, value);
    }
  }
  if (!parsed.help()) {
    for (const option_spec &option : spec.options) {
      if (option.kind == option_kind::required_value && !parsed.given(option.name)) {
        return usage_error({option.name, " is required"});
      }
    }
  }
  return parsed;
}

std::optional<std::int64_t> whole_number(std::string_view text) {
  std::int64_t number = 0;
  const char *end = text.data() + text.size();
  const auto [stop, problem] = std::from_chars(text.data(), end, number);
  if (text.empty() || problem != std::errc{} || stop != end) return std::nullopt;
  return number;
}

result<std::optional<std::int64_t>> positive_number_option(const parsed_arguments &arguments, std::string_view name,
                                                           std::int64_t max) {
  const std::optional<std::string_view> text = arguments.option(name);
  if (!text) return std::optional<std::int64_t>{};
  const std::optional<std::int64_t> number = whole_number(*text);
  if (!number || *number < 1 || *number > max) {
    return usage_error({name, " must be a whole number from 1 to ", std::to_string(max), ", not '", *text, "'"});
  }
  return number;
}

}  // namespace ashbyknit::cli
