// The calls a simulation makes: which of Ashby's operations, with which credentials, and the
// reply protocol §2 prescribes for each.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ashbyknit::cli::simulation {

/// Ashby's calls to the partner that a simulation makes (protocol §2).
enum class operation { list, custom_fields, start, cancel };

/// The number of operation values.
inline constexpr std::size_t operation_count = 4;

/// The operation's name, which ends the call's URL: "assessment.start".
std::string_view operation_name(operation called);

/// What a call presents in its Authorization header (protocol §2.1).
enum class credentials {
  issued_key,    ///< the integration's secret key, as Ashby sends it
  none,          ///< no Authorization header
  bearer_key,    ///< the secret key under another scheme than Basic
  unissued_key,  ///< a well-formed key that no integration holds
  garbled_key,   ///< a key whose checksum does not match
};

/// The number of credentials values.
inline constexpr std::size_t credentials_count = 5;

/// What a call tries out: its row in the summary.
enum class call_kind : std::size_t {
  list,               ///< assessment.list
  custom_fields,      ///< assessment.customField.list
  start,              ///< assessment.start of a new application
  start_retry,        ///< the same start again: Ashby retrying
  cancel,             ///< assessment.cancel of a started assessment
  cancel_again,       ///< the same cancel again
  no_credentials,     ///< a start without usable Basic credentials: 401
  wrong_key,          ///< a start with a key that is not active: 403
  malformed_json,     ///< a start whose body is not a JSON object: 400
  missing_field,      ///< a start without a required field: 422
  unknown_cancel,     ///< a cancel of an id the bridge never issued: 200 without success
  conflicting_start,  ///< another candidate for an application being assessed: 409
};

/// The number of call_kind values.
inline constexpr std::size_t call_kind_count = 12;

/// The kind's name in reports: one word, such as "start-retry".
std::string_view call_kind_name(call_kind kind);

/// The reply protocol §2 prescribes for a call.
struct expectation {
  /// The body's form.
  enum class shape {
    assessment_types,  ///< {"success":true,"results":[{"assessment_type_id","name","description"},...]}
    custom_fields,     ///< {"success":true,"fields":[{"id","name","type"},...]}
    assessment_id,     ///< {"success":true,"results":{"assessment_id":...}}
    error_envelope,    ///< {"success":false,"errors":[code],"errorInfo":{"code","message"}}
    field_message,     ///< {"message":...}, naming a field
    conflict,          ///< no body, or the error envelope
  };
  shape form = shape::assessment_id;
  int status = 200;
  /// For assessment_id, the id the reply must carry ("" for any well-formed new id); for
  /// error_envelope, the error code ("" for any); for field_message, the field it must name.
  std::string detail;
};

/// The expectation in words, for reports: `200 {"success":true,"results":{"assessment_id":...}}`.
std::string describe(const expectation &expected);

/// A call prepared before the simulation starts, so that making it costs no preparation.
struct prepared_call {
  call_kind kind = call_kind::start;
  operation called = operation::start;
  credentials presented = credentials::issued_key;
  std::string body;
  expectation expected;
};

}  // namespace ashbyknit::cli::simulation
