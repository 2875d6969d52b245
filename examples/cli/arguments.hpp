// The arguments of one command: each command declares the options it accepts, and
// parse_arguments checks the words after the command's name against that declaration.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "ashbyknit/result.hpp"

namespace ashbyknit::cli {

/// How an option is written and whether the command needs it.
enum class option_kind {
  value,           ///< `--name VALUE` or `--name=VALUE`, at most once
  required_value,  ///< the same, and the command cannot run without it
  flag,            ///< `--name` alone, at most once
};

/// One option a command accepts.
struct option_spec {
  std::string_view name;  ///< with its dashes: "--key-file"
  option_kind kind = option_kind::value;
};

/// Everything a command accepts. Every command also accepts the flag `--help`.
struct argument_spec {
  std::vector<option_spec> options;
  std::size_t max_positionals = 0;  ///< words that are not options, such as an input file
};

/// The arguments of one invocation, checked against an argument_spec. Views into the words
/// that were parsed (the program's argv), which outlive it.
class parsed_arguments {
 public:
  /// The value of an option, or std::nullopt when it was not given.
  std::optional<std::string_view> option(std::string_view name) const;

  /// The value of an option_kind::required_value option. parse_arguments has checked that it
  /// is there, unless help() is true.
  std::string_view required(std::string_view name) const;

  /// True when the flag `name` was given.
  bool flag(std::string_view name) const;

  /// True when `--help` was given: the command should describe itself instead of running.
  bool help() const;

  /// The positional word at `index`, or std::nullopt when there are fewer.
  std::optional<std::string_view> positional(std::size_t index) const;

  /// Every positional word, in order.
  const std::vector<std::string_view> &positionals() const { return positionals_; }

 private:
  friend result<parsed_arguments> parse_arguments(const std::vector<std::string_view> &words,
                                                  const argument_spec &spec);
  bool given(std::string_view name) const;

  std::vector<std::pair<std::string_view, std::string_view>> values_;
  std::vector<std::string_view> flags_;
  std::vector<std::string_view> positionals_;
};

/// Parses `words`, the arguments after the command's name. A value option takes the next word
/// whatever it looks like (a signature may start with '-'); `-` alone is a positional (standard
/// input); after `--` every word is a positional.
///
/// Fails with error_code::invalid_argument and a one-line message naming the problem: an
/// unknown option, an option given twice, a value missing or given to a flag, an empty value (no
/// option has a use for one, and an unset variable in `--assessment-id "$ID"` would otherwise
/// pass unnoticed), more positionals than the spec allows, or a missing required option (not
/// checked when `--help` is given, so that help always works).
result<parsed_arguments> parse_arguments(const std::vector<std::string_view> &words, const argument_spec &spec);

/// `text` as a whole number in decimal (an optional '-' and digits only), or std::nullopt when
/// it is not one or does not fit in 64 bits.
std::optional<std::int64_t> whole_number(std::string_view text);

/// The value of option `name` as a whole number from 1 to `max`, or std::nullopt when it was not
/// given. Fails with error_code::invalid_argument and a message naming the option, the range and
/// the value given.
result<std::optional<std::int64_t>> positive_number_option(const parsed_arguments &arguments, std::string_view name,
                                                           std::int64_t max);

}  // namespace ashbyknit::cli
