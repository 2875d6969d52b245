#include "fake_ashby.hpp"

#include <httplib.h>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <set>
#include <stdexcept>

#include "json_quote.hpp"

namespace ak_test {
namespace {

constexpr std::string_view update_path = "/assessment.update";
constexpr std::string_view completed_path = "/assessment.addCompletedToCandidate";
constexpr std::string_view candidate_info_path = "/candidate.info";
constexpr std::array<std::string_view, 1> candidate_info_fields = {"id"};
constexpr std::array<std::string_view, 4> completed_fields = {"candidateId", "partnerId", "assessment", "timestamp"};
constexpr std::array<std::string_view, 5> completed_assessment_fields = {"assessmentTypeId", "assessmentId",
                                                                         "assessmentName", "result", "metadata"};
constexpr std::array<std::string_view, 7> update_fields = {"assessment_id",     "timestamp",
                                                           "assessment_status", "assessment_profile_url",
                                                           "assessment_result", "cancelled_reason",
                                                           "metadata"};
constexpr std::array<std::string_view, 5> blob_fields = {"identifier", "label", "type", "value", "description"};

/// What the fake says for an HTTP status: errorInfo's code and message.
struct status_words {
  int status;
  std::string_view code;
  std::string_view message;
};
constexpr std::array<status_words, 9> known_statuses = {{
    {400, "invalid_input", "The request is not a valid assessment.update."},
    {401, "unauthorized", "The API key is missing or not valid."},
    {403, "forbidden", "The API key lacks the candidatesWrite permission."},
    {404, "not_found", "No such endpoint."},
    {409, "conflict", "The assessment changed meanwhile."},
    {429, "rate_limit_exceeded", "Too many requests."},
    {500, "internal_server_error", "Something went wrong."},
    {502, "bad_gateway", "Something went wrong upstream."},
    {503, "service_unavailable", "Ashby is unavailable; try again later."},
}};

status_words words_for(int status) {
  const auto known = std::find_if(known_statuses.begin(), known_statuses.end(),
                                  [status](const status_words &words) { return words.status == status; });
  return known != known_statuses.end() ? *known : status_words{status, "http_error", "The request failed."};
}

std::string lowercase(std::string_view text) {
  std::string lowered(text);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lowered;
}

std::string_view trimmed(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

/// A media type ("application/json; version=1") as its lowercased type and its parameters, names
/// lowercased.
struct media_type {
  std::string type;
  std::vector<std::pair<std::string, std::string>> parameters;

  explicit media_type(std::string_view value) {
    std::size_t start = 0;
    while (start <= value.size()) {
      const std::size_t end = std::min(value.find(';', start), value.size());
      const std::string_view part = trimmed(value.substr(start, end - start));
      if (start == 0) {
        type = lowercase(part);
      } else if (const std::size_t equals = part.find('='); equals != std::string_view::npos) {
        parameters.emplace_back(lowercase(trimmed(part.substr(0, equals))), std::string(trimmed(part.substr(equals + 1))));
      }
      start = end + 1;
    }
  }

  bool has(std::string_view name, std::string_view value) const {
    return std::find(parameters.begin(), parameters.end(), std::pair<std::string, std::string>(name, value)) !=
           parameters.end();
  }
};

/// What is wrong with a request's credentials, or nothing.
std::optional<std::string> credential_problem(const received_request &request, std::string_view expected) {
  if (request.header_count("Authorization") == 0) return "Authorization: missing";
  if (request.header_count("Authorization") > 1) return "Authorization: sent more than once";
  const std::string value = *request.header("Authorization");
  const std::size_t space = value.find(' ');
  if (space == std::string::npos || lowercase(value.substr(0, space)) != "basic") return "Authorization: not Basic";
  if (trimmed(std::string_view(value).substr(space + 1)) != expected) return "Authorization: not the API key";
  return std::nullopt;
}

/// Checks the body of a call to Ashby against protocol §5, adding one problem per broken rule.
class call_checker {
 public:
  explicit call_checker(std::vector<std::string> &problems) : problems_(problems) {}

  /// An assessment.update body.
  void check_update(std::string_view body) {
    simdjson::dom::object update;
    if (!parse_object(body, update)) return;
    refuse_unknown(update, update_fields, "");

    require_text(update, "assessment_id", "");
    require_timestamp(update);
    simdjson::dom::element field;

    const std::optional<std::string> status = blob_at(update, "assessment_status");
    const std::optional<std::string> profile_url = blob_at(update, "assessment_profile_url");
    const std::optional<std::string> result = blob_at(update, "assessment_result");
    const std::optional<std::string> cancelled = blob_at(update, "cancelled_reason");
    if (!status && !cancelled) add("assessment_status", "required unless cancelled_reason is set");
    if (result && !profile_url) add("assessment_profile_url", "required with assessment_result");
    if (result && cancelled) add("assessment_result", "not allowed with cancelled_reason");
    if (profile_url && !profile_url->empty() && *profile_url != "url") add("assessment_profile_url.type", "not url");

    if (update["metadata"].get(field) != simdjson::SUCCESS) return;
    simdjson::dom::array metadata;
    if (field.get(metadata) != simdjson::SUCCESS) return add("metadata", "not an array");
    std::size_t index = 0;
    for (const simdjson::dom::element item : metadata) check_blob(item, "metadata[" + std::to_string(index++) + "]");
  }

  /// A candidate.info body: the candidate's id alone.
  void check_candidate_info(std::string_view body) {
    simdjson::dom::object call;
    if (!parse_object(body, call)) return;
    refuse_unknown(call, candidate_info_fields, "");
    require_text(call, "id", "");
  }

  /// An assessment.addCompletedToCandidate body.
  void check_completed(std::string_view body) {
    simdjson::dom::object call;
    if (!parse_object(body, call)) return;
    refuse_unknown(call, completed_fields, "");
    require_text(call, "candidateId", "");
    require_text(call, "partnerId", "");
    require_timestamp(call);
    simdjson::dom::object assessment;
    if (call["assessment"].get(assessment) != simdjson::SUCCESS) return add("assessment", "missing or not an object");
    refuse_unknown(assessment, completed_assessment_fields, "assessment.");
    for (const char *name : {"assessmentTypeId", "assessmentId", "assessmentName"}) {
      require_text(assessment, name, "assessment.");
    }
    simdjson::dom::element field;
    if (assessment["result"].get(field) != simdjson::SUCCESS) {
      add("assessment.result", "missing");
    } else {
      check_blob(field, "assessment.result");
    }
    simdjson::dom::array metadata;
    if (assessment["metadata"].get(metadata) != simdjson::SUCCESS) {
      return add("assessment.metadata", "missing or not an array");
    }
    std::size_t index = 0;
    for (const simdjson::dom::element item : metadata) {
      check_blob(item, "assessment.metadata[" + std::to_string(index++) + "]");
    }
  }

 private:
  void add(const std::string &field, std::string_view what) { problems_.push_back(field + ": " + std::string(what)); }

  /// Parses `body` into `out`, a view into the checker's parser; false, with the problem added,
  /// when it is not JSON or not an object.
  bool parse_object(std::string_view body, simdjson::dom::object &out) {
    simdjson::dom::element root;
    if (parser_.parse(body.data(), body.size()).get(root) != simdjson::SUCCESS) {
      add("body", "not JSON");
      return false;
    }
    if (root.get(out) != simdjson::SUCCESS) {
      add("body", "not a JSON object");
      return false;
    }
    return true;
  }

  /// Field `name` of `object` (named `prefix` + name) must be a non-empty string.
  void require_text(simdjson::dom::object object, const char *name, const std::string &prefix) {
    simdjson::dom::element field;
    std::string_view text;
    if (object[name].get(field) != simdjson::SUCCESS) {
      add(prefix + name, "missing");
    } else if (field.get(text) != simdjson::SUCCESS || text.empty()) {
      add(prefix + name, "not a non-empty string");
    }
  }

  /// `call` must have a "timestamp" that is an integer.
  void require_timestamp(simdjson::dom::object call) {
    simdjson::dom::element field;
    if (call["timestamp"].get(field) != simdjson::SUCCESS) {
      add("timestamp", "missing");
    } else if (!field.is_int64() && !field.is_uint64()) {
      add("timestamp", "not an integer");
    }
  }

  template <std::size_t N>
  void refuse_unknown(simdjson::dom::object object, const std::array<std::string_view, N> &known,
                      const std::string &prefix) {
    for (const auto member : object) {
      if (std::find(known.begin(), known.end(), member.key) == known.end()) {
        add(prefix + std::string(member.key), "not a known field");
      }
    }
  }

  /// The type of the blob `name` of `update` when present ("" when it has none that is valid), or
  /// nothing when absent.
  std::optional<std::string> blob_at(simdjson::dom::object update, const char *name) {
    simdjson::dom::element blob;
    if (update[name].get(blob) != simdjson::SUCCESS) return std::nullopt;
    return check_blob(blob, name);
  }

  /// Checks one blob named `field` in messages; returns its type, "" when it has no valid one.
  std::string check_blob(simdjson::dom::element element, const std::string &field) {
    simdjson::dom::object blob;
    if (element.get(blob) != simdjson::SUCCESS) {
      add(field, "not an object");
      return {};
    }
    refuse_unknown(blob, blob_fields, field + ".");
    std::string_view identifier;
    if (blob["identifier"].get(identifier) != simdjson::SUCCESS || identifier.empty()) {
      add(field + ".identifier", "not a non-empty string");
    } else if (!identifiers_.insert(std::string(identifier)).second) {
      add(field + ".identifier", "\"" + std::string(identifier) + "\" is used more than once");
    }
    std::string_view label;
    if (blob["label"].get(label) != simdjson::SUCCESS || label.empty()) add(field + ".label", "not a non-empty string");
    simdjson::dom::element description;
    if (blob["description"].get(description) == simdjson::SUCCESS && !description.is_string()) {
      add(field + ".description", "not a string");
    }
    std::string_view type;
    if (blob["type"].get(type) != simdjson::SUCCESS) {
      add(field + ".type", "missing or not a string");
      return {};
    }
    simdjson::dom::element value;
    if (blob["value"].get(value) != simdjson::SUCCESS) {
      add(field + ".value", "missing");
    } else if (type == "numeric_score" || type == "numeric_duration_minutes") {
      if (!value.is_number()) add(field + ".value", "not a number, as " + std::string(type) + " needs");
    } else if (type == "url") {
      std::string_view url;
      if (value.get(url) != simdjson::SUCCESS || (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0)) {
        add(field + ".value", "not an absolute http(s) URL, as url needs");
      }
    } else if (type == "string") {
      if (!value.is_string()) add(field + ".value", "not a string, as string needs");
    } else if (type == "boolean_success") {
      if (!value.is_bool()) add(field + ".value", "not a boolean, as boolean_success needs");
    } else {
      add(field + ".type", "\"" + std::string(type) + "\" is not one of Ashby's five types");
      return {};
    }
    return std::string(type);
  }

  std::vector<std::string> &problems_;
  std::set<std::string> identifiers_;
  simdjson::dom::parser parser_;  ///< holds the document a check reads
};

bool known_path(const std::string &path) {
  return path == update_path || path == completed_path || path == candidate_info_path;
}

/// What is wrong with a request to one of the known paths that passed the credentials check, one
/// entry per problem.
std::vector<std::string> request_problems(const received_request &request) {
  std::vector<std::string> problems;
  const media_type content_type(request.header("Content-Type").value_or(""));
  if (content_type.type != "application/json") problems.push_back("Content-Type: not application/json");
  const media_type accept(request.header("Accept").value_or(""));
  if (accept.type != "application/json" || !accept.has("version", "1")) {
    problems.push_back("Accept: not application/json; version=1");
  }
  if (request.header("User-Agent").value_or("").rfind("ashbyknit/", 0) != 0) {
    problems.push_back("User-Agent: does not start with ashbyknit/");
  }
  if (request.path == update_path) {
    call_checker(problems).check_update(request.body);
  } else if (request.path == completed_path) {
    call_checker(problems).check_completed(request.body);
  } else {
    call_checker(problems).check_candidate_info(request.body);
  }
  return problems;
}

/// The id a candidate.info body asks for; "" when it has none (the checks then refuse it).
std::string requested_candidate(std::string_view body) {
  simdjson::dom::parser parser;
  std::string_view id;
  if (parser.parse(body.data(), body.size())["id"].get(id) != simdjson::SUCCESS) return {};
  return std::string(id);
}

/// The reply that carries `answer` for the request `request_id`; a success carries `results`.
reply render(const ashby_answer &answer, const std::string &request_id, std::string_view results = "{}") {
  reply rendered;
  rendered.status = answer.http_status;
  rendered.delay_ms = answer.delay_ms;
  rendered.content_type = "application/json";
  rendered.headers = {{"x-ashby-request-id", request_id}};
  switch (answer.what) {
    case ashby_answer::kind::success:
      rendered.body = R"({"success":true,"results":)" + std::string(results) + "}";
      break;
    case ashby_answer::kind::success_empty:
      break;
    case ashby_answer::kind::rate_limited:
      rendered.headers.emplace_back("Retry-After", std::to_string(answer.retry_after_s));
      rendered.headers.emplace_back("X-RateLimit-Scope", answer.scope);
      [[fallthrough]];
    case ashby_answer::kind::error:
      rendered.body = R"({"success":false,"errorInfo":{"code":)" + json_quoted(answer.code) +
                      R"(,"message":)" + json_quoted(answer.message) + R"(,"requestId":)" + json_quoted(request_id) +
                      "}}";
      break;
  }
  return rendered;
}

/// An error answer with the fake's words for `status`, or `message` when given.
ashby_answer error_answer(int status, std::string message = {}) {
  const status_words words = words_for(status);
  ashby_answer answer;
  answer.what = ashby_answer::kind::error;
  answer.http_status = status;
  answer.code = words.code;
  answer.message = message.empty() ? std::string(words.message) : std::move(message);
  return answer;
}

/// base64(<api key>:), what follows "Basic " when the key is the user name and the password empty.
std::string basic_credentials(const std::string &api_key) {
  if (api_key.empty()) throw std::invalid_argument("The fake Ashby needs an API key.");
  const std::string header = httplib::make_basic_authentication_header(api_key, "").second;
  return header.substr(header.find(' ') + 1);
}

std::string joined(const std::vector<std::string> &parts) {
  std::string text;
  for (const std::string &part : parts) text += (text.empty() ? "" : "; ") + part;
  return text;
}

}  // namespace

ashby_answer ashby_answer::success() { return {}; }

ashby_answer ashby_answer::success_empty() {
  ashby_answer answer;
  answer.what = kind::success_empty;
  return answer;
}

ashby_answer ashby_answer::failure(std::string code, std::string message) {
  ashby_answer answer = error_answer(200, std::move(message));
  answer.code = std::move(code);
  return answer;
}

ashby_answer ashby_answer::status(int http_status) { return error_answer(http_status); }

ashby_answer ashby_answer::rate_limited(int retry_after_s, std::string scope) {
  ashby_answer answer = error_answer(429);
  answer.what = kind::rate_limited;
  answer.retry_after_s = retry_after_s;
  answer.scope = std::move(scope);
  return answer;
}

ashby_answer ashby_answer::slow(int ms) {
  ashby_answer answer;
  answer.delay_ms = ms;
  return answer;
}

fake_ashby::fake_ashby(std::string api_key) : expected_credentials_(basic_credentials(api_key)) {
  server_.set_handler([this](const received_request &request) { return answer(request); });
}

std::string fake_ashby::url() const { return server_.url("/"); }

void fake_ashby::script(std::vector<ashby_answer> answers) {
  const std::lock_guard<std::mutex> lock(mutex_);
  script_.insert(script_.end(), std::make_move_iterator(answers.begin()), std::make_move_iterator(answers.end()));
}

void fake_ashby::add_candidate(const std::string &id, std::string results_json) {
  const std::lock_guard<std::mutex> lock(mutex_);
  candidates_[id] = std::move(results_json);
}

void fake_ashby::set_default_answer(ashby_answer answer) {
  const std::lock_guard<std::mutex> lock(mutex_);
  default_answer_ = std::move(answer);
}

std::vector<ashby_exchange> fake_ashby::requests() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return exchanges_;
}

bool fake_ashby::wait_for(std::size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return answered_.wait_for(lock, timeout, [&] { return exchanges_.size() >= count; });
}

std::vector<ashby_problem> fake_ashby::violations() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return violations_;
}

std::vector<ashby_problem> fake_ashby::refusals() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return refusals_;
}

reply fake_ashby::answer(const received_request &request) {
  // Checked before taking the lock: parsing the body needs none.
  const std::optional<std::string> refusal = credential_problem(request, expected_credentials_);
  const bool known = known_path(request.path);
  std::vector<std::string> problems;
  if (!refusal) {
    problems = known ? request_problems(request)
                     : std::vector<std::string>{"path: " + request.path + " is not " + std::string(update_path) + ", " +
                                                std::string(completed_path) + " or " + std::string(candidate_info_path)};
  }
  reply rendered;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    ashby_exchange exchange;
    exchange.request = request;
    exchange.request_id = "req_" + std::to_string(exchanges_.size() + 1);
    ashby_answer given;
    if (refusal) {
      refusals_.push_back({exchange.request_id, *refusal});
      given = error_answer(401);
    } else if (!problems.empty()) {
      for (const std::string &problem : problems) violations_.push_back({exchange.request_id, problem});
      given = known ? error_answer(400, joined(problems)) : error_answer(404);
    } else if (!script_.empty()) {
      given = std::move(script_.front());
      script_.pop_front();
    } else {
      given = default_answer_;
    }
    std::string results = "{}";
    if (request.path == candidate_info_path && given.what == ashby_answer::kind::success) {
      const auto candidate = candidates_.find(requested_candidate(request.body));
      if (candidate == candidates_.end()) {
        given = ashby_answer::failure("not_found", "No candidate has that id.");
      } else {
        results = candidate->second;
      }
    }
    rendered = render(given, exchange.request_id, results);
    exchange.status = rendered.status;
    exchange.reply_headers = rendered.headers;
    exchange.reply_body = rendered.body;
    exchanges_.push_back(std::move(exchange));
  }
  answered_.notify_all();
  return rendered;
}

}  // namespace ak_test
