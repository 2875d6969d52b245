// Every seed of the start and cancel fuzz corpora, mapped with pinned sources, against
// tests/fixtures/mapping-golden.txt: the events (or errors) the two-step mapper produced before
// the one-pass mapper existed. Both mappers must still produce them, byte for byte.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <string_view>

#include "ashbyknit/ashby.hpp"
#include "ashbyknit/catalogue.hpp"
#include "ashbyknit/mapping.hpp"
#include "test_support.hpp"

namespace ashbyknit {
namespace {

/// `text` on one line: backslashes doubled, control characters as \xHH.
std::string escaped(std::string_view text) {
  static constexpr char hex_digits[] = "0123456789abcdef";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\\') {
      out += "\\\\";
    } else if (byte < 0x20) {
      out += "\\x";
      out += hex_digits[byte >> 4];
      out += hex_digits[byte & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

/// A mapping's outcome as the golden file writes it: "event <id> <type> <record id> <ms> <json>"
/// or "error <code> <message>", escaped.
std::string outcome(const result<knit_event> &event) {
  if (!event.ok()) return escaped(std::string("error ") + error_code_name(event.code()) + " " + event.message());
  const knit_event &e = event.value();
  return escaped("event " + e.event_id + " " + e.event_type + " " + e.record_id + " " +
                 std::to_string(e.triggered_at_ms) + " " + e.json);
}

/// One golden line: "<start|cancel> <corpus file> <variant> <outcome>".
struct golden_case {
  std::string kind, seed, variant, expected;
};

golden_case parse_line(const std::string &line) {
  golden_case parsed;
  std::istringstream fields(line);
  fields >> parsed.kind >> parsed.seed >> parsed.variant;
  fields.get();  // the space before the outcome
  std::getline(fields, parsed.expected);
  return parsed;
}

/// The options of a variant. start: "minted" mints the id and has no catalogue; "catalogue" pins
/// the id, maps with tests/fixtures/packages.json and sets the receive time. cancel: "plain" or
/// "received" (with a receive time).
map_options variant_options(const golden_case &golden, const package_catalogue &catalogue) {
  map_options options;
  const bool start = golden.kind == "start";
  options.clock = test::pinned_clock(start ? 1734567890123 : 1734567890999);
  const bool second_variant = golden.variant == "catalogue" || golden.variant == "received";
  options.random = test::counting_random(second_variant ? 250 : 0);
  if (golden.variant == "catalogue") {
    options.packages = &catalogue;
    options.assessment_id = "ats_ass_a1b2c3d4e5f6g7h8i9j0k";
    options.received_at_ms = 1734567890000;
  } else if (golden.variant == "received") {
    options.received_at_ms = 1734567890555;
  }
  return options;
}

std::string read_seed(const golden_case &golden) {
  return test::read_file(std::string(AK_CORPUS_DIR) + "/fuzz_" + golden.kind + "_request/" + golden.seed);
}

result<knit_event> map_in_two_steps(const golden_case &golden, std::string_view body, const map_options &options) {
  if (golden.kind == "start") {
    auto request = parse_start_request(body);
    return request.ok() ? map_start(request.value(), options) : result<knit_event>(request.failure());
  }
  auto request = parse_cancel_request(body);
  return request.ok() ? map_cancel(request.value(), options) : result<knit_event>(request.failure());
}

result<knit_event> map_in_one_pass(const golden_case &golden, std::string_view body, const map_options &options) {
  return golden.kind == "start" ? map_start_body(body, options) : map_cancel_body(body, options);
}

TEST_CASE("both mappers reproduce the recorded events and errors of every corpus seed", "[mapping]") {
  const auto catalogue = package_catalogue::parse(test::read_fixture("packages.json")).value();
  std::istringstream golden_file(test::read_fixture("mapping-golden.txt"));
  std::size_t cases = 0;
  for (std::string line; std::getline(golden_file, line);) {
    const golden_case golden = parse_line(line);
    INFO(golden.kind << " " << golden.seed << " " << golden.variant);
    const std::string body = read_seed(golden);
    CHECK(outcome(map_in_two_steps(golden, body, variant_options(golden, catalogue))) == golden.expected);
    CHECK(outcome(map_in_one_pass(golden, body, variant_options(golden, catalogue))) == golden.expected);
    ++cases;
  }
  CHECK(cases == 82);
}

}  // namespace
}  // namespace ashbyknit
