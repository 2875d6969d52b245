// Candidate enrichment without I/O: the candidate.info call's body, what its reply adds to a
// record.new event's candidate, and the event with that candidate filled in and every other byte
// kept as it was (the event is signed and may be compared with the one first stored).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ashbyknit/result.hpp"

namespace ashbyknit::detail {

/// An e-mail address or a phone number, typed as Knit's candidate types them.
struct contact {
  std::string value;  ///< the address or the number
  std::string type;   ///< "PRIMARY", or Ashby's type in ASCII capitals: "PERSONAL", "WORK", "OTHER"
};

/// What candidate.info adds to an event's candidate; an empty member adds nothing.
struct candidate_details {
  std::vector<contact> emails;          ///< the primary first; no two equal ignoring ASCII case
  std::vector<contact> phones;          ///< the primary first; no two equal
  std::optional<std::string> location;  ///< Ashby's location summary ("San Francisco, CA")
  std::vector<std::string> links;       ///< the social links' URLs in Ashby's order; no two equal
};

/// The Ashby candidate id of a record.new event body (eventData.candidateAssessment.candidate.id).
/// Fails with error_code::invalid_argument, with a message saying what is wrong, for a body that
/// is not JSON, not a record.new event or has no candidate object, and for a null or empty id.
/// Thread-safe.
result<std::string> record_new_candidate_id(std::string_view event_body);

/// The body of a candidate.info call for `candidate_id`: `{"id":"<candidate_id>"}`, the id
/// escaped as JSON text. `candidate_id` must be valid UTF-8. Thread-safe.
std::string candidate_info_request(std::string_view candidate_id);

/// Reads Ashby's reply to candidate.info for `candidate_id`, parsed within the default
/// json_limits. Emails are results.primaryEmailAddress, then results.emailAddresses; phones are
/// results.primaryPhoneNumber, then results.phoneNumbers. An entry ({value, type, isPrimary}) is
/// typed "PRIMARY" when it is the primary* field or isPrimary is true, else by its type in ASCII
/// capitals ("OTHER" when missing or empty). An entry that is null, or whose value is missing,
/// empty or not text, is skipped; so is one with the value of an earlier one (emails ignoring
/// ASCII case), which only makes the earlier one "PRIMARY" when it is primary itself. location is
/// results.location.locationSummary when not empty; links are the socialLinks' urls that are
/// non-empty text. Other fields are ignored. Fails with error_code::invalid_argument, with a
/// message saying what is wrong, for a reply that is not JSON or not an object, without "success"
/// true, without a "results" object, whose results.id is not `candidate_id` ("candidate.info
/// answered for another candidate"), or with one of these fields of another JSON type (an entry
/// that is not an object, phoneNumbers that is not a list, ...): the caller then delivers the
/// event unenriched. Thread-safe.
result<candidate_details> read_candidate_info(std::string_view reply_body, std::string_view candidate_id);

/// `event_body`, a record.new event, with its candidate filled from `details` and every byte
/// outside the candidate object unchanged. In the candidate, keys keep their order and fields
/// other than these keep their bytes: emails are the event's own, then those of details.emails
/// that are not among them (ignoring ASCII case), as {"email","type"}; phones likewise from
/// details.phones (exact values), as {"phoneNumber","type"}; links likewise from details.links;
/// each stays as the event has it (null when it has none) when nothing is added. location becomes
/// details.location when there is one. With nothing to add, the result is `event_body` byte for
/// byte. Strings in `details` must be valid UTF-8. Fails with error_code::invalid_argument for a
/// body record_new_candidate_id refuses, and for a candidate without emails, links, location or
/// phones or whose emails, phones or links are not null or a list of the shape events carry.
/// Thread-safe.
result<std::string> enrich_record_new(std::string_view event_body, const candidate_details &details);

}  // namespace ashbyknit::detail
