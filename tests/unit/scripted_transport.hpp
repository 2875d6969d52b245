// A transport that answers as the test scripts it and records what it was asked to send. A fake,
// for faults a real server cannot play on a pinned clock: hours of backoff, exact failure counts,
// a send that hangs until it is aborted.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "ashbyknit/transport.hpp"

namespace ashbyknit::test {

/// One request as the transport received it.
struct sent_request {
  std::string url;
  std::vector<http_header> headers;
  std::string body;
  int aborts_before = 0;  ///< abort_sends() calls before this request arrived

  /// The value of header `name`, or "" when absent.
  std::string header(std::string_view name) const;
  /// The eventId inside the body.
  std::string event_id() const;
};

class scripted_transport final : public transport {
 public:
  /// Decides the reply to each request; the default answers 200.
  using script = std::function<outbound_reply(const sent_request &)>;

  explicit scripted_transport(script answer = {});

  outbound_reply send(const outbound_request &request) noexcept override;

  /// Makes sends in progress return aborted; a script that hangs waits for this (see hang_until_aborted).
  void abort_sends() noexcept override;

  /// Replaces the script.
  void answer_with(script answer);

  /// Every request so far, in the order they arrived.
  std::vector<sent_request> sent() const;

  /// Waits until at least `count` requests arrived or `timeout` passed; true when they did.
  bool wait_for_sends(std::size_t count, std::chrono::milliseconds timeout) const;

  /// A reply that blocks the sending thread until abort_sends() is called (after `request`
  /// arrived), then reports aborted. For use inside a script.
  outbound_reply hang_until_aborted(const sent_request &request);

  /// How many times abort_sends() was called.
  int aborts() const;

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  script answer_;
  std::vector<sent_request> sent_;
  int aborts_ = 0;
};

/// An answered reply with `status`.
outbound_reply http_status(int status);

}  // namespace ashbyknit::test
