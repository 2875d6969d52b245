#include "ashby_update_replies.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <string>

#include "json_document.hpp"

namespace ashbyknit::detail {
namespace {

using kind = reply_judgement::kind;

/// errorInfo codes that describe Ashby's state rather than the request: the same bytes may
/// succeed later. Any other code is final: the key, the assessment or the body is wrong.
constexpr std::array<std::string_view, 8> transient_codes = {
    "internal_error",      "internal_server_error", "server_error",      "service_unavailable",
    "temporarily_unavailable", "timeout",           "rate_limit_exceeded", "too_many_requests",
};

/// The X-RateLimit-Scope of a limit that counts every customer of the vendor together (protocol
/// §5); matched ignoring ASCII case, as header names are.
constexpr std::string_view partner_scope = "integration-partner";

std::string_view header_value(const outbound_reply &reply, std::string_view name) {
  for (const http_header &header : reply.headers) {
    if (header_name_equals(header.name, name)) return header.value;
  }
  return {};
}

/// Ashby's envelope, as far as a reply carries one.
struct envelope {
  bool readable = false;         ///< a JSON object with a boolean "success"
  bool success = false;
  std::string code;              ///< errorInfo.code
  std::string message;           ///< errorInfo.message
  std::string request_id;        ///< errorInfo.requestId
};

std::string text_field(simdjson::dom::object object, std::string_view key) {
  std::string_view value;
  if (object[key].get(value) != simdjson::SUCCESS) return {};
  return std::string(value);
}

envelope read_envelope(std::string_view body) {
  envelope found;
  auto document = json_document::parse(body, json_limits{}, "Ashby's reply");
  if (!document.ok()) return found;
  simdjson::dom::object root;
  if (document.value().root().get(root) != simdjson::SUCCESS) return found;
  if (root["success"].get(found.success) != simdjson::SUCCESS) return found;
  found.readable = true;
  simdjson::dom::object info;
  if (root["errorInfo"].get(info) == simdjson::SUCCESS) {
    found.code = text_field(info, "code");
    found.message = text_field(info, "message");
    found.request_id = text_field(info, "requestId");
  }
  return found;
}

bool blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

/// "<code>: <message>", either part left out when missing.
std::string error_text(const envelope &reply) {
  if (reply.code.empty()) return reply.message;
  if (reply.message.empty()) return reply.code;
  return fmt::format("{}: {}", reply.code, reply.message);
}

/// `prefix`, then ": " and Ashby's own words when it gave any.
std::string explained(std::string_view prefix, const envelope &reply) {
  const std::string words = error_text(reply);
  return words.empty() ? std::string(prefix) : fmt::format("{}: {}", prefix, words);
}

/// Retry-After as milliseconds from `now_ms`: delta-seconds or an HTTP date; 0 when absent or unreadable.
std::int64_t retry_after_ms(std::string_view value, std::int64_t now_ms) {
  if (value.empty()) return 0;
  std::int64_t seconds = 0;
  const auto [end, failure] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (failure == std::errc() && end == value.data() + value.size()) {
    constexpr std::int64_t longest_s = std::numeric_limits<std::int64_t>::max() / 1000;
    return std::clamp<std::int64_t>(seconds, 0, longest_s) * 1000;
  }
  const std::string date(value);
  const time_t when = curl_getdate(date.c_str(), nullptr);
  if (when < 0) return 0;
  return std::max<std::int64_t>(static_cast<std::int64_t>(when) * 1000 - now_ms, 0);
}

reply_judgement judge_answer(const outbound_reply &reply, std::int64_t now_ms) {
  const envelope body = read_envelope(reply.body);
  reply_judgement judgement;
  judgement.request_id = std::string(header_value(reply, "x-ashby-request-id"));
  if (judgement.request_id.empty()) judgement.request_id = body.request_id;

  const int status = reply.status;
  if (status >= 200 && status <= 299) {
    if (blank(reply.body) || (body.readable && body.success)) {
      judgement.what = kind::delivered;
    } else if (!body.readable) {
      judgement.reason = "Ashby's reply is not its JSON envelope";
    } else {
      const bool transient = std::find(transient_codes.begin(), transient_codes.end(), body.code) != transient_codes.end();
      judgement.what = transient ? kind::retry : kind::final;
      judgement.reason = explained("Ashby answered success:false", body);
    }
  } else if (status == 401 || status == 403) {
    judgement.what = kind::final;
    judgement.reason = explained(
        "Ashby refused the integration's API key (it needs the candidatesWrite permission); set a valid key, then "
        "replay",
        body);
  } else if (status == 429) {
    judgement.retry_after_ms = retry_after_ms(header_value(reply, "Retry-After"), now_ms);
    const std::string_view scope = header_value(reply, "X-RateLimit-Scope");
    judgement.limited = header_name_equals(scope, partner_scope) ? reply_judgement::limit_scope::every_integration
                                                                 : reply_judgement::limit_scope::integration;
    judgement.reason = "rate limited by Ashby";
    if (!scope.empty()) judgement.reason += fmt::format(" (scope {})", scope);
    if (judgement.retry_after_ms > 0) judgement.reason += fmt::format(", retry after {} ms", judgement.retry_after_ms);
  } else {
    const bool retried = status == 408 || status >= 500 || status < 400;
    judgement.what = retried ? kind::retry : kind::final;
    judgement.reason = error_text(body);
  }
  return judgement;
}

}  // namespace

reply_judgement judge_ashby_reply(const outbound_reply &reply, std::int64_t now_ms) {
  switch (reply.result) {
    case outbound_reply::outcome::answered: return judge_answer(reply, now_ms);
    case outbound_reply::outcome::aborted: return {kind::released, 0, {}, {}};
    case outbound_reply::outcome::failed: break;
  }
  return {kind::retry, 0, {}, {}};
}

}  // namespace ashbyknit::detail
