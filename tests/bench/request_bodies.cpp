#include "request_bodies.hpp"

#include <utility>

#include "ashbyknit/ashby.hpp"

namespace ashbyknit::bench {
namespace {

/// Cuts `fixture` around the string `value`. error_code::invalid_argument when it is absent.
result<body_template> cut_at(std::string_view fixture, std::string_view value) {
  const std::string quoted = '"' + std::string(value) + '"';
  const std::size_t at = fixture.find(quoted);
  if (at == std::string_view::npos) {
    return error{error_code::invalid_argument, "The fixture does not hold the string " + quoted + "."};
  }
  return body_template{std::string(fixture.substr(0, at + 1)), std::string(fixture.substr(at + quoted.size() - 1))};
}

}  // namespace

result<bridge_fixtures> bridge_fixtures_from(const fixture_bodies &fixtures) {
  auto start = parse_start_request(fixtures.start);
  if (!start.ok()) return std::move(start).failure();
  auto cancel = parse_cancel_request(fixtures.cancel);
  if (!cancel.ok()) return std::move(cancel).failure();
  const std::string &application_id = start.value().application.ashby_id;
  auto start_cut = cut_at(fixtures.start, application_id);
  if (!start_cut.ok()) return std::move(start_cut).failure();
  auto cancel_cut = cut_at(fixtures.cancel, cancel.value().assessment_id);
  if (!cancel_cut.ok()) return std::move(cancel_cut).failure();
  return bridge_fixtures{fixtures.packages, application_id, std::move(start_cut).value(), std::move(cancel_cut).value()};
}

}  // namespace ashbyknit::bench
