#include "webhook_receiver.hpp"

#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

#include "ashbyknit/knit_signature.hpp"
#include "ashbyknit/sources.hpp"
#include "ashbyknit/standard_webhooks.hpp"
#include "service/json_strings.hpp"
#include "service/service_log.hpp"

namespace ashbyknit::cli {

webhook_receiver::webhook_receiver(std::string signing_key, std::vector<std::string> standard_keys, double fail_rate,
                                   body_file out)
    : signing_key_(std::move(signing_key)),
      standard_keys_(std::move(standard_keys)),
      out_(std::move(out)),
      refusals_(fail_rate) {}

void webhook_receiver::answer(const httplib::Request &request, httplib::Response &response) {
  if (!request.has_header("X-Knit-Signature")) return refuse_request(request, response, 401, "no X-Knit-Signature");
  if (!knit_verify(signing_key_, request.body, request.get_header_value("X-Knit-Signature"))) {
    return refuse_request(request, response, 401, "X-Knit-Signature does not verify");
  }
  if (!standard_keys_.empty()) {
    const std::string id = request.get_header_value("webhook-id");
    const std::string timestamp = request.get_header_value("webhook-timestamp");
    const std::string signature = request.get_header_value("webhook-signature");
    const auto verified = standard_webhook_verify(standard_keys_, {id, timestamp, signature}, request.body,
                                                  system_clock()() / 1000);
    if (!verified.ok()) return refuse_request(request, response, 401, "Standard Webhooks: " + verified.message());
  }
  const auto ids = json_strings_at(request.body, {"/eventType", "/eventId", "/recordId"});
  const std::optional<std::string> &event_id = ids[1];
  if (!event_id) return refuse_request(request, response, 400, "the body has no string eventId");
  std::string line = ids[0].value_or("-") + " " + *event_id + " " + ids[2].value_or("-");

  const std::lock_guard<std::mutex> lock(mutex_);
  response.status = 200;
  if (refusals_.draw()) {
    response.status = 500;
    line += " refused (500)";
  } else if (seen_.count(*event_id) != 0) {
    line += " duplicate";
  } else if (!out_.append(request.body)) {
    return refuse_request(request, response, 500, "cannot write to " + out_.name() + ": " + std::strerror(errno));
  } else {
    seen_.insert(*event_id);
  }
  log_line(stdout, line);
}

}  // namespace ashbyknit::cli
