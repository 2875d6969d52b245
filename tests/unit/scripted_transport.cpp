#include "scripted_transport.hpp"

namespace ashbyknit::test {

std::string sent_request::header(std::string_view name) const {
  for (const http_header &found : headers) {
    if (header_name_equals(found.name, name)) return found.value;
  }
  return {};
}

std::string sent_request::event_id() const {
  const std::string marker = R"("eventId":")";
  const auto start = body.find(marker);
  if (start == std::string::npos) return {};
  const auto from = start + marker.size();
  return body.substr(from, body.find('"', from) - from);
}

scripted_transport::scripted_transport(script answer) : answer_(std::move(answer)) {}

outbound_reply scripted_transport::send(const outbound_request &request) noexcept {
  sent_request copy{std::string(request.url), request.headers, std::string(request.body), 0};
  script answer;
  {
    std::lock_guard lock(mutex_);
    copy.aborts_before = aborts_;
    sent_.push_back(copy);
    answer = answer_;
  }
  changed_.notify_all();
  return answer ? answer(copy) : http_status(200);
}

void scripted_transport::abort_sends() noexcept {
  {
    std::lock_guard lock(mutex_);
    ++aborts_;
  }
  changed_.notify_all();
}

void scripted_transport::answer_with(script answer) {
  std::lock_guard lock(mutex_);
  answer_ = std::move(answer);
}

std::vector<sent_request> scripted_transport::sent() const {
  std::lock_guard lock(mutex_);
  return sent_;
}

bool scripted_transport::wait_for_sends(std::size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return sent_.size() >= count; });
}

outbound_reply scripted_transport::hang_until_aborted(const sent_request &request) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return aborts_ != request.aborts_before; });
  return {outbound_reply::outcome::aborted, 0, "aborted", {}, {}};
}

int scripted_transport::aborts() const {
  std::lock_guard lock(mutex_);
  return aborts_;
}

outbound_reply http_status(int status) { return {outbound_reply::outcome::answered, status, "", {}, {}}; }

}  // namespace ashbyknit::test
