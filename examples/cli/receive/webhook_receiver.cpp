#include "webhook_receiver.hpp"

#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

#include "ashbyknit/knit_signature.hpp"
#include "service/json_strings.hpp"
#include "service/service_log.hpp"

namespace ashbyknit::cli {

webhook_receiver::webhook_receiver(std::string signing_key, double fail_rate, std::FILE *out, std::string out_name)
    : signing_key_(std::move(signing_key)),
      out_(out),
      out_name_(std::move(out_name)),
      random_(std::random_device{}()),
      refusal_(fail_rate) {}

void webhook_receiver::refuse(const httplib::Request &request, httplib::Response &response, int status,
                              std::string_view problem) {
  log_line(stderr, request.method + " " + request.path + " " + std::to_string(status) + " " + std::string(problem));
  response.status = status;
}

bool webhook_receiver::record(std::string_view body) {
  if (out_ == nullptr) return true;
  std::fwrite(body.data(), 1, body.size(), out_);
  std::fputc('\n', out_);
  return std::fflush(out_) == 0 && !std::ferror(out_);
}

void webhook_receiver::answer(const httplib::Request &request, httplib::Response &response) {
  if (!request.has_header("X-Knit-Signature")) return refuse(request, response, 401, "no X-Knit-Signature");
  if (!knit_verify(signing_key_, request.body, request.get_header_value("X-Knit-Signature"))) {
    return refuse(request, response, 401, "X-Knit-Signature does not verify");
  }
  const auto ids = json_strings_at(request.body, {"/eventType", "/eventId", "/recordId"});
  const std::optional<std::string> &event_id = ids[1];
  if (!event_id) return refuse(request, response, 400, "the body has no string eventId");
  std::string line = ids[0].value_or("-") + " " + *event_id + " " + ids[2].value_or("-");

  const std::lock_guard<std::mutex> lock(mutex_);
  response.status = 200;
  if (refusal_(random_)) {
    response.status = 500;
    line += " refused (500)";
  } else if (seen_.count(*event_id) != 0) {
    line += " duplicate";
  } else if (!record(request.body)) {
    return refuse(request, response, 500, "cannot write to " + out_name_ + ": " + std::strerror(errno));
  } else {
    seen_.insert(*event_id);
  }
  log_line(stdout, line);
}

}  // namespace ashbyknit::cli
