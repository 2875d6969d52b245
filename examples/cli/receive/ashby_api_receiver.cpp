#include "ashby_api_receiver.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>
#include <variant>

#include "ashbyknit/assessment_update.hpp"
#include "base64.hpp"
#include "constant_time.hpp"
#include "json_text.hpp"
#include "service/json_strings.hpp"
#include "service/service_log.hpp"

namespace ashbyknit::cli {
namespace {

constexpr const char *json_type = "application/json";

/// The headers protocol §5 asks of every update, with the values it asks for.
constexpr std::pair<const char *, std::string_view> required_headers[] = {
    {"Content-Type", "application/json"},
    {"Accept", "application/json; version=1"},
};

/// Ashby's error envelope (protocol §2.4, with protocol §5's requestId).
std::string error_envelope(std::string_view code, std::string_view message, std::string_view request_id) {
  return R"({"success":false,"errors":[)" + json_quote(code) + R"(],"errorInfo":{"code":)" + json_quote(code) +
         ",\"message\":" + json_quote(message) + ",\"requestId\":" + json_quote(request_id) + "}}";
}

/// The update `request` carries, or an error whose message says how it breaks protocol §5: a header,
/// what parse_assessment_update says of the body, or a missing timestamp, which the library
/// leaves for the reporter to assign but Ashby requires.
result<assessment_update> checked_update(const httplib::Request &request) {
  for (const auto &[name, value] : required_headers) {
    if (!request.has_header(name)) return error{error_code::invalid_input, std::string(name) + " is missing"};
    const std::string given = request.get_header_value(name);
    if (given != value) {
      return error{error_code::invalid_input,
                   std::string(name) + " is '" + given + "', not '" + std::string(value) + "'"};
    }
  }
  if (request.get_header_value("User-Agent").empty()) return error{error_code::invalid_input, "User-Agent is missing"};
  auto update = parse_assessment_update(request.body);
  if (update.ok() && update.value().timestamp_ms == 0) {
    return error{error_code::invalid_input, "timestamp is missing: Ashby needs to know when the update happened"};
  }
  return update;
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

}  // namespace

ashby_api_receiver::ashby_api_receiver(const std::string &api_key, double fail_rate, body_file out)
    : authorization_("Basic " + base64_encode(api_key + ":")), out_(std::move(out)), refusals_(fail_rate) {}

void ashby_api_receiver::answer(const httplib::Request &request, httplib::Response &response) {
  const std::string request_id = "req_" + std::to_string(++requests_);
  response.set_header("x-ashby-request-id", request_id);
  if (!equal_in_constant_time(request.get_header_value("Authorization"), authorization_)) {
    refuse_request(request, response, 401,
                   request.has_header("Authorization") ? "Authorization is not Basic with the Ashby API key"
                                                       : "no Authorization");
    response.set_content(error_envelope("unauthorized", "The API key is missing or not valid.", request_id), json_type);
    return;
  }
  auto update = checked_update(request);
  response.status = 200;
  if (!update.ok()) {
    const auto assessment_id = json_strings_at(request.body, {"/assessment_id"})[0];
    log_line(stdout, "update " + assessment_id.value_or("-") + " violation: " + update.message());
    response.set_content(error_envelope("invalid_input", update.message(), request_id), json_type);
    return;
  }
  std::string line = "update " + update.value().assessment_id + " " + shown_state(update.value()) +
                     " ts=" + std::to_string(update.value().timestamp_ms);

  const std::lock_guard<std::mutex> lock(mutex_);
  if (refusals_.draw()) {
    response.status = 500;
    response.set_content(error_envelope("internal_error", "The update failed; try again.", request_id), json_type);
    line += " refused (500)";
  } else if (!out_.append(request.body)) {
    refuse_request(request, response, 500, "cannot write to " + out_.name() + ": " + std::strerror(errno));
    response.set_content(error_envelope("internal_error", "The update was not recorded.", request_id), json_type);
    return;
  } else {
    response.set_content(R"({"success":true,"results":{}})", json_type);
  }
  log_line(stdout, line);
}

}  // namespace ashbyknit::cli
