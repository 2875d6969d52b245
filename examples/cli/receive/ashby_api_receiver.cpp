#include "ashby_api_receiver.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>
#include <variant>

#include "ashbyknit/assessment_update.hpp"
#include "ashbyknit/completed_assessment.hpp"
#include "base64.hpp"
#include "constant_time.hpp"
#include "json_text.hpp"
#include "service/json_strings.hpp"
#include "service/service_log.hpp"

namespace ashbyknit::cli {
namespace {

constexpr const char *json_type = "application/json";

/// The headers protocol §5 asks of every call, with the values it asks for.
constexpr std::pair<const char *, std::string_view> required_headers[] = {
    {"Content-Type", "application/json"},
    {"Accept", "application/json; version=1"},
};

/// Ashby's error envelope (protocol §2.4, with protocol §5's requestId).
std::string error_envelope(std::string_view code, std::string_view message, std::string_view request_id) {
  return R"({"success":false,"errors":[)" + json_quote(code) + R"(],"errorInfo":{"code":)" + json_quote(code) +
         ",\"message\":" + json_quote(message) + ",\"requestId\":" + json_quote(request_id) + "}}";
}

/// Whether `request` carries the headers protocol §5 asks for; when not, an error saying which.
status checked_headers(const httplib::Request &request) {
  for (const auto &[name, value] : required_headers) {
    if (!request.has_header(name)) return error{error_code::invalid_input, std::string(name) + " is missing"};
    const std::string given = request.get_header_value(name);
    if (given != value) {
      return error{error_code::invalid_input,
                   std::string(name) + " is '" + given + "', not '" + std::string(value) + "'"};
    }
  }
  if (request.get_header_value("User-Agent").empty()) return error{error_code::invalid_input, "User-Agent is missing"};
  return {};
}

/// The error of a body without a timestamp, which the library leaves for the reporter to assign
/// but Ashby requires; `what` says when it would have to be.
error missing_timestamp(std::string_view what) {
  return error{error_code::invalid_input, "timestamp is missing: Ashby needs to know when " + std::string(what)};
}

/// A blob's value as a line shows it: a string quoted, a number in up to 15 significant digits, a
/// boolean as true or false.
std::string value_text(const blob &item) {
  if (const auto *text = std::get_if<std::string>(&item.value)) return json_quote(*text);
  if (const auto *flag = std::get_if<bool>(&item.value)) return *flag ? "true" : "false";
  char number[32];
  std::snprintf(number, sizeof number, "%.15g", std::get<double>(item.value));
  return number;
}

/// What the update says, as its line shows it: "cancelled" or the status's value, then "result"
/// when it carries one.
std::string shown_state(const assessment_update &update) {
  std::string shown = update.cancelled_reason ? "cancelled" : value_text(*update.status);
  if (update.result) shown += " result";
  return shown;
}

/// An assessment.update's line after "update" ("<id> <state> ts=<timestamp>"), or how its body
/// breaks protocol §5.
result<std::string> describe_update(std::string_view body) {
  auto update = parse_assessment_update(body);
  if (!update.ok()) return std::move(update).failure();
  if (update.value().timestamp_ms == 0) return missing_timestamp("the update happened");
  return update.value().assessment_id + " " + shown_state(update.value()) +
         " ts=" + std::to_string(update.value().timestamp_ms);
}

/// An assessment.addCompletedToCandidate's line after "completed" ("<assessmentId>
/// result=<value> ts=<timestamp>"), or how its body breaks protocol §5.
result<std::string> describe_completed(std::string_view body) {
  auto completed = parse_completed_assessment(body);
  if (!completed.ok()) return std::move(completed).failure();
  if (completed.value().timestamp_ms == 0) return missing_timestamp("the assessment was completed");
  return completed.value().assessment_id + " result=" + value_text(completed.value().result) +
         " ts=" + std::to_string(completed.value().timestamp_ms);
}

}  // namespace

struct ashby_method {
  std::string_view shown_as;             ///< the first word of its lines
  std::string_view assessment_pointer;   ///< where its body names the assessment, for a violation's line
  /// The rest of a valid call's line, or an error saying how the body breaks protocol §5.
  result<std::string> (*describe)(std::string_view body);
};

namespace {

/// The methods the receiver plays.
constexpr ashby_method update_method{"update", "/assessment_id", describe_update};
constexpr ashby_method completed_method{"completed", "/assessment/assessmentId", describe_completed};

}  // namespace

ashby_api_receiver::ashby_api_receiver(const std::string &api_key, double fail_rate, body_file out)
    : authorization_("Basic " + base64_encode(api_key + ":")), out_(std::move(out)), refusals_(fail_rate) {}

void ashby_api_receiver::answer_update(const httplib::Request &request, httplib::Response &response) {
  answer(update_method, request, response);
}

void ashby_api_receiver::answer_completed(const httplib::Request &request, httplib::Response &response) {
  answer(completed_method, request, response);
}

void ashby_api_receiver::answer(const ashby_method &method, const httplib::Request &request,
                                httplib::Response &response) {
  const std::string request_id = "req_" + std::to_string(++requests_);
  response.set_header("x-ashby-request-id", request_id);
  if (!equal_in_constant_time(request.get_header_value("Authorization"), authorization_)) {
    refuse_request(request, response, 401,
                   request.has_header("Authorization") ? "Authorization is not Basic with the Ashby API key"
                                                       : "no Authorization");
    response.set_content(error_envelope("unauthorized", "The API key is missing or not valid.", request_id), json_type);
    return;
  }
  const status headers = checked_headers(request);
  const result<std::string> described =
      headers.ok() ? method.describe(request.body) : result<std::string>(headers.failure());
  response.status = 200;
  const std::string shown_as(method.shown_as);
  if (!described.ok()) {
    const auto assessment_id = json_strings_at(request.body, {method.assessment_pointer})[0];
    log_line(stdout, shown_as + " " + assessment_id.value_or("-") + " violation: " + described.message());
    response.set_content(error_envelope("invalid_input", described.message(), request_id), json_type);
    return;
  }
  std::string line = shown_as + " " + described.value();

  const std::lock_guard<std::mutex> lock(mutex_);
  if (refusals_.draw()) {
    response.status = 500;
    response.set_content(error_envelope("internal_error", "The call failed; try again.", request_id), json_type);
    line += " refused (500)";
  } else if (!out_.append(request.body)) {
    refuse_request(request, response, 500, "cannot write to " + out_.name() + ": " + std::strerror(errno));
    response.set_content(error_envelope("internal_error", "The call was not recorded.", request_id), json_type);
    return;
  } else {
    response.set_content(R"({"success":true,"results":{}})", json_type);
  }
  log_line(stdout, line);
}

}  // namespace ashbyknit::cli
