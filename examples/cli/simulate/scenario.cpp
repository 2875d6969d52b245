#include "scenario.hpp"

#include "applicants.hpp"
#include "json_text.hpp"
#include "random_choice.hpp"
#include "start_body.hpp"

namespace ashbyknit::cli::simulation {
namespace {

constexpr std::size_t rounds_per_negative = 20;
constexpr std::size_t jobs_open = 8;

// The negative kinds, in the order each round's share of them is dealt out.
constexpr call_kind negative_kinds[] = {call_kind::no_credentials, call_kind::wrong_key,
                                        call_kind::malformed_json, call_kind::missing_field,
                                        call_kind::unknown_cancel, call_kind::conflicting_start};
constexpr std::size_t negative_kind_count = std::size(negative_kinds);

constexpr required_field required_fields[] = {required_field::assessment_type_id, required_field::candidate_id,
                                              required_field::application_id, required_field::job_id};

/// An id the bridge never issued, of the form it issues.
std::string unknown_assessment_id(random_engine &engine) {
  static constexpr char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string id = "ats_ass_";
  for (int i = 0; i < 21; ++i) id += alphabet[below(engine, sizeof alphabet - 1)];
  return id;
}

/// A body the bridge must refuse as malformed (400): cut short, not UTF-8, or not an object.
std::string malformed_body(start_fields fields, std::size_t variant) {
  switch (variant % 3) {
    case 0: {
      const std::string body = start_body(fields);
      return body.substr(0, body.size() / 2);
    }
    case 1:
      fields.candidate.first_name += "\xC3\x28";  // a lead byte followed by one that cannot continue it
      return start_body(fields);
    default: return "[" + start_body(fields) + "]";
  }
}

/// Draws the rounds, one after another from one engine, so that the seed fixes them all.
class planner {
 public:
  planner(std::uint64_t seed, const std::vector<std::string> &type_ids) : engine_(seed), type_ids_(type_ids) {
    for (std::size_t i = 0; i < jobs_open; ++i) jobs_.push_back(random_job(engine_));
  }

  /// A start of a new application, for one of the open jobs.
  start_fields new_start() {
    start_fields fields;
    fields.assessment_type_id = type_ids_[below(engine_, type_ids_.size())];
    fields.candidate = random_candidate(engine_);
    fields.application_id = random_uuid(engine_);
    fields.application_status = random_application_status(engine_);
    fields.job = jobs_[below(engine_, jobs_.size())];
    return fields;
  }

  /// The round of `started`: its body, and whether it is retried and cancelled.
  round_plan round(const start_fields &started) {
    round_plan plan;
    plan.start_body = start_body(started);
    plan.retry = one_in(engine_, 5);
    if (one_in(engine_, 2)) plan.cancels = one_in(engine_, 4) ? 2 : 1;
    return plan;
  }

  /// The `index`th negative call (counting from 0), made in the round that started `started`.
  prepared_call negative(std::size_t index, const start_fields &started) {
    const call_kind kind = negative_kinds[index % negative_kind_count];
    const std::size_t variant = index / negative_kind_count;
    prepared_call call;
    call.kind = kind;
    switch (kind) {
      case call_kind::no_credentials:
        call.presented = variant % 2 == 0 ? credentials::none : credentials::bearer_key;
        call.body = start_body(new_start());
        call.expected = {expectation::shape::error_envelope, 401, ""};
        break;
      case call_kind::wrong_key:
        call.presented = variant % 2 == 0 ? credentials::unissued_key : credentials::garbled_key;
        call.body = start_body(new_start());
        call.expected = {expectation::shape::error_envelope, 403, ""};
        break;
      case call_kind::malformed_json:
        call.body = malformed_body(new_start(), variant);
        call.expected = {expectation::shape::error_envelope, 400, "invalid_input"};
        break;
      case call_kind::missing_field: {
        const required_field field = required_fields[variant % std::size(required_fields)];
        call.body = start_body_without(new_start(), field);
        call.expected = {expectation::shape::field_message, 422, std::string(path_of(field))};
        break;
      }
      case call_kind::unknown_cancel:
        call.called = operation::cancel;
        call.body = json_string_object({{"assessment_id", unknown_assessment_id(engine_)}});
        call.expected = {expectation::shape::error_envelope, 200, "assessment_not_found"};
        break;
      default: {  // call_kind::conflicting_start, the last of negative_kinds
        start_fields competing = started;
        competing.candidate = random_candidate(engine_);
        call.body = start_body(competing);
        call.expected = {expectation::shape::conflict, 409, ""};
        break;
      }
    }
    return call;
  }

 private:
  random_engine engine_;
  const std::vector<std::string> &type_ids_;
  std::vector<job_fields> jobs_;
};

/// How many calls of each negative kind `rounds` rounds make.
std::size_t negatives_per_kind(std::size_t rounds) {
  return (rounds + rounds_per_negative - 1) / rounds_per_negative;
}

}  // namespace

std::vector<round_plan> plan_rounds(std::size_t count, std::uint64_t seed, const std::vector<std::string> &type_ids) {
  planner draw(seed, type_ids);
  const std::size_t negatives = negatives_per_kind(count) * negative_kind_count;
  std::vector<round_plan> rounds;
  rounds.reserve(count);
  std::size_t next_negative = 0;
  for (std::size_t index = 0; index < count; ++index) {
    const start_fields started = draw.new_start();
    round_plan plan = draw.round(started);
    // Negative j goes to round j * count / negatives: evenly spread, the first in round 0.
    while (next_negative < negatives && next_negative * count / negatives == index) {
      plan.negatives.push_back(draw.negative(next_negative++, started));
    }
    rounds.push_back(std::move(plan));
  }
  return rounds;
}

}  // namespace ashbyknit::cli::simulation
