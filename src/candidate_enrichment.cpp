// Candidate enrichment: candidate.info's reply is read with the DOM; the event's candidate object
// is found with simdjson's On-Demand API, which hands out the bytes of a value where they lie, so
// that everything around the object is copied as it is.
#include "candidate_enrichment.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <array>

#include "ashbyknit/http.hpp"
#include "json_document.hpp"
#include "json_fields.hpp"
#include "json_writer.hpp"

namespace ashbyknit::detail {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

constexpr std::string_view event_name = "The event";
constexpr std::string_view reply_name = "Ashby's candidate.info reply";
constexpr std::string_view candidate_path = "eventData.candidateAssessment.candidate";
constexpr std::string_view primary_type = "PRIMARY";

/// The candidate's fields that enrichment fills: an event without one of them is refused rather
/// than given a field it did not have.
constexpr std::array<std::string_view, 4> filled_keys = {"emails", "links", "location", "phones"};

/// `failure` as error_code::invalid_argument: whatever is wrong with a body handed in breaks the
/// caller's precondition, and the message says what it is.
error as_invalid(error failure) {
  failure.code = error_code::invalid_argument;
  return failure;
}

/// An error_code::invalid_argument with `message`.
error invalid(std::string message) { return {error_code::invalid_argument, std::move(message)}; }

/// Addresses that differ only in ASCII case are one address, as header names are one name.
bool same_address(std::string_view a, std::string_view b) noexcept { return header_name_equals(a, b); }

/// Numbers and links are one only when they are the same text.
bool same_text(std::string_view a, std::string_view b) noexcept { return a == b; }

/// Whether two values of a list are one entry.
using same_value = bool (*)(std::string_view, std::string_view) noexcept;

/// A found value of type `Type` (an object, a list, a boolean), which `expected` names in
/// messages; nullopt when it is absent or null, error_code::invalid_input for any other type.
template <typename Type>
status read_optional(const found_value &value, const field_name &name, std::string_view expected,
                     std::optional<Type> &out) {
  out.reset();
  if (!value || value->is_null()) return {};
  Type typed{};
  if (value->get(typed) != simdjson::SUCCESS) return wrong_type(name, expected, *value);
  out.emplace(typed);
  return {};
}

/// One of Ashby's contact lists, with its primary entry in a field of its own.
struct contact_fields {
  std::string_view primary_key;          ///< "primaryEmailAddress"
  std::string_view list_key;             ///< "emailAddresses"
  std::string_view primary_description;  ///< "The candidate's primary e-mail address"
  std::string_view list_description;     ///< "The candidate's e-mail addresses"
  same_value same;                       ///< whether two entries are one
};

constexpr contact_fields email_fields{"primaryEmailAddress", "emailAddresses", "The candidate's primary e-mail address",
                                      "The candidate's e-mail addresses", same_address};
constexpr contact_fields phone_fields{"primaryPhoneNumber", "phoneNumbers", "The candidate's primary phone number",
                                      "The candidate's phone numbers", same_text};

/// Ashby's type ("Personal") as Knit's ("PERSONAL"): ASCII capitals, "OTHER" when there is none.
std::string knit_type(std::optional<std::string_view> ashby_type) {
  if (!ashby_type || ashby_type->empty()) return "OTHER";
  std::string type(*ashby_type);
  std::transform(type.begin(), type.end(), type.begin(),
                 [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; });
  return type;
}

/// Adds the entry `entry` ({value, type, isPrimary}, named `name` in messages) to `out` as
/// read_candidate_info says; `primary` when it is the list's primary* field.
status add_contact(const found_value &entry, const field_name &name, bool primary, const contact_fields &list,
                   std::vector<contact> &out) {
  std::optional<object> fields;
  if (auto s = read_optional(entry, name, "an object", fields); !s.ok() || !fields) return s;
  const auto [value, type, is_primary] = find_fields<3>(*fields, {"value", "type", "isPrimary"});
  const std::string type_path = fmt::format("{}.type", name.path);
  const std::string flag_path = fmt::format("{}.isPrimary", name.path);
  std::optional<std::string_view> ashby_type;
  if (auto s = read_optional_string(type, {"The type", type_path}, ashby_type); !s.ok()) return s;
  std::optional<bool> flagged;
  if (auto s = read_optional(is_primary, {"The primary flag", flag_path}, "true or false", flagged); !s.ok()) return s;
  primary = primary || flagged.value_or(false);

  std::string_view text;
  if (!value || value->get(text) != simdjson::SUCCESS || text.empty()) return {};
  const auto earlier =
      std::find_if(out.begin(), out.end(), [&](const contact &known) { return list.same(known.value, text); });
  if (earlier == out.end()) {
    out.push_back({std::string(text), primary ? std::string(primary_type) : knit_type(ashby_type)});
  } else if (primary) {
    earlier->type = primary_type;
  }
  return {};
}

/// Reads `list` of Ashby's candidate `results` into `out`: its primary entry, then the list.
status read_contacts(object results, const contact_fields &list, std::vector<contact> &out) {
  const auto [primary, entries] = find_fields<2>(results, {list.primary_key, list.list_key});
  const std::string primary_path = fmt::format("results.{}", list.primary_key);
  if (auto s = add_contact(primary, {list.primary_description, primary_path}, true, list, out); !s.ok()) return s;
  const std::string list_path = fmt::format("results.{}", list.list_key);
  std::optional<simdjson::dom::array> all;
  if (auto s = read_optional(entries, {list.list_description, list_path}, "a list", all); !s.ok() || !all) return s;
  std::size_t index = 0;
  for (const element entry : *all) {
    const std::string entry_path = fmt::format("{}[{}]", list_path, index++);
    if (auto s = add_contact(entry, {"An entry", entry_path}, false, list, out); !s.ok()) return s;
  }
  return {};
}

/// results.location's summary, when it has one.
status read_location(const found_value &value, std::optional<std::string> &out) {
  std::optional<object> location;
  if (auto s = read_optional(value, {"The candidate's location", "results.location"}, "an object", location);
      !s.ok() || !location) {
    return s;
  }
  std::optional<std::string_view> summary;
  const field_name summary_name{"The candidate's location summary", "results.location.locationSummary"};
  if (auto s = read_optional_string(*location, "locationSummary", summary_name, summary); !s.ok()) return s;
  if (summary && !summary->empty()) out.emplace(*summary);
  return {};
}

/// results.socialLinks' URLs.
status read_links(const found_value &value, std::vector<std::string> &out) {
  std::optional<simdjson::dom::array> links;
  if (auto s = read_optional(value, {"The candidate's social links", "results.socialLinks"}, "a list", links);
      !s.ok() || !links) {
    return s;
  }
  std::size_t index = 0;
  for (const element entry : *links) {
    const std::string entry_path = fmt::format("results.socialLinks[{}]", index++);
    std::optional<object> link;
    if (auto s = read_optional(entry, {"An entry", entry_path}, "an object", link); !s.ok()) return s;
    std::string_view url;
    if (!link || (*link)["url"].get(url) != simdjson::SUCCESS || url.empty()) continue;
    if (std::find(out.begin(), out.end(), url) == out.end()) out.emplace_back(url);
  }
  return {};
}

/// Reads the reply `body` for `candidate_id` into `out`, as read_candidate_info says; errors with
/// any code.
status read_reply(std::string_view body, std::string_view candidate_id, candidate_details &out) {
  auto document = json_document::parse(body, json_limits{}, reply_name);
  if (!document.ok()) return std::move(document).failure();
  object root;
  if (auto s = require_object_root(document.value().root(), reply_name, root); !s.ok()) return s;
  const auto [success, results_value] = find_fields<2>(root, {"success", "results"});
  bool succeeded = false;
  if (!success || success->get(succeeded) != simdjson::SUCCESS) {
    return invalid(fmt::format("{} has no success field of true or false.", reply_name));
  }
  if (!succeeded) return invalid("Ashby answered candidate.info with success false.");
  object results;
  if (auto s = read_required_object(results_value, {"The candidate", "results"}, results); !s.ok()) return s;
  std::string_view id;
  if (auto s = read_required_string(results, "id", {"The candidate's id", "results.id"}, id); !s.ok()) return s;
  if (id != candidate_id) {
    return invalid(fmt::format("candidate.info answered for another candidate ({}, not {}).", id, candidate_id));
  }
  const auto [location, social_links] = find_fields<2>(results, {"location", "socialLinks"});
  if (auto s = read_contacts(results, email_fields, out.emails); !s.ok()) return s;
  if (auto s = read_contacts(results, phone_fields, out.phones); !s.ok()) return s;
  if (auto s = read_location(location, out.location); !s.ok()) return s;
  return read_links(social_links, out.links);
}

/// Limits for the library's own events: as large as the body, and as deep as simdjson goes, since
/// an event nests the sender's originData and the package's metaData below its envelope.
json_limits event_limits(std::string_view body) {
  json_limits limits;
  limits.max_body_bytes = std::max(limits.max_body_bytes, body.size());
  limits.max_depth = simdjson::DEFAULT_MAX_DEPTH;
  return limits;
}

/// A parsed record.new event.
struct parsed_event {
  json_document document;
  object candidate;     ///< eventData.candidateAssessment.candidate; lives as long as document
  std::string_view id;  ///< the candidate's id, not empty
};

/// The candidate object of the record.new event `root_element`, and its id.
status read_candidate(element root_element, object &candidate, std::string_view &id) {
  object root;
  object data;
  object assessment;
  std::string_view type;
  if (auto s = require_object_root(root_element, event_name, root); !s.ok()) return s;
  if (auto s = read_required_string(root, "eventType", {"The event's type", "eventType"}, type); !s.ok()) return s;
  if (type != "record.new") return invalid(fmt::format("The event is a {}, not a record.new.", type));
  if (auto s = read_required_object(root, "eventData", {"The event's data", "eventData"}, data); !s.ok()) return s;
  const field_name assessment_name{"The event's assessment", "eventData.candidateAssessment"};
  if (auto s = read_required_object(data, "candidateAssessment", assessment_name, assessment); !s.ok()) return s;
  const field_name candidate_name{"The event's candidate", candidate_path};
  if (auto s = read_required_object(assessment, "candidate", candidate_name, candidate); !s.ok()) return s;
  const std::string id_path = fmt::format("{}.id", candidate_path);
  return read_required_string(candidate, "id", {"The candidate's id", id_path}, id);
}

/// Parses `body`, which must be a record.new event with a candidate id; errors are
/// error_code::invalid_argument.
result<parsed_event> parse_record_new(std::string_view body) {
  auto document = json_document::parse(body, event_limits(body), event_name);
  if (!document.ok()) return as_invalid(std::move(document).failure());
  object candidate;
  std::string_view id;
  if (auto s = read_candidate(document.value().root(), candidate, id); !s.ok()) return as_invalid(s.failure());
  return parsed_event{std::move(document).value(), candidate, id};
}

/// One of the candidate's lists that enrichment extends.
struct event_list {
  std::string_view key;        ///< "emails"
  std::string_view value_key;  ///< an entry's field with its value ("email"); "" when entries are values
  same_value same;             ///< whether two entries are one
};

constexpr event_list event_emails{"emails", "email", same_address};
constexpr event_list event_phones{"phones", "phoneNumber", same_text};
constexpr event_list event_links{"links", "", same_text};

/// The values of the event's list `value` (its field `list.key`): none when it is null.
status read_event_values(element value, const event_list &list, std::vector<std::string_view> &out) {
  if (value.is_null()) return {};
  const error misshapen =
      invalid(fmt::format("The event's candidate.{} is neither null nor a list of the entries events hold.", list.key));
  simdjson::dom::array entries;
  if (value.get(entries) != simdjson::SUCCESS) return misshapen;
  for (const element entry : entries) {
    element entry_value = entry;
    if (!list.value_key.empty() && entry[list.value_key].get(entry_value) != simdjson::SUCCESS) return misshapen;
    std::string_view text;
    if (entry_value.get(text) != simdjson::SUCCESS) return misshapen;
    out.push_back(text);
  }
  return {};
}

/// The value by which an entry of a list is compared.
std::string_view value_of(const contact &entry) { return entry.value; }
std::string_view value_of(const std::string &link) { return link; }

/// The entries of `offered` that a list holding `own` gains: those whose value is neither among
/// `own` nor that of an earlier entry of `offered`.
template <typename Entry>
std::vector<const Entry *> gained(const std::vector<Entry> &offered, std::vector<std::string_view> own,
                                  same_value same) {
  std::vector<const Entry *> added;
  for (const Entry &entry : offered) {
    const std::string_view value = value_of(entry);
    if (std::any_of(own.begin(), own.end(), [&](std::string_view known) { return same(known, value); })) continue;
    own.push_back(value);
    added.push_back(&entry);
  }
  return added;
}

/// Writes the event's list (`own_json`, its bytes: a list or null) followed by `added`, each
/// written by `write`; `own_json` itself when nothing is added.
template <typename Entry, typename Write>
void write_extended(json_writer &out, std::string_view own_json, const std::vector<const Entry *> &added, Write write) {
  if (added.empty()) {
    out.raw(own_json);
    return;
  }
  out.begin_array();
  if (own_json.front() == '[') {
    const std::string_view own_entries = simdjson::trim(own_json.substr(1, own_json.size() - 2));
    if (!own_entries.empty()) out.raw(own_entries);
  }
  for (const Entry *entry : added) write(*entry);
  out.end_array();
}

/// A field of the event's candidate: its key, and its value's bytes in the event.
struct raw_field {
  std::string key;
  std::string_view json;
};

/// The bytes of `original` at the place that `view` has in `copy`, a copy of `original`.
std::string_view same_place(std::string_view view, const simdjson::padded_string &copy, std::string_view original) {
  return original.substr(static_cast<std::size_t>(view.data() - copy.data()), view.size());
}

/// Finds the bytes of the candidate object in `body` (a parsed record.new event) and those of
/// its fields, all as views of `body`. On-Demand looks up each key of the path among the keys of
/// one object only and skips other values whole, so look-alike keys inside metaData or
/// originData, and quotes inside strings, do not mislead it.
simdjson::error_code locate_candidate(std::string_view body, std::string_view &candidate_json,
                                      std::vector<raw_field> &fields) {
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document document;
  simdjson::ondemand::object candidate;
  std::string_view json;
  const simdjson::padded_string padded(body);
  if (auto code = parser.iterate(padded).get(document)) return code;
  if (auto code = document["eventData"]["candidateAssessment"]["candidate"].get_object().get(candidate)) return code;
  if (auto code = simdjson::to_json_string(candidate).get(json)) return code;
  candidate_json = same_place(json, padded, body);

  // Finding its end consumed the object: its fields are read from a parse of its bytes alone.
  const simdjson::padded_string object_copy(candidate_json);
  simdjson::ondemand::object members;
  if (auto code = parser.iterate(object_copy).get(document)) return code;
  if (auto code = document.get_object().get(members)) return code;
  for (auto member : members) {
    std::string_view key;
    simdjson::ondemand::value value;
    if (auto code = member.unescaped_key().get(key)) return code;
    if (auto code = member.value().get(value)) return code;
    if (auto code = simdjson::to_json_string(value).get(json)) return code;
    fields.push_back({std::string(key), same_place(json, object_copy, candidate_json)});
  }
  return simdjson::SUCCESS;
}

}  // namespace

result<std::string> record_new_candidate_id(std::string_view event_body) {
  auto parsed = parse_record_new(event_body);
  if (!parsed.ok()) return std::move(parsed).failure();
  return std::string(parsed.value().id);
}

std::string candidate_info_request(std::string_view candidate_id) {
  json_writer out;
  out.begin_object().key("id").string(candidate_id).end_object();
  return std::move(out).str();
}

result<candidate_details> read_candidate_info(std::string_view reply_body, std::string_view candidate_id) {
  candidate_details details;
  if (auto s = read_reply(reply_body, candidate_id, details); !s.ok()) return as_invalid(s.failure());
  return details;
}

result<std::string> enrich_record_new(std::string_view event_body, const candidate_details &details) {
  auto parsed = parse_record_new(event_body);
  if (!parsed.ok()) return std::move(parsed).failure();
  const auto filled = find_fields<filled_keys.size()>(parsed.value().candidate, filled_keys);
  for (std::size_t i = 0; i < filled.size(); ++i) {
    if (!filled[i]) return invalid(fmt::format("The event's candidate has no {}.", filled_keys[i]));
  }
  const auto &[emails, links, location, phones] = filled;
  std::vector<std::string_view> own_emails;
  std::vector<std::string_view> own_phones;
  std::vector<std::string_view> own_links;
  if (auto s = read_event_values(*emails, event_emails, own_emails); !s.ok()) return s.failure();
  if (auto s = read_event_values(*phones, event_phones, own_phones); !s.ok()) return s.failure();
  if (auto s = read_event_values(*links, event_links, own_links); !s.ok()) return s.failure();
  const auto added_emails = gained(details.emails, std::move(own_emails), event_emails.same);
  const auto added_phones = gained(details.phones, std::move(own_phones), event_phones.same);
  const auto added_links = gained(details.links, std::move(own_links), event_links.same);

  std::string_view candidate_json;
  std::vector<raw_field> fields;
  if (auto code = locate_candidate(event_body, candidate_json, fields); code != simdjson::SUCCESS) {
    return invalid(fmt::format("The event's candidate cannot be located ({}).", simdjson::error_message(code)));
  }
  json_writer out;
  const auto write_contact = [&out](std::string_view value_key) {
    return [&out, value_key](const contact &entry) {
      out.begin_object().key(value_key).string(entry.value).key("type").string(entry.type).end_object();
    };
  };
  out.begin_object();
  for (const raw_field &field : fields) {
    out.key(field.key);
    if (field.key == event_emails.key) {
      write_extended(out, field.json, added_emails, write_contact(event_emails.value_key));
    } else if (field.key == event_phones.key) {
      write_extended(out, field.json, added_phones, write_contact(event_phones.value_key));
    } else if (field.key == event_links.key) {
      write_extended(out, field.json, added_links, [&out](const std::string &link) { out.string(link); });
    } else if (field.key == "location" && details.location) {
      out.string(*details.location);
    } else {
      out.raw(field.json);
    }
  }
  out.end_object();

  const auto at = static_cast<std::size_t>(candidate_json.data() - event_body.data());
  const std::string_view candidate = out.view();
  std::string enriched;
  enriched.reserve(event_body.size() - candidate_json.size() + candidate.size());
  enriched.append(event_body.substr(0, at)).append(candidate).append(event_body.substr(at + candidate_json.size()));
  return enriched;
}

}  // namespace ashbyknit::detail
