#include "test_support.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>
#include <vector>

#include "json_writer.hpp"

namespace ashbyknit::test {
namespace {

void write_canonical(simdjson::dom::element element, detail::json_writer &out) {
  switch (element.type()) {
    case simdjson::dom::element_type::OBJECT: {
      std::vector<std::pair<std::string_view, simdjson::dom::element>> fields;
      const simdjson::dom::object object = element.get_object().value();
      for (auto field : object) fields.emplace_back(field.key, field.value);
      std::sort(fields.begin(), fields.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
      out.begin_object();
      for (const auto &[key, value] : fields) {
        out.key(key);
        write_canonical(value, out);
      }
      out.end_object();
      break;
    }
    case simdjson::dom::element_type::ARRAY: {
      const simdjson::dom::array array = element.get_array().value();
      out.begin_array();
      for (auto item : array) write_canonical(item, out);
      out.end_array();
      break;
    }
    default:
      out.raw(simdjson::minify(element));
  }
}

}  // namespace

std::string canonical_json(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(json.data(), json.size()).get(root) != simdjson::SUCCESS) {
    throw std::runtime_error("not JSON: " + std::string(json));
  }
  detail::json_writer out;
  write_canonical(root, out);
  return std::move(out).str();
}

}  // namespace ashbyknit::test
